"""A run, step by step: memory items, header (position, path, SLA), the
checklist, the step at hand (detail, message template, choices) and the keys
that act on it. Every action goes through the run service, so it is in the
journal before the screen shows its effect."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import PurePath
from typing import Any, ClassVar, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from livecheck.journal.store import JournalError
from livecheck.playbook.model import Step
from livecheck.present.sla import sla_level, sla_line
from livecheck.present.steps import (
    Flag,
    Hint,
    copy_key_hint,
    hint_decision,
    hint_outcome,
    hint_pause,
    hint_step,
    outcome_needed,
    position,
    step_text,
)
from livecheck.runs.engine import ActionRefused, RunState, Sla, Walkthrough
from livecheck.runs.events import Event
from livecheck.safety.text import one_line, strip_control
from livecheck.services.runs import ActiveRun, NotSaved
from livecheck.tui.clipboard import clipboard_reach, save_copy
from livecheck.tui.context import livecheck_app, workspace_of
from livecheck.tui.links import safe_https_url
from livecheck.tui.screens.dialogs import (
    ChoiceScreen,
    ConfirmScreen,
    PauseReviewScreen,
    TextPromptScreen,
)
from livecheck.tui.screens.purged import purged_banner, run_is_gone, save_as_new_run
from livecheck.tui.text import line, plain
from livecheck.tui.widgets.checklist import MARKS, Checklist, result_text, short_path

FLUSH_EVERY_TICKS = 5  # retry writing unsaved actions every 5 seconds
NOTICE_SECONDS = 8
COPY_NOTICE_SECONDS = 4  # short: the next step's choices come up under the toasts
STICKY_SECONDS = 3600  # an error that must not slip by unnoticed


def _binding(
    key: str, action: str, description: str, name: str, tooltip: str, *, show: bool = True
) -> Binding:
    return Binding(key, action, description, show=show, id=f"walk.{name}", tooltip=tooltip)


class WalkthroughScreen(Screen[None]):
    CSS_PATH: ClassVar[str | PurePath | list[str | PurePath] | None] = "../walkthrough.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        _binding(
            "d",
            "done",
            "Done",
            "done",
            "Mark the step done (asks to confirm if it cannot be undone)",
        ),
        _binding("s", "skip", "Skip", "skip", "Skip the step (asks why)"),
        _binding("n", "note", "Note", "note", "Add a note to the step"),
        _binding("b", "back", "Back", "back", "Undo the last step", show=False),
        _binding("c", "copy", "Copy", "copy", "Copy the message to send"),
        _binding(
            "w",
            "save_message",
            "Save msg",
            "save_message",
            "Write the message to a private file in the data folder (when copying fails)",
            show=False,
        ),
        _binding(
            "e",
            "escalate",
            "Escalate",
            "escalate",
            "End the run as escalated (asks for a note)",
            show=False,
        ),
        _binding("a", "abandon", "Abandon", "abandon", "Abandon the run (asks why)", show=False),
        _binding(
            "h",
            "handoff",
            "Hand over",
            "handoff",
            "Hand the run over to the team journal (asks for a note)",
            show=False,
        ),
        _binding("o", "outcome", "Outcome", "outcome", "End the run with one of its outcomes"),
        _binding(
            "ctrl+s",
            "save_as_new",
            "Save as new run",
            "save_as_new",
            "Save a run purged from the journal while it was open as a new run",
            show=False,
        ),
        _binding(
            "escape",
            "leave",
            "Leave",
            "leave",
            "Back to the search; the run stays unfinished and can be resumed",
        ),
        *(
            _binding(
                str(n), f"choose({n})", f"Choice {n}", f"choose{n}", f"Take choice {n}", show=False
            )
            for n in range(1, 10)
        ),
    ]

    def __init__(self, run: ActiveRun) -> None:
        super().__init__()
        self.run = run
        self._timer: Timer | None = None
        self._ticks = 0
        self._shown: tuple[str, str | None, int] | None = None  # what the step pane shows
        self._prompted_at = -1  # events count when a pause/outcome dialog last opened by itself
        self._unsaved_warned = False
        self._finished = False
        self._purged = False  # the run was deleted from the journal while open here

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        pb = self.run.playbook
        if pb.memory:  # never scrolled away nor cut: it takes the height it needs
            with Vertical(id="walk-memory") as memory:
                memory.border_title = Content("Remember")
                yield Static(
                    Content("\n").join(
                        Content.assemble(("! ", "bold $warning"), plain(item.strip()))
                        for item in pb.memory
                    )
                )
        with Horizontal(id="walk-header"):
            yield Static(line(pb.title, "bold"), id="walk-title")
            yield Static(id="walk-sla")
        yield Static(id="walk-position")
        yield Static(case_content(self.run), id="walk-case")
        yield Static(id="walk-unsaved")
        with Horizontal(id="walk-body"):
            yield Checklist(pb, id="walk-checklist")
            with VerticalScroll(id="walk-step"):
                yield Static(id="step-title")
                yield Static(id="step-flags")
                yield Markdown("", id="step-detail", open_links=False)
                yield Static(id="step-template")
                yield Static(id="step-template-warning")
                yield Static(id="step-copy-status")
                yield OptionList(id="step-choices")
                yield Static(id="step-notes")
                yield Static(id="step-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._timer = self.set_interval(1, self._tick)
        self._update_sla()
        self.refresh_view()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.refresh_view()

    # -- showing the state ----------------------------------------------------------

    @property
    def walkthrough(self) -> Walkthrough:
        return self.run.walkthrough

    def step_at_hand(self) -> Step | None:
        """The step the keys act on (None at a pause point, an outcome or the end)."""
        state = self.run.state
        return self.walkthrough.current_step() if state.awaiting == "step" else None

    def refresh_view(self) -> None:
        """Show `self.run.state`; open the pause or outcome dialog when the run waits for one."""
        state = self.run.state
        if state.over:
            self._finish()
            return
        pb = self.run.playbook
        self.query_one(Checklist).show(state)
        current = pb.step(state.current or "")
        where = position(pb, state)
        self.query_one("#walk-position", Static).update(
            Content.assemble((where, "bold $primary"), "  ·  ", short_path(pb, state))
        )
        self._update_unsaved()
        key = (state.awaiting, state.current, len(state.path))
        if key != self._shown:
            self._shown = key
            self._show_step(state, current)
        self._show_notes(state)
        self.refresh_bindings()
        events = len(self.walkthrough.events)
        if state.awaiting in ("pause", "outcome") and self._prompted_at != events:
            self._prompted_at = events
            if self.app.screen is self:
                if state.awaiting == "pause":
                    self.review_pause()
                else:
                    self.ask_outcome(outcome_needed())

    def _show_step(self, state: RunState, step: Step | None) -> None:
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
        pane = self.query_one("#walk-step", VerticalScroll)
        pane.scroll_home(animate=False)
        if state.awaiting == "pause":
            done = pb_title(step)
            title.update(
                Content.assemble(("‖ Pause point", "bold $warning"), " after: ", line(done, "bold"))
            )
            hint.update(_hint(hint_pause(self.keymap(), can_go_back=self.can_go_back())))
            pane.focus()
            return
        if state.awaiting == "outcome" or step is None:
            title.update(Content.assemble(("How does this run end?", "bold $warning")))
            hint.update(_hint(hint_outcome(self.keymap())))
            pane.focus()
            return
        words = step_text(step, state.variables)
        title.update(line(words.title, "bold"))
        if words.flags:
            flags.update(Content("  ").join(_flag(flag) for flag in words.flags))
            flags.display = True
        if words.detail:
            detail.update(strip_control(words.detail))
            detail.display = True
        if words.message is not None:
            template.update(plain(words.message))
            template.border_title = Content("Message to send")
            template.border_subtitle = _hint(copy_key_hint(self.keymap()))
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
            hint.update(_hint(hint_decision(step)))
            choices.focus()
        else:
            hint.update(_hint(hint_step(step, self.keymap())))
            pane.focus()

    def keymap(self) -> dict[str, str]:
        """The config's [keymap], for hints that name a key."""
        return dict(livecheck_app(self.app).keymap)

    def _show_notes(self, state: RunState) -> None:
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

    def _tick(self) -> None:
        self._ticks += 1
        self._update_sla()
        if self.run.unsaved and self._ticks % FLUSH_EVERY_TICKS == 0:
            self._retry_saving()

    def _update_sla(self) -> None:
        widget = self.query_one("#walk-sla", Static)
        sla = self.walkthrough.sla()
        if sla is None:
            widget.display = False
            return
        widget.display = True
        state = sla_state(sla)
        for name in ("ok", "near", "breached"):
            widget.set_class(name == state, f"-{name}")
        widget.update(sla_content(sla))

    def _update_unsaved(self) -> None:
        banner = self.query_one("#walk-unsaved", Static)
        pending = len(self.run.unsaved)
        banner.display = pending > 0
        if pending and self._purged:
            banner.update(purged_banner())
        elif pending:
            banner.update(
                Content.assemble(
                    (
                        f" NOT SAVED: {pending} action(s) kept in memory, retrying; do not close livecheck ",
                        "bold $text on $error",
                    )
                )
            )

    def _check_purged(self) -> bool:
        """Tell, once, that the run was purged from the journal, and offer to save it."""
        if self._purged:
            return True
        if not run_is_gone(self, self.run):
            return False
        self._purged = True
        self._update_unsaved()
        self.action_save_as_new()
        return True

    @work(group="walk-dialog")
    async def action_save_as_new(self) -> None:
        if not self._purged:
            self.notify("This run is in the journal: nothing to save again.", markup=False)
            return
        saved = await save_as_new_run(self, self.run)
        if saved is not None:
            self.run = saved
            self._purged = False
            self._unsaved_warned = False
            self.refresh_view()

    def _retry_saving(self) -> None:
        if self._purged:
            return  # retrying cannot help: the run is gone; ctrl+s saves it as a new one
        try:
            saved = workspace_of(self.app).runs.flush(self.run)
        except Exception:  # the journal in a bad way: keep the actions in memory, retry later
            saved = False
        if not saved and self._check_purged():
            return
        if saved and self._unsaved_warned:
            self._unsaved_warned = False
            self.app.clear_notifications()  # the sticky "not saved" one no longer holds
            self.notify("Every action is now written to the journal.", title="Saved")
        self._update_unsaved()

    def _finish(self) -> None:
        if self._finished or self.app.screen is not self:
            return
        self._finished = True
        if self._timer is not None:
            self._timer.stop()
        self.app.switch_screen(self.end_screen())

    def end_screen(self) -> Screen[None]:
        """The screen that replaces this one when the run is over."""
        from livecheck.tui.screens.summary import SummaryScreen

        return SummaryScreen(self.run)

    # -- acting ---------------------------------------------------------------------

    def act(self, plan: Callable[[Walkthrough], Event]) -> bool:
        """Run one action through the service; False when refused (nothing changed)."""
        try:
            workspace_of(self.app).runs.act(self.run, plan)
        except ActionRefused as exc:
            self.notify(
                strip_control(str(exc)), title="Not possible", severity="warning", markup=False
            )
            return False
        except NotSaved as exc:
            if self._check_purged():
                pass
            elif not self._unsaved_warned:
                self._unsaved_warned = True
                self.notify(
                    strip_control(str(exc)),
                    title="Not saved",
                    severity="error",
                    timeout=STICKY_SECONDS,
                    markup=False,
                )
        except JournalError as exc:
            self.notify(
                strip_control(str(exc)), title="Journal error", severity="error", markup=False
            )
            return False
        self.refresh_view()
        return True

    def refused(self, plan: Callable[[Walkthrough], Event]) -> bool:
        """Would the engine refuse this action now? (planning changes nothing) Tell why."""
        try:
            plan(self.walkthrough)
        except ActionRefused as exc:
            self.notify(
                strip_control(str(exc)), title="Not possible", severity="warning", markup=False
            )
            return True
        return False

    def can_go_back(self) -> bool:
        """Would the engine take `back` now? (asked, never guessed)"""
        try:
            self.walkthrough.back()
        except ActionRefused:
            return False
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        step = self.step_at_hand()
        if action in ("copy", "save_message"):
            return bool(step and step.template)
        if action == "choose":
            return bool(step and step.is_decision)
        if action == "handoff":  # only with a team journal
            return workspace_of(self.app).settings.team is not None
        return True

    def action_done(self) -> None:
        state = self.run.state
        if state.awaiting == "pause":
            self.review_pause()
            return
        if state.awaiting == "outcome":
            self.ask_outcome("How does this run end?")
            return
        step = self.step_at_hand()
        if step is None:
            return
        if step.is_decision:
            self.query_one("#step-choices", OptionList).focus()
        if self.refused(lambda w: w.done(confirm=True)):
            return
        if step.irreversible:
            self.confirm_then(step, lambda w: w.done(confirm=True))
        else:
            self.act(lambda w: w.done())

    def action_choose(self, number: int) -> None:
        step = self.step_at_hand()
        if step is None or not step.is_decision:
            return
        if 1 <= number <= len(step.choices):
            self.take_choice(step.choices[number - 1].label)

    @on(OptionList.OptionSelected, "#step-choices")
    def _choice_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        step = self.step_at_hand()
        if step is not None and step.is_decision and event.option_index < len(step.choices):
            self.take_choice(step.choices[event.option_index].label)

    def take_choice(self, label: str) -> None:
        step = self.step_at_hand()
        if step is None:
            return
        if step.irreversible:
            self.confirm_then(step, lambda w: w.choose(label, confirm=True), choice=label)
        else:
            self.act(lambda w: w.choose(label))

    @work(group="walk-dialog")
    async def confirm_then(
        self, step: Step, plan: Callable[[Walkthrough], Event], choice: str | None = None
    ) -> None:
        """An irreversible step: only Confirm passes `confirm=True`."""
        message = [
            Content.assemble(("This cannot be undone: ", "bold $error"), line(step.title, "bold"))
        ]
        if choice is not None:
            message.append(Content.assemble("Your choice: ", line(f"“{choice}”", "bold")))
        message.append(
            Content(
                "Confirm only once it is really done. You will not be able to go back past this step."
            )
        )
        confirmed = await self.app.push_screen_wait(
            below_memory(ConfirmScreen("Irreversible step", Content("\n\n").join(message)))
        )
        if confirmed:
            self.act(plan)
        else:
            self.notify("Not confirmed: the step is still open.", markup=False)

    @work(group="walk-dialog")
    async def action_skip(self) -> None:
        step = self.step_at_hand()
        if self.refused(lambda w: w.skip("reason")) or step is None:
            return
        reason = await self.app.push_screen_wait(
            TextPromptScreen(
                Content.assemble("Skip: ", line(step.title)),
                "Why skip this step? The reason goes into the handoff summary.",
            )
        )
        if reason:
            self.act(lambda w: w.skip(reason))

    @work(group="walk-dialog")
    async def action_note(self) -> None:
        if self.refused(lambda w: w.note("note")):
            return
        step = self.walkthrough.current_step()
        about = (
            Content.assemble("Note on: ", line(step.title)) if step else Content("Note on the run")
        )
        text = await self.app.push_screen_wait(
            TextPromptScreen(about, "What should the next person know? (one line)")
        )
        if text and self.act(lambda w: w.note(text)):
            self.notify("Note added.", markup=False)

    @work(group="walk-dialog")
    async def action_handoff(self) -> None:
        workspace = workspace_of(self.app)
        if workspace.settings.team is None:
            self.notify(
                "No team journal is set (--journal, LIVECHECK_JOURNAL or `journal` in the config).",
                title="Cannot hand over",
                severity="warning",
                markup=False,
            )
            return
        note = await self.app.push_screen_wait(
            TextPromptScreen(
                Content("Hand this run over to the team"),
                "What was done, what is left? (one line)",
            )
        )
        if not note:
            return
        try:
            await asyncio.to_thread(workspace.hand_off, self.run, note)
        except (ActionRefused, JournalError) as exc:
            self.notify(str(exc), title="Not handed over", severity="error", markup=False)
            self.refresh_view()
            return
        if self._timer is not None:
            self._timer.stop()
        self.notify(
            f"Run {self.run.id} handed over to the team.", title="Handed over", markup=False
        )
        self._back_to_search()

    def action_back(self) -> None:
        self.act(lambda w: w.back())

    def message_text(self) -> str | None:
        """The step's message as the creator should receive it (None: no message)."""
        step = self.step_at_hand()
        if step is None or not step.template:
            return None
        return step_text(step, self.run.state.variables).message

    def action_copy(self) -> None:
        text = self.message_text()
        if text is None:
            self.notify("This step has no message to copy.", markup=False)
            return
        reach = clipboard_reach()
        status = self.query_one("#step-copy-status", Static)
        status.display = True
        if reach.works is False:
            status.update(
                Content.assemble(
                    ("✗ Not copied: ", "bold $warning"),
                    line(f"{reach.note}."),
                    " ",
                    ("w", "bold"),
                    " saves the message to a file.",
                )
            )
            self.notify("Not copied: w saves it to a file.", severity="warning", markup=False)
            return
        self.app.copy_to_clipboard(text)
        status.update(
            Content.assemble(
                ("✓ Copied: ", "bold $success"),
                line(f"{reach.note}. Nothing pastes?"),
                " ",
                ("w", "bold"),
                " saves it to a file.",
            )
        )
        status.scroll_visible(animate=False)
        self.notify("Message copied.", timeout=COPY_NOTICE_SECONDS, markup=False)
        step = self.step_at_hand()
        warning = step_text(step, self.run.state.variables).message_warning if step else None
        if warning:
            self.notify(warning, title="Check the message", severity="warning", markup=False)

    def action_save_message(self) -> None:
        text = self.message_text()
        if text is None:
            self.notify("This step has no message to save.", markup=False)
            return
        step_id = self.run.state.current or "step"
        folder = workspace_of(self.app).settings.paths.data_dir / "messages"
        try:
            path = save_copy(text, folder, f"{self.run.id}-{step_id}")
        except OSError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return
        self.notify(f"Message saved to {path} (only you can read it).", markup=False)

    @work(group="walk-dialog")
    async def action_escalate(self) -> None:
        if self.refused(lambda w: w.escalate("")):
            return
        note = await self.app.push_screen_wait(
            TextPromptScreen(
                "Escalate: this ends the run as “escalated”",
                "Who did you hand it to, and why? (goes into the handoff summary)",
                required=False,
            )
        )
        if note is not None:
            self.act(lambda w: w.escalate(note))

    @work(group="walk-dialog")
    async def action_abandon(self) -> None:
        if self.refused(lambda w: w.abandon("reason")):
            return
        reason = await self.app.push_screen_wait(
            TextPromptScreen(
                "Abandon this run",
                "Why is the run abandoned? (it ends the run; the reason is kept)",
            )
        )
        if reason:
            self.act(lambda w: w.abandon(reason))

    def action_outcome(self) -> None:
        self.ask_outcome("End the run now: which outcome?")

    @work(group="walk-dialog")
    async def ask_outcome(self, title: str) -> None:
        if self.refused(lambda w: w.end(w.playbook.outcomes[0])):
            return
        outcome = await self.app.push_screen_wait(
            below_memory(
                ChoiceScreen(title, self.run.playbook.outcomes, prompt="This ends the run.")
            )
        )
        if outcome is not None:
            self.act(lambda w: w.end(outcome))

    @work(group="walk-dialog")
    async def review_pause(self) -> None:
        state = self.run.state
        if state.awaiting != "pause":
            return
        pb = self.run.playbook
        lines: list[Content] = []
        for n, result in enumerate(state.path, 1):
            step = pb.step(result.step_id)
            mark, style = MARKS[result.result]
            lines.append(
                Content.assemble(
                    f"{n:>2}. ",
                    (mark, style),
                    " ",
                    line(step.title if step else result.step_id, "bold"),
                    ("  — ", "$text-muted"),
                    line(result_text(result)),
                )
            )
        review = below_memory(PauseReviewScreen(lines, can_go_back=self.can_go_back()))
        go_on = await self.app.push_screen_wait(review)
        if go_on:
            self.act(lambda w: w.acknowledge_pause())
        elif review.went_back:
            self.act(lambda w: w.back())

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.open_link(one_line(event.href))

    @work(group="walk-dialog")
    async def open_link(self, href: str) -> None:
        if not safe_https_url(href):
            self.notify(
                f"Only https:// links to a host are opened. Not opened: {href}",
                title="Link",
                severity="warning",
                markup=False,
            )
            return
        yes = await self.app.push_screen_wait(
            ConfirmScreen(
                "Open this link in your browser?",
                line(href),
                confirm_label="Yes, open",
                cancel_label="No",
                danger=False,
            )
        )
        if yes:
            self.app.open_url(href)

    @work(group="walk-dialog")
    async def action_leave(self) -> None:
        runs = workspace_of(self.app).runs
        try:
            saved = runs.flush(self.run)
        except Exception:
            saved = False
        if not saved:
            leave = await self.app.push_screen_wait(
                ConfirmScreen(
                    "Actions not saved",
                    f"{len(self.run.unsaved)} action(s) could not be written to the journal yet. "
                    "If you leave this run now, they are lost. Stay and retry, or leave anyway?",
                    confirm_label="Leave anyway",
                    cancel_label="Stay",
                )
            )
            if not leave:
                return
        if self._timer is not None:
            self._timer.stop()
        self.notify(
            f"Run {self.run.id} is kept unfinished. Resume it from the start screen "
            "(ctrl+r, or under “Unfinished runs”).",
            title="Run kept",
            markup=False,
        )
        self._back_to_search()

    def _back_to_search(self) -> None:
        from livecheck.tui.screens.search import SearchScreen

        while len(self.app.screen_stack) > 1 and not isinstance(self.app.screen, SearchScreen):
            self.app.pop_screen()


DialogT = TypeVar("DialogT", bound=Screen[Any])


def below_memory(dialog: DialogT) -> DialogT:
    """A dialog at the bottom of the screen, so the memory items above stay in view."""
    dialog.add_class("-below-memory")
    return dialog


_SLA_STATES = {"ok": "ok", "low": "near", "over": "breached"}
_SLA_STYLES = {"ok": "$success", "low": "bold $text on $warning", "over": "bold $text on $error"}


def sla_state(sla: Sla) -> str:
    """ "breached", "near" (the last fifth of the time: amber) or "ok" (CSS classes)."""
    return _SLA_STATES[sla_level(sla)]


def sla_content(sla: Sla) -> Content:
    """The SLA badge: the words of present.sla, coloured by how much time is left."""
    shown = sla_line(sla)
    mark = "⚠ " if shown.level == "low" else ""
    return Content.assemble((f" {mark}{shown.text} ", _SLA_STYLES[shown.level]))


def case_content(run: ActiveRun) -> Content:
    """The case reference and the run's variables, on one line."""
    parts = [Content.assemble(("Case ", "bold"), line(run.record.case_ref or "none given"))]
    for variable in run.playbook.variables:
        value = run.state.variables.get(variable.name, "")
        if value:
            parts.append(Content.assemble((f"{variable.name} ", "bold"), line(value)))
    return Content("  ·  ").join(parts)


def pb_title(step: Step | None) -> str:
    return step.title if step else ""


def _hint(hint: Hint) -> Content:
    """A hint from the presentation layer, its keys in bold."""
    return Content.assemble(*((text, "bold") if key else text for text, key in hint.parts()))


def _flag(flag: Flag) -> Content:
    if flag.kind == "irreversible":
        return Content.assemble((f" ⚠ {flag.text} ", "bold $text on $error"))
    return line(flag.text, "$warning" if flag.kind == "pause" else "$accent")
