"""Where the app goes: the screens that open a playbook, start, resume or take a
run, start a drill, and show the figures, as screens and the command palette ask.

Every screen module is imported on first use, so the first frame needs none of them
(nor the journal, which opens on the first run)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App

from livecheck.i18n import _

if TYPE_CHECKING:
    from livecheck.playbook.model import Playbook
    from livecheck.services.drills import DrillRequest, DrillService
    from livecheck.services.workspace import Workspace
    from livecheck.tui.screens.variables import RunRequest


def _journal_errors() -> tuple[type[Exception], ...]:
    import sqlite3

    from livecheck.journal.store import JournalError
    from livecheck.runs.engine import ActionRefused

    return (ActionRefused, JournalError, OSError, sqlite3.Error)


class Navigation(App[None]):
    """The navigation of LivecheckApp (which sets `workspace`)."""

    workspace: Workspace

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
                title=_("Could not take the run"),
                severity="error",
                markup=False,
            )
            return
        self.call_from_thread(self.push_screen, WalkthroughScreen(run))

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
            self.notify(
                str(exc), title=_("Could not start the run"), severity="error", markup=False
            )
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
            self.notify(
                str(exc), title=_("Could not resume the run"), severity="error", markup=False
            )
            return
        if run.playbook_changed:
            self.notify(
                _(
                    "The playbook file changed since this run began; "
                    "the run continues on its original version."
                ),
                title=_("Playbook changed"),
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
            self.notify(
                str(exc), title=_("Could not start a drill"), severity="error", markup=False
            )
            return
        if card is None:
            self.notify(
                _(
                    "No drill to practise: no playbook here has a `drills` key "
                    "(see the Drill section of the playbook format)."
                )
                if not service.cards
                else _("No drill matches that playbook or category."),
                title=_("No drills"),
                severity="warning",
                markup=False,
            )
            return
        self.push_screen(DrillScreen(service, card))

    def continue_drills(self, service: DrillService) -> None:
        """The next drill of a practice session, in place of its score."""
        from livecheck.tui.screens.drill import DrillScreen

        card = service.next_drill()
        if card is None:
            self.notify(_("No drill left to practise."), markup=False)
            return
        self.switch_screen(DrillScreen(service, card))

    def _runs_available(self) -> bool:
        from livecheck.journal.store import JournalError

        try:
            self.workspace.runs  # noqa: B018 - opens the journal
        except JournalError as exc:
            self.notify(
                str(exc),
                title=_("The journal cannot be opened"),
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
