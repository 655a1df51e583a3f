"""The team server's records: receiving the outbox, who holds each run, handovers,
and reading the team's runs and drill attempts.

Idempotent and ordered: every replicated row carries its globally unique id and
is inserted with ON CONFLICT DO NOTHING, so a retry after a lost acknowledgement
never duplicates; a batch is one transaction, sent in outbox order.

One writer per run: `take` is a conditional UPDATE of the run's `holder`; of two
people taking a run at the same instant, PostgreSQL lets exactly one UPDATE match
(the second re-reads the row after the first commits and no longer matches).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from livecheck.i18n import _
from livecheck.journal.drill_store import DRILL_STANDINGS_SQL
from livecheck.journal.outbox import (
    ATTEMPT_COLUMNS,
    EVENT_COLUMNS,
    FEEDBACK_COLUMNS,
    SEARCH_COLUMNS,
    OutboxItem,
)
from livecheck.journal.records import (
    ATTEMPT_COLUMNS as ATTEMPT_READ_COLUMNS,
)
from livecheck.journal.records import (
    EVENT_COLUMNS as EVENT_READ_COLUMNS,
)
from livecheck.journal.records import (
    RUN_COLUMNS,
    DrillAttemptRecord,
    JournalError,
    RunRecord,
    attempt_record,
    event_record,
    iso,
    run_record,
)
from livecheck.journal.team.driver import TeamUnavailable, connect, explain, mask
from livecheck.journal.team.server_schema import check_version
from livecheck.runs.events import Event


class RunHeld(JournalError):
    """Someone else holds the run."""

    def __init__(self, run_id: str, holder: str | None, handed_to: str | None) -> None:
        if holder:
            text = f"run {run_id} is held by {holder}; ask them to hand it over (h)"
        else:
            text = f"run {run_id} was handed to {handed_to}; only they (or a lead) can take it"
        super().__init__(text)
        self.holder = holder


class NotPermitted(JournalError):
    """The server refused the action for this role (a lead's action)."""


@dataclass(frozen=True, slots=True)
class TeamRun:
    """An open case on the team journal: held by someone, or handed over."""

    record: RunRecord
    holder: str | None  # None: handed to the team (or to `handed_to`)
    handed_to: str | None
    handed_at: dt.datetime | None
    note: str | None
    late: int = 0  # late actions kept apart (see _EVENT_INSERT)
    late_by: str | None = None  # their authors, comma-separated


@dataclass(frozen=True, slots=True)
class TakenRun:
    record: RunRecord
    content: bytes
    events: tuple[tuple[str, Event], ...]  # (uid, event), in order
    previous_holder: str | None


def _values(columns: str) -> str:
    return ", ".join(["%s"] * len(columns.split(",")))


_RUN_INSERT = (
    f"INSERT INTO runs ({RUN_COLUMNS}, holder) VALUES ({_values(RUN_COLUMNS)}, %s) "
    "ON CONFLICT (id) DO NOTHING"
)
# An event joins the run's history only from its writer: the sender holds the run,
# or nobody does and the sender was the last to (handed over, not yet taken). The run's row is locked (FOR SHARE)
# first, so a take-over commits wholly before or after it: the taker reads every
# event that got in. From anyone else (a forced take-over happened meanwhile), or
# when its place (run, seq) is taken, it is kept as a late action instead, never
# dropped; a retry of either finds its uid and adds nothing. Returns the run's id
# when the event was late.
_EVENT_INSERT = f"""
WITH run AS (
    SELECT holder, (SELECT h.by_operator FROM handovers h WHERE h.run_id = runs.id
                    ORDER BY h.id DESC LIMIT 1) AS handed_by
    FROM runs WHERE id = %(run_id)s FOR SHARE
),
added AS (
    INSERT INTO events ({EVENT_COLUMNS})
    SELECT %(run_id)s, %(seq)s, %(kind)s, %(at)s, %(step_id)s, %(data)s, %(uid)s FROM run
    WHERE run.holder = %(sender)s
       OR (run.holder IS NULL AND coalesce(run.handed_by, %(sender)s) = %(sender)s)
    ON CONFLICT DO NOTHING RETURNING 1
)
INSERT INTO late_events (run_id, uid, seq, kind, at, step_id, data, operator, holder,
                         received_at)
SELECT %(run_id)s, %(uid)s, %(seq)s, %(kind)s, %(at)s, %(step_id)s, %(data)s, %(sender)s,
       (SELECT holder FROM run),
       to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')
WHERE NOT EXISTS (SELECT 1 FROM added)
  AND NOT EXISTS (SELECT 1 FROM events WHERE uid = %(uid)s)
ON CONFLICT (uid) DO NOTHING
RETURNING run_id
"""
_EVENT_FIELDS = ("run_id", "seq", "kind", "at", "step_id", "data", "uid")
# The run's position moves on with its events, unless another person holds it now
# (a forced take-over: the previous holder's late actions never move it).
_POSITION_UPDATE = (
    "UPDATE runs SET current_step = %s, last_event_at = %s, status = %s, outcome = %s, "
    "ended_at = %s WHERE id = %s AND last_event_at <= %s AND (holder IS NULL OR holder = %s) "
    "AND EXISTS (SELECT 1 FROM events WHERE uid = %s)"  # let into the history, not late
)
_INSERTS = {
    "search": f"INSERT INTO searches ({SEARCH_COLUMNS}) VALUES ({_values(SEARCH_COLUMNS)}) "
    "ON CONFLICT DO NOTHING",
    "feedback": f"INSERT INTO feedback ({FEEDBACK_COLUMNS}) VALUES ({_values(FEEDBACK_COLUMNS)}) "
    "ON CONFLICT DO NOTHING",
    "attempt": f"INSERT INTO drill_attempts ({ATTEMPT_COLUMNS}) "
    f"VALUES ({_values(ATTEMPT_COLUMNS)}) ON CONFLICT DO NOTHING",
}


class TeamServer:
    """One connection to the team server (connected on first use)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.masked = mask(url)
        self._conn: Any = None

    def _connection(self) -> Any:
        if self._conn is None or self._conn.closed:
            conn = connect(self.url)
            try:
                check_version(conn, self.masked)
                conn.rollback()
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _fail(self, exc: BaseException) -> TeamUnavailable:
        self.close()
        return TeamUnavailable(explain(exc, self.url))

    def ping(self) -> None:
        try:
            self._connection().execute("SELECT 1").fetchone()
            self._conn.rollback()
        except JournalError:
            raise
        except Exception as exc:
            raise self._fail(exc) from exc

    # -- replication ---------------------------------------------------------------

    def ingest(self, items: Sequence[OutboxItem], sender: str) -> dict[str, str | None]:
        """Commit a batch of outbox items, in order, in one transaction. Returns the
        runs some of whose events came late (taken over by someone else meanwhile),
        each with who holds it now."""
        try:
            conn = self._connection()
            with conn.transaction():
                late: list[Any] = []
                with conn.pipeline():
                    for item in items:
                        if item.row is not None:
                            cursor = self._ingest_one(conn, item, sender)
                            if cursor is not None:
                                late.append(cursor)
                run_ids = sorted({row[0] for cursor in late for row in cursor.fetchall()})
                if not run_ids:
                    return {}
                rows = conn.execute(
                    "SELECT id, holder FROM runs WHERE id = ANY(%s)", (run_ids,)
                ).fetchall()
                return {run_id: holder for run_id, holder in rows}
        except JournalError:
            raise
        except Exception as exc:
            if _is_permission(exc):
                raise NotPermitted(f"the team server refused to record: {exc}") from exc
            raise self._fail(exc) from exc

    @staticmethod
    def _ingest_one(conn: Any, item: OutboxItem, sender: str) -> Any:
        """Send one item; for an event, the cursor that names its run if it came late."""
        row = item.row
        assert row is not None
        if item.kind == "run":
            *run, holder, content = row
            conn.execute(
                "INSERT INTO playbook_versions (sha256, content) VALUES (%s, %s) "
                "ON CONFLICT DO NOTHING",
                (run[4], bytes(content)),
            )
            conn.execute(_RUN_INSERT, (*run, holder))
        elif item.kind == "event":
            event, position = row[:7], row[7:]
            late = conn.execute(
                _EVENT_INSERT, {**dict(zip(_EVENT_FIELDS, event, strict=True)), "sender": sender}
            )
            conn.execute(_POSITION_UPDATE, (*position, event[0], position[1], sender, event[6]))
            return late
        else:
            conn.execute(_INSERTS[item.kind], row)
        return None

    def missing_runs(self, run_ids: set[str]) -> set[str]:
        """Which of these runs the server does not have."""
        if not run_ids:
            return set()
        rows = self._read("SELECT id FROM runs WHERE id = ANY(%s)", (sorted(run_ids),))
        return run_ids - {r[0] for r in rows}

    # -- the team's runs -----------------------------------------------------------

    def open_runs(self) -> list[TeamRun]:
        """Open cases, held or handed over, most recently touched first."""
        rows = self._read(
            f"SELECT {_TEAM_COLUMNS} FROM runs "
            "WHERE status = 'active' AND kind = 'case' ORDER BY last_event_at DESC LIMIT 500",
            (),
        )
        return [_team_run(r) for r in rows]

    def runs_starting_with(self, prefix: str, limit: int = 10) -> tuple[list[TeamRun], int]:
        """The run whose id is `prefix`, else the runs whose id starts with it (the
        first `limit`, oldest first), and how many there are."""
        columns = _TEAM_COLUMNS
        exact = self._read(f"SELECT {columns} FROM runs WHERE id = %s", (prefix,))
        if exact:
            return [_team_run(exact[0])], 1
        rows = self._read(
            f"SELECT {columns}, count(*) OVER () FROM runs WHERE starts_with(id, %s) "
            "ORDER BY started_at, id LIMIT %s",
            (prefix, limit),
        )
        return [_team_run(r[:-1]) for r in rows], (int(rows[0][-1]) if rows else 0)

    def drill_attempts(self, trainee: str | None = None) -> list[DrillAttemptRecord]:
        where, params = ("WHERE trainee = %s", (trainee,)) if trainee is not None else ("", ())
        rows = self._read(
            f"SELECT {ATTEMPT_READ_COLUMNS} FROM drill_attempts {where} ORDER BY finished_at, id",
            params,
        )
        return [attempt_record(r) for r in rows]

    def drill_standings(self) -> list[tuple[str, str, str, int, int, str]]:
        """Every trainee's standing per drill, aggregated on the server."""
        return [tuple(r) for r in self._read(DRILL_STANDINGS_SQL, ())]

    def _read(self, sql: str, params: Sequence[Any]) -> list[Any]:
        try:
            conn = self._connection()
            rows: list[Any] = conn.execute(sql, tuple(params)).fetchall()
            conn.rollback()
            return rows
        except JournalError:
            raise
        except Exception as exc:
            raise self._fail(exc) from exc

    # -- handovers -----------------------------------------------------------------

    def hand_off(self, run_id: str, by: str, to: str | None, note: str, at: dt.datetime) -> None:
        """Release a run this person holds, for the team (or for `to`)."""
        try:
            conn = self._connection()
            with conn.transaction():
                found = conn.execute(
                    "UPDATE runs SET holder = NULL, handed_to = %s, handed_at = %s, "
                    "handoff_note = %s WHERE id = %s AND status = 'active' "
                    "AND (holder = %s OR holder IS NULL) RETURNING id",
                    (to, iso(at), note, run_id, by),
                ).fetchone()
                if found is None:
                    self._refuse(conn, run_id)
                conn.execute(
                    "INSERT INTO handovers (run_id, at, kind, by_operator, to_operator, "
                    "previous_holder, note) VALUES (%s, %s, 'handoff', %s, %s, %s, %s)",
                    (run_id, iso(at), by, to, by, note),
                )
        except JournalError:
            raise
        except Exception as exc:
            raise self._fail(exc) from exc

    def take(
        self, run_id: str, by: str, at: dt.datetime, *, force_reason: str | None = None
    ) -> TakenRun:
        """Become the run's only writer and read all of it; raises RunHeld when someone
        else has it (unless a lead forces it, with a reason, journaled)."""
        try:
            conn = self._connection()
            with conn.transaction():
                params: tuple[str, ...]
                before = conn.execute("SELECT holder FROM runs WHERE id = %s", (run_id,)).fetchone()
                if force_reason is not None:
                    conn.execute(
                        "INSERT INTO handovers (run_id, at, kind, by_operator, to_operator, "
                        "previous_holder, note) VALUES (%s, %s, 'force-take', %s, %s, "
                        "(SELECT holder FROM runs WHERE id = %s), %s)",
                        (run_id, iso(at), by, by, run_id, force_reason),
                    )
                    condition, params = "", ()
                else:
                    condition = (
                        " AND (holder = %s OR (holder IS NULL AND "
                        "(handed_to IS NULL OR handed_to = %s)))"
                    )
                    params = (by, by)
                found = conn.execute(
                    "UPDATE runs SET holder = %s, handed_to = NULL, handed_at = NULL, "
                    "handoff_note = NULL WHERE id = %s AND status = 'active'"
                    f"{condition} RETURNING {RUN_COLUMNS}",
                    (by, run_id, *params),
                ).fetchone()
                if found is None:
                    self._refuse(conn, run_id)
                if force_reason is None:
                    conn.execute(
                        "INSERT INTO handovers (run_id, at, kind, by_operator, to_operator, "
                        "previous_holder) VALUES (%s, %s, 'take', %s, %s, %s)",
                        (run_id, iso(at), by, by, before[0] if before else None),
                    )
                record = run_record(found)
                content = conn.execute(
                    "SELECT content FROM playbook_versions WHERE sha256 = %s", (record.version,)
                ).fetchone()
                events = conn.execute(
                    f"SELECT uid, {EVENT_READ_COLUMNS} FROM events WHERE run_id = %s ORDER BY seq",
                    (run_id,),
                ).fetchall()
        except JournalError:
            raise
        except Exception as exc:
            if _is_permission(exc):
                raise NotPermitted(
                    "only a lead can force-take a run (the server refused: role livecheck_lead)"
                ) from exc
            raise self._fail(exc) from exc
        return TakenRun(
            record,
            bytes(content[0]),
            tuple((e[0], event_record(e[1:])) for e in events),
            before[0] if before else None,
        )

    @staticmethod
    def _refuse(conn: Any, run_id: str) -> None:
        row = conn.execute(
            "SELECT status, holder, handed_to FROM runs WHERE id = %s", (run_id,)
        ).fetchone()
        if row is None:
            raise JournalError(
                _(
                    "no run {run} on the team journal (`livecheck journal push` sends this "
                    "machine’s runs)"
                ).format(run=repr(run_id))
            )
        if row[0] != "active":
            raise JournalError(
                _("run {run} is finished ({status})").format(run=run_id, status=row[0])
            )
        raise RunHeld(run_id, row[1], row[2])

    # -- retention (a lead's action) -------------------------------------------------

    def purge_older_than(self, cutoff: dt.datetime, *, include_open: bool = False) -> int:
        """A lead's purge of the team journal: as the local purge, an unfinished run is
        kept unless `include_open`."""
        where = (
            "coalesce(ended_at, last_event_at) < %s"
            if include_open
            else "status <> 'active' AND ended_at < %s"
        )
        try:
            conn = self._connection()
            with conn.transaction():
                count = conn.execute(f"DELETE FROM runs WHERE {where}", (iso(cutoff),)).rowcount
                conn.execute("DELETE FROM searches WHERE at < %s", (iso(cutoff),))
                conn.execute("DELETE FROM feedback WHERE at < %s", (iso(cutoff),))
                conn.execute(
                    "DELETE FROM playbook_versions WHERE sha256 NOT IN (SELECT version FROM runs)"
                )
            return int(count)
        except JournalError:
            raise
        except Exception as exc:
            if _is_permission(exc):
                raise NotPermitted(
                    "purging the team journal is a lead's action (role livecheck_lead)"
                ) from exc
            raise self._fail(exc) from exc


def _is_permission(exc: BaseException) -> bool:
    try:
        from psycopg import errors
    except ImportError:
        return False
    return isinstance(exc, errors.InsufficientPrivilege)


_TEAM_COLUMNS = (
    f"{RUN_COLUMNS}, holder, handed_to, handed_at, handoff_note, "
    "(SELECT count(*) FROM late_events l WHERE l.run_id = runs.id), "
    "(SELECT string_agg(DISTINCT l.operator, ', ') FROM late_events l WHERE l.run_id = runs.id)"
)


def _team_run(row: Sequence[Any]) -> TeamRun:
    record = run_record(row[:16])
    holder, handed_to, handed_at, note, late, late_by = row[16:]
    handed = dt.datetime.fromisoformat(handed_at) if handed_at else None
    return TeamRun(record, holder, handed_to, handed, note, int(late), late_by)
