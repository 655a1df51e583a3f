"""Migration 8 of the journal (see journal/schema.py): step visits, the narrow rows
the report's per-step figures read (reports/step_queries.py)."""

from __future__ import annotations

from livecheck.journal.schema_sql import BOTH, LEAVES_STEP, POSTGRESQL, SQLITE, Statement, step_secs

_VISIT_COLUMNS = "event_id, kind, playbook_id, operator, started_at, step_id, skipped, reason, secs"


def _visit_select(dialect: str, e: str, secs: str) -> str:
    """The step_visits row of event `e` (a move that leaves a step), from its run."""
    reason = (
        f"lower(trim(({e}.data)::jsonb ->> 'reason'))"
        if dialect == POSTGRESQL
        else f"lower(trim(json_extract({e}.data, '$.reason')))"
    )
    return (
        f"SELECT {e}.id, r.kind, r.playbook_id, r.operator, r.started_at, {e}.step_id, "
        f"CASE WHEN {e}.kind = 'skipped' THEN 1 ELSE 0 END, "
        f"CASE WHEN {e}.kind = 'skipped' THEN {reason} END, {secs} "
        f"FROM runs r WHERE r.id = {e}.run_id"
    )


def step_visits_migration() -> tuple[Statement, ...]:
    """Migration 8: the step_visits table, its backfill, its index and its trigger."""
    return (
        Statement(
            """
    CREATE TABLE step_visits (
        event_id BIGINT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        playbook_id TEXT NOT NULL,
        operator TEXT NOT NULL,
        started_at TEXT NOT NULL,
        step_id TEXT NOT NULL,
        skipped INTEGER NOT NULL,
        reason TEXT,
        secs {float}
    )
    """
        ),
        *(
            Statement(
                f"INSERT INTO step_visits ({_VISIT_COLUMNS}) "
                f"{_visit_select(d, 'e', 'e.step_secs').replace(' WHERE ', ', events e WHERE ', 1)}"
                f" AND {LEAVES_STEP.format(e='e')}",
                on=(d,),
            )
            for d in BOTH
        ),
        Statement(
            "CREATE INDEX step_visits_secs ON step_visits "
            "(kind, playbook_id, step_id, secs) INCLUDE (started_at, operator)",
            on=(POSTGRESQL,),
        ),
        Statement(
            "CREATE INDEX step_visits_secs ON step_visits "
            "(kind, playbook_id, step_id, secs, started_at, operator)",
            on=(SQLITE,),
        ),
        Statement(
            f"""
    CREATE TRIGGER events_step_visit AFTER INSERT ON events
    WHEN {LEAVES_STEP.format(e="NEW")}
    BEGIN
        INSERT INTO step_visits ({_VISIT_COLUMNS})
        {_visit_select(SQLITE, "NEW", f"coalesce(NEW.step_secs, {step_secs(SQLITE, 'NEW')})")};
    END
    """,
            on=(SQLITE,),
        ),
        # SECURITY DEFINER: an intern's role inserts events, never visits directly.
        Statement(
            f"""
    CREATE OR REPLACE FUNCTION events_step_visit() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path FROM CURRENT AS $$
    BEGIN
        IF {LEAVES_STEP.format(e="NEW")} THEN
            INSERT INTO step_visits ({_VISIT_COLUMNS})
            {_visit_select(POSTGRESQL, "NEW", "NEW.step_secs")};
        END IF;
        RETURN NULL;
    END $$
    """,
            on=(POSTGRESQL,),
        ),
        Statement(
            "CREATE TRIGGER events_step_visit AFTER INSERT ON events "
            "FOR EACH ROW EXECUTE FUNCTION events_step_visit()",
            on=(POSTGRESQL,),
        ),
    )
