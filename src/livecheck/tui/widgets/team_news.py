"""A run's news from the team journal, on its screen: the late actions its previous
holder recorded after it was taken over (who, what, when; never in its history),
and, when the run was taken from this machine, the line saying it is read-only."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from livecheck.journal.late_store import RunTaken
from livecheck.present.team import late_action_lines, read_only_banner
from livecheck.services.runs import ActiveRun
from livecheck.tui.context import workspace_of

# The run screen's actions that record something: refused once the run is taken.
ACTING = frozenset(
    {"done", "choose", "back", "outcome", "skip", "note", "handoff", "escalate", "abandon"}
)


class TeamNews(Static):
    """Hidden while there is nothing to say (no team journal, no late action)."""

    def __init__(self, run: ActiveRun, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.run = run
        self.taken: RunTaken | None = None  # set once the run was taken from this machine
        self._late: list[str] = []

    def on_mount(self) -> None:
        journal = workspace_of(self.app).journal
        holder = journal.taken_by(self.run.id)
        if holder is not None:  # taken before this screen opened
            self.taken = RunTaken(self.run.id, holder, holder or None, None, None, True)
        self.show_late()

    def show_late(self) -> None:
        """Read the late actions kept on this machine for the run, and show them."""
        workspace = workspace_of(self.app)
        actions = workspace.journal.late_actions(self.run.id)
        self._late = late_action_lines(actions, self.run.playbook, workspace.settings.zone)
        self._show()

    def take_away(self, taken: RunTaken) -> None:
        """The run is someone else's now: say so (the screen stops taking actions)."""
        self.taken = taken
        self._show()

    def _show(self) -> None:
        lines = ([read_only_banner(self.taken)] if self.taken else []) + self._late
        self.set_class(self.taken is not None, "-taken")
        self.update(Content("\n".join(lines)))  # text, never markup
        self.display = bool(lines)
