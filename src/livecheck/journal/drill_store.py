"""Scored drill attempts in the local journal (see docs/drills.md)."""

from __future__ import annotations

import json

from livecheck.journal.base import JournalBase, locked
from livecheck.journal.records import (
    ATTEMPT_COLUMNS,
    DrillAttemptRecord,
    attempt_record,
    iso,
    new_uid,
)

# Every trainee's standing on every drill, aggregated where the attempts are (the same
# SQL on the local journal and on the team server).
DRILL_STANDINGS_SQL = (
    "SELECT trainee, playbook_id, drill_id, count(*), max(score), max(finished_at) "
    "FROM drill_attempts GROUP BY trainee, playbook_id, drill_id ORDER BY trainee"
)


class DrillStore(JournalBase):
    @locked
    def record_drill_attempt(self, attempt: DrillAttemptRecord) -> int:
        """Record a scored attempt; returns its id."""
        uid = new_uid()
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO drill_attempts (run_id, trainee, playbook_id, drill_id, category, "
                "chosen_playbook_id, searches, found_rank, started_at, finished_at, score, passed, "
                "breakdown, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    attempt.run_id,
                    attempt.trainee,
                    attempt.playbook_id,
                    attempt.drill_id,
                    attempt.category,
                    attempt.chosen_playbook_id,
                    attempt.searches,
                    attempt.found_rank,
                    iso(attempt.started_at),
                    iso(attempt.finished_at),
                    attempt.score,
                    int(attempt.passed),
                    json.dumps(dict(attempt.breakdown), ensure_ascii=False, sort_keys=True),
                    uid,
                ),
            )
            self._enqueue(db, "attempt", uid)
            return int(cursor.lastrowid or 0)

    @locked
    def drill_attempts(self, trainee: str | None = None) -> list[DrillAttemptRecord]:
        """Scored attempts (of one trainee, or everyone's), oldest first."""
        where, params = ("WHERE trainee = ?", (trainee,)) if trainee is not None else ("", ())
        rows = self._db.execute(
            f"SELECT {ATTEMPT_COLUMNS} FROM drill_attempts {where} ORDER BY finished_at, id",
            params,
        ).fetchall()
        return [attempt_record(r) for r in rows]

    @locked
    def drill_standings(self) -> list[tuple[str, str, str, int, int, str]]:
        """(trainee, playbook id, drill id, attempts, best score, last finished at)."""
        return [tuple(r) for r in self._db.execute(DRILL_STANDINGS_SQL).fetchall()]
