"""The report's SQL: every figure is a GROUP BY or a window function over the
journal, so the work grows with the number of groups returned, not with Python
code run per event.

Percentiles use whole ranks, computed in SQL over rows ordered by value
(ROW_NUMBER() and COUNT() OVER the same partition): the median of n values is
the mean of ranks floor((n+1)/2) and floor((n+2)/2) (the middle value, or the
mean of the two middle values); the 90th percentile is the value at rank
ceil(0.9 n) (nearest rank).

The SQL is shared by the local SQLite journal and the team's PostgreSQL server;
what they spell differently comes from reports/dialect.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from livecheck.reports.catalog import json_list
from livecheck.reports.dialect import SQLITE, Db, Dialect, count_if, dialect_of
from livecheck.reports.period import Period

# What a run counts as: its outcome once ended, else how it stands.
RUN_LABEL = (
    "CASE r.status WHEN 'active' THEN 'unfinished' WHEN 'abandoned' THEN 'abandoned' "
    "ELSE coalesce(r.outcome, 'ended') END"
)
ABANDONED_COUNT = count_if("r.status = 'abandoned'")
ACTIVE_COUNT = count_if("r.status = 'active'")
TOP_SKIP_REASONS = 3
TOP_MISSING_SEARCHES = 20
RECENT_COMMENTS = 20


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class Scope:
    """Which runs a figure counts: a kind, started in the period, of some playbooks."""

    kind: str
    period: Period
    playbook_ids: Sequence[str] | None = None  # None: every playbook
    operator: str | None = None  # None: everyone's runs
    dialect: Dialect = SQLITE

    def where(self, alias: str = "r") -> tuple[str, list[Any]]:
        clauses, params = [f"{alias}.kind = ?"], [self.kind]
        clauses_, params_ = timed(f"{alias}.started_at", self.period)
        clauses += clauses_
        params += params_
        if self.playbook_ids is not None:
            clauses.append(self.dialect.in_list(f"{alias}.playbook_id"))
            params.append(json_list(self.playbook_ids))
        if self.operator is not None:
            clauses.append(f"{alias}.operator = ?")
            params.append(self.operator)
        return " AND ".join(clauses), params


def timed(column: str, period: Period) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if period.start is not None:
        clauses.append(f"{column} >= ?")
        params.append(_iso(period.start))
    if period.end is not None:
        clauses.append(f"{column} < ?")
        params.append(_iso(period.end))
    return clauses, params


def outcome_counts(db: Db, scope: Scope) -> list[tuple[str, str, str, int]]:
    """(playbook id, latest title, label, runs) for each playbook and label."""
    where, params = scope.where()
    return db.execute(
        f"SELECT r.playbook_id, max(r.title), {RUN_LABEL} AS label, count(*) FROM runs r "
        f"WHERE {where} GROUP BY r.playbook_id, label",
        params,
    ).fetchall()


TimeRow = tuple[str | None, int, float, float, int | None, int, int]


def times_to_outcome(db: Db, scope: Scope) -> tuple[list[TimeRow], TimeRow | None]:
    """Per playbook, most runs first, and every playbook together (None when no run
    ended): (playbook id or None, runs, median s, p90 s, SLA minutes, runs with an SLA,
    breaches), over each run's stored duration (runs.duration_secs, schema version 6)."""
    where, params = scope.where()
    ended = f"FROM runs r WHERE {where} AND r.status = 'ended' AND r.duration_secs IS NOT NULL"
    if scope.dialect.postgresql:
        # One pass for both: GROUPING SETS (each playbook, and all of them), grouped in
        # a hash table, each group's times sorted on their own. The latest run's SLA:
        # that of the greatest (start, SLA) pair.
        rows = db.execute(
            f"""
            WITH grouped AS (
                SELECT CASE WHEN GROUPING(r.playbook_id) = 0 THEN r.playbook_id END AS pb,
                       GROUPING(r.playbook_id) AS overall, count(*) AS n,
                       array_agg(r.duration_secs) AS secs,
                       (max(ARRAY[r.started_at, r.sla_minutes::text]))[2]::integer AS latest_sla,
                       {count_if("r.sla_minutes IS NOT NULL")} AS with_sla,
                       {count_if("r.sla_minutes IS NOT NULL AND r.duration_secs > r.sla_minutes * 60.0")}
                           AS breaches
                {ended}
                GROUP BY GROUPING SETS ((r.playbook_id), ())
            )
            SELECT pb, n,
                   (SELECT avg(v) FROM (SELECT v FROM unnest(secs) v ORDER BY v
                                        OFFSET (n - 1) / 2 LIMIT 2 - n % 2) middle),
                   (SELECT v FROM unnest(secs) v ORDER BY v OFFSET (9 * n + 9) / 10 - 1 LIMIT 1),
                   latest_sla, with_sla, breaches, overall
            FROM grouped WHERE n > 0 ORDER BY n DESC, pb
            """,
            params,
        ).fetchall()
        every = [tuple(row[:7]) for row in rows if row[7]]
        return [tuple(row[:7]) for row in rows if not row[7]], (every[0] if every else None)
    per_playbook = _sqlite_times(db, ended, params, per_playbook=True)
    overall = _sqlite_times(db, ended, params, per_playbook=False)
    return per_playbook, (overall[0] if overall else None)


def _sqlite_times(db: Db, ended: str, params: list[Any], *, per_playbook: bool) -> list[TimeRow]:
    key = "r.playbook_id" if per_playbook else "NULL"
    partition = "PARTITION BY r.playbook_id" if per_playbook else ""
    return db.execute(
        f"""
        WITH timed AS (
            SELECT {key} AS pb, r.sla_minutes AS sla, r.duration_secs AS secs,
                   FIRST_VALUE(r.sla_minutes) OVER (
                       {partition} ORDER BY r.started_at DESC
                       ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                   ) AS latest_sla,
                   ROW_NUMBER() OVER ({partition} ORDER BY r.duration_secs) AS rn,
                   COUNT(*) OVER ({partition}) AS n
            {ended}
        )
        SELECT pb, count(*),
               avg(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN secs END),
               max(CASE WHEN rn = (9 * n + 9) / 10 THEN secs END),
               max(latest_sla),
               {count_if("sla IS NOT NULL")},
               {count_if("sla IS NOT NULL AND secs > sla * 60.0")}
        FROM timed GROUP BY pb ORDER BY count(*) DESC, pb
        """,
        params,
    ).fetchall()


def step_times(db: Db, scope: Scope) -> list[tuple[str, str, int, float, int]]:
    """(playbook id, step id, visits, median s, skipped) per step.

    A visit's time runs from the previous action that moved the run on (its
    start, the previous step left, a pause acknowledged) to leaving the step
    (done, skipped or a choice). A move later undone with `back` still counts.
    Each event stores that time when it is recorded (events.step_secs, filled by
    a trigger: journal/schema.py, version 5), so this reads figures, not a window
    over every move of every run."""
    where, params = scope.where()
    visited = (
        f"FROM runs r JOIN events e ON e.run_id = r.id WHERE {where} "
        "AND e.kind IN ('done', 'skipped', 'chosen') AND e.step_id IS NOT NULL"
    )
    skipped = count_if("e.kind = 'skipped'")
    if scope.dialect.postgresql:
        # Grouped in a hash table, each step's times sorted on their own: no sort of
        # every visit by (playbook, step), which dominated the report on a large
        # server. Ranks as below (NULLs last, as PostgreSQL orders them).
        return db.execute(
            f"""
            WITH steps AS (
                SELECT r.playbook_id, e.step_id, count(*) AS n,
                       array_agg(e.step_secs) AS secs, {skipped} AS skipped
                {visited}
                GROUP BY r.playbook_id, e.step_id
            )
            SELECT playbook_id, step_id, n,
                   (SELECT avg(v) FROM (SELECT v FROM unnest(secs) v ORDER BY v
                                        OFFSET (n - 1) / 2 LIMIT 2 - n % 2) middle),
                   skipped
            FROM steps
            """,
            params,
        ).fetchall()
    return db.execute(
        f"""
        WITH visits AS (
            SELECT r.playbook_id, e.step_id, e.kind, e.step_secs AS secs,
                   ROW_NUMBER() OVER (PARTITION BY r.playbook_id, e.step_id
                                      ORDER BY e.step_secs) AS rn,
                   COUNT(*) OVER (PARTITION BY r.playbook_id, e.step_id) AS n
            {visited}
        )
        SELECT playbook_id, step_id, count(*),
               avg(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN secs END),
               {count_if("kind = 'skipped'")}
        FROM visits GROUP BY playbook_id, step_id
        """,
        params,
    ).fetchall()


StepRow = tuple[str, str, int, float, int]
SkipRow = tuple[str, str, str, int]


def step_figures(db: Db, scope: Scope) -> tuple[list[StepRow], list[SkipRow]]:
    """The per-step times (see step_times) and the most common skip reasons of each
    step (see skip_reasons). On the team server both come from one pass over the
    visits: the events are read and joined to their runs once, not twice."""
    if not scope.dialect.postgresql:
        return step_times(db, scope), skip_reasons(db, scope)
    where, params = scope.where()
    reason = f"lower(trim({scope.dialect.json_text('e.data', 'reason')}))"
    rows = db.execute(
        f"""
        WITH visits AS (
            SELECT r.playbook_id AS pb, e.step_id AS step, e.kind = 'skipped' AS skip,
                   CASE WHEN e.kind = 'skipped' THEN {reason} END AS reason,
                   count(*) AS n, array_agg(e.step_secs) AS secs
            FROM runs r JOIN events e ON e.run_id = r.id WHERE {where}
            AND e.kind IN ('done', 'skipped', 'chosen') AND e.step_id IS NOT NULL
            GROUP BY 1, 2, 3, 4
        ),
        steps AS (
            SELECT pb, step, sum(n)::bigint AS n, sum(CASE WHEN skip THEN n ELSE 0 END) AS skipped
            FROM visits GROUP BY pb, step
        ),
        reasons AS (
            SELECT pb, step, reason, n,
                   ROW_NUMBER() OVER (PARTITION BY pb, step ORDER BY n DESC, reason) AS rank
            FROM visits WHERE skip
        )
        SELECT 'step', s.pb, s.step, s.n,
               (SELECT avg(v) FROM (SELECT v FROM visits w, unnest(w.secs) v
                                    WHERE w.pb = s.pb AND w.step = s.step ORDER BY v
                                    OFFSET (s.n - 1) / 2 LIMIT 2 - s.n % 2) middle),
               s.skipped, NULL, NULL
        FROM steps s
        UNION ALL
        SELECT 'reason', pb, step, NULL, NULL, NULL, reason, n FROM reasons
        WHERE rank <= {TOP_SKIP_REASONS}
        """,
        params,
    ).fetchall()
    steps = [
        (pb, step, int(n), median, int(skipped))
        for k, pb, step, n, median, skipped, *_ in rows
        if k == "step"
    ]
    reasons = sorted(
        ((pb, step, why, int(n)) for k, pb, step, *_, why, n in rows if k == "reason"),
        key=lambda r: (r[0], r[1], -r[3], r[2] is None, r[2] or ""),
    )
    return steps, reasons


def skip_reasons(db: Db, scope: Scope) -> list[tuple[str, str, str, int]]:
    """(playbook id, step id, reason, count): the most common reasons of each step."""
    where, params = scope.where()
    return db.execute(
        f"""
        WITH reasons AS (
            SELECT r.playbook_id, e.step_id,
                   lower(trim({scope.dialect.json_text("e.data", "reason")})) AS reason,
                   count(*) AS n
            FROM runs r JOIN events e ON e.run_id = r.id
            WHERE {where} AND e.kind = 'skipped'
            GROUP BY r.playbook_id, e.step_id, 3
        ),
        ranked AS (
            SELECT *, ROW_NUMBER() OVER (PARTITION BY playbook_id, step_id
                                         ORDER BY n DESC, reason) AS rank
            FROM reasons
        )
        SELECT playbook_id, step_id, reason, n FROM ranked
        WHERE rank <= {TOP_SKIP_REASONS} ORDER BY playbook_id, step_id, rank
        """,
        params,
    ).fetchall()


def drop_offs(db: Db, scope: Scope) -> list[tuple[str, str | None, int, int]]:
    """(playbook id, step id, abandoned, unfinished): where runs that did not end stopped."""
    where, params = scope.where()
    return db.execute(
        f"SELECT r.playbook_id, r.current_step, {ABANDONED_COUNT}, {ACTIVE_COUNT} "
        f"FROM runs r WHERE {where} AND r.status != 'ended' "
        "GROUP BY r.playbook_id, r.current_step ORDER BY count(*) DESC, r.playbook_id",
        params,
    ).fetchall()


def runs_per_day(db: Db, scope: Scope) -> list[tuple[str, int]]:
    where, params = scope.where()
    return db.execute(
        f"SELECT substr(r.started_at, 1, 10) AS day, count(*) FROM runs r WHERE {where} "
        "GROUP BY day ORDER BY day",
        params,
    ).fetchall()


def _who(clauses: list[str], params: list[Any], column: str, operator: str | None) -> None:
    if operator is not None:
        clauses.append(f"{column} = ?")
        params.append(operator)


def search_totals(db: Db, period: Period, operator: str | None = None) -> tuple[int, int, int]:
    clauses, params = timed("at", period)
    _who(clauses, params, "operator", operator)
    where = " AND ".join(["kind = 'case'", *clauses])
    row = db.execute(
        f"SELECT count(*), coalesce({count_if('results = 0')}, 0), "
        f"coalesce({count_if('results > 0 AND opened_playbook_id IS NULL')}, 0) "
        f"FROM searches WHERE {where}",
        params,
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def missing_searches(
    db: Db, period: Period, operator: str | None = None
) -> list[tuple[str, int, int, str]]:
    """(folded text, searches, of which found nothing, last at), most frequent first."""
    clauses, params = timed("at", period)
    _who(clauses, params, "operator", operator)
    where = " AND ".join(["kind = 'case'", "(results = 0 OR opened_playbook_id IS NULL)", *clauses])
    return db.execute(
        f"SELECT normalized, count(*), {count_if('results = 0')}, max(at) FROM searches "
        f"WHERE {where} "
        f"GROUP BY normalized ORDER BY count(*) DESC, max(at) DESC LIMIT {TOP_MISSING_SEARCHES}",
        params,
    ).fetchall()


def _feedback_where(
    db: Db, period: Period, playbook_ids: Sequence[str] | None, operator: str | None
) -> tuple[str, list[Any]]:
    clauses, params = timed("f.at", period)
    _who(clauses, params, "f.operator", operator)
    if playbook_ids is not None:
        clauses.append(dialect_of(db).in_list("f.playbook_id"))
        params.append(json_list(playbook_ids))
    return " AND ".join(["1 = 1", *clauses]), params


def feedback_counts(
    db: Db, period: Period, playbook_ids: Sequence[str] | None, operator: str | None = None
) -> list[tuple[str, str, int]]:
    """(playbook id, reason, count)."""
    where, params = _feedback_where(db, period, playbook_ids, operator)
    return db.execute(
        f"SELECT f.playbook_id, f.reason, count(*) FROM feedback f WHERE {where} "
        "GROUP BY f.playbook_id, f.reason",
        params,
    ).fetchall()


def feedback_comments(
    db: Db, period: Period, playbook_ids: Sequence[str] | None, operator: str | None = None
) -> list[tuple[str, str, str, str, str, str]]:
    """(at, playbook id, lang, reason, comment, run id), newest first."""
    where, params = _feedback_where(db, period, playbook_ids, operator)
    return db.execute(
        f"SELECT f.at, f.playbook_id, f.lang, f.reason, f.comment, f.run_id FROM feedback f "
        f"WHERE {where} AND f.comment IS NOT NULL ORDER BY f.at DESC LIMIT {RECENT_COMMENTS}",
        params,
    ).fetchall()


def drill_attempt_counts(db: Db, scope: Scope) -> list[tuple[str, int, int]]:
    """(category, attempts, passed) for the drill attempts begun in the period."""
    clauses, params = timed("a.started_at", scope.period)
    _who(clauses, params, "a.trainee", scope.operator)
    if scope.playbook_ids is not None:
        clauses.append(scope.dialect.in_list("a.playbook_id"))
        params.append(json_list(scope.playbook_ids))
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return db.execute(
        f"SELECT a.category, count(*), sum(a.passed) FROM drill_attempts a {where} "
        "GROUP BY a.category ORDER BY a.category",
        params,
    ).fetchall()


def per_operator(db: Db, scope: Scope) -> list[tuple[str, dict[str, int], int]]:
    """(operator, {label: runs}, breaches): each person's runs by how they stand."""
    where, params = scope.where()
    breach = "r.duration_secs > r.sla_minutes * 60.0"  # stored: see times_to_outcome
    rows = db.execute(
        f"SELECT r.operator, {RUN_LABEL} AS label, count(*), {count_if(breach)} "
        f"FROM runs r WHERE {where} GROUP BY r.operator, label",
        params,
    ).fetchall()
    figures: dict[str, tuple[dict[str, int], list[int]]] = {}
    for operator, label, runs, breaches in rows:
        labels, over = figures.setdefault(operator, ({}, [0]))
        labels[label] = int(runs)
        over[0] += int(breaches)
    return [(op, labels, over[0]) for op, (labels, over) in figures.items()]


def searches_per_operator(db: Db, period: Period, operator: str | None = None) -> dict[str, int]:
    clauses, params = timed("at", period)
    _who(clauses, params, "operator", operator)
    where = " AND ".join(["kind = 'case'", *clauses])
    rows = db.execute(
        f"SELECT operator, count(*) FROM searches WHERE {where} GROUP BY operator", params
    ).fetchall()
    return {op: int(n) for op, n in rows}
