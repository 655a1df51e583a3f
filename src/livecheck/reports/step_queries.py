"""The report's per-step figures: each step's visits and median time, how often it
was skipped and the most common reasons given (the median as in reports/queries.py).

They read step_visits (journal/schema_visits.py, schema version 8): one narrow row
per move that left a step, written as its event arrives, with its run's kind,
playbook, operator and start, whether it was a skip and the reason given, and the
move's duration. No event is joined to its run nor has its JSON read here.
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
    Each visit stores that time when it is recorded (step_visits.secs, from
    events.step_secs: journal/schema.py, version 5)."""
    where, params = scope.where("v")
    return db.execute(
        f"""
        WITH visits AS (
            SELECT v.playbook_id, v.step_id, v.skipped, v.secs,
                   ROW_NUMBER() OVER (PARTITION BY v.playbook_id, v.step_id
                                      ORDER BY v.secs) AS rn,
                   COUNT(*) OVER (PARTITION BY v.playbook_id, v.step_id) AS n
            FROM step_visits v WHERE {where}
        )
        SELECT playbook_id, step_id, count(*),
               avg(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN secs END),
               {count_if("skipped = 1")}
        FROM visits GROUP BY playbook_id, step_id
        """,
        params,
    ).fetchall()


StepRow = tuple[str, str, int, float, int]
SkipRow = tuple[str, str, str, int]


def step_figures(db: Db, scope: Scope) -> tuple[list[StepRow], list[SkipRow]]:
    """The per-step times (see step_times) and the most common skip reasons of each
    step (see skip_reasons). On the team server: the visits are counted per step and
    reason in one pass, and each step's median read from the ordered index
    step_visits_secs (kind, playbook, step, secs): the middle one or two values of
    the step's visits in scope, never a sort of every visit."""
    if not scope.dialect.postgresql:
        return step_times(db, scope), skip_reasons(db, scope)
    where, params = scope.where("v")
    middle, middle_params = scope.where("m")
    rows = db.execute(
        f"""
        WITH visits AS (
            SELECT v.playbook_id AS pb, v.step_id AS step, v.skipped = 1 AS skip,
                   v.reason, count(*) AS n
            FROM step_visits v WHERE {where}
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
               (SELECT avg(secs) FROM (SELECT m.secs FROM step_visits m
                                       WHERE {middle} AND m.playbook_id = s.pb
                                       AND m.step_id = s.step ORDER BY m.secs
                                       OFFSET (s.n - 1) / 2 LIMIT 2 - s.n % 2) mid),
               s.skipped, NULL, NULL
        FROM steps s
        UNION ALL
        SELECT 'reason', pb, step, NULL, NULL, NULL, reason, n FROM reasons
        WHERE rank <= {TOP_SKIP_REASONS}
        """,
        [*params, *middle_params],
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
    where, params = scope.where("v")
    return db.execute(
        f"""
        WITH reasons AS (
            SELECT v.playbook_id, v.step_id, v.reason, count(*) AS n
            FROM step_visits v
            WHERE {where} AND v.skipped = 1
            GROUP BY v.playbook_id, v.step_id, v.reason
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
