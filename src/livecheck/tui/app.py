"""The livecheck app: screens over the core's Workspace (search, library, runs).

The first frame needs Textual, this module and the search screen only: the
journal, the index (Whoosh), the thesaurus, drills and reports are imported on
first use or, for the index, by a worker started once the first frame is drawn.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.worker import Worker

    from livecheck.playbook.model import Playbook
    from livecheck.search.index import RefreshReport
    from livecheck.search.titles import TitleIndex
    from livecheck.services.drills import DrillRequest
    from livecheck.services.workspace import Workspace

LIBRARY_RECHECK_SECONDS = 2.0
PROGRESS_SECONDS = 0.1


def _palette_commands() -> type[Provider]:
    """The command palette's provider, imported when the palette first opens."""
    from livecheck.tui.commands import LivecheckCommands

    return LivecheckCommands


def _journal_errors() -> tuple[type[Exception], ...]:
    import sqlite3

    from livecheck.journal.store import JournalError
    from livecheck.runs.engine import ActionRefused

    return (ActionRefused, JournalError, OSError, sqlite3.Error)


class IndexProgress(Message, bubble=False):
    """The index is being built: `done` of `total` files."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class IndexUpdated(Message, bubble=False):
    """The index changed (first build, or playbook files changed on disk)."""

    def __init__(self, report: RefreshReport) -> None:
        super().__init__()
        self.report = report


class LivecheckApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "livecheck"
    SUB_TITLE = "LIVE creator-ops playbooks"
    COMMANDS: ClassVar = App.COMMANDS | {_palette_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Show every key"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", tooltip="Quit; unfinished runs are kept"),
    ]

    def __init__(
        self,
        workspace: Workspace,
        *,
        keymap: Mapping[str, str] | None = None,
        drill: DrillRequest | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self._drill_request = drill
        self._config_keymap = dict(keymap or {})
        self.index_ready = False
        # Filled while a first build reads the library, so titles can be searched
        # meanwhile (made by the first refresh: it needs the search modules).
        self.titles: TitleIndex | None = None
        self._refresh_worker: Worker[None] | None = None

    def on_mount(self) -> None:
        from livecheck.tui.screens.search import SearchScreen

        if self._config_keymap:
            self.set_keymap(self._config_keymap)
        self.push_screen(SearchScreen())
        if self._drill_request is not None:
            self.start_drill(self._drill_request)
        # Once the first frame is on screen: importing and opening the index in a
        # worker meanwhile would compete with drawing it.
        self.call_after_refresh(self._start_library)

    def _start_library(self) -> None:
        self.refresh_library()
        self.set_interval(LIBRARY_RECHECK_SECONDS, self.refresh_library)

    # -- the library -------------------------------------------------------------

    def refresh_library(self) -> Worker[None]:
        """Bring the index in line with the files, in a worker: typing never waits.

        Not while a refresh is still running: a thread cannot be cancelled, and a
        first build of a large library takes longer than LIBRARY_RECHECK_SECONDS;
        each recheck then started another full build beside it (several builds at
        once made the app's first build several times slower than the CLI's)."""
        running = self._refresh_worker
        if running is None or running.is_finished:
            self._refresh_worker = running = self._refresh_library()
        return running

    @work(thread=True, group="index")
    def _refresh_library(self) -> None:

        last = 0.0

        def progress(done: int, total: int) -> None:
            # A few updates a second: one message per playbook kept the UI thread
            # redrawing the bar and slowed the build it was showing several times.
            nonlocal last
            now = time.monotonic()
            if total > 20 and (done == total or now - last >= PROGRESS_SECONDS):
                last = now
                self.post_message(IndexProgress(done, total))

        on_playbook = None
        if not self.index_ready:
            from livecheck.search.titles import TitleIndex

            if self.titles is None:
                self.titles = TitleIndex(self.workspace.today)
            on_playbook = self.titles.add
        try:
            report = self.workspace.engine.refresh(progress=progress, on_playbook=on_playbook)
            if not self.index_ready:
                self.workspace.engine.warm_up()  # so that the first keystroke waits for nothing
        except Exception as exc:  # a broken index folder must not take the app down
            self.call_from_thread(
                self.notify, f"Could not update the index: {exc}", severity="error", markup=False
            )
            return
        first = not self.index_ready
        self.index_ready = True
        if first or report.touched or report.rebuilt:
            self.post_message(IndexUpdated(report))

    @on(IndexProgress)
    @on(IndexUpdated)
    def _forward_to_screens(self, message: Message) -> None:
        # Screens (not the app) react: the search screen shows progress and re-runs
        # its query. bubble=False keeps the copies from coming back up to the app.
        for screen in self.screen_stack:
            screen.post_message(_copy(message))

    # -- navigation used by screens and the command palette ------------------------

    def open_playbook(self, path: str | Path) -> None:
        from livecheck.runs.engine import ActionRefused
        from livecheck.tui.screens.playbook import PlaybookScreen

        try:
            playbook = self.workspace.playbook_at(path)
        except ActionRefused as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.push_screen(PlaybookScreen(playbook))

    def start_run(self, playbook: Playbook) -> None:
        from livecheck.tui.screens.variables import VariablesScreen

        if not self._runs_available():
            return
        self.push_screen(
            VariablesScreen(playbook), callback=lambda values: self._begin(playbook, values)
        )

    def _begin(self, playbook: Playbook, values: dict[str, str] | None) -> None:
        from livecheck.tui.screens.walkthrough import WalkthroughScreen

        if values is None:
            return
        case_ref = values.pop("__case__", "") or None
        try:
            assert playbook.source is not None
            run = self.workspace.runs.start(
                playbook.source.path, variables=values, case_ref=case_ref
            )
        except _journal_errors() as exc:
            self.notify(str(exc), title="Could not start the run", severity="error", markup=False)
            return
        self.push_screen(WalkthroughScreen(run))

    def resume_run(self, run_id: str) -> None:
        from livecheck.journal.store import JournalError
        from livecheck.runs.engine import ActionRefused
        from livecheck.tui.screens.walkthrough import WalkthroughScreen

        if not self._runs_available():
            return
        try:
            run = self.workspace.runs.resume(run_id)
        except (ActionRefused, JournalError) as exc:
            self.notify(str(exc), title="Could not resume the run", severity="error", markup=False)
            return
        if run.playbook_changed:
            self.notify(
                "The playbook file changed since this run began; the run continues on its original version.",
                title="Playbook changed",
            )
        self.push_screen(WalkthroughScreen(run))

    def start_drill(self, request: DrillRequest | None = None) -> None:
        """A practice drill: the most due one (of a playbook or category, if asked)."""
        import sqlite3

        from livecheck.journal.store import JournalError
        from livecheck.services.drills import DrillRequest
        from livecheck.tui.screens.drill import DrillScreen

        request = request or DrillRequest()
        if not self._runs_available():
            return
        try:
            service = self.workspace.drill_service(request.trainee)
            card = service.next_drill(playbook_id=request.playbook_id, category=request.category)
        except (JournalError, OSError, sqlite3.Error) as exc:
            self.notify(str(exc), title="Could not start a drill", severity="error", markup=False)
            return
        if card is None:
            self.notify(
                "No drill to practise: no playbook here has a `drills` key "
                "(see the Drill section of the playbook format)."
                if not service.cards
                else "No drill matches that playbook or category.",
                title="No drills",
                severity="warning",
                markup=False,
            )
            return
        self.push_screen(DrillScreen(service, card))

    def _runs_available(self) -> bool:
        from livecheck.journal.store import JournalError

        try:
            self.workspace.runs  # noqa: B018 - opens the journal
        except JournalError as exc:
            self.notify(
                str(exc),
                title="The journal cannot be opened",
                severity="error",
                timeout=10,
                markup=False,
            )
            return False
        return True

    def open_stats(self) -> None:
        from livecheck.tui.screens.stats import StatsScreen

        if not isinstance(self.screen, StatsScreen) and self._runs_available():
            self.push_screen(StatsScreen())

    def action_help(self) -> None:
        from livecheck.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def _copy(message: Message) -> Message:
    if isinstance(message, IndexProgress):
        return IndexProgress(message.done, message.total)
    assert isinstance(message, IndexUpdated)
    return IndexUpdated(message.report)
