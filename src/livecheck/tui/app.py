"""The livecheck app: screens over the core's Workspace (search, library, runs).

The first frame needs Textual, this module and the search screen only: the
journal, the index (Whoosh), the thesaurus, drills and reports are imported on
first use or, for the index, by a worker started once the first frame is drawn.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker

from livecheck.tui.messages import IndexProgress, IndexUpdated, TeamStatusChanged, copy_message

if TYPE_CHECKING:
    from textual.command import Provider

    from livecheck.journal.team.replicator import TeamStatus
    from livecheck.playbook.model import Playbook
    from livecheck.search.index import RefreshReport
    from livecheck.search.titles import TitleIndex
    from livecheck.services.drills import DrillRequest
    from livecheck.services.workspace import Workspace
    from livecheck.tui.screens.variables import RunRequest

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


class LivecheckApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "livecheck"
    SUB_TITLE = "LIVE creator-ops playbooks"
    COMMANDS: ClassVar = App.COMMANDS | {_palette_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f1,question_mark",
            "help",
            "Help",
            id="app.help",
            tooltip="Show every key (F1 works everywhere, ? where nothing is being typed)",
        ),
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
        self.broken_files = 0  # playbook files left out of the index for their errors
        self._refreshing = threading.Lock()  # one index refresh at a time
        self._quit_confirmed = False  # ctrl+q pressed once with actions not saved
        # Filled while a first build reads the library, so titles can be searched
        # meanwhile (made by the first refresh: it needs the search modules).
        self.titles: TitleIndex | None = None

    @property
    def keymap(self) -> Mapping[str, str]:
        """The keys remapped by the config's [keymap], by binding id."""
        return dict(self._config_keymap)

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
        self.share_with_the_team()

    # -- the team journal ------------------------------------------------------------

    @work(thread=True, exclusive=True, group="team")
    def share_with_the_team(self) -> None:
        """With a team journal, replicate in the background and show when it is away."""
        from livecheck.journal.store import JournalError

        try:
            team = self.workspace.team
        except JournalError:
            return
        if team is None:
            return

        def said(status: TeamStatus) -> None:  # called from the replicator's thread
            self.call_from_thread(self.post_message, TeamStatusChanged(status))

        team.replicator.listeners.append(said)
        team.replicator.start()

    @on(TeamStatusChanged)
    def _team_status(self, message: TeamStatusChanged) -> None:
        from livecheck.present.team import offline_line

        banner = offline_line(message.status)
        self.sub_title = banner or self.SUB_TITLE
        if banner:
            self.notify(
                f"{banner}. Your actions are saved on this machine and shared when it is back.",
                title="Team journal",
                severity="warning",
                markup=False,
            )

    def take_run(self, run_id: str) -> None:
        if self._runs_available():
            self._take_run(run_id)

    @work(thread=True, exclusive=True, group="team-take")
    def _take_run(self, run_id: str) -> None:
        from livecheck.journal.store import JournalError
        from livecheck.runs.engine import ActionRefused
        from livecheck.tui.screens.walkthrough import WalkthroughScreen

        try:
            run = self.workspace.take_run(run_id)
        except (ActionRefused, JournalError) as exc:
            self.call_from_thread(
                self.notify,
                str(exc),
                title="Could not take the run",
                severity="error",
                markup=False,
            )
            return
        self.call_from_thread(self.push_screen, WalkthroughScreen(run))

    # -- the library -------------------------------------------------------------

    def refresh_library(self) -> Worker[None] | None:
        """Bring the index in line with the files, in a worker: typing never waits.

        Not while a refresh is still running (then None): a thread cannot be
        cancelled, and a first build of a large library takes longer than
        LIBRARY_RECHECK_SECONDS; each recheck then started another full build beside
        it (several builds at once made the app's first build several times slower
        than the CLI's)."""
        if not self._refreshing.acquire(blocking=False):
            return None
        return self._refresh_worker()

    @work(thread=True, group="index")
    def _refresh_worker(self) -> None:
        try:
            self._refresh_index()
        finally:
            self._refreshing.release()

    def _refresh_index(self) -> None:
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
        self.broken_files = report.broken
        self.index_ready = True
        if first or report.touched or report.rebuilt:
            self._warn_about_refresh(report)
        if first or report.touched or report.rebuilt:
            self.post_message(IndexUpdated(report))

    def _warn_about_refresh(self, report: RefreshReport) -> None:
        """Paths that could not be read, and an index that could not be written."""
        problems = []
        if report.skipped:
            problems.append(
                f"{len(report.skipped)} playbook path(s) could not be read; "
                "`livecheck lint` lists them."
            )
        if report.failed:
            problems.append(report.failed.capitalize() + ".")
        if problems:
            self.call_from_thread(
                self.notify, " ".join(problems), severity="warning", markup=False, timeout=10
            )

    async def action_quit(self) -> None:
        """Quit; with actions NOT SAVED, keep them in the recovery file and ask for
        a second ctrl+q (they are written to the journal at the next start)."""
        from livecheck.services.recovery import keep_unsaved

        runs = [
            run for screen in self.screen_stack if (run := getattr(screen, "run", None)) is not None
        ]
        unsaved = [run for run in runs if getattr(run, "unsaved", None)]
        if unsaved and not self._quit_confirmed:
            kept: list[str] = []
            for run in unsaved:
                try:
                    path = keep_unsaved(self.workspace.runs, run)
                except OSError as exc:
                    kept.append(f"NOT kept ({exc.strerror or exc})")
                    continue
                if path is not None:
                    kept.append(str(path))
            if kept:
                self._quit_confirmed = True
                self.notify(
                    f"Actions are NOT SAVED in the journal. Kept in: {', '.join(kept)}; they are "
                    "written at the next start. Press ctrl+q again to quit.",
                    severity="error",
                    markup=False,
                    timeout=15,
                )
                return
        self.exit()

    @on(IndexProgress)
    @on(IndexUpdated)
    def _forward_to_screens(self, message: Message) -> None:
        # Screens (not the app) react: the search screen shows progress and re-runs
        # its query. bubble=False keeps the copies from coming back up to the app.
        for screen in self.screen_stack:
            screen.post_message(copy_message(message))

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
            VariablesScreen(playbook), callback=lambda request: self._begin(playbook, request)
        )

    def _begin(self, playbook: Playbook, request: RunRequest | None) -> None:
        from livecheck.tui.screens.walkthrough import WalkthroughScreen

        if request is None:
            return
        try:
            assert playbook.source is not None
            run = self.workspace.runs.start(
                playbook.source.path, variables=request.variables, case_ref=request.case_ref
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

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own palette entries, keeping those that work here: "Keys" opens
        this app's help (Textual's key panel would not close with Esc) and there is
        no "Screenshot" (it fails without a writable screenshot folder)."""
        yield SystemCommand("Keys", "Show every key of every screen (F1)", self.action_help)
        yield SystemCommand("Theme", "Change the colours", self.action_change_theme)
        yield SystemCommand("Quit", "Quit; unfinished runs are kept", self.action_quit)

    def action_help(self) -> None:
        from livecheck.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
