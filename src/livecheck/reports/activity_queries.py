"""The report's figures of what people looked for and said: searches (how many,
those that found nothing or nothing opened, per person) and feedback (counts and
the latest comments).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from livecheck.reports.catalog import json_list
from livecheck.reports.dialect import Db, count_if, dialect_of
from livecheck.reports.period import Period
from livecheck.reports.queries import timed, who

TOP_MISSING_SEARCHES = 20
RECENT_COMMENTS = 20


def search_totals(db: Db, period: Period, operator: str | None = None) -> tuple[int, int, int]:
    clauses, params = timed("at", period)
    who(clauses, params, "operator", operator)
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
    who(clauses, params, "operator", operator)
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
    who(clauses, params, "f.operator", operator)
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


def searches_per_operator(db: Db, period: Period, operator: str | None = None) -> dict[str, int]:
    clauses, params = timed("at", period)
    who(clauses, params, "operator", operator)
    where = " AND ".join(["kind = 'case'", *clauses])
    rows = db.execute(
        f"SELECT operator, count(*) FROM searches WHERE {where} GROUP BY operator", params
    ).fetchall()
    return {op: int(n) for op, n in rows}
