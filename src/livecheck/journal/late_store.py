"""What the team server says about runs held on this machine, kept locally: the late
actions of a run taken over here (recorded by its previous holder after the take,
kept apart from its history), and who took a run from this machine and why."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from livecheck.journal.base import JournalBase, locked


@dataclass(frozen=True, slots=True)
class LateAction:
    """An action recorded on a run by someone who no longer held it (never in its history)."""

    run_id: str
    uid: str
    seq: int
    kind: str  # the event kind: done, skipped, note, ...
    at: dt.datetime
    step_id: str | None
    data: dict[str, Any] = field(default_factory=dict)
    operator: str = ""  # who recorded it
    holder: str | None = None  # who held the run when it reached the server


@dataclass(frozen=True, slots=True)
class RunTaken:
    """A run of this machine that someone else took over on the team server."""

    run_id: str
    by: str  # who took it
    holder: str | None  # who holds it now (None: handed on to the team since)
    reason: str | None  # a forced take-over's reason
    at: dt.datetime | None
    forced: bool


LATE_COLUMNS = "run_id, uid, seq, kind, at, step_id, data, operator, holder"


def late_action(row: Sequence[Any]) -> LateAction:
    run_id, uid, seq, kind, at, step_id, data, operator, holder = row
    try:
        fields = json.loads(data) if data else {}
    except ValueError:
        fields = {}
    return LateAction(
        run_id,
        uid,
        int(seq),
        kind,
        dt.datetime.fromisoformat(at),
        step_id,
        fields if isinstance(fields, dict) else {},
        operator,
        holder,
    )


class LateStore(JournalBase):
    @locked
    def held_here(self) -> list[str]:
        """The open runs this machine holds (not handed over, not taken away)."""
        try:
            rows = self._db.execute(
                "SELECT id FROM runs WHERE status = 'active' AND away = 0 AND taken_away = 0"
            ).fetchall()
        except sqlite3.OperationalError:  # a journal opened read-only, not migrated yet
            return []
        return [r[0] for r in rows]

    @locked
    def keep_late_actions(self, actions: Sequence[LateAction], received_at: str) -> int:
        """Keep the late actions of runs held here (each once); returns how many are new.
        They are read by the run's screen, never replayed into its history."""
        added = 0
        with self._write() as db:
            for a in actions:
                added += db.execute(
                    f"INSERT OR IGNORE INTO late_events ({LATE_COLUMNS}, received_at) "
                    "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS "
                    "(SELECT 1 FROM runs WHERE id = ?)",
                    (
                        a.run_id,
                        a.uid,
                        a.seq,
                        a.kind,
                        a.at.isoformat(timespec="microseconds"),
                        a.step_id,
                        json.dumps(a.data, ensure_ascii=False),
                        a.operator,
                        a.holder,
                        received_at,
                        a.run_id,
                    ),
                ).rowcount
        return added

    @locked
    def late_actions(self, run_id: str) -> list[LateAction]:
        """The late actions kept here for a run, in the order their authors recorded them."""
        try:
            rows = self._db.execute(
                f"SELECT {LATE_COLUMNS} FROM late_events WHERE run_id = ? "
                "ORDER BY operator, seq, id",
                (run_id,),
            ).fetchall()
        except sqlite3.OperationalError:  # a journal opened read-only, not migrated yet
            return []
        return [late_action(r) for r in rows]
