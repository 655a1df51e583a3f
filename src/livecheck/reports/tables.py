"""The report laid out as titled tables of plain strings, shared by the text and
Markdown renderers and the stats screen (each only decides how a table looks)."""

from __future__ import annotations

import datetime as dt

from livecheck.i18n import _, format_date, format_list, pgettext
from livecheck.present.feedback import FEEDBACK_LABELS
from livecheck.present.times import day_text
from livecheck.reports.keywords import suggestions_table
from livecheck.reports.lines import DASH, count, percent, seconds
from livecheck.reports.lines import headline as headline  # the stats screen reads it here
from livecheck.reports.lines import per_day_line as per_day_line
from livecheck.reports.model import Report, TimeToOutcome
from livecheck.reports.table import Table
from livecheck.safety.text import one_line


def _text(value: str) -> str:
    return one_line(value)


def tables(report: Report, zone: dt.tzinfo | None = None) -> list[Table]:
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
        operators_table(report),
        feedback_table(report),
        owners_table(report),
        comments_table(report, zone),
    ]


def outcomes_table(report: Report) -> Table:
    rows = []
    for pb in report.playbooks:
        r = pb.rates
        others = [
            f"{o.label} {count(o.runs)}"
            for o in pb.outcomes
            if o.label not in ("resolved", "escalated", "abandoned", "unfinished")
        ]
        rows.append(
            (
                _text(pb.playbook_id),
                count(r.runs),
                count(r.resolved),
                count(r.escalated),
                _text(", ".join(others)) or DASH,
                count(r.abandoned),
                count(r.unfinished),
                percent(r.resolution_rate),
                percent(r.escalation_rate),
            )
        )
    return Table(
        "outcomes",
        _("Runs per playbook and outcome"),
        (
            pgettext("column", "Playbook"),
            pgettext("column", "Runs"),
            pgettext("column", "Resolved"),
            pgettext("column", "Escalated"),
            pgettext("column", "Other outcomes"),
            pgettext("column", "Abandoned"),
            pgettext("column", "Unfinished"),
            pgettext("column", "Resolution"),
            pgettext("column", "Escalation"),
        ),
        tuple(rows),
        report.no_runs_message(),
        numeric=frozenset({1, 2, 3, 5, 6, 7, 8}),
        note=_("Rates are out of finished runs (ended with an outcome, or abandoned)."),
    )


def _time_row(label: str, t: TimeToOutcome) -> tuple[str, ...]:
    sla = (
        pgettext("duration", "{minutes} min").format(minutes=count(t.sla_minutes))
        if t.sla_minutes
        else DASH
    )
    breaches = (
        _("{breaches} of {with_sla}").format(breaches=count(t.breaches), with_sla=count(t.with_sla))
        if t.with_sla
        else DASH
    )
    return (label, count(t.runs), seconds(t.median_seconds), seconds(t.p90_seconds), sla, breaches)


def times_table(report: Report) -> Table:
    rows = [_time_row(_text(t.playbook_id or ""), t) for t in report.times]
    flagged = {i for i, t in enumerate(report.times) if t.breaches}
    if report.overall_time is not None and len(report.times) > 1:
        rows.append(_time_row(_("All playbooks"), report.overall_time))
        if report.overall_time.breaches:
            flagged.add(len(rows) - 1)
    return Table(
        "times",
        _("Time to outcome against the SLA"),
        (
            pgettext("column", "Playbook"),
            pgettext("column", "Runs"),
            pgettext("column", "Median"),
            pgettext("column", "p90"),
            pgettext("column", "SLA"),
            pgettext("column", "Breaches"),
        ),
        tuple(rows),
        _("No run reached an outcome.") if report.has_runs else report.no_runs_message(),
        numeric=frozenset({1, 2, 3, 4, 5}),
        flagged=frozenset(flagged),
        note=_("From start to outcome, runs that reached one; a breach took longer than its SLA."),
    )


def steps_table(report: Report) -> Table:
    rows = tuple(
        (
            _text(s.playbook_id),
            _text(s.step_title),
            count(s.visits),
            seconds(s.median_seconds),
            count(s.skipped),
            percent(s.skip_rate),
            _text(format_list(f"{r.reason} ({count(r.count)})" for r in s.reasons)) or DASH,
        )
        for s in report.steps
    )
    return Table(
        "steps",
        _("Steps: time, skips"),
        (
            pgettext("column", "Playbook"),
            pgettext("column", "Step"),
            pgettext("column", "Visits"),
            pgettext("column", "Median time"),
            pgettext("column", "Skipped"),
            pgettext("column", "Skip rate"),
            pgettext("column", "Top skip reasons"),
        ),
        rows,
        _("No step was left yet.") if report.has_runs else report.no_runs_message(),
        numeric=frozenset({2, 3, 4, 5}),
    )


def drop_off_table(report: Report) -> Table:
    rows = tuple(
        (_text(d.playbook_id), _text(d.step_title), count(d.abandoned), count(d.unfinished))
        for d in report.drop_offs
    )
    return Table(
        "drop_offs",
        _("Where abandoned and unfinished runs stopped"),
        (
            pgettext("column", "Playbook"),
            pgettext("column", "Stopped at"),
            pgettext("column", "Abandoned"),
            pgettext("column", "Unfinished"),
        ),
        rows,
        _("Every run ended with an outcome.") if report.has_runs else report.no_runs_message(),
        numeric=frozenset({2, 3}),
    )


def missing_table(report: Report) -> Table:
    rows = tuple(
        (_text(m.normalized), count(m.searches), count(m.found_nothing), f"{m.last_at:%Y-%m-%d}")
        for m in report.missing
    )
    note = _("Grouped by folded text (case, accents and spacing ignored).")
    if report.category:
        note += " " + _("Searches are not filtered by category.")
    return Table(
        "missing",
        _("Searches that found nothing or opened no playbook: the playbooks the team is missing"),
        (
            pgettext("column", "Search"),
            pgettext("column", "Times"),
            pgettext("column", "Found nothing"),
            pgettext("column", "Last"),
        ),
        rows,
        _("No such search."),
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
            count(s.days_overdue),
        )
        for s in report.stale
    )
    return Table(
        "stale",
        _("Stale playbooks"),
        (
            pgettext("column", "Playbook"),
            pgettext("column", "Lang"),
            pgettext("column", "Owner"),
            pgettext("column", "Reviewed"),
            pgettext("column", "Review was due"),
            pgettext("column", "Days overdue"),
        ),
        rows,
        _("No stale playbook."),
        numeric=frozenset({5}),
        note=_("As of {day}, from the library.").format(day=format_date(report.today)),
    )


def translations_table(report: Report) -> Table:
    rows = tuple(
        (
            _text(t.playbook_id),
            _text(t.lang),
            t.reviewed.isoformat(),
            _text(t.source_lang),
            t.source_reviewed.isoformat(),
            count(t.days_behind),
        )
        for t in report.older_translations
    )
    return Table(
        "translations",
        _("Translations older than their source"),
        (
            pgettext("column", "Playbook"),
            pgettext("column", "Lang"),
            pgettext("column", "Reviewed"),
            pgettext("column", "Source"),
            pgettext("column", "Source reviewed"),
            pgettext("column", "Days behind"),
        ),
        rows,
        _("No translation is older than its source."),
        numeric=frozenset({5}),
    )


def drills_table(report: Report) -> Table:
    rows = tuple(
        (_text(d.category), count(d.attempts), count(d.passed), percent(d.pass_rate))
        for d in report.drills
    )
    return Table(
        "drills",
        _("Drill pass rates per category"),
        (
            pgettext("column", "Category"),
            pgettext("column", "Attempts"),
            pgettext("column", "Passed"),
            pgettext("column", "Pass rate"),
        ),
        rows,
        _("No finished drill."),
        numeric=frozenset({1, 2, 3}),
        note=_("Drills are practice: they are left out of every other figure."),
    )


def operators_table(report: Report) -> Table:
    rows = tuple(
        (
            _text(o.operator),
            count(o.rates.runs),
            count(o.rates.resolved),
            count(o.rates.escalated),
            count(o.rates.abandoned),
            count(o.rates.unfinished),
            percent(o.rates.resolution_rate),
            count(o.breaches),
            count(o.searches),
        )
        for o in report.operators
    )
    return Table(
        "operators",
        _("Per operator"),
        (
            pgettext("column", "Operator"),
            pgettext("column", "Runs"),
            pgettext("column", "Resolved"),
            pgettext("column", "Escalated"),
            pgettext("column", "Abandoned"),
            pgettext("column", "Unfinished"),
            pgettext("column", "Resolution"),
            pgettext("column", "SLA breaches"),
            pgettext("column", "Searches"),
        ),
        rows,
        report.no_runs_message(),
        numeric=frozenset(range(1, 9)),
        note=(
            _("From this machine's journal.")
            if report.team_url is None
            else _("From the team journal ({url}).").format(url=report.team_url)
        ),
    )


def feedback_table(report: Report) -> Table:
    rows = tuple(
        (
            _text(f.playbook_id),
            _text(f.owner or DASH),
            count(f.total),
            ", ".join(f"{reason} {count(n)}" for reason, n in f.reasons),
        )
        for f in report.feedback
    )
    return Table(
        "feedback",
        _("Feedback per playbook"),
        (
            pgettext("column", "Playbook"),
            pgettext("column", "Owner"),
            pgettext("column", "Flags"),
            pgettext("column", "Reasons"),
        ),
        rows,
        _("No feedback."),
        numeric=frozenset({2}),
        note=_("Reasons: {reasons}.").format(reasons=format_list(FEEDBACK_LABELS)),
    )


def owners_table(report: Report) -> Table:
    rows = tuple(
        (_text(o.owner), count(o.total), count(o.playbooks)) for o in report.feedback_owners
    )
    return Table(
        "owners",
        _("Feedback per owner"),
        (
            pgettext("column", "Owner"),
            pgettext("column", "Flags"),
            pgettext("column", "Playbooks"),
        ),
        rows,
        _("No feedback."),
        numeric=frozenset({1, 2}),
    )


def comments_table(report: Report, zone: dt.tzinfo | None = None) -> Table:
    rows = tuple(
        (
            day_text(c.at, zone),
            _text(f"{c.playbook_id} ({c.lang})"),
            _text(c.reason),
            _text(c.comment),
        )
        for c in report.feedback_comments
    )
    return Table(
        "comments",
        _("Latest feedback comments"),
        (
            pgettext("column", "Day"),
            pgettext("column", "Playbook"),
            pgettext("column", "Reason"),
            pgettext("column", "Comment"),
        ),
        rows,
        _("No comment."),
    )
