"""Who holds each run on the team server: taking a run, handing it over, and the
refusals when someone else has it.

One writer per run: `take` is a conditional UPDATE of the run's `holder`; of two
people taking a run at the same instant, PostgreSQL lets exactly one UPDATE match
(the second re-reads the row after the first commits and no longer matches).
Every take and handover is journaled in `handovers`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from livecheck.i18n import _
from livecheck.journal.records import EVENT_COLUMNS as EVENT_READ_COLUMNS
from livecheck.journal.records import (
    RUN_COLUMNS,
    JournalError,
    RunRecord,
    event_record,
    iso,
    run_record,
)
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


@dataclass(frozen=True, slots=True)
class TakenRun:
    record: RunRecord
    content: bytes
    events: tuple[tuple[str, Event], ...]  # (uid, event), in order
    previous_holder: str | None


def hand_off(conn: Any, run_id: str, by: str, to: str | None, note: str, at: dt.datetime) -> None:
    """Release a run this person holds, for the team (or for `to`)."""
    with conn.transaction():
        found = conn.execute(
            "UPDATE runs SET holder = NULL, handed_to = %s, handed_at = %s, "
            "handoff_note = %s WHERE id = %s AND status = 'active' "
            "AND (holder = %s OR holder IS NULL) RETURNING id",
            (to, iso(at), note, run_id, by),
        ).fetchone()
        if found is None:
            _refuse(conn, run_id)
        conn.execute(
            "INSERT INTO handovers (run_id, at, kind, by_operator, to_operator, "
            "previous_holder, note) VALUES (%s, %s, 'handoff', %s, %s, %s, %s)",
            (run_id, iso(at), by, to, by, note),
        )


def take(
    conn: Any, run_id: str, by: str, at: dt.datetime, force_reason: str | None
) -> tuple[RunRecord, Any, list[Any], Any]:
    """Become the run's only writer and read all of it, in one transaction: the run,
    its playbook version's row, its event rows and who held it before. Raises
    RunHeld when someone else has it (unless forced, with a reason, journaled)."""
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
                " AND (holder = %s OR (holder IS NULL AND (handed_to IS NULL OR handed_to = %s)))"
            )
            params = (by, by)
        found = conn.execute(
            "UPDATE runs SET holder = %s, handed_to = NULL, handed_at = NULL, "
            "handoff_note = NULL WHERE id = %s AND status = 'active'"
            f"{condition} RETURNING {RUN_COLUMNS}",
            (by, run_id, *params),
        ).fetchone()
        if found is None:
            _refuse(conn, run_id)
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
    return record, content, events, before


def taken_run(record: RunRecord, content: Any, events: list[Any], before: Any) -> TakenRun:
    """The run `take` read, as a TakenRun."""
    return TakenRun(
        record,
        bytes(content[0]),
        tuple((e[0], event_record(e[1:])) for e in events),
        before[0] if before else None,
    )


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
        raise JournalError(_("run {run} is finished ({status})").format(run=run_id, status=row[0]))
    raise RunHeld(run_id, row[1], row[2])
