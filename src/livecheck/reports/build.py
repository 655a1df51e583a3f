"""Gathering a report: the journal's figures (SQL) plus the library's."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from typing import Any, Protocol

from livecheck.playbook.library import Library
from livecheck.reports import activity_queries, step_queries
from livecheck.reports import queries as q
from livecheck.reports.catalog import Catalog
from livecheck.reports.dialect import Db, dialect_of
from livecheck.reports.drills import drill_pass_rates
from livecheck.reports.keywords import keyword_suggestions
from livecheck.reports.library_health import older_translations, stale_playbooks
from livecheck.reports.model import (
    ABANDONED,
    UNFINISHED,
    DayCount,
    DropOff,
    FeedbackComment,
    FeedbackCount,
    MissingSearch,
    OperatorFigures,
    OutcomeCount,
    OwnerFeedback,
    PlaybookRuns,
    Rates,
    Report,
    SearchTotals,
    SkipReason,
    StepStats,
    TimeToOutcome,
)
from livecheck.reports.period import Period

ESCALATED, RESOLVED = "escalated", "resolved"
MAX_DAYS_PER_DAY = 366  # the cases-per-day series keeps the last year of a longer period


class ReportSource(Protocol):
    """A journal to read figures from: the local one, or the team server."""

    def snapshot(self) -> contextlib.AbstractContextManager[Any]: ...


def build_report(
    journal: ReportSource,
    library: Library,
    *,
    period: Period | None = None,
    category: str | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    operator: str | None = None,
) -> Report:
    """Every figure of the report, read from one consistent state of the journal
    (`operator`: only that person's runs, searches and feedback)."""
    now = now or dt.datetime.now(dt.UTC)
    team_url = getattr(journal, "masked_url", None)
    with journal.snapshot() as db:
        return report_from(
            db,
            library,
            period=period or Period(),
            category=category,
            today=today,
            now=now,
            operator=operator,
            team_url=team_url,
        )


def report_from(
    db: Db,
    library: Library,
    *,
    period: Period,
    category: str | None,
    today: dt.date | None,
    now: dt.datetime,
    operator: str | None = None,
    team_url: str | None = None,
) -> Report:
    today = today or now.date()
    catalog = Catalog.build(library, db)
    ids = catalog.ids_in(category) if category else None
    dialect = dialect_of(db)
    cases = q.Scope("case", period, ids, operator, dialect)
    totals, outcomes, playbooks = _runs(db, cases, catalog)
    per_playbook_times, overall = q.times_to_outcome(db, cases)
    feedback, owners = _feedback(db, period, ids, catalog, operator)
    searched = activity_queries.search_totals(db, period, operator)
    return Report(
        generated_at=now,
        today=today,
        period=period,
        category=category,
        totals=totals,
        outcomes=outcomes,
        playbooks=playbooks,
        overall_time=_time(overall) if overall else None,
        times=tuple(_time(row) for row in per_playbook_times),
        steps=_steps(db, cases, catalog),
        drop_offs=tuple(
            DropOff(pb, step, catalog_step_title(catalog, pb, step), abandoned, unfinished)
            for pb, step, abandoned, unfinished in q.drop_offs(db, cases)
        ),
        search_totals=SearchTotals(*searched),
        missing=tuple(
            MissingSearch(text, n, nothing, dt.datetime.fromisoformat(last))
            for text, n, nothing, last in activity_queries.missing_searches(db, period, operator)
        ),
        stale=stale_playbooks(library, today, category),
        older_translations=older_translations(library, category),
        drills=drill_pass_rates(db, q.Scope("drill", period, ids, operator, dialect)),
        feedback=feedback,
        feedback_owners=owners,
        feedback_comments=tuple(
            FeedbackComment(dt.datetime.fromisoformat(at), pb, lang, reason, comment, run_id)
            for at, pb, lang, reason, comment, run_id in activity_queries.feedback_comments(
                db, period, ids, operator
            )
        ),
        per_day=_per_day(q.runs_per_day(db, cases), period),
        operators=_operators(db, cases),
        operator=operator,
        team_url=team_url,
        keyword_suggestions=keyword_suggestions(db, library, period=period),
    )


def _operators(db: Db, scope: q.Scope) -> tuple[OperatorFigures, ...]:
    searches = activity_queries.searches_per_operator(db, scope.period, scope.operator)
    people = [
        OperatorFigures(operator, _rates(labels), breaches, searches.get(operator, 0))
        for operator, labels, breaches in q.per_operator(db, scope)
    ]
    return tuple(sorted(people, key=lambda p: (-p.rates.runs, p.operator)))


def catalog_step_title(catalog: Catalog, playbook_id: str, step_id: str | None) -> str:
    info = catalog.get(playbook_id)
    if info is None:
        return step_id or "(choosing the outcome)"
    return info.step_title(step_id)


def _runs(
    db: Db, scope: q.Scope, catalog: Catalog
) -> tuple[Rates, tuple[OutcomeCount, ...], tuple[PlaybookRuns, ...]]:
    per_playbook: dict[str, dict[str, int]] = defaultdict(dict)
    titles: dict[str, str] = {}
    for playbook_id, title, label, runs in q.outcome_counts(db, scope):
        per_playbook[playbook_id][label] = runs
        titles[playbook_id] = title
    overall: dict[str, int] = defaultdict(int)
    playbooks = []
    for playbook_id, labels in per_playbook.items():
        for label, runs in labels.items():
            overall[label] += runs
        playbooks.append(
            PlaybookRuns(
                playbook_id,
                catalog.title(playbook_id, titles[playbook_id]),
                catalog.owner(playbook_id),
                _rates(labels),
                _ranked(labels),
            )
        )
    playbooks.sort(key=lambda p: (-p.rates.runs, p.playbook_id))
    return _rates(overall), _ranked(overall), tuple(playbooks)


def _rates(labels: dict[str, int]) -> Rates:
    runs = sum(labels.values())
    unfinished = labels.get(UNFINISHED, 0)
    return Rates(
        runs=runs,
        finished=runs - unfinished,
        resolved=labels.get(RESOLVED, 0),
        escalated=labels.get(ESCALATED, 0),
        abandoned=labels.get(ABANDONED, 0),
        unfinished=unfinished,
    )


def _ranked(labels: dict[str, int]) -> tuple[OutcomeCount, ...]:
    return tuple(
        OutcomeCount(label, runs)
        for label, runs in sorted(labels.items(), key=lambda item: (-item[1], item[0]))
    )


def _time(row: tuple[str | None, int, float, float, int | None, int, int]) -> TimeToOutcome:
    playbook_id, runs, median, p90, sla, with_sla, breaches = row
    if playbook_id is None:  # every playbook together: SLAs differ, breaches still add up
        sla = None
    return TimeToOutcome(
        playbook_id, runs, round(median, 3), round(p90, 3), sla, int(with_sla), int(breaches)
    )


def _steps(db: Db, scope: q.Scope, catalog: Catalog) -> tuple[StepStats, ...]:
    step_rows, skips = step_queries.step_figures(db, scope)
    reasons: dict[tuple[str, str], list[SkipReason]] = defaultdict(list)
    for playbook_id, step_id, reason, count in skips:
        reasons[(playbook_id, step_id)].append(SkipReason(reason or "", count))
    steps = [
        StepStats(
            playbook_id,
            step_id,
            catalog_step_title(catalog, playbook_id, step_id),
            visits,
            round(median, 3),
            int(skipped),
            tuple(reasons.get((playbook_id, step_id), ())),
        )
        for playbook_id, step_id, visits, median, skipped in step_rows
    ]

    def order(s: StepStats) -> tuple[str, int, str]:
        info = catalog.get(s.playbook_id)
        return (s.playbook_id, info.step_rank(s.step_id) if info else 0, s.step_id)

    return tuple(sorted(steps, key=order))


def _feedback(
    db: Db, period: Period, ids: list[str] | None, catalog: Catalog, operator: str | None
) -> tuple[tuple[FeedbackCount, ...], tuple[OwnerFeedback, ...]]:
    per_playbook: dict[str, dict[str, int]] = defaultdict(dict)
    for playbook_id, reason, count in activity_queries.feedback_counts(db, period, ids, operator):
        per_playbook[playbook_id][reason] = count
    counts = sorted(
        (
            FeedbackCount(
                playbook_id,
                catalog.title(playbook_id),
                catalog.owner(playbook_id),
                sum(reasons.values()),
                tuple(sorted(reasons.items(), key=lambda item: (-item[1], item[0]))),
            )
            for playbook_id, reasons in per_playbook.items()
        ),
        key=lambda f: (-f.total, f.playbook_id),
    )
    owners: dict[str, list[FeedbackCount]] = defaultdict(list)
    for item in counts:
        owners[item.owner or "unknown"].append(item)
    by_owner = sorted(
        (
            OwnerFeedback(owner, sum(c.total for c in items), len(items))
            for owner, items in owners.items()
        ),
        key=lambda o: (-o.total, o.owner),
    )
    return tuple(counts), tuple(by_owner)


def _per_day(rows: list[tuple[str, int]], period: Period) -> tuple[DayCount, ...]:
    """Runs started each day of the period (or from the first day with runs to the last),
    days without runs included as zeros."""
    counts = {dt.date.fromisoformat(day): runs for day, runs in rows}
    first = period.since or (min(counts) if counts else None)
    last = period.until or (max(counts) if counts else None)
    if first is None or last is None:
        return ()
    first = max(first, last - dt.timedelta(days=MAX_DAYS_PER_DAY - 1))
    days = (last - first).days + 1
    return tuple(
        DayCount(day, counts.get(day, 0))
        for day in (first + dt.timedelta(days=n) for n in range(days))
    )
