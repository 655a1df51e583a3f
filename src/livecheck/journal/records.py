"""What the journal stores, as typed records, and the row mappers both backends share.

Times are stored as ISO 8601 text in UTC with microseconds (`iso`): they sort
as text, compare as text in SQL on either backend, and read back exactly.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from livecheck.runs.events import Event, EventKind


class JournalError(Exception):
    """The journal cannot be used; the message says why and what to do."""


class JournalWriteError(JournalError):
    """A write failed (read-only or full disk...); nothing was recorded."""


@dataclass(frozen=True, slots=True)
class RunRecord:
    id: str
    kind: str
    playbook_id: str
    lang: str
    version: str  # sha256 of the playbook's bytes when the run began
    path: str
    title: str
    case_ref: str | None
    operator: str
    started_at: dt.datetime
    status: str
    outcome: str | None
    ended_at: dt.datetime | None
    current_step: str | None
    last_event_at: dt.datetime
    sla_minutes: int | None

    @property
    def finished(self) -> bool:
        return self.status != "active"


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """A search the user acted on: opened a result, or left it without opening one."""

    at: dt.datetime
    operator: str
    kind: str  # 'case' or 'drill'
    query: str
    normalized: str  # folded text, what the report groups by
    results: int
    opened_playbook_id: str | None = None
    run_id: str | None = None


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    """A user's flag on the playbook a run used."""

    run_id: str
    playbook_id: str
    lang: str
    at: dt.datetime
    operator: str
    reason: str  # one of FEEDBACK_REASONS
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class DrillAttemptRecord:
    """One scored drill attempt (the practice run itself is a `drill` run, if one began)."""

    run_id: str | None
    trainee: str
    playbook_id: str
    drill_id: str
    category: str
    chosen_playbook_id: str | None
    searches: int
    found_rank: int | None
    started_at: dt.datetime
    finished_at: dt.datetime
    score: int
    passed: bool
    breakdown: Mapping[str, Any]
    id: int | None = None  # set once recorded


@dataclass(frozen=True, slots=True)
class RecentPlaybook:
    id: str
    lang: str
    title: str
    last_used: dt.datetime


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def moment(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def new_uid() -> str:
    """A globally unique id for a replicated row (an event, a search...)."""
    return uuid.uuid4().hex


def event_data(event: Event) -> str:
    return json.dumps(dict(event.data), ensure_ascii=False, sort_keys=True)


RUN_COLUMNS = (
    "id, kind, playbook_id, lang, version, path, title, case_ref, operator, started_at, status, "
    "outcome, ended_at, current_step, last_event_at, sla_minutes"
)
RUN_WIDTH = len(RUN_COLUMNS.split(","))
EVENT_COLUMNS = "seq, kind, at, step_id, data"
ATTEMPT_COLUMNS = (
    "id, run_id, trainee, playbook_id, drill_id, category, chosen_playbook_id, searches, "
    "found_rank, started_at, finished_at, score, passed, breakdown"
)


def run_values(run: RunRecord) -> tuple[Any, ...]:
    """The run's row, in RUN_COLUMNS order."""
    return (
        run.id,
        run.kind,
        run.playbook_id,
        run.lang,
        run.version,
        run.path,
        run.title,
        run.case_ref,
        run.operator,
        iso(run.started_at),
        run.status,
        run.outcome,
        iso(run.ended_at) if run.ended_at else None,
        run.current_step,
        iso(run.last_event_at),
        run.sla_minutes,
    )


def run_record(row: Sequence[Any]) -> RunRecord:
    return RunRecord(
        id=row[0],
        kind=row[1],
        playbook_id=row[2],
        lang=row[3],
        version=row[4],
        path=row[5],
        title=row[6],
        case_ref=row[7],
        operator=row[8],
        started_at=dt.datetime.fromisoformat(row[9]),
        status=row[10],
        outcome=row[11],
        ended_at=moment(row[12]),
        current_step=row[13],
        last_event_at=dt.datetime.fromisoformat(row[14]),
        sla_minutes=row[15],
    )


def event_record(row: Sequence[Any]) -> Event:
    seq, kind, at, step_id, data = row
    return Event(
        int(seq),
        EventKind(kind),
        dt.datetime.fromisoformat(at),
        step_id,
        MappingProxyType(json.loads(data)),
    )


def attempt_record(row: Sequence[Any]) -> DrillAttemptRecord:
    return DrillAttemptRecord(
        id=int(row[0]),
        run_id=row[1],
        trainee=row[2],
        playbook_id=row[3],
        drill_id=row[4],
        category=row[5],
        chosen_playbook_id=row[6],
        searches=int(row[7]),
        found_rank=row[8],
        started_at=dt.datetime.fromisoformat(row[9]),
        finished_at=dt.datetime.fromisoformat(row[10]),
        score=int(row[11]),
        passed=bool(row[12]),
        breakdown=MappingProxyType(json.loads(row[13])),
    )


def period(
    column: str, since: dt.datetime | None, until: dt.datetime | None
) -> tuple[str, list[str]]:
    clauses, params = "", []
    if since is not None:
        clauses += f" AND {column} >= ?"
        params.append(iso(since))
    if until is not None:
        clauses += f" AND {column} < ?"
        params.append(iso(until))
    return clauses, params
