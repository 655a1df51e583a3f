"""The report as data: JSON (the whole model) and CSV (one figure per row).

CSV is in long form, `section, playbook, step, item, metric, value`, so one
file holds every section and a spreadsheet pivots it as it likes. Cells a
spreadsheet would run as a formula are neutralised, as in log exports.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

from livecheck.journal.export import neutralise_cell
from livecheck.reports.model import Report
from livecheck.safety.text import strip_control

CSV_COLUMNS = ("section", "playbook", "step", "item", "metric", "value")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def report_dict(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = _plain(dataclasses.asdict(report))
    # Derived figures, which asdict() leaves out (they are properties).
    data["totals"]["resolution_rate"] = report.totals.resolution_rate
    data["totals"]["escalation_rate"] = report.totals.escalation_rate
    for pb, out in zip(report.playbooks, data["playbooks"], strict=True):
        out["rates"]["resolution_rate"] = pb.rates.resolution_rate
        out["rates"]["escalation_rate"] = pb.rates.escalation_rate
    for step, out in zip(report.steps, data["steps"], strict=True):
        out["skip_rate"] = step.skip_rate
    for drill, out in zip(report.drills, data["drills"], strict=True):
        out["pass_rate"] = drill.pass_rate
    for tr, out in zip(report.older_translations, data["older_translations"], strict=True):
        out["days_behind"] = tr.days_behind
    data["has_runs"] = report.has_runs
    data["scope"] = report.scope()
    return data


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"


def csv_rows(report: Report) -> Iterator[tuple[str, str, str, str, str, Any]]:
    t = report.totals
    for metric in ("runs", "finished", "resolved", "escalated", "abandoned", "unfinished"):
        yield ("totals", "", "", "", metric, getattr(t, metric))
    yield ("totals", "", "", "", "resolution_rate", t.resolution_rate)
    yield ("totals", "", "", "", "escalation_rate", t.escalation_rate)
    for pb in report.playbooks:
        for o in pb.outcomes:
            yield ("outcomes", pb.playbook_id, "", o.label, "runs", o.runs)
        yield ("outcomes", pb.playbook_id, "", "", "resolution_rate", pb.rates.resolution_rate)
        yield ("outcomes", pb.playbook_id, "", "", "escalation_rate", pb.rates.escalation_rate)
    times = [*report.times, *([report.overall_time] if report.overall_time else [])]
    for tm in times:
        name = tm.playbook_id or "*"
        for metric in (
            "runs",
            "median_seconds",
            "p90_seconds",
            "sla_minutes",
            "with_sla",
            "breaches",
        ):
            yield ("time_to_outcome", name, "", "", metric, getattr(tm, metric))
    for s in report.steps:
        yield ("steps", s.playbook_id, s.step_id, "", "visits", s.visits)
        yield ("steps", s.playbook_id, s.step_id, "", "median_seconds", s.median_seconds)
        yield ("steps", s.playbook_id, s.step_id, "", "skipped", s.skipped)
        yield ("steps", s.playbook_id, s.step_id, "", "skip_rate", s.skip_rate)
        for r in s.reasons:
            yield ("skip_reasons", s.playbook_id, s.step_id, r.reason, "count", r.count)
    for d in report.drop_offs:
        yield ("drop_off", d.playbook_id, d.step_id or "", "", "abandoned", d.abandoned)
        yield ("drop_off", d.playbook_id, d.step_id or "", "", "unfinished", d.unfinished)
    st = report.search_totals
    for metric in ("searches", "found_nothing", "opened_nothing"):
        yield ("search_totals", "", "", "", metric, getattr(st, metric))
    for m in report.missing:
        yield ("missing_searches", "", "", m.normalized, "searches", m.searches)
        yield ("missing_searches", "", "", m.normalized, "found_nothing", m.found_nothing)
    for k in report.keyword_suggestions:
        yield ("keyword_suggestions", k.playbook_id, "", k.word, "searches", k.searches)
    for sp in report.stale:
        yield ("stale", sp.playbook_id, "", sp.lang, "days_overdue", sp.days_overdue)
    for tr in report.older_translations:
        yield ("older_translations", tr.playbook_id, "", tr.lang, "days_behind", tr.days_behind)
    for dr in report.drills:
        yield ("drills", "", "", dr.category, "attempts", dr.attempts)
        yield ("drills", "", "", dr.category, "passed", dr.passed)
        yield ("drills", "", "", dr.category, "pass_rate", dr.pass_rate)
    for f in report.feedback:
        for reason, n in f.reasons:
            yield ("feedback", f.playbook_id, "", reason, "count", n)
    for op in report.operators:
        for metric in ("runs", "resolved", "escalated", "abandoned", "unfinished"):
            yield ("operators", "", "", op.operator, metric, getattr(op.rates, metric))
        yield ("operators", "", "", op.operator, "sla_breaches", op.breaches)
        yield ("operators", "", "", op.operator, "searches", op.searches)
    for ow in report.feedback_owners:
        yield ("feedback_owners", "", "", ow.owner, "flags", ow.total)
    for day in report.per_day:
        yield ("per_day", "", "", day.day.isoformat(), "runs", day.runs)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1 else f"{value:.3f}".rstrip("0").rstrip(".")
    return neutralise_cell(strip_control(str(value)))


def render_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(report):
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()
