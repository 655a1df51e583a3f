"""The report's SQL, and the figures of runs: how they ended, how long they took,
where they stopped, per day and per person, and the drill attempts. What every
query counts (Scope, timed, who) is defined here; the per-step figures are in
reports/step_queries.py, searches and feedback in reports/activity_queries.py.

Every figure is a GROUP BY or a window function over the journal, so the work
grows with the number of groups returned, not with Python code run per event.

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
from livecheck.reports.dialect import SQLITE, Db, Dialect, count_if
from livecheck.reports.period import Period

# What a run counts as: its outcome once ended, else how it stands.
RUN_LABEL = (
    "CASE r.status WHEN 'active' THEN 'unfinished' WHEN 'abandoned' THEN 'abandoned' "
    "ELSE coalesce(r.outcome, 'ended') END"
)
ABANDONED_COUNT = count_if("r.status = 'abandoned'")
ACTIVE_COUNT = count_if("r.status = 'active'")


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


def who(clauses: list[str], params: list[Any], column: str, operator: str | None) -> None:
    if operator is not None:
        clauses.append(f"{column} = ?")
        params.append(operator)


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


def drill_attempt_counts(db: Db, scope: Scope) -> list[tuple[str, int, int]]:
    """(category, attempts, passed) for the drill attempts begun in the period."""
    clauses, params = timed("a.started_at", scope.period)
    who(clauses, params, "a.trainee", scope.operator)
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
