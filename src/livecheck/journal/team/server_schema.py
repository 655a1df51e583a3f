"""The team server's schema: the journal's migrations rendered for PostgreSQL in
their own schema (`livecheck`), a version table, and two roles.

- livecheck_intern: reads the team's records, inserts runs, events, searches,
  feedback, drill attempts and handovers; may update a run's position and who
  holds it; never updates nor deletes an event (events are append-only).
- livecheck_lead: an intern who may also force-take a run and purge (DELETE).

Login roles are the team's own (`CREATE ROLE lea LOGIN IN ROLE livecheck_intern`).
"""

from __future__ import annotations

from typing import Any

from livecheck.journal.records import JournalError
from livecheck.journal.schema import MIGRATIONS, POSTGRESQL, SCHEMA_VERSION
from livecheck.journal.team.driver import SCHEMA, TeamUnavailable, connect, explain

INTERN, LEAD = "livecheck_intern", "livecheck_lead"
TABLES = (
    "playbook_versions",
    "runs",
    "events",
    "searches",
    "feedback",
    "drill_attempts",
    "handovers",
    "late_events",
    "schema_version",
)
INSERTABLE = (
    "playbook_versions",
    "runs",
    "events",
    "searches",
    "feedback",
    "drill_attempts",
    "late_events",
)
RUN_POSITION = (
    "current_step, last_event_at, status, outcome, ended_at, holder, handed_at, handed_to, "
    "handoff_note"
)


class SchemaMismatch(JournalError):
    """The server's schema is not one this livecheck can use."""


def role_sql() -> list[str]:
    def create(role: str) -> str:
        return (
            f"DO $$ BEGIN CREATE ROLE {role} NOLOGIN; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )

    return [
        create(INTERN),
        create(LEAD),
        f"GRANT {INTERN} TO {LEAD}",
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {INTERN}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {SCHEMA} TO {INTERN}",
        f"GRANT INSERT ON {', '.join(INSERTABLE)} TO {INTERN}",
        f"GRANT INSERT ON handovers TO {INTERN}",
        f"GRANT UPDATE ({RUN_POSITION}) ON runs TO {INTERN}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {INTERN}",
        f"GRANT DELETE ON {', '.join(t for t in TABLES if t != 'schema_version')} TO {LEAD}",
        # Only a lead may record (and so make) a forced take-over.
        "ALTER TABLE handovers ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS handovers_read ON handovers",
        "CREATE POLICY handovers_read ON handovers FOR SELECT USING (true)",
        "DROP POLICY IF EXISTS handovers_intern ON handovers",
        f"CREATE POLICY handovers_intern ON handovers FOR INSERT TO {INTERN} "
        "WITH CHECK (kind <> 'force-take')",
        "DROP POLICY IF EXISTS handovers_lead ON handovers",
        f"CREATE POLICY handovers_lead ON handovers FOR INSERT TO {LEAD} WITH CHECK (true)",
    ]


def migration_sql(current: int) -> list[str]:
    statements: list[str] = []
    for migration in MIGRATIONS:
        if migration.version > current:
            statements += migration.render(POSTGRESQL)
    return statements


def init_sql(current: int = 0) -> list[str]:
    """Every statement `livecheck journal init` runs on a server at version `current`."""
    statements = [f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}", f"SET search_path TO {SCHEMA}"]
    statements += migration_sql(current)
    statements += [
        "DELETE FROM schema_version",
        f"INSERT INTO schema_version (version) VALUES ({SCHEMA_VERSION})",
    ]
    return statements + role_sql()


def print_sql() -> str:
    lines = [
        "-- livecheck team journal, schema version "
        f"{SCHEMA_VERSION}: run as the database owner (psql -f).",
        "BEGIN;",
        *(f"{s};" for s in init_sql()),
        "COMMIT;",
        f"-- Then one login per person: CREATE ROLE lea LOGIN IN ROLE {INTERN};",
        f"--                            CREATE ROLE sam LOGIN IN ROLE {LEAD};",
    ]
    return "\n".join(lines) + "\n"


def server_version(conn: Any) -> int | None:
    """The server's schema version, None when it has no livecheck schema."""
    row = conn.execute(
        "SELECT to_regclass(%s) IS NOT NULL", (f"{SCHEMA}.schema_version",)
    ).fetchone()
    if not row[0]:
        return None
    found = conn.execute(f"SELECT max(version) FROM {SCHEMA}.schema_version").fetchone()
    return int(found[0] or 0)


def check_version(conn: Any, masked_url: str) -> None:
    version = server_version(conn)
    if version is None:
        raise SchemaMismatch(
            f"team journal {masked_url} has no livecheck schema yet; "
            "a lead runs `livecheck journal init` first"
        )
    if version > SCHEMA_VERSION:
        raise SchemaMismatch(
            f"team journal {masked_url} has schema version {version}, newer than this "
            f"livecheck knows ({SCHEMA_VERSION}); upgrade livecheck. Your actions are kept "
            "locally meanwhile."
        )
    if version < SCHEMA_VERSION:
        raise SchemaMismatch(
            f"team journal {masked_url} has schema version {version}, older than this "
            f"livecheck's ({SCHEMA_VERSION}); a lead runs `livecheck journal init` to upgrade it"
        )


def init_server(url: str) -> tuple[int | None, int]:
    """Create or upgrade the schema and roles; returns (version before, version now)."""
    conn = connect(url)
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(4851)")  # one init at a time
            before = server_version(conn)
            if before is not None and before > SCHEMA_VERSION:
                raise SchemaMismatch(
                    f"the server's schema version {before} is newer than this livecheck's "
                    f"({SCHEMA_VERSION}); upgrade livecheck"
                )
            for statement in init_sql(before or 0):
                conn.execute(statement)
    except SchemaMismatch:
        raise
    except TeamUnavailable:
        raise
    except Exception as exc:
        raise TeamUnavailable(explain(exc, url)) from exc
    finally:
        conn.close()
    return before, SCHEMA_VERSION
