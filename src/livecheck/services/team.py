"""The team journal as a service: replication, handovers, the team's runs and records.

Everything here comes after the local commit: an action is acknowledged by the
local journal, then replicated. Handing a run over and taking one need the
server (they change who may write the run); nothing else does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from livecheck.journal.records import DrillAttemptRecord, JournalError, iso
from livecheck.journal.store import Journal
from livecheck.journal.team.replicator import Replicator, TeamStatus
from livecheck.journal.team.server import TeamRun, TeamServer
from livecheck.journal.team.snapshot import TeamSnapshot
from livecheck.present.run_ids import ambiguous_run
from livecheck.present.team import handoff_note, run_standing, unknown_team_run
from livecheck.runs.events import utc_now
from livecheck.services.runs import ActiveRun, RunService
from livecheck.services.settings import Settings, TeamJournal

HANDOFF_DRAIN_S = 10.0
FIGURES_DRAIN_S = 2.0


def figures_source(
    settings: Settings, journal: Journal, *, local: bool = False
) -> tuple[Any, str | None]:
    """Where the figures (report, figures screen, drill progress) are read: the team
    server when there is one (after sending what waits here, briefly), else this
    machine's journal. The second item is a line to show when the server is away."""
    if local or settings.team is None:
        return journal, None
    team = TeamService(settings.team, journal, settings.operator)
    team.drain(FIGURES_DRAIN_S)
    source = TeamSnapshot(settings.team.url)
    try:
        source.connect()  # the connection the figures are then read through
    except JournalError as exc:
        return journal, f"{exc}; figures from this machine's journal only"
    return source, None


class TeamError(JournalError):
    """A team action that could not be done; the message says why."""


def resolve_team_run(server: TeamServer, run_id: str) -> str:
    """The whole id of the team's run `run_id` names: the id itself, or the only run
    whose id starts with it. Raises TeamError saying there is none, or listing the
    candidates when the start of the id is shared."""
    prefix = run_id.strip()
    found, total = server.runs_starting_with(prefix) if prefix else ([], 0)
    if total == 1:
        return found[0].record.id
    if total == 0:
        raise TeamError(unknown_team_run(run_id))
    raise TeamError(
        ambiguous_run(
            prefix, [(r.record.id, r.record.playbook_id, run_standing(r)) for r in found], total
        )
    )


@dataclass(frozen=True, slots=True)
class Taken:
    run_id: str  # the whole id (a unique prefix was given)
    previous_holder: str | None


@dataclass(frozen=True, slots=True)
class Handoff:
    run_id: str
    to: str | None
    note: str


class TeamService:
    def __init__(
        self,
        team: TeamJournal,
        journal: Journal,
        operator: str,
        server: Callable[[], TeamServer] | None = None,
    ) -> None:
        self.team = team
        self.journal = journal
        self.operator = operator
        self._new_server = server or (lambda: TeamServer(team.url))
        self.replicator = Replicator(journal, self._new_server, operator)

    @classmethod
    def maybe(cls, settings: Settings, journal: Journal) -> TeamService | None:
        if settings.team is None:
            return None
        return cls(settings.team, journal, settings.operator)

    def status(self) -> TeamStatus:
        return self.replicator.status()

    def drain(self, budget_s: float | None = None) -> int:
        """Send what is waiting; returns what still waits (never raises for the network)."""
        deadline = None if budget_s is None else time.monotonic() + budget_s
        return self.replicator.drain(deadline)

    def push(self) -> tuple[int, int]:
        """Queue the whole local history and send it; returns (queued, still waiting).
        Raises JournalError when the server cannot take it (unreachable, wrong schema)."""
        self.check()
        queued = self.journal.queue_history()
        return queued, self.drain()

    def check(self) -> None:
        """Reach the server and check its schema; raises JournalError saying why not."""
        server = self._new_server()
        try:
            server.ping()
        finally:
            server.close()

    # -- handovers ---------------------------------------------------------------------

    def hand_off(self, runs: RunService, run: ActiveRun, note: str, to: str | None) -> Handoff:
        """Note the handover in the run's history (acknowledged locally), send the run's
        history, then release it on the server for the team (or `to`)."""
        text = note.strip()
        if not text:
            raise TeamError("a handover needs a note: what was done, what is left")
        if run.state.status != "active":
            raise TeamError(f"run {run.id} is finished; only open runs are handed over")
        runs.act(run, lambda w: w.note(handoff_note(to, text)))
        waiting = self.drain(HANDOFF_DRAIN_S)
        if waiting:
            raise TeamError(
                f"cannot hand over run {run.id} now: {self.status().reason or 'offline'}; "
                f"{waiting} actions waiting (the note is saved locally; try again)"
            )
        server = self._new_server()
        try:
            server.hand_off(run.id, self.operator, (to or "").strip() or None, text, utc_now())
        finally:
            server.close()
        self.journal.mark_away(run.id, True)
        return Handoff(run.id, to, text)

    def take(self, run_id: str, *, force_reason: str | None = None) -> Taken:
        """Become the run's writer and bring its whole history here; `run_id` may be a
        unique start of the id (as with git). Raises TeamError (no such run, or a
        prefix of several), RunHeld (someone else has it) or NotPermitted."""
        if force_reason is not None and not force_reason.strip():
            raise TeamError("a forced take-over needs a reason (--reason TEXT)")
        self.drain(HANDOFF_DRAIN_S)
        server = self._new_server()
        try:
            full_id = resolve_team_run(server, run_id)
            taken = server.take(full_id, self.operator, utc_now(), force_reason=force_reason)
            late = server.late_actions([full_id])
        finally:
            server.close()
        self.journal.adopt_run(taken.record, taken.content, taken.events, holder=self.operator)
        # What its previous holder recorded after an earlier take-over: shown, never replayed.
        self.journal.keep_late_actions(late, iso(utc_now()))
        return Taken(full_id, taken.previous_holder)

    # -- reading -----------------------------------------------------------------------

    def open_runs(self) -> list[TeamRun]:
        server = self._new_server()
        try:
            return server.open_runs()
        finally:
            server.close()

    def drill_attempts(self, trainee: str | None = None) -> list[DrillAttemptRecord]:
        server = self._new_server()
        try:
            return server.drill_attempts(trainee)
        finally:
            server.close()
