"""Receiving the outbox on the team server: the SQL that records each replicated
row, and a batch's insertion, including where a late event is kept.

Idempotent and ordered: every replicated row carries its globally unique id and
is inserted with ON CONFLICT DO NOTHING, so a retry after a lost acknowledgement
never duplicates; a batch is one transaction, sent in outbox order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from livecheck.journal.outbox import (
    ATTEMPT_COLUMNS,
    EVENT_COLUMNS,
    FEEDBACK_COLUMNS,
    SEARCH_COLUMNS,
    OutboxItem,
)
from livecheck.journal.records import RUN_COLUMNS


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


def ingest_batch(conn: Any, items: Sequence[OutboxItem], sender: str) -> dict[str, str | None]:
    """Commit a batch of outbox items, in order, in one transaction. Returns the
    runs some of whose events came late (taken over by someone else meanwhile),
    each with who holds it now."""
    with conn.transaction():
        late: list[Any] = []
        with conn.pipeline():
            for item in items:
                if item.row is not None:
                    cursor = _ingest_one(conn, item, sender)
                    if cursor is not None:
                        late.append(cursor)
        run_ids = sorted({row[0] for cursor in late for row in cursor.fetchall()})
        if not run_ids:
            return {}
        rows = conn.execute("SELECT id, holder FROM runs WHERE id = ANY(%s)", (run_ids,)).fetchall()
        return {run_id: holder for run_id, holder in rows}


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
