"""The report as immutable data: what every renderer and the stats screen show.

Times are in seconds; rates are fractions (0.25 for 25 %), None when there is
nothing to divide by. Case figures never include drill runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from livecheck.i18n import _
from livecheck.reports.period import Period

# A word is suggested once searched this many times (`keywords --suggest --min`).
DEFAULT_MIN_SEARCHES = 2

# How a run is counted: its outcome once ended, else how it stands.
ABANDONED, UNFINISHED = "abandoned", "unfinished"


@dataclass(frozen=True, slots=True)
class OutcomeCount:
    label: str  # an outcome ("resolved", "escalated", ...), "abandoned" or "unfinished"
    runs: int


@dataclass(frozen=True, slots=True)
class Rates:
    runs: int  # every run started in the period
    finished: int  # ended with an outcome, or abandoned
    resolved: int
    escalated: int
    abandoned: int
    unfinished: int

    @property
    def resolution_rate(self) -> float | None:
        """Resolved runs out of finished ones (unfinished runs are not decided yet)."""
        return self.resolved / self.finished if self.finished else None

    @property
    def escalation_rate(self) -> float | None:
        return self.escalated / self.finished if self.finished else None


@dataclass(frozen=True, slots=True)
class PlaybookRuns:
    playbook_id: str
    title: str
    owner: str | None
    rates: Rates
    outcomes: tuple[OutcomeCount, ...]  # most frequent first


@dataclass(frozen=True, slots=True)
class TimeToOutcome:
    """Start to outcome, for runs that reached one (abandoned and unfinished runs have none)."""

    playbook_id: str | None  # None: every playbook together
    runs: int
    median_seconds: float
    p90_seconds: float
    sla_minutes: int | None  # the playbook's SLA (its latest, if versions differ)
    with_sla: int  # runs that had an SLA
    breaches: int  # runs whose time to outcome was over their SLA


@dataclass(frozen=True, slots=True)
class SkipReason:
    reason: str  # as typed, lower-cased and trimmed
    count: int


@dataclass(frozen=True, slots=True)
class StepStats:
    playbook_id: str
    step_id: str
    step_title: str
    visits: int  # times the step was left: done, skipped or chosen
    median_seconds: float
    skipped: int
    reasons: tuple[SkipReason, ...]  # the most common first, at most 3

    @property
    def skip_rate(self) -> float:
        return self.skipped / self.visits if self.visits else 0.0


@dataclass(frozen=True, slots=True)
class DropOff:
    """Where abandoned and unfinished runs stopped."""

    playbook_id: str
    step_id: str | None  # None: waiting for an outcome
    step_title: str
    abandoned: int
    unfinished: int


@dataclass(frozen=True, slots=True)
class SearchTotals:
    searches: int
    found_nothing: int
    opened_nothing: int  # found something, but no playbook was opened


@dataclass(frozen=True, slots=True)
class MissingSearch:
    """Searches, grouped by their folded text, that found nothing or led to no playbook."""

    normalized: str
    searches: int
    found_nothing: int
    last_at: dt.datetime


@dataclass(frozen=True, slots=True)
class StalePlaybook:
    playbook_id: str
    lang: str
    title: str
    owner: str
    reviewed: dt.date
    due: dt.date  # the last day it counted as current
    days_overdue: int


@dataclass(frozen=True, slots=True)
class OlderTranslation:
    playbook_id: str
    lang: str
    reviewed: dt.date
    source_lang: str  # the most recently reviewed language
    source_reviewed: dt.date
    owner: str

    @property
    def days_behind(self) -> int:
        return (self.source_reviewed - self.reviewed).days


@dataclass(frozen=True, slots=True)
class DrillPassRate:
    category: str
    attempts: int  # finished drill runs
    passed: int

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.attempts if self.attempts else None


@dataclass(frozen=True, slots=True)
class FeedbackCount:
    playbook_id: str
    title: str
    owner: str | None
    total: int
    reasons: tuple[tuple[str, int], ...]  # (reason, count), most frequent first


@dataclass(frozen=True, slots=True)
class OwnerFeedback:
    owner: str
    total: int
    playbooks: int


@dataclass(frozen=True, slots=True)
class FeedbackComment:
    at: dt.datetime
    playbook_id: str
    lang: str
    reason: str
    comment: str
    run_id: str


@dataclass(frozen=True, slots=True)
class DayCount:
    day: dt.date
    runs: int


@dataclass(frozen=True, slots=True)
class OperatorFigures:
    """One person's runs and searches (the team journal's per-operator table)."""

    operator: str
    rates: Rates
    breaches: int  # runs over their SLA
    searches: int


@dataclass(frozen=True, slots=True)
class Report:
    generated_at: dt.datetime
    today: dt.date
    period: Period
    category: str | None
    totals: Rates
    outcomes: tuple[OutcomeCount, ...]  # every playbook together
    playbooks: tuple[PlaybookRuns, ...]  # most runs first
    overall_time: TimeToOutcome | None
    times: tuple[TimeToOutcome, ...]
    steps: tuple[StepStats, ...]
    drop_offs: tuple[DropOff, ...]
    search_totals: SearchTotals
    missing: tuple[MissingSearch, ...]  # most frequent first
    stale: tuple[StalePlaybook, ...]
    older_translations: tuple[OlderTranslation, ...]
    drills: tuple[DrillPassRate, ...]
    feedback: tuple[FeedbackCount, ...]
    feedback_owners: tuple[OwnerFeedback, ...]
    feedback_comments: tuple[FeedbackComment, ...]  # newest first
    per_day: tuple[DayCount, ...]  # every day of the period, zeros included
    operators: tuple[OperatorFigures, ...] = ()  # most runs first
    operator: str | None = None  # only this person's runs, searches and feedback
    team_url: str | None = None  # None: this machine's journal; else the team server (masked)
    # Words searched before opening a playbook that lacks them (reports/keywords.py).
    keyword_suggestions: tuple[KeywordSuggestion, ...] = ()

    @property
    def has_runs(self) -> bool:
        return self.totals.runs > 0

    def scope(self) -> str:
        """What the report covers, in words: "between 1 November 2026 and 30 November 2026,
        category trust-safety, operator lea"."""
        scope = self.period.describe()
        if self.category:
            scope = _("{period}, category {category}").format(period=scope, category=self.category)
        if self.operator:
            scope = _("{scope}, operator {operator}").format(scope=scope, operator=self.operator)
        return scope

    def no_runs_message(self) -> str:
        return _("No runs {scope}.").format(scope=self.scope())


# -- what the team searched (reports/keywords.py) ---------------------------------


@dataclass(frozen=True, slots=True)
class KeywordSuggestion:
    """A word searched `searches` times before `playbook_id` was opened, which it lacks."""

    playbook_id: str
    owner: str | None
    word: str
    searches: int


@dataclass(frozen=True, slots=True)
class NothingFound:
    """Searches with the same folded text that found nothing."""

    normalized: str
    searches: int
    last_at: dt.datetime


@dataclass(frozen=True, slots=True)
class KeywordReport:
    suggestions: tuple[KeywordSuggestion, ...]  # most searched first
    nothing_found: tuple[NothingFound, ...]  # most frequent first
    min_searches: int
