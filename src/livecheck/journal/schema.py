"""The journal's schema: versioned migrations, the single source of truth for both
backends (the local SQLite file and the team's PostgreSQL server).

Each migration is SQL written once with a few placeholders for what the two
dialects spell differently ({id}: an auto-numbered key, {blob}: bytes, {float}: an
8-byte float, {new_uid}: a fresh random id for rows that predate event ids). A statement may
be marked for one backend only (the outbox is local; the handover log and the
schema version table live on the server).
"""

from __future__ import annotations

from livecheck.journal.schema_sql import (
    APPLICATION_ID,
    BOTH,
    LEAVES_STEP,
    POSTGRESQL,
    SQLITE,
    Migration,
    Statement,
    both,
    run_secs,
    step_secs,
    step_secs_backfill,
)
from livecheck.journal.schema_visits import step_visits_migration

__all__ = [
    "APPLICATION_ID",
    "BOTH",
    "MIGRATIONS",
    "POSTGRESQL",
    "SCHEMA_VERSION",
    "SQLITE",
    "pending",
]

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        both(
            """
    CREATE TABLE playbook_versions (
        sha256 TEXT PRIMARY KEY,
        content {blob} NOT NULL
    );
    CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL DEFAULT 'case' CHECK (kind IN ('case', 'drill')),
        playbook_id TEXT NOT NULL,
        lang TEXT NOT NULL,
        version TEXT NOT NULL REFERENCES playbook_versions(sha256),
        path TEXT NOT NULL,
        title TEXT NOT NULL,
        case_ref TEXT,
        operator TEXT NOT NULL,
        started_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended', 'abandoned')),
        outcome TEXT,
        ended_at TEXT,
        current_step TEXT,
        last_event_at TEXT NOT NULL,
        sla_minutes INTEGER
    );
    CREATE INDEX runs_open ON runs (status, kind, last_event_at);
    CREATE INDEX runs_started ON runs (started_at);
    CREATE TABLE events (
        id {id},
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        step_id TEXT,
        data TEXT NOT NULL DEFAULT '{{}}',
        UNIQUE (run_id, seq)
    );
    CREATE INDEX events_at ON events (at)
    """
        ),
    ),
    # Searches the user acted on and feedback on playbooks (see docs/reports.md),
    # and the indexes the report's aggregations read through.
    Migration(
        2,
        both(
            """
    CREATE TABLE searches (
        id {rowid},
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'case' CHECK (kind IN ('case', 'drill')),
        query TEXT NOT NULL,
        normalized TEXT NOT NULL,
        results INTEGER NOT NULL,
        opened_playbook_id TEXT,
        run_id TEXT
    );
    CREATE INDEX searches_at ON searches (at);
    CREATE INDEX searches_normalized ON searches (normalized);
    CREATE TABLE feedback (
        id {rowid},
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        playbook_id TEXT NOT NULL,
        lang TEXT NOT NULL,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('wrong', 'missing-step', 'unclear', 'outdated')),
        comment TEXT
    );
    CREATE INDEX feedback_run ON feedback (run_id);
    CREATE INDEX feedback_at ON feedback (at);
    CREATE INDEX events_run_kind ON events (run_id, kind);
    CREATE INDEX runs_kind_started ON runs (kind, started_at)
    """
        ),
    ),
    # Scored drill attempts (see docs/drills.md).
    Migration(
        3,
        both(
            """
    CREATE TABLE drill_attempts (
        id {id},
        run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
        trainee TEXT NOT NULL,
        playbook_id TEXT NOT NULL,
        drill_id TEXT NOT NULL,
        category TEXT NOT NULL,
        chosen_playbook_id TEXT,
        searches INTEGER NOT NULL DEFAULT 0,
        found_rank INTEGER,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
        passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
        breakdown TEXT NOT NULL DEFAULT '{{}}'
    );
    CREATE INDEX drill_attempts_trainee ON drill_attempts (trainee, finished_at);
    CREATE INDEX drill_attempts_drill ON drill_attempts (playbook_id, drill_id, trainee);
    CREATE INDEX drill_attempts_run ON drill_attempts (run_id)
    """
        ),
    ),
    # The team journal (see docs/team.md): a globally unique id on everything that
    # is replicated (a retry never duplicates), who holds a run and its handovers,
    # and locally the outbox of what the server has not acknowledged yet.
    Migration(
        4,
        (
            *both(
                """
    ALTER TABLE events ADD COLUMN uid TEXT;
    ALTER TABLE searches ADD COLUMN uid TEXT;
    ALTER TABLE feedback ADD COLUMN uid TEXT;
    ALTER TABLE drill_attempts ADD COLUMN uid TEXT;
    UPDATE events SET uid = {new_uid} WHERE uid IS NULL;
    UPDATE searches SET uid = {new_uid} WHERE uid IS NULL;
    UPDATE feedback SET uid = {new_uid} WHERE uid IS NULL;
    UPDATE drill_attempts SET uid = {new_uid} WHERE uid IS NULL;
    CREATE UNIQUE INDEX events_uid ON events (uid);
    CREATE UNIQUE INDEX searches_uid ON searches (uid);
    CREATE UNIQUE INDEX feedback_uid ON feedback (uid);
    CREATE UNIQUE INDEX drill_attempts_uid ON drill_attempts (uid);
    ALTER TABLE runs ADD COLUMN holder TEXT;
    ALTER TABLE runs ADD COLUMN handed_at TEXT;
    ALTER TABLE runs ADD COLUMN handed_to TEXT;
    ALTER TABLE runs ADD COLUMN handoff_note TEXT;
    CREATE INDEX runs_operator ON runs (operator, started_at);
    CREATE TABLE handovers (
        id {id},
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('handoff', 'take', 'force-take')),
        by_operator TEXT NOT NULL,
        to_operator TEXT,
        previous_holder TEXT,
        note TEXT
    )
    """
            ),
            Statement(
                """
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('run', 'event', 'search', 'feedback', 'attempt')),
        ref TEXT NOT NULL
    )
    """,
                on=(SQLITE,),
            ),
            Statement("ALTER TABLE runs ADD COLUMN away INTEGER NOT NULL DEFAULT 0", on=(SQLITE,)),
            Statement("CREATE TABLE schema_version (version INTEGER NOT NULL)", on=(POSTGRESQL,)),
        ),
    ),
    # Each move's duration, stored when the event arrives (see docs/reports.md,
    # "Steps"): the seconds from the run's previous move (its start, the previous
    # step left, a pause acknowledged) to this one leaving a step. The report then
    # reads precomputed figures instead of a window over every move of every run.
    # A trigger fills it on both backends, whichever code inserts the event (the
    # run engine, a take-over, the server receiving the outbox), so an intern's
    # role still needs nothing but INSERT on events. A row that comes with its
    # duration keeps it (pg_restore loads rows in no particular order), and the
    # server's function keeps the schema it was made in (a restore clears
    # search_path).
    Migration(
        5,
        (
            Statement("ALTER TABLE events ADD COLUMN step_secs {float}"),
            Statement(step_secs_backfill(SQLITE), on=(SQLITE,)),
            Statement(step_secs_backfill(POSTGRESQL), on=(POSTGRESQL,)),
            Statement(
                f"""
    CREATE TRIGGER events_step_secs AFTER INSERT ON events
    WHEN {LEAVES_STEP.format(e="NEW")} AND NEW.step_secs IS NULL
    BEGIN
        UPDATE events SET step_secs = {step_secs(SQLITE, "NEW")} WHERE id = NEW.id;
    END
    """,
                on=(SQLITE,),
            ),
            Statement(
                f"""
    CREATE OR REPLACE FUNCTION eventsstep_secs() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
    BEGIN
        IF {LEAVES_STEP.format(e="NEW")} AND NEW.step_secs IS NULL THEN
            NEW.step_secs := {step_secs(POSTGRESQL, "NEW")};
        END IF;
        RETURN NEW;
    END $$
    """,
                on=(POSTGRESQL,),
            ),
            Statement(
                "CREATE TRIGGER events_step_secs BEFORE INSERT ON events "
                "FOR EACH ROW EXECUTE FUNCTION eventsstep_secs()",
                on=(POSTGRESQL,),
            ),
        ),
    ),
    # Each run's duration, from its start to its end (abandoned runs included; NULL
    # while open), stored as the run ends or is received: the times to outcome and
    # the SLA breaches (overall, per playbook, per operator) are aggregated in SQL
    # over stored seconds, never worked out from two ISO times per run as the
    # report reads. Filled by a trigger on both backends, whichever code writes the
    # run (the run engine, a take-over, the server receiving the outbox, a lead's
    # UPDATE); a row that comes with its duration keeps it (pg_restore), and it is
    # worked out again whenever the start or end changes.
    Migration(
        6,
        (
            Statement("ALTER TABLE runs ADD COLUMN duration_secs {float}"),
            Statement(f"UPDATE runs SET duration_secs = {run_secs(SQLITE, 'runs')}", on=(SQLITE,)),
            Statement(
                f"UPDATE runs SET duration_secs = {run_secs(POSTGRESQL, 'runs')}",
                on=(POSTGRESQL,),
            ),
            Statement(
                f"""
    CREATE TRIGGER runs_duration_insert AFTER INSERT ON runs
    WHEN NEW.ended_at IS NOT NULL AND NEW.duration_secs IS NULL
    BEGIN
        UPDATE runs SET duration_secs = {run_secs(SQLITE, "NEW")} WHERE id = NEW.id;
    END
    """,
                on=(SQLITE,),
            ),
            Statement(
                f"""
    CREATE TRIGGER runs_duration_update AFTER UPDATE OF started_at, ended_at ON runs
    WHEN NEW.ended_at IS NOT OLD.ended_at OR NEW.started_at IS NOT OLD.started_at
    BEGIN
        UPDATE runs SET duration_secs = {run_secs(SQLITE, "NEW")} WHERE id = NEW.id;
    END
    """,
                on=(SQLITE,),
            ),
            Statement(
                f"""
    CREATE OR REPLACE FUNCTION runs_duration() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            IF NEW.duration_secs IS NULL THEN
                NEW.duration_secs := {run_secs(POSTGRESQL, "NEW")};
            END IF;
        ELSIF NEW.ended_at IS DISTINCT FROM OLD.ended_at
              OR NEW.started_at IS DISTINCT FROM OLD.started_at THEN
            NEW.duration_secs := {run_secs(POSTGRESQL, "NEW")};
        END IF;
        RETURN NEW;
    END $$
    """,
                on=(POSTGRESQL,),
            ),
            Statement(
                "CREATE TRIGGER runs_duration BEFORE INSERT OR UPDATE OF started_at, ended_at "
                "ON runs FOR EACH ROW EXECUTE FUNCTION runs_duration()",
                on=(POSTGRESQL,),
            ),
        ),
    ),
    # Late actions (see docs/team.md, "Forced take-overs"): what a person recorded on
    # a run after it was taken from them (offline, or before their app heard of it).
    # The server never loses them nor lets them into the run's history, which has one
    # writer at a time: they are kept here, each once (its event uid), in the order
    # their author recorded them, with who held the run when they came.
    Migration(
        7,
        (
            *both(
                """
    CREATE TABLE late_events (
        id {id},
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        uid TEXT NOT NULL UNIQUE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        step_id TEXT,
        data TEXT NOT NULL DEFAULT '{{}}',
        operator TEXT NOT NULL,
        holder TEXT,
        received_at TEXT NOT NULL
    );
    CREATE INDEX late_events_run ON late_events (run_id, operator, seq);
    CREATE INDEX handovers_run ON handovers (run_id, id)
    """
            ),
            # Locally: the server said the run was taken from this machine.
            Statement(
                "ALTER TABLE runs ADD COLUMN taken_away INTEGER NOT NULL DEFAULT 0", on=(SQLITE,)
            ),
        ),
    ),
    # Step visits (see docs/reports.md, "Steps"): one narrow row per move that leaves
    # a step, with what the report selects and groups by (its run's kind, playbook,
    # operator and start; skipped or not and the reason given; the move's duration),
    # written by a trigger as the event arrives, whichever code inserts it, and
    # backfilled here. The per-step figures then read this table, not every event
    # joined to its run with its JSON parsed; each step's median walks its ordered
    # index. Insert-only (no counter row that concurrent writers would fight over),
    # and removed with its event (ON DELETE CASCADE: a purge). A run's kind, playbook,
    # operator and start never change once written (the outbox sends the run once,
    # a take-over moves only its holder).
    Migration(8, step_visits_migration()),
)

SCHEMA_VERSION = MIGRATIONS[-1].version


def pending(current: int) -> list[Migration]:
    return [m for m in MIGRATIONS if m.version > current]
