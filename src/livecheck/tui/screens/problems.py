"""The playbook files left out of the library for their errors, one line each
(path:line:col: error: message [code]), as `livecheck lint` prints them."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from livecheck.i18n import N_, _
from livecheck.playbook.problems import Problem
from livecheck.tui.context import workspace_of
from livecheck.tui.handback import hand_back
from livecheck.tui.language import TranslatedBindings
from livecheck.tui.text import line


class LibraryProblemsScreen(TranslatedBindings, ModalScreen[None]):
    CSS_PATH = "../walkthrough.tcss"
    HELP_TITLE = N_("Playbook files with errors")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="problems.close", tooltip=N_("Close this list")),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="problems-dialog"):
            yield Label(
                Content.assemble((_("Playbook files left out for their errors"), "bold")),
                classes="dialog-title",
            )
            with VerticalScroll(id="problems-list"):
                yield Static(line(_("Reading the library…"), "$text-muted"), id="problems-text")
            yield Static(
                Content(
                    _(
                        "Fix them in the file (livecheck lint shows the same); they come back "
                        "by themselves once they are valid. Esc closes."
                    )
                ),
                classes="dialog-prompt",
            )

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="problems")
    def _load(self) -> None:
        try:
            problems = workspace_of(self.app).library_errors()
        except Exception as exc:  # the list is a help, never a crash
            hand_back(self, self._show_error, str(exc))
            return
        hand_back(self, self._show, problems)

    def _show(self, problems: list[Problem]) -> None:
        text = self.query_one("#problems-text", Static)
        if not problems:
            text.update(line(_("No errors: every playbook file is in the library."), "$success"))
            return
        text.update(Content("\n").join(line(p.format()) for p in problems))

    def _show_error(self, message: str) -> None:
        self.query_one("#problems-text", Static).update(
            line(_("Could not read the library: {error}").format(error=message), "$error")
        )

    def action_close(self) -> None:
        self.dismiss(None)
