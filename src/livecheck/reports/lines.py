"""The report's sentences — the headline and the cases-per-day line — and how one figure
is written in a cell or a sentence (counts, rates, durations), in the current language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from livecheck.i18n import (
    _,
    format_date,
    format_datetime,
    format_duration,
    format_integer,
    format_percent,
    ngettext,
)
from livecheck.reports.model import Report

BARS = "▁▂▃▄▅▆▇█"
DASH = "—"


def percent(rate: float | None) -> str:
    return DASH if rate is None else format_percent(rate)


def seconds(value: float | None) -> str:
    return DASH if value is None else format_duration(value)


def count(n: int) -> str:
    return format_integer(n)


def sparkline(values: Sequence[int]) -> str:
    top = max(values, default=0)
    if top == 0:
        return BARS[0] * len(values)
    return "".join(
        BARS[min(len(BARS) - 1, v * (len(BARS) - 1) // top)] if v else " " for v in values
    )


def headline(report: Report, zone: dt.tzinfo | None = None) -> list[str]:
    """The summary lines at the top of every format (the time in `zone`, else the machine's)."""
    t = report.totals
    moment = report.generated_at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    lines = [
        _("Report {scope}, generated {moment}.").format(
            scope=report.scope(),
            moment=format_datetime(
                moment, zone if zone is not None else moment.astimezone().tzinfo
            ),
        )
    ]
    if not report.has_runs:
        lines.append(report.no_runs_message())
    else:
        lines.append(
            # Translators: each {name} is a count with its noun, translated on its own
            # with its plural ("{n} resolved": "3 résolues").
            _(
                "{runs}: {resolved}, {escalated}, {abandoned}, {unfinished}; resolution rate "
                "{resolution_rate}, escalation rate {escalation_rate} (of {finished})."
            ).format(
                runs=ngettext("{n} run", "{n} runs", t.runs).format(n=count(t.runs)),
                resolved=ngettext("{n} resolved", "{n} resolved", t.resolved).format(
                    n=count(t.resolved)
                ),
                escalated=ngettext("{n} escalated", "{n} escalated", t.escalated).format(
                    n=count(t.escalated)
                ),
                abandoned=ngettext("{n} abandoned", "{n} abandoned", t.abandoned).format(
                    n=count(t.abandoned)
                ),
                unfinished=ngettext("{n} unfinished", "{n} unfinished", t.unfinished).format(
                    n=count(t.unfinished)
                ),
                resolution_rate=percent(t.resolution_rate),
                escalation_rate=percent(t.escalation_rate),
                finished=ngettext("{n} finished run", "{n} finished runs", t.finished).format(
                    n=count(t.finished)
                ),
            )
        )
        overall = report.overall_time
        if overall is not None:
            sla = (
                ngettext(
                    "{breaches} of {with_sla} run with an SLA breached it.",
                    "{breaches} of {with_sla} runs with an SLA breached it.",
                    overall.with_sla,
                ).format(breaches=count(overall.breaches), with_sla=count(overall.with_sla))
                if overall.with_sla
                else _("no run had an SLA.")
            )
            lines.append(
                _("Time to outcome: median {median}, p90 {p90}; {sla}").format(
                    median=seconds(overall.median_seconds),
                    p90=seconds(overall.p90_seconds),
                    sla=sla,
                )
            )
    s = report.search_totals
    lines.append(
        _("{searches}: {found_nothing}, {opened_nothing}.").format(
            searches=ngettext("{n} search acted on", "{n} searches acted on", s.searches).format(
                n=count(s.searches)
            ),
            found_nothing=ngettext(
                "{n} found nothing", "{n} found nothing", s.found_nothing
            ).format(n=count(s.found_nothing)),
            opened_nothing=ngettext(
                "{n} opened no playbook", "{n} opened no playbook", s.opened_nothing
            ).format(n=count(s.opened_nothing)),
        )
    )
    return lines


def per_day_line(report: Report) -> str:
    if not report.per_day:
        return ""
    first, last = report.per_day[0].day, report.per_day[-1].day
    values = [d.runs for d in report.per_day]
    return _("Cases per day, {first} to {last} (max {max}): {sparkline}").format(
        first=format_date(first),
        last=format_date(last),
        max=count(max(values)),
        sparkline=sparkline(values),
    )
