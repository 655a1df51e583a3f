"""Unsaved actions across restarts: kept in a recovery file when the user leaves,
replayed into the journal at the next start (see journal/pending.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from livecheck.journal.pending import keep_pending, pending_files, read_pending
from livecheck.journal.store import JournalError
from livecheck.runs.engine import ActionRefused
from livecheck.runs.state import replay
from livecheck.services.runs import ActiveRun, RunService


@dataclass(slots=True)
class ReplayReport:
    replayed: dict[str, int] = field(default_factory=dict)  # run id -> actions written
    failed: dict[str, str] = field(default_factory=dict)  # run id -> why (file kept)

    def lines(self) -> list[str]:
        said = [
            f"{n} unsaved action(s) of run {run} were written to the journal from the recovery file"
            for run, n in self.replayed.items()
        ]
        said += [
            f"the unsaved actions of run {run} are still only in the recovery file: {why}"
            for run, why in self.failed.items()
        ]
        return said


def keep_unsaved(service: RunService, run: ActiveRun) -> Path | None:
    """Write what could not be saved yet to the run's recovery file (after one more
    try at the journal). None when nothing is unsaved; raises OSError if even the
    recovery file cannot be written."""
    if service.flush(run):
        return None
    return keep_pending(service.journal.path, run.id, run.unsaved)


def replay_pending(service: RunService) -> ReplayReport:
    """Write every recovery file's actions to the journal, in order; a file is
    removed once all its actions are in. Actions already there (same seq) are skipped."""
    report = ReplayReport()
    journal = service.journal
    for path in pending_files(journal.path):
        run_id = path.stem
        try:
            active = service.resume(run_id)
            events = read_pending(path)
            done = {e.seq for e in active.walkthrough.events}
            written = 0
            for event in events:
                if event.seq in done:
                    continue
                state = replay(active.playbook, [*active.walkthrough.events, event])
                journal.append(
                    run_id,
                    event,
                    current_step=state.current,
                    status=state.status,
                    outcome=state.outcome,
                    ended_at=state.ended_at,
                )
                active.walkthrough.apply(event)
                written += 1
            path.unlink()
            report.replayed[run_id] = written
        except (JournalError, ActionRefused, OSError, ValueError, KeyError) as exc:
            report.failed[run_id] = str(exc)
    return report
