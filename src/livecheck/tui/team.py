"""The app and the team journal: replication in the background, and a banner
(the sub-title and a warning) while the team server is away.

Taking a teammate's run is navigation (livecheck.tui.navigation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App

from livecheck.i18n import _
from livecheck.tui.messages import LateActionsArrived, RunTakenAway, TeamStatusChanged

if TYPE_CHECKING:
    from livecheck.journal.late_store import RunTaken
    from livecheck.journal.team.replicator import TeamStatus
    from livecheck.services.workspace import Workspace
    from livecheck.tui.widgets.team_news import TeamNews


class TeamSharing(App[None]):
    """The team journal's side of LivecheckApp (which sets these attributes)."""

    SUB_TITLE: str  # the app's own, shown while the team journal is not away
    workspace: Workspace
    _team_banner: str  # the team journal's "away" line, while it is away

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

        def taken(run: RunTaken) -> None:  # called from the replicator's thread
            self.call_from_thread(self.post_message, RunTakenAway(run))

        def late(run_id: str, n: int) -> None:  # called from the replicator's thread
            self.call_from_thread(self.post_message, LateActionsArrived(run_id, n))

        team.replicator.listeners.append(said)
        team.replicator.taken_listeners.append(taken)
        team.replicator.late_listeners.append(late)
        team.replicator.start()

    def _team_news(self, run_id: str) -> list[TeamNews]:
        """The news lines of the run's screens (it may be open under a dialog)."""
        from livecheck.tui.widgets.team_news import TeamNews

        return [
            news
            for screen in self.screen_stack
            for news in screen.query(TeamNews)
            if news.run.id == run_id
        ]

    @on(RunTakenAway)
    def _run_taken_away(self, message: RunTakenAway) -> None:
        from livecheck.present.team import run_taken_notice, run_taken_title

        self.notify(
            run_taken_notice(message.taken),
            title=run_taken_title(),
            severity="warning",
            timeout=30,
            markup=False,
        )
        for news in self._team_news(message.taken.run_id):
            news.take_away(message.taken)
            news.screen.refresh_bindings()

    @on(LateActionsArrived)
    def _late_actions_arrived(self, message: LateActionsArrived) -> None:
        from livecheck.present.team import late_actions_arrived

        shown = self._team_news(message.run_id)
        for news in shown:
            news.show_late()
        self.notify(
            late_actions_arrived(message.run_id, message.n),
            title=_("Team journal"),
            severity="information" if shown else "warning",
            markup=False,
        )

    @on(TeamStatusChanged)
    def _team_status(self, message: TeamStatusChanged) -> None:
        from livecheck.present.team import offline_line

        banner = offline_line(message.status)
        self._team_banner = banner or ""
        self.sub_title = banner or _(self.SUB_TITLE)
        if banner:
            self.notify(
                _(
                    "{banner}. Your actions are saved on this machine and shared when it is back."
                ).format(banner=banner),
                title=_("Team journal"),
                severity="warning",
                markup=False,
            )
