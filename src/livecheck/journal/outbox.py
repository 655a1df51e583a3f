"""The outbox: what the team server has not acknowledged yet, in the order it was
committed locally. Each entry names a row by its globally unique id; the row itself
is read when it is sent, so an entry whose row was purged meanwhile sends nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from livecheck.journal.base import JournalBase, locked
from livecheck.journal.records import RUN_COLUMNS

SEARCH_COLUMNS = "at, operator, kind, query, normalized, results, opened_playbook_id, run_id, uid"
FEEDBACK_COLUMNS = "run_id, playbook_id, lang, at, operator, reason, comment, uid"
ATTEMPT_COLUMNS = (
    "run_id, trainee, playbook_id, drill_id, category, chosen_playbook_id, searches, "
    "found_rank, started_at, finished_at, score, passed, breakdown, uid"
)
EVENT_COLUMNS = "run_id, seq, kind, at, step_id, data, uid"
POSITION_COLUMNS = "current_step, last_event_at, status, outcome, ended_at"

_ROW_SQL = {
    "run": (
        f"SELECT {', '.join('r.' + c.strip() for c in RUN_COLUMNS.split(','))}, r.holder, "
        "v.content FROM runs r JOIN playbook_versions v ON v.sha256 = r.version WHERE r.id = ?"
    ),
    "event": (
        f"SELECT {', '.join('e.' + c.strip() for c in EVENT_COLUMNS.split(','))}, "
        f"{', '.join('r.' + c.strip() for c in POSITION_COLUMNS.split(','))} "
        "FROM events e JOIN runs r ON r.id = e.run_id WHERE e.uid = ?"
    ),
    "search": f"SELECT {SEARCH_COLUMNS} FROM searches WHERE uid = ?",
    "feedback": f"SELECT {FEEDBACK_COLUMNS} FROM feedback WHERE uid = ?",
    "attempt": f"SELECT {ATTEMPT_COLUMNS} FROM drill_attempts WHERE uid = ?",
}


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    kind: str  # run, event, search, feedback, attempt
    ref: str  # the run id, or the row's uid
    row: tuple[Any, ...] | None  # None: the row is gone (purged): nothing to send


class OutboxStore(JournalBase):
    @locked
    def outbox_size(self) -> int:
        """Actions waiting for the server (a run's own row travels with its first event)."""
        return int(
            self._db.execute("SELECT count(*) FROM outbox WHERE kind != 'run'").fetchone()[0]
        )

    @locked
    def outbox_batch(self, limit: int = 500) -> list[OutboxItem]:
        """The oldest entries, with the rows to send, read in one transaction."""
        db = self._db
        db.execute("BEGIN")
        try:
            entries = db.execute(
                "SELECT id, kind, ref FROM outbox ORDER BY id LIMIT ?", (limit,)
            ).fetchall()
            items = []
            for entry_id, kind, ref in entries:
                row = db.execute(_ROW_SQL[kind], (ref,)).fetchone()
                items.append(OutboxItem(entry_id, kind, ref, tuple(row) if row else None))
            return items
        finally:
            db.execute("COMMIT")

    @locked
    def run_history(self, run_id: str) -> list[OutboxItem]:
        """A run's row and all its events, as items to send (id 0: not in the outbox);
        for a run the server lacks, begun before the team journal was configured."""
        items = []
        row = self._db.execute(_ROW_SQL["run"], (run_id,)).fetchone()
        if row is not None:
            items.append(OutboxItem(0, "run", run_id, tuple(row)))
        for (uid,) in self._db.execute(
            "SELECT uid FROM events WHERE run_id = ? ORDER BY seq", (run_id,)
        ).fetchall():
            event = self._db.execute(_ROW_SQL["event"], (uid,)).fetchone()
            items.append(OutboxItem(0, "event", uid, tuple(event)))
        return items

    @locked
    def outbox_done(self, ids: Sequence[int]) -> None:
        """Forget entries the server has committed."""
        ids = [i for i in ids if i]
        if not ids:
            return
        with self._write() as db:
            db.executemany("DELETE FROM outbox WHERE id = ?", [(i,) for i in ids])

    @locked
    def queue_history(self) -> int:
        """Queue the whole local history for the server (`livecheck journal push`):
        runs first (what the rest refers to), then events in each run's order, then
        searches, feedback and drill attempts. The server ignores what it has."""
        with self._write() as db:
            before = db.execute("SELECT count(*) FROM outbox").fetchone()[0]
            db.execute(
                "INSERT INTO outbox (kind, ref) SELECT 'run', id FROM runs ORDER BY started_at, id"
            )
            db.execute(
                "INSERT INTO outbox (kind, ref) SELECT 'event', uid FROM events ORDER BY run_id, seq"
            )
            for kind, table, order in (
                ("search", "searches", "at, id"),
                ("feedback", "feedback", "at, id"),
                ("attempt", "drill_attempts", "finished_at, id"),
            ):
                db.execute(
                    f"INSERT INTO outbox (kind, ref) SELECT '{kind}', uid FROM {table} ORDER BY {order}"
                )
            after = db.execute("SELECT count(*) FROM outbox").fetchone()[0]
        return int(after - before)


def referenced_runs(items: Sequence[OutboxItem]) -> set[str]:
    """The runs that a batch's events, feedback and drill attempts belong to, less
    the runs the batch itself brings."""
    brought = {item.ref for item in items if item.kind == "run"}
    runs = {
        str(item.row[0])
        for item in items
        if item.row is not None and item.kind in ("event", "feedback", "attempt") and item.row[0]
    }
    return runs - brought
