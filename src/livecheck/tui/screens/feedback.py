"""The feedback dialog at the end of a run: flag the playbook with one of the
four reasons and an optional comment. Escape cancels."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from livecheck.i18n import N_, _
from livecheck.present.feedback import FEEDBACK_LABELS
from livecheck.tui.language import TranslatedBindings
from livecheck.tui.text import line
from livecheck.tui.widgets.fields import TextField, field_keys

REASONS = tuple(FEEDBACK_LABELS)


class FeedbackScreen(TranslatedBindings, ModalScreen[tuple[str, str] | None]):
    """Returns (reason, comment), or None when cancelled."""

    CSS_PATH = "../walkthrough.tcss"
    HELP_TITLE = N_("Feedback")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", N_("Cancel"), id="feedback.cancel", tooltip=N_("Close; no feedback")
        ),
        *(
            Binding(
                str(n),
                f"pick({n})",
                N_("Reason {key}"),
                show=False,
                id=f"feedback.reason{n}",
                tooltip=N_("Choose reason {key}"),
            )
            for n in range(1, len(REASONS) + 1)
        ),
        *field_keys("feedback"),  # priority: typed text lands in the field Tab moved to
    ]

    def __init__(self, playbook_title: str) -> None:
        super().__init__(classes="dialog-screen")
        self.playbook_title = playbook_title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="feedback-dialog"):
            yield Label(
                Content.assemble(
                    (_("Flag this playbook:") + " ", "bold"), line(self.playbook_title)
                ),
                classes="dialog-title",
            )
            yield Static(
                Content(_("What is wrong with it? Its owner sees this in the report.")),
                classes="dialog-prompt",
            )
            yield OptionList(
                *(
                    Option(Content.assemble((f"{n}. ", "bold"), line(FEEDBACK_LABELS[r])), id=r)
                    for n, r in enumerate(REASONS, 1)
                ),
                id="feedback-reasons",
            )
            yield TextField(
                placeholder=_("Comment (optional): what should change?"), id="feedback-comment"
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Send"), id="send", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        reasons = self.query_one("#feedback-reasons", OptionList)
        reasons.highlighted = 0
        reasons.focus()

    def action_pick(self, number: int) -> None:
        """A number key chooses that reason (the one sent is the one highlighted)."""
        if 1 <= number <= len(REASONS):
            self.query_one("#feedback-reasons", OptionList).highlighted = number - 1

    @on(OptionList.OptionSelected, "#feedback-reasons")
    def _reason_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#feedback-comment", Input).focus()

    @on(Input.Submitted, "#feedback-comment")
    @on(Button.Pressed, "#send")
    def _send(self) -> None:
        index = self.query_one("#feedback-reasons", OptionList).highlighted
        reason = REASONS[index or 0]
        self.dismiss((reason, self.query_one("#feedback-comment", Input).value.strip()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
