"""The team server's records: one connection, and the actions on it, each turned
into a JournalError (a refusal) or TeamUnavailable (the server is out of reach).

What each action does lives with its reason to change: receiving the outbox in
server_ingest.py, who holds each run (take, handoff) in server_holders.py, the
team's runs as read in server_runs.py. Retention (a lead's purge) and reading
drill attempts stay here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from livecheck.journal.drill_store import DRILL_STANDINGS_SQL
from livecheck.journal.late_store import LateAction, RunTaken, late_action
from livecheck.journal.outbox import OutboxItem
from livecheck.journal.records import ATTEMPT_COLUMNS as ATTEMPT_READ_COLUMNS
from livecheck.journal.records import (
    DrillAttemptRecord,
    JournalError,
    attempt_record,
    iso,
)
from livecheck.journal.team import server_holders, server_ingest
from livecheck.journal.team.driver import TeamUnavailable, connect, explain, mask
from livecheck.journal.team.server_holders import RunHeld, TakenRun
from livecheck.journal.team.server_runs import (
    EXACT_RUN_SQL,
    LATE_ACTIONS_SQL,
    OPEN_RUNS_SQL,
    RUNS_STARTING_WITH_SQL,
    TAKEN_RUNS_SQL,
    TeamRun,
    team_run,
)
from livecheck.journal.team.server_schema import check_version

__all__ = ["NotPermitted", "RunHeld", "TakenRun", "TeamRun", "TeamServer"]


class NotPermitted(JournalError):
    """The server refused the action for this role (a lead's action)."""


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
            return server_ingest.ingest_batch(self._connection(), items, sender)
        except JournalError:
            raise
        except Exception as exc:
            if _is_permission(exc):
                raise NotPermitted(f"the team server refused to record: {exc}") from exc
            raise self._fail(exc) from exc

    def missing_runs(self, run_ids: set[str]) -> set[str]:
        """Which of these runs the server does not have."""
        if not run_ids:
            return set()
        rows = self._read("SELECT id FROM runs WHERE id = ANY(%s)", (sorted(run_ids),))
        return run_ids - {r[0] for r in rows}

    # -- the team's runs -----------------------------------------------------------

    def open_runs(self) -> list[TeamRun]:
        """Open cases, held or handed over, most recently touched first."""
        rows = self._read(OPEN_RUNS_SQL, ())
        return [team_run(r) for r in rows]

    def runs_starting_with(self, prefix: str, limit: int = 10) -> tuple[list[TeamRun], int]:
        """The run whose id is `prefix`, else the runs whose id starts with it (the
        first `limit`, oldest first), and how many there are."""
        exact = self._read(EXACT_RUN_SQL, (prefix,))
        if exact:
            return [team_run(exact[0])], 1
        rows = self._read(RUNS_STARTING_WITH_SQL, (prefix, limit))
        return [team_run(r[:-1]) for r in rows], (int(rows[0][-1]) if rows else 0)

    def late_actions(self, run_ids: Sequence[str]) -> list[LateAction]:
        """The late actions of these runs (see server_ingest._EVENT_INSERT), in order."""
        if not run_ids:
            return []
        return [late_action(r) for r in self._read(LATE_ACTIONS_SQL, (list(run_ids),))]

    def taken_runs(self, run_ids: Sequence[str], me: str) -> list[RunTaken]:
        """Which of these runs (held by `me` here) someone else has taken over."""
        if not run_ids:
            return []
        rows = self._read(TAKEN_RUNS_SQL, (list(run_ids), me, me))
        return [
            RunTaken(
                run_id, by, holder, note, dt.datetime.fromisoformat(at) if at else None, forced
            )
            for run_id, holder, by, note, at, forced in rows
        ]

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
            server_holders.hand_off(self._connection(), run_id, by, to, note, at)
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
            record, content, events, before = server_holders.take(
                self._connection(), run_id, by, at, force_reason
            )
        except JournalError:
            raise
        except Exception as exc:
            if _is_permission(exc):
                raise NotPermitted(
                    "only a lead can force-take a run (the server refused: role livecheck_lead)"
                ) from exc
            raise self._fail(exc) from exc
        return server_holders.taken_run(record, content, events, before)

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
