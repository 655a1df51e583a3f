"""The step at hand in a walkthrough: its title, flags, detail (Markdown), the
message to send with its warning and copy status, the choices of a decision, the
notes taken on it and the hint naming the keys. The words come from
`present.steps`; this pane only styles them. Picking a choice posts
`StepPane.ChoicePicked` for the screen to act on."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

from livecheck.i18n import _
from livecheck.playbook.model import Step
from livecheck.present.steps import (
    Flag,
    Hint,
    copy_key_hint,
    hint_decision,
    hint_outcome,
    hint_pause,
    hint_step,
    step_text,
)
from livecheck.runs.state import RunState
from livecheck.safety.text import strip_control
from livecheck.tui.clipboard import ClipboardReach
from livecheck.tui.text import line, plain


class StepPane(VerticalScroll):
    """The right-hand pane of the walkthrough (it scrolls; the checklist is beside it)."""

    class ChoicePicked(Message):
        """A choice of the decision at hand was picked in the list (0-based index)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def compose(self) -> ComposeResult:
        yield Static(id="step-title")
        yield Static(id="step-flags")
        yield Markdown("", id="step-detail", open_links=False)
        yield Static(id="step-template")
        yield Static(id="step-template-warning")
        yield Static(id="step-copy-status")
        yield OptionList(id="step-choices")
        yield Static(id="step-notes")
        yield Static(id="step-hint")

    def show(
        self, state: RunState, step: Step | None, keymap: dict[str, str], *, can_go_back: bool
    ) -> None:
        """Show the step at hand, a pause point or the outcome question; focus what the
        keys act on (the choices of a decision, else the pane)."""
        title = self.query_one("#step-title", Static)
        flags = self.query_one("#step-flags", Static)
        detail = self.query_one("#step-detail", Markdown)
        template = self.query_one("#step-template", Static)
        warning = self.query_one("#step-template-warning", Static)
        choices = self.query_one("#step-choices", OptionList)
        hint = self.query_one("#step-hint", Static)
        copy_status = self.query_one("#step-copy-status", Static)
        for widget in (flags, detail, template, warning, choices, copy_status):
            widget.display = False
        self.scroll_home(animate=False)
        if state.awaiting == "pause":
            done = step.title if step else ""
            title.update(
                Content.assemble(
                    ("‖ " + _("Pause point"), "bold $warning"),
                    " " + _("after:") + " ",
                    line(done, "bold"),
                )
            )
            hint.update(hint_content(hint_pause(keymap, can_go_back=can_go_back)))
            self.focus()
            return
        if state.awaiting == "outcome" or step is None:
            title.update(Content.assemble((_("How does this run end?"), "bold $warning")))
            hint.update(hint_content(hint_outcome(keymap)))
            self.focus()
            return
        words = step_text(step, state.variables)
        title.update(line(words.title, "bold"))
        if words.flags:
            flags.update(Content("  ").join(flag_content(flag) for flag in words.flags))
            flags.display = True
        if words.detail:
            detail.update(strip_control(words.detail))
            detail.display = True
        if words.message is not None:
            template.update(plain(words.message))
            template.border_title = Content(_("Message to send"))
            template.border_subtitle = hint_content(copy_key_hint(keymap))
            template.display = True
            if words.message_warning:
                warning.update(
                    Content.assemble(
                        ("⚠ ", "bold $warning"), line(words.message_warning, "$warning")
                    )
                )
                warning.display = True
        if step.is_decision:
            choices.clear_options()
            choices.add_options(
                Option(Content.assemble((f"{n}. ", "bold"), line(choice.label)), id=f"choice-{n}")
                for n, choice in enumerate(step.choices, 1)
            )
            choices.highlighted = 0
            choices.display = True
            hint.update(hint_content(hint_decision(step)))
            choices.focus()
        else:
            hint.update(hint_content(hint_step(step, keymap)))
            self.focus()

    def show_notes(self, state: RunState) -> None:
        """The notes taken on the step at hand, oldest first."""
        notes = [n for n in state.notes if n.step_id == state.current and state.current]
        widget = self.query_one("#step-notes", Static)
        widget.display = bool(notes)
        if notes:
            widget.update(
                Content("\n").join(
                    Content.assemble((f"✎ {n.at.astimezone():%H:%M} ", "$text-muted"), line(n.text))
                    for n in notes
                )
            )

    def show_copy_status(self, reach: ClipboardReach, *, copied: bool) -> None:
        """Under the message: copied (and how far the copy reaches) or not, and `w`."""
        status = self.query_one("#step-copy-status", Static)
        status.display = True
        if copied:
            status.update(
                Content.assemble(
                    ("✓ " + _("Copied:") + " ", "bold $success"),
                    line(_("{note}. Nothing pastes?").format(note=reach.note)),
                    " ",
                    ("w", "bold"),
                    " " + _("saves it to a file."),
                )
            )
            status.scroll_visible(animate=False)
        else:
            status.update(
                Content.assemble(
                    ("✗ " + _("Not copied:") + " ", "bold $warning"),
                    line(f"{reach.note}."),
                    " ",
                    ("w", "bold"),
                    " " + _("saves the message to a file."),
                )
            )

    def focus_choices(self) -> None:
        self.query_one("#step-choices", OptionList).focus()

    @on(OptionList.OptionSelected, "#step-choices")
    def _choice_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.ChoicePicked(event.option_index))


def hint_content(hint: Hint) -> Content:
    """A hint from the presentation layer, its keys in bold."""
    return Content.assemble(*((text, "bold") if key else text for text, key in hint.parts()))


def flag_content(flag: Flag) -> Content:
    if flag.kind == "irreversible":
        return Content.assemble((f" ⚠ {flag.text} ", "bold $text on $error"))
    return line(flag.text, "$warning" if flag.kind == "pause" else "$accent")
