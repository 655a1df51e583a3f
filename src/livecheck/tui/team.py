"""The app and the team journal: replication in the background, and a banner
(the sub-title and a warning) while the team server is away.

Taking a teammate's run is navigation (livecheck.tui.navigation)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App

from livecheck.i18n import _
from livecheck.tui.messages import TeamStatusChanged

if TYPE_CHECKING:
    from livecheck.journal.team.replicator import TeamStatus
    from livecheck.services.workspace import Workspace


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

        team.replicator.listeners.append(said)
        team.replicator.start()

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
