"""Exporting the journal: one row per event or per run, as JSON lines or CSV.

Notes may hold personal data, so `redact` replaces e-mail addresses, phone
numbers and @handles with placeholders. CSV cells that a spreadsheet would
take for a formula (=, +, -, @ at the start) are neutralised with a leading
apostrophe. A file is written atomically (temp file, fsync, rename), 0600.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from livecheck.journal.store import Journal, RunRecord
from livecheck.runs.events import Event
from livecheck.safety.files import write_private_atomically
from livecheck.safety.redaction import redact
from livecheck.safety.text import strip_control

EVENT_COLUMNS = (
    "run_id",
    "seq",
    "at",
    "kind",
    "step_id",
    "playbook_id",
    "lang",
    "version",
    "case_ref",
    "operator",
    "run_kind",
    "data",
)
RUN_COLUMNS = (
    "run_id",
    "run_kind",
    "playbook_id",
    "lang",
    "version",
    "title",
    "case_ref",
    "operator",
    "started_at",
    "ended_at",
    "status",
    "outcome",
    "current_step",
    "sla_minutes",
    "minutes",
)


def _each_text(value: Any, change: Callable[[str], str]) -> Any:
    """`value` with `change` applied to every string in it, however nested."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, Mapping):
        return {k: _each_text(v, change) for k, v in value.items()}
    if isinstance(value, list):
        return [_each_text(v, change) for v in value]
    return value


def _redacted(value: Any) -> Any:
    return _each_text(value, redact)


def neutralise_cell(value: str) -> str:
    """A cell beginning with =, +, - or @ is read by spreadsheets as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def event_rows(
    pairs: Iterable[tuple[RunRecord, Event]], *, redacted: bool
) -> Iterator[dict[str, Any]]:
    for run, event in pairs:
        data = dict(event.data)
        case_ref = run.case_ref
        if redacted:
            data = _redacted(data)
            case_ref = redact(case_ref) if case_ref else case_ref
        yield {
            "run_id": run.id,
            "seq": event.seq,
            "at": event.at.isoformat(),
            "kind": event.kind.value,
            "step_id": event.step_id,
            "playbook_id": run.playbook_id,
            "lang": run.lang,
            "version": run.version,
            "case_ref": case_ref,
            "operator": run.operator,
            "run_kind": run.kind,
            "data": data,
        }


def run_rows(runs: Iterable[RunRecord], *, redacted: bool) -> Iterator[dict[str, Any]]:
    for run in runs:
        end = run.ended_at
        minutes = round((end - run.started_at).total_seconds() / 60, 2) if end else None
        case_ref = redact(run.case_ref) if (redacted and run.case_ref) else run.case_ref
        yield {
            "run_id": run.id,
            "run_kind": run.kind,
            "playbook_id": run.playbook_id,
            "lang": run.lang,
            "version": run.version,
            "title": run.title,
            "case_ref": case_ref,
            "operator": run.operator,
            "started_at": run.started_at.isoformat(),
            "ended_at": end.isoformat() if end else None,
            "status": run.status,
            "outcome": run.outcome,
            "current_step": run.current_step,
            "sla_minutes": run.sla_minutes,
            "minutes": minutes,
        }


def render(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], fmt: str) -> Iterator[str]:
    """Export text, chunk by chunk; control characters are stripped from every value."""
    if fmt == "jsonl":
        for row in rows:
            # Stripped before encoding: JSON would escape ESC as \u001b, and the
            # program reading the export would get it back.
            clean = _each_text(row, strip_control)
            yield json.dumps(clean, ensure_ascii=False, sort_keys=False) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = (
        json.dumps(value, ensure_ascii=False, sort_keys=True)
        if isinstance(value, dict | list)
        else str(value)
    )
    return neutralise_cell(strip_control(text))


def write_atomically(path: Path, chunks: Iterable[str]) -> int:
    """Write text to `path` atomically and privately (see safety.files); returns its
    number of lines."""
    count = 0

    def encoded() -> Iterator[bytes]:
        nonlocal count
        for chunk in chunks:
            count += chunk.count("\n")
            yield chunk.encode("utf-8")

    write_private_atomically(path, encoded())
    return count


def export(
    journal: Journal,
    *,
    fmt: str,
    per_run: bool,
    since: dt.datetime | None,
    until: dt.datetime | None,
    redacted: bool,
    include_drills: bool,
) -> Iterator[str]:
    kinds = ("case", "drill") if include_drills else ("case",)
    if per_run:
        return render(
            run_rows(journal.runs_between(since, until, kinds), redacted=redacted), RUN_COLUMNS, fmt
        )
    pairs = journal.events_between(since, until, kinds)
    return render(event_rows(pairs, redacted=redacted), EVENT_COLUMNS, fmt)
