"""Runs and their events in the local journal: writing, reading, and the runs
taken over from the team server."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence

from livecheck.journal.base import JournalBase, locked
from livecheck.journal.records import (
    EVENT_COLUMNS,
    RUN_COLUMNS,
    RUN_WIDTH,
    RecentPlaybook,
    RunRecord,
    event_data,
    event_record,
    iso,
    new_uid,
    period,
    run_record,
    run_values,
)
from livecheck.runs.events import Event

_RUN_MARKS = ", ".join("?" * RUN_WIDTH)


class RunStore(JournalBase):
    @locked
    def start_run(self, run: RunRecord, content: bytes, first: Event) -> None:
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO playbook_versions (sha256, content) VALUES (?, ?)",
                (run.version, content),
            )
            db.execute(
                f"INSERT INTO runs ({RUN_COLUMNS}, holder) VALUES ({_RUN_MARKS}, ?)",
                (*run_values(run), run.operator),
            )
            self._enqueue(db, "run", run.id)
            self._insert_event(db, run.id, first)

    @locked
    def append(
        self,
        run_id: str,
        event: Event,
        *,
        current_step: str | None,
        status: str = "active",
        outcome: str | None = None,
        ended_at: dt.datetime | None = None,
    ) -> None:
        """Record one event and the run's new position, in one committed transaction."""
        with self._write() as db:
            self._insert_event(db, run_id, event)
            db.execute(
                "UPDATE runs SET current_step = ?, last_event_at = ?, status = ?, outcome = ?, "
                "ended_at = ? WHERE id = ?",
                (
                    current_step,
                    iso(event.at),
                    status,
                    outcome,
                    iso(ended_at) if ended_at else None,
                    run_id,
                ),
            )

    def _insert_event(self, db: sqlite3.Connection, run_id: str, event: Event) -> None:
        uid = new_uid()
        db.execute(
            "INSERT INTO events (run_id, seq, kind, at, step_id, data, uid) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                run_id,
                event.seq,
                event.kind.value,
                iso(event.at),
                event.step_id,
                event_data(event),
                uid,
            ),
        )
        self._enqueue(db, "event", uid)

    # -- reading -----------------------------------------------------------------

    @locked
    def run(self, run_id: str) -> RunRecord | None:
        row = self._db.execute(f"SELECT {RUN_COLUMNS} FROM runs WHERE id = ?", (run_id,)).fetchone()
        return run_record(row) if row else None

    @locked
    def find_runs(self, prefix: str) -> list[RunRecord]:
        rows = self._db.execute(
            f"SELECT {RUN_COLUMNS} FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY started_at",
            (prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
        ).fetchall()
        return [run_record(r) for r in rows]

    @locked
    def unfinished_runs(self, kind: str = "case", limit: int | None = 200) -> list[RunRecord]:
        """Unfinished runs held on this machine, most recently touched first (the
        runs_open index serves it); a run handed to the team is not listed."""
        rows = self._db.execute(
            f"SELECT {RUN_COLUMNS} FROM runs WHERE status = 'active' AND kind = ? AND away = 0 "
            "ORDER BY last_event_at DESC LIMIT ?",
            (kind, -1 if limit is None else limit),
        ).fetchall()
        return [run_record(r) for r in rows]

    @locked
    def events(self, run_id: str) -> list[Event]:
        rows = self._db.execute(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE run_id = ? ORDER BY seq", (run_id,)
        ).fetchall()
        return [event_record(r) for r in rows]

    @locked
    def playbook_content(self, sha256: str) -> bytes | None:
        row = self._db.execute(
            "SELECT content FROM playbook_versions WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return bytes(row[0]) if row else None

    @locked
    def runs_between(
        self, since: dt.datetime | None, until: dt.datetime | None, kinds: Sequence[str]
    ) -> list[RunRecord]:
        clauses, params = period("started_at", since, until)
        marks = ",".join("?" * len(kinds))
        rows = self._db.execute(
            f"SELECT {RUN_COLUMNS} FROM runs WHERE kind IN ({marks}){clauses} ORDER BY started_at",
            (*kinds, *params),
        ).fetchall()
        return [run_record(r) for r in rows]

    def events_between(
        self, since: dt.datetime | None, until: dt.datetime | None, kinds: Sequence[str]
    ) -> Iterator[tuple[RunRecord, Event]]:
        clauses, params = period("e.at", since, until)
        marks = ",".join("?" * len(kinds))
        columns = ", ".join(f"r.{c.strip()}" for c in RUN_COLUMNS.split(","))
        cursor = self._db.execute(
            f"SELECT {columns}, e.seq, e.kind, e.at, e.step_id, e.data FROM events e "
            f"JOIN runs r ON r.id = e.run_id WHERE r.kind IN ({marks}){clauses} ORDER BY e.at, e.id",
            (*kinds, *params),
        )
        for row in cursor:
            yield run_record(row[:RUN_WIDTH]), event_record(row[RUN_WIDTH:])

    @locked
    def recent_playbooks(self, limit: int = 8) -> list[RecentPlaybook]:
        """The playbooks of the latest real cases, one line per playbook and language."""
        rows = self._db.execute(
            "SELECT playbook_id, lang, title, max(started_at) AS last FROM runs "
            "WHERE kind = 'case' GROUP BY playbook_id, lang ORDER BY last DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [RecentPlaybook(r[0], r[1], r[2], dt.datetime.fromisoformat(r[3])) for r in rows]

    # -- handed over: runs held elsewhere, and runs taken over from the team --------

    @locked
    def mark_away(self, run_id: str, away: bool) -> None:
        """A run handed to the team is no longer listed as this machine's."""
        with self._write() as db:
            db.execute("UPDATE runs SET away = ? WHERE id = ?", (int(away), run_id))

    @locked
    def mark_taken(self, run_id: str, holder: str | None) -> None:
        """The team server says someone else holds the run now (a forced take-over):
        it is no longer listed as this machine's, and no action is taken on it here."""
        with self._write() as db:
            db.execute(
                "UPDATE runs SET holder = ?, away = 1, taken_away = 1 WHERE id = ?",
                (holder, run_id),
            )

    @locked
    def taken_by(self, run_id: str) -> str | None:
        """Who took the run from this machine, when the server said so (else None)."""
        try:
            row = self._db.execute(
                "SELECT coalesce(holder, '') FROM runs WHERE id = ? AND taken_away = 1", (run_id,)
            ).fetchone()
        except sqlite3.OperationalError:  # a journal opened read-only, not migrated yet
            return None
        return row[0] if row else None

    @locked
    def adopt_run(
        self,
        run: RunRecord,
        content: bytes,
        events: Sequence[tuple[str, Event]],
        holder: str,
    ) -> int:
        """Bring a run taken over from the team into this journal: its playbook version,
        its row and every event (uid, event) it lacks. Nothing is queued for the server,
        which has them already. Returns the number of events added."""
        added = 0
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO playbook_versions (sha256, content) VALUES (?, ?)",
                (run.version, content),
            )
            db.execute(
                f"INSERT INTO runs ({RUN_COLUMNS}, holder, away) VALUES ({_RUN_MARKS}, ?, 0) "
                "ON CONFLICT (id) DO UPDATE SET status = excluded.status, "
                "outcome = excluded.outcome, ended_at = excluded.ended_at, "
                "current_step = excluded.current_step, last_event_at = excluded.last_event_at, "
                "holder = excluded.holder, away = 0, taken_away = 0",
                (*run_values(run), holder),
            )
            for uid, event in events:
                cursor = db.execute(
                    "INSERT OR IGNORE INTO events (run_id, seq, kind, at, step_id, data, uid) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        run.id,
                        event.seq,
                        event.kind.value,
                        iso(event.at),
                        event.step_id,
                        event_data(event),
                        uid,
                    ),
                )
                added += cursor.rowcount
        return added
