"""The report laid out as titled tables of plain strings, shared by the text and
Markdown renderers and the stats screen (each only decides how a table looks)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from livecheck.present.feedback import FEEDBACK_LABELS
from livecheck.present.summary import duration
from livecheck.reports.model import Report, TimeToOutcome
from livecheck.safety.text import one_line

BARS = "▁▂▃▄▅▆▇█"
DASH = "—"


@dataclass(frozen=True, slots=True)
class Table:
    key: str  # stable name: "outcomes", "times", ...
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str  # said instead of an empty table
    numeric: frozenset[int] = frozenset()  # right-aligned column indexes
    flagged: frozenset[int] = frozenset()  # row indexes to highlight (SLA breaches)
    note: str = ""  # one line under the title


def percent(rate: float | None) -> str:
    return DASH if rate is None else f"{rate * 100:.0f} %"


def seconds(value: float | None) -> str:
    return DASH if value is None else duration(value)


def sparkline(values: Sequence[int]) -> str:
    top = max(values, default=0)
    if top == 0:
        return BARS[0] * len(values)
    return "".join(
        BARS[min(len(BARS) - 1, v * (len(BARS) - 1) // top)] if v else " " for v in values
    )


def _text(value: str) -> str:
    return one_line(value)


def headline(report: Report) -> list[str]:
    """The summary lines at the top of every format."""
    t = report.totals
    lines = [f"Report {report.scope()} (generated {report.generated_at:%Y-%m-%d %H:%M} UTC)."]
    if not report.has_runs:
        lines.append(report.no_runs_message())
    else:
        lines.append(
            f"{t.runs} runs: {t.resolved} resolved, {t.escalated} escalated, "
            f"{t.abandoned} abandoned, {t.unfinished} unfinished; resolution rate "
            f"{percent(t.resolution_rate)}, escalation rate {percent(t.escalation_rate)} "
            f"(of {t.finished} finished runs)."
        )
        overall = report.overall_time
        if overall is not None:
            sla = (
                f"{overall.breaches} of {overall.with_sla} runs with an SLA breached it."
                if overall.with_sla
                else "no run had an SLA."
            )
            lines.append(
                f"Time to outcome: median {seconds(overall.median_seconds)}, "
                f"p90 {seconds(overall.p90_seconds)}; {sla}"
            )
    s = report.search_totals
    lines.append(
        f"{s.searches} searches acted on: {s.found_nothing} found nothing, "
        f"{s.opened_nothing} opened no playbook."
    )
    return lines


def per_day_line(report: Report) -> str:
    if not report.per_day:
        return ""
    first, last = report.per_day[0].day, report.per_day[-1].day
    values = [d.runs for d in report.per_day]
    return (
        f"Cases per day, {first.isoformat()} to {last.isoformat()} "
        f"(max {max(values)}): {sparkline(values)}"
    )


def tables(report: Report) -> list[Table]:
    from livecheck.reports.keywords import suggestions_table  # it builds on Table

    return [
        outcomes_table(report),
        times_table(report),
        steps_table(report),
        drop_off_table(report),
        missing_table(report),
        suggestions_table(report.keyword_suggestions),
        stale_table(report),
        translations_table(report),
        drills_table(report),
        feedback_table(report),
        owners_table(report),
        comments_table(report),
    ]


def outcomes_table(report: Report) -> Table:
    rows = []
    for pb in report.playbooks:
        r = pb.rates
        others = [
            f"{o.label} {o.runs}"
            for o in pb.outcomes
            if o.label not in ("resolved", "escalated", "abandoned", "unfinished")
        ]
        rows.append(
            (
                _text(pb.playbook_id),
                str(r.runs),
                str(r.resolved),
                str(r.escalated),
                _text(", ".join(others)) or DASH,
                str(r.abandoned),
                str(r.unfinished),
                percent(r.resolution_rate),
                percent(r.escalation_rate),
            )
        )
    return Table(
        "outcomes",
        "Runs per playbook and outcome",
        (
            "Playbook",
            "Runs",
            "Resolved",
            "Escalated",
            "Other outcomes",
            "Abandoned",
            "Unfinished",
            "Resolution",
            "Escalation",
        ),
        tuple(rows),
        report.no_runs_message(),
        numeric=frozenset({1, 2, 3, 5, 6, 7, 8}),
        note="Rates are out of finished runs (ended with an outcome, or abandoned).",
    )


def _time_row(label: str, t: TimeToOutcome) -> tuple[str, ...]:
    sla = f"{t.sla_minutes} min" if t.sla_minutes else DASH
    breaches = f"{t.breaches} of {t.with_sla}" if t.with_sla else DASH
    return (label, str(t.runs), seconds(t.median_seconds), seconds(t.p90_seconds), sla, breaches)


def times_table(report: Report) -> Table:
    rows = [_time_row(_text(t.playbook_id or ""), t) for t in report.times]
    flagged = {i for i, t in enumerate(report.times) if t.breaches}
    if report.overall_time is not None and len(report.times) > 1:
        rows.append(_time_row("All playbooks", report.overall_time))
        if report.overall_time.breaches:
            flagged.add(len(rows) - 1)
    return Table(
        "times",
        "Time to outcome against the SLA",
        ("Playbook", "Runs", "Median", "p90", "SLA", "Breaches"),
        tuple(rows),
        "No run reached an outcome." if report.has_runs else report.no_runs_message(),
        numeric=frozenset({1, 2, 3, 4, 5}),
        flagged=frozenset(flagged),
        note="From start to outcome, runs that reached one; a breach took longer than its SLA.",
    )


def steps_table(report: Report) -> Table:
    rows = tuple(
        (
            _text(s.playbook_id),
            _text(s.step_title),
            str(s.visits),
            seconds(s.median_seconds),
            str(s.skipped),
            percent(s.skip_rate),
            _text("; ".join(f"{r.reason} ({r.count})" for r in s.reasons)) or DASH,
        )
        for s in report.steps
    )
    return Table(
        "steps",
        "Steps: time, skips",
        ("Playbook", "Step", "Visits", "Median time", "Skipped", "Skip rate", "Top skip reasons"),
        rows,
        "No step was left yet." if report.has_runs else report.no_runs_message(),
        numeric=frozenset({2, 3, 4, 5}),
    )


def drop_off_table(report: Report) -> Table:
    rows = tuple(
        (_text(d.playbook_id), _text(d.step_title), str(d.abandoned), str(d.unfinished))
        for d in report.drop_offs
    )
    return Table(
        "drop_offs",
        "Where abandoned and unfinished runs stopped",
        ("Playbook", "Stopped at", "Abandoned", "Unfinished"),
        rows,
        "Every run ended with an outcome." if report.has_runs else report.no_runs_message(),
        numeric=frozenset({2, 3}),
    )


def missing_table(report: Report) -> Table:
    rows = tuple(
        (_text(m.normalized), str(m.searches), str(m.found_nothing), f"{m.last_at:%Y-%m-%d}")
        for m in report.missing
    )
    note = "Grouped by folded text (case, accents and spacing ignored)."
    if report.category:
        note += " Searches are not filtered by category."
    return Table(
        "missing",
        "Searches that found nothing or opened no playbook: the playbooks the team is missing",
        ("Search", "Times", "Found nothing", "Last"),
        rows,
        "No such search.",
        numeric=frozenset({1, 2}),
        note=note,
    )


def stale_table(report: Report) -> Table:
    rows = tuple(
        (
            _text(s.playbook_id),
            _text(s.lang),
            _text(s.owner),
            s.reviewed.isoformat(),
            s.due.isoformat(),
            str(s.days_overdue),
        )
        for s in report.stale
    )
    return Table(
        "stale",
        "Stale playbooks",
        ("Playbook", "Lang", "Owner", "Reviewed", "Review was due", "Days overdue"),
        rows,
        "No stale playbook.",
        numeric=frozenset({5}),
        note=f"As of {report.today.isoformat()}, from the library.",
    )


def translations_table(report: Report) -> Table:
    rows = tuple(
        (
            _text(t.playbook_id),
            _text(t.lang),
            t.reviewed.isoformat(),
            _text(t.source_lang),
            t.source_reviewed.isoformat(),
            str(t.days_behind),
        )
        for t in report.older_translations
    )
    return Table(
        "translations",
        "Translations older than their source",
        ("Playbook", "Lang", "Reviewed", "Source", "Source reviewed", "Days behind"),
        rows,
        "No translation is older than its source.",
        numeric=frozenset({5}),
    )


def drills_table(report: Report) -> Table:
    rows = tuple(
        (_text(d.category), str(d.attempts), str(d.passed), percent(d.pass_rate))
        for d in report.drills
    )
    return Table(
        "drills",
        "Drill pass rates per category",
        ("Category", "Attempts", "Passed", "Pass rate"),
        rows,
        "No finished drill.",
        numeric=frozenset({1, 2, 3}),
        note="Drills are practice: they are left out of every other figure.",
    )


def feedback_table(report: Report) -> Table:
    rows = tuple(
        (
            _text(f.playbook_id),
            _text(f.owner or DASH),
            str(f.total),
            ", ".join(f"{reason} {n}" for reason, n in f.reasons),
        )
        for f in report.feedback
    )
    return Table(
        "feedback",
        "Feedback per playbook",
        ("Playbook", "Owner", "Flags", "Reasons"),
        rows,
        "No feedback.",
        numeric=frozenset({2}),
        note="Reasons: " + "; ".join(FEEDBACK_LABELS) + ".",
    )


def owners_table(report: Report) -> Table:
    rows = tuple((_text(o.owner), str(o.total), str(o.playbooks)) for o in report.feedback_owners)
    return Table(
        "owners",
        "Feedback per owner",
        ("Owner", "Flags", "Playbooks"),
        rows,
        "No feedback.",
        numeric=frozenset({1, 2}),
    )


def comments_table(report: Report) -> Table:
    rows = tuple(
        (
            f"{c.at:%Y-%m-%d}",
            _text(f"{c.playbook_id} ({c.lang})"),
            _text(c.reason),
            _text(c.comment),
        )
        for c in report.feedback_comments
    )
    return Table(
        "comments",
        "Latest feedback comments",
        ("Day", "Playbook", "Reason", "Comment"),
        rows,
        "No comment.",
    )
