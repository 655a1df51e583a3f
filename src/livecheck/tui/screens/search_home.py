"""The search screen's home lists (its empty query): unfinished runs with the step
they stopped at, runs handed over by the team, recently used and critical playbooks.

Read in the search panel's worker: the journal and the team server may be slow or
away, and searching goes on without them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not for the first frame: the journal (sqlite3) loads after it
    from livecheck.journal.store import RecentPlaybook, RunRecord
    from livecheck.journal.team.server import TeamRun
    from livecheck.search.hits import SearchHit
    from livecheck.services.workspace import Workspace


@dataclass(slots=True)
class HomeLists:
    """What the start screen lists, in the order of ResultList.show_home."""

    runs: list[RunRecord] = field(default_factory=list)
    recent: list[tuple[RecentPlaybook, str]] = field(default_factory=list)  # with its path
    critical: list[SearchHit] = field(default_factory=list)
    team: list[TeamRun] = field(default_factory=list)
    steps: dict[str, str] = field(default_factory=dict)  # run id -> its current step's title


def read_home_lists(workspace: Workspace, index_ready: bool) -> HomeLists:
    """The home lists; the playbooks' only once the index is ready (they come from it)."""
    home = HomeLists()
    try:
        runs = workspace.unfinished_runs()
        recent_runs = workspace.recent_playbooks()
        for run in runs[:10]:
            title = workspace.current_step_title(run)
            if title:
                home.steps[run.id] = title
    except Exception:  # the journal may be unavailable; searching still works
        runs, recent_runs = [], []
    home.runs = runs
    try:
        home.team = workspace.team_runs()
    except Exception:  # the team server may be away; local work goes on
        home.team = []
    if index_ready:
        home.critical = workspace.critical_playbooks()
        for pb in recent_runs:
            path = next((v.path for v in workspace.versions(pb.id) if v.lang == pb.lang), None)
            if path:
                home.recent.append((pb, path))
    return home
