"""Reading the team's runs on the team server: an open case as the team sees it
(who holds it, its handover, its late actions) and the SQL that lists them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from livecheck.journal.records import RUN_COLUMNS, RunRecord, run_record


@dataclass(frozen=True, slots=True)
class TeamRun:
    """An open case on the team journal: held by someone, or handed over."""

    record: RunRecord
    holder: str | None  # None: handed to the team (or to `handed_to`)
    handed_to: str | None
    handed_at: dt.datetime | None
    note: str | None
    late: int = 0  # late actions kept apart (see server_ingest._EVENT_INSERT)
    late_by: str | None = None  # their authors, comma-separated


TEAM_COLUMNS = (
    f"{RUN_COLUMNS}, holder, handed_to, handed_at, handoff_note, "
    "(SELECT count(*) FROM late_events l WHERE l.run_id = runs.id), "
    "(SELECT string_agg(DISTINCT l.operator, ', ') FROM late_events l WHERE l.run_id = runs.id)"
)
OPEN_RUNS_SQL = (
    f"SELECT {TEAM_COLUMNS} FROM runs "
    "WHERE status = 'active' AND kind = 'case' ORDER BY last_event_at DESC LIMIT 500"
)
EXACT_RUN_SQL = f"SELECT {TEAM_COLUMNS} FROM runs WHERE id = %s"
# The runs whose id starts with a prefix, oldest first, each with how many there are.
RUNS_STARTING_WITH_SQL = (
    f"SELECT {TEAM_COLUMNS}, count(*) OVER () FROM runs WHERE starts_with(id, %s) "
    "ORDER BY started_at, id LIMIT %s"
)


def team_run(row: Sequence[Any]) -> TeamRun:
    record = run_record(row[:16])
    holder, handed_to, handed_at, note, late, late_by = row[16:]
    handed = dt.datetime.fromisoformat(handed_at) if handed_at else None
    return TeamRun(record, holder, handed_to, handed, note, int(late), late_by)


# The late actions of some runs, in the order received.
LATE_ACTIONS_SQL = (
    "SELECT run_id, uid, seq, kind, at, step_id, data, operator, holder FROM late_events "
    "WHERE run_id = ANY(%s) ORDER BY id"
)
# Of some runs this machine holds, those someone else took over: who holds each now,
# and the latest take by someone else (who, why, when, forced or not).
TAKEN_RUNS_SQL = """
SELECT r.id, r.holder, t.by_operator, t.note, t.at, t.kind = 'force-take'
FROM runs r
CROSS JOIN LATERAL (
    SELECT h.by_operator, h.note, h.at, h.kind FROM handovers h
    WHERE h.run_id = r.id AND h.kind IN ('take', 'force-take') ORDER BY h.id DESC LIMIT 1
) t
WHERE r.id = ANY(%s) AND r.holder IS DISTINCT FROM %s AND t.by_operator <> %s
"""
