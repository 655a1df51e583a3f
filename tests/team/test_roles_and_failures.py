"""The server's roles (interns append, leads may also force and purge) and the
failures a person meets: wrong password, no server, TLS refused. Each is one line,
and the local journal keeps working."""

from __future__ import annotations

import datetime as dt
import io
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

from livecheck.cli import main
from livecheck.journal.store import Journal
from livecheck.journal.team.replicator import Replicator
from livecheck.journal.team.server import NotPermitted, TeamServer
from livecheck.runs.events import utc_now
from livecheck.services.runs import RunService
from tests.pg_server import PASSWORD, PgServer, free_port
from tests.team.helpers import write_playbook


def login(
    pg_server: PgServer, team_url: str, role: str, tmp_path: Path, mp: pytest.MonkeyPatch
) -> str:
    """A login role of `role` for this test, its password in a PGPASSFILE; its URL."""
    name = f"p_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(team_url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{PASSWORD}' IN ROLE {role}")
    db = team_url.rsplit("/", 1)[1]
    passfile = tmp_path / f"{name}.pgpass"
    passfile.write_text(f"127.0.0.1:{pg_server.port}:{db}:{name}:{PASSWORD}\n", encoding="utf-8")
    passfile.chmod(0o600)
    mp.setenv("PGPASSFILE", str(passfile))
    return pg_server.url(db, user=name)


def shared_run(tmp_path: Path, url: str) -> tuple[Journal, str]:
    journal = Journal.open(tmp_path / "j.sqlite3", replicate=True)
    run = RunService(journal, "lea").start(write_playbook(tmp_path), variables={})
    assert Replicator(journal, TeamServer(url), "lea").drain() == 0
    return journal, run.id


def test_an_intern_appends_but_never_rewrites_forces_or_purges(
    tmp_path: Path, team_url: str, pg_server: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    intern = login(pg_server, team_url, "livecheck_intern", tmp_path, monkeypatch)
    journal, run_id = shared_run(tmp_path, intern)  # replication works as an intern
    with psycopg.connect(intern, options="-c search_path=livecheck") as conn:
        for sql in ("UPDATE events SET kind = 'done'", "DELETE FROM events"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
            conn.rollback()
    server = TeamServer(intern)
    with pytest.raises(NotPermitted, match="lead"):
        server.take(run_id, "bo", utc_now(), force_reason="testing")
    with pytest.raises(NotPermitted, match="lead"):
        server.purge_older_than(utc_now())
    server.hand_off(run_id, "lea", None, "over to you", utc_now())
    assert server.take(run_id, "bo", utc_now()).previous_holder is None
    server.close()
    journal.close()


def test_an_interns_run_gets_its_duration_on_the_server_which_they_cannot_rewrite(
    tmp_path: Path, team_url: str, pg_server: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    intern = login(pg_server, team_url, "livecheck_intern", tmp_path, monkeypatch)
    journal = Journal.open(tmp_path / "j.sqlite3", replicate=True)
    service = RunService(journal, "lea")
    run = service.start(write_playbook(tmp_path), variables={})
    service.act(run, lambda w: w.abandon("duplicate case"))
    assert Replicator(journal, TeamServer(intern), "lea").drain() == 0
    local = journal.connection.execute("SELECT duration_secs FROM runs").fetchone()[0]
    with psycopg.connect(intern, options="-c search_path=livecheck") as conn:
        # (SQLite reads times to the millisecond, PostgreSQL to the microsecond)
        server = conn.execute("SELECT duration_secs FROM runs").fetchone()[0]
        assert server == pytest.approx(local, abs=0.002)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE runs SET duration_secs = 1")
    journal.close()


def test_a_lead_may_force_and_purge(
    tmp_path: Path, team_url: str, pg_server: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = login(pg_server, team_url, "livecheck_lead", tmp_path, monkeypatch)
    journal, run_id = shared_run(tmp_path, lead)
    server = TeamServer(lead)
    assert (
        server.take(run_id, "sam", utc_now(), force_reason="lea is away").previous_holder == "lea"
    )
    later = utc_now() + dt.timedelta(days=1)
    assert server.purge_older_than(later) == 0  # an unfinished run is kept...
    assert server.purge_older_than(later, include_open=True) == 1  # ...unless asked
    server.close()
    journal.close()


@pytest.mark.parametrize("fault", ["wrong password", "server down", "TLS refused"])
def test_a_failing_server_is_one_line_and_work_goes_on(
    fault: str,
    tmp_path: Path,
    team_url: str,
    pg_server: PgServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = team_url.rsplit("/", 1)[1]
    if fault == "wrong password":
        url = login(pg_server, team_url, "livecheck_intern", tmp_path, monkeypatch)
        Path(str(tmp_path / next(p.name for p in tmp_path.glob("*.pgpass")))).write_text(
            f"127.0.0.1:{pg_server.port}:{db}:*:wrong\n", encoding="utf-8"
        )
        expected = "refused the credentials"
    elif fault == "server down":
        url = f"postgresql://postgres@127.0.0.1:{free_port()}/{db}"
        expected = "not answering"
    else:
        url = pg_server.url(db, sslmode="require")
        expected = "TLS was required"
    library = tmp_path / "lib"
    write_playbook(library)
    args = ["--data-dir", str(tmp_path / "d"), "--playbooks", str(library), "--journal", url]
    args += ["--config", str(tmp_path / "none.toml")]
    (tmp_path / "none.toml").write_text('operator = "lea"\n', encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("d\nd\nq\n"))
    capsys.readouterr()
    assert main(["run", "linear", *args]) == 3  # the run went on, left for later
    _, err = capsys.readouterr()
    assert "Traceback" not in err
    [line] = [x for x in err.splitlines() if x.strip()]
    assert "team journal offline — 3 actions waiting" in line and expected in line
    assert "wrong" not in line.split("(", 1)[1] or fault != "wrong password"
    journal = Journal.open(tmp_path / "d" / "journal.sqlite3")
    [run] = journal.unfinished_runs()
    assert run.current_step == "third"  # every action kept locally
    assert journal.outbox_size() == 3
    journal.close()
