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
