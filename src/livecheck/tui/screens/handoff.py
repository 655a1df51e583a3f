"""The handover dialog (h, with a team journal): a note for the next person and,
optionally, the one person the run is for (empty: the whole team), as
`livecheck run --handoff RUN_ID --note TEXT [--to NAME]`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from livecheck.i18n import _
from livecheck.tui.screens.dialogs import CSS_PATH
from livecheck.tui.text import plain
from livecheck.tui.widgets.fields import TextField, field_keys


@dataclass(frozen=True, slots=True)
class HandoffRequest:
    note: str
    to: str | None  # None: the whole team


class HandoffScreen(ModalScreen[HandoffRequest | None]):
    """The note (required) and whom for (optional); None when cancelled. Enter in
    either field hands over; Tab moves between them."""

    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "cancel", "Cancel", id="handoff.cancel", tooltip="Close without handing over"
        ),
        *field_keys("handoff"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="handoff-dialog"):
            yield Label(plain(_("Hand this run over"), "bold"), classes="dialog-title")
            yield Static(
                plain(_("What was done, what is left? (one line)")), classes="dialog-prompt"
            )
            yield TextField(id="handoff-note")
            yield Static(
                plain(_("For one person only: their name (empty: the whole team)")),
                classes="dialog-prompt",
            )
            yield TextField(placeholder=_("e.g. bo"), id="handoff-to")
            yield Static("", classes="dialog-error", id="handoff-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Hand over"), id="ok", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#handoff-error", Static).display = False
        self.query_one("#handoff-note", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        note = self.query_one("#handoff-note", Input)
        if not note.value.strip():
            error = self.query_one("#handoff-error", Static)
            error.update(Content(_("A handover needs a note: what was done, what is left.")))
            error.display = True
            note.focus()
            return
        to = self.query_one("#handoff-to", Input).value.strip()
        self.dismiss(HandoffRequest(note.value.strip(), to or None))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
