"""Setting the team journal up from the command line, and livecheck without its driver."""

from __future__ import annotations

import sys
from pathlib import Path

import psycopg
import pytest

from livecheck.cli import main
from livecheck.journal.schema import SCHEMA_VERSION
from livecheck.journal.team.server_schema import print_sql
from tests.pg_server import PgServer


def test_print_sql_has_the_schema_and_both_roles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["journal", "init", "--print-sql"]) == 0
    out = capsys.readouterr().out
    assert out == print_sql()
    assert "CREATE SCHEMA IF NOT EXISTS livecheck;" in out
    assert "CREATE TABLE events" in out and "BYTEA" in out
    for role in ("livecheck_intern", "livecheck_lead"):
        assert f"CREATE ROLE {role} NOLOGIN" in out
    assert "GRANT DELETE" in out and "UPDATE ON events" not in out.replace("ON runs", "")


def test_print_sql_runs_as_is_with_psql(pg_server: PgServer, tmp_path: Path) -> None:
    import subprocess

    db = pg_server.create_database()
    sql = tmp_path / "team.sql"
    sql.write_text(print_sql(), encoding="utf-8")
    subprocess.run(
        [
            str(pg_server.bindir / "psql"),
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
            "-f",
            str(sql),
            pg_server.url(db),
        ],
        check=True,
        capture_output=True,
    )
    with psycopg.connect(pg_server.url(db)) as conn:
        assert conn.execute("SELECT version FROM livecheck.schema_version").fetchone() == (
            SCHEMA_VERSION,
        )


def test_init_push_status_and_a_newer_server(
    pg_server: PgServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = pg_server.url(pg_server.create_database())
    args = ["--journal", url, "--data-dir", str(tmp_path / "d")]
    assert main(["journal", "init", *args]) == 0
    assert f"schema version {SCHEMA_VERSION} (was none)" in capsys.readouterr().out
    assert main(["journal", "init", *args]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["journal", "status", *args]) == 0
    assert "online, 0 actions waiting" in capsys.readouterr().out
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE livecheck.schema_version SET version = 99")
    assert main(["journal", "push", *args]) == 1
    err = capsys.readouterr().err
    assert "schema version 99, newer than this livecheck knows" in err
    assert len(err.strip().splitlines()) == 1


def test_without_psycopg_a_team_url_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg raises ImportError
    code = main(["runs", "--team", "--journal", "postgresql://db/lc", "--data-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert (
        err.strip()
        == "livecheck: error: the team journal needs psycopg: pip install 'livecheck[team]'"
    )


def test_a_server_at_version_4_is_upgraded_by_init_with_every_moves_duration(
    pg_server: PgServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from livecheck.journal.schema import MIGRATIONS, POSTGRESQL
    from livecheck.journal.team.snapshot import read_snapshot
    from livecheck.reports import queries as q
    from livecheck.reports import step_queries
    from livecheck.reports.dialect import POSTGRESQL as PG_DIALECT
    from livecheck.reports.period import Period

    url = pg_server.url(pg_server.create_database())
    with psycopg.connect(url, autocommit=True) as conn:  # what `journal init` made before
        conn.execute("CREATE SCHEMA livecheck")
        conn.execute("SET search_path TO livecheck")
        for migration in MIGRATIONS[:4]:
            for statement in migration.render(POSTGRESQL):
                conn.execute(statement)
        conn.execute("INSERT INTO schema_version VALUES (4)")
        # (the roles come with `journal init`, from this livecheck's role_sql)
        conn.execute("INSERT INTO playbook_versions VALUES ('v', '\\x00')")
        conn.execute(
            "INSERT INTO runs (id, playbook_id, lang, version, path, title, operator, "
            "started_at, last_event_at) VALUES ('r1', 'p', 'en', 'v', 'p.yaml', 'P', 'lea', "
            "'2026-01-01T10:00:00.000000+00:00', '2026-01-01T10:03:00.000000+00:00')"
        )
        for seq, kind, at, step in (
            (1, "run-started", "10:00:00", None),
            (2, "done", "10:01:00", "s1"),
            (3, "note", "10:01:30", "s2"),
            (4, "done", "10:03:00", "s2"),
        ):
            conn.execute(
                "INSERT INTO events (run_id, seq, kind, at, step_id, uid) "
                "VALUES ('r1', %s, %s, %s, %s, %s)",
                (seq, kind, f"2026-01-01T{at}.000000+00:00", step, f"u{seq}"),
            )
    args = ["--journal", url, "--data-dir", str(tmp_path / "d")]
    assert main(["journal", "init", *args]) == 0
    assert f"schema version {SCHEMA_VERSION} (was 4)" in capsys.readouterr().out
    with psycopg.connect(url, options="-c search_path=livecheck", autocommit=True) as conn:
        got = dict(conn.execute("SELECT seq, step_secs FROM events").fetchall())
        assert got == {1: None, 2: 60.0, 3: None, 4: 120.0}
        conn.execute(  # received later: the trigger fills it
            "INSERT INTO events (run_id, seq, kind, at, step_id, uid) "
            "VALUES ('r1', 5, 'skipped', '2026-01-01T10:03:30.250000+00:00', 's3', 'u5')"
        )
        assert conn.execute("SELECT step_secs FROM events WHERE seq = 5").fetchone() == (30.25,)
    with psycopg.connect(url, autocommit=True) as conn:  # as pg_restore loads rows
        conn.execute("SET search_path = ''")
        conn.execute(
            "INSERT INTO livecheck.events (run_id, seq, kind, at, step_id, uid, step_secs) "
            "VALUES ('r1', 7, 'done', '2026-01-01T10:09:00.000000+00:00', 's5', 'u7', 12.5), "
            "('r1', 6, 'done', '2026-01-01T10:04:00.000000+00:00', 's4', 'u6', NULL)"
        )
        got = dict(conn.execute("SELECT seq, step_secs FROM livecheck.events").fetchall())
        assert (got[6], got[7]) == (29.75, 12.5)  # computed; kept as it came
        conn.execute("DELETE FROM livecheck.events WHERE seq > 5")
    with read_snapshot(url) as db:
        rows = step_queries.step_times(db, q.Scope("case", Period(), dialect=PG_DIALECT))
    assert sorted(rows) == [
        ("p", "s1", 1, 60.0, 0),
        ("p", "s2", 1, 120.0, 0),
        ("p", "s3", 1, 30.25, 1),
    ]


def test_a_server_at_version_5_gets_every_runs_duration_and_the_report_reads_them(
    pg_server: PgServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from livecheck.journal.schema import MIGRATIONS, POSTGRESQL
    from livecheck.journal.team.snapshot import read_snapshot
    from livecheck.reports import queries as q
    from livecheck.reports.dialect import POSTGRESQL as PG_DIALECT
    from livecheck.reports.period import Period

    url = pg_server.url(pg_server.create_database())
    with psycopg.connect(url, autocommit=True) as conn:  # what `journal init` made before
        conn.execute("CREATE SCHEMA livecheck")
        conn.execute("SET search_path TO livecheck")
        for migration in MIGRATIONS[:5]:
            for statement in migration.render(POSTGRESQL):
                conn.execute(statement)
        conn.execute("INSERT INTO schema_version VALUES (5)")
        # (the roles come with `journal init`, from this livecheck's role_sql)
        conn.execute("INSERT INTO playbook_versions VALUES ('v', '\\x00')")
        for run_id, ended in (("r1", "10:20:00.5"), ("r2", None)):
            conn.execute(
                "INSERT INTO runs (id, playbook_id, lang, version, path, title, operator, "
                "started_at, last_event_at, status, ended_at, sla_minutes) VALUES "
                "(%s, 'p', 'en', 'v', 'p.yaml', 'P', 'lea', '2026-01-01T10:00:00.000000+00:00', "
                "'2026-01-01T10:00:00.000000+00:00', %s, %s, 15)",
                (
                    run_id,
                    "ended" if ended else "active",
                    f"2026-01-01T{ended}00000+00:00" if ended else None,
                ),
            )
    args = ["--journal", url, "--data-dir", str(tmp_path / "d")]
    assert main(["journal", "init", *args]) == 0
    assert f"schema version {SCHEMA_VERSION} (was 5)" in capsys.readouterr().out
    with psycopg.connect(url, options="-c search_path=livecheck", autocommit=True) as conn:
        got = dict(conn.execute("SELECT id, duration_secs FROM runs").fetchall())
        assert got == {"r1": 1200.5, "r2": None}
        conn.execute(  # the open run ends, as the outbox moves it on: the trigger stores it
            "UPDATE runs SET status = 'ended', ended_at = '2026-01-01T10:05:00.000000+00:00' "
            "WHERE id = 'r2'"
        )
        assert conn.execute("SELECT duration_secs FROM runs WHERE id = 'r2'").fetchone() == (300.0,)
        # Stored, not worked out from the times: a duration changed by hand is what counts.
        conn.execute("UPDATE runs SET duration_secs = 3600 WHERE id = 'r2'")
    with read_snapshot(url) as db:
        scope = q.Scope("case", Period(), dialect=PG_DIALECT)
        per_playbook, overall = q.times_to_outcome(db, scope)
        operators = q.per_operator(db, scope)
    assert per_playbook == [("p", 2, 2400.25, 3600.0, 15, 2, 2)]
    assert overall == (None, 2, 2400.25, 3600.0, 15, 2, 2)
    assert operators == [("lea", {"ended": 2}, 2)]
