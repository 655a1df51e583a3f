"""The report's per-step figures: each step's visits and median time, how often it
was skipped and the most common reasons given (the median as in reports/queries.py).
"""

from __future__ import annotations

from livecheck.reports.dialect import Db, count_if
from livecheck.reports.queries import Scope

TOP_SKIP_REASONS = 3


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
