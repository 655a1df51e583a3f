"""Local-first replication to a real PostgreSQL server: ordered, idempotent, offline-safe."""

from __future__ import annotations

from pathlib import Path

import pytest

from livecheck.journal.store import Journal
from livecheck.journal.team.driver import TeamUnavailable
from livecheck.journal.team.replicator import Replicator
from livecheck.journal.team.server import TeamServer
from livecheck.services.runs import RunService
from tests.pg_server import PgServer
from tests.team.helpers import server_rows, write_playbook


def test_actions_reach_the_server_once_in_order(tmp_path: Path, team_url: str) -> None:
    journal = Journal.open(tmp_path / "j.sqlite3", replicate=True)
    runs = RunService(journal, "lea")
    run = runs.start(write_playbook(tmp_path), variables={}, case_ref="T-1")
    runs.act(run, lambda w: w.done())
    runs.act(run, lambda w: w.note("called the creator"))
    assert journal.outbox_size() == 3  # its three events (the run travels with the first)
    replicator = Replicator(journal, TeamServer(team_url), "lea")
    assert replicator.drain() == 0
    assert journal.outbox_size() == 0
    rows = server_rows(
        team_url, "SELECT seq, kind FROM events WHERE run_id = %s ORDER BY id", (run.id,)
    )
    assert rows == [(1, "run-started"), (2, "done"), (3, "note")]
    [(step, holder)] = server_rows(team_url, "SELECT current_step, holder FROM runs")
    assert (step, holder) == ("second", "lea")
    # Pushing the whole history again (a retry, `journal push`) duplicates nothing.
    assert journal.queue_history() == 4  # the run and its three events
    assert replicator.drain() == 0
    assert server_rows(team_url, "SELECT count(*) FROM events") == [(3,)]
    journal.close()


def test_offline_actions_wait_and_drain_when_the_server_is_back(
    tmp_path: Path, team_url: str, pg_server: PgServer
) -> None:
    journal = Journal.open(tmp_path / "j.sqlite3", replicate=True)
    runs = RunService(journal, "lea")
    run = runs.start(write_playbook(tmp_path), variables={})
    replicator = Replicator(journal, TeamServer(team_url), "lea")
    assert replicator.drain() == 0
    pg_server.stop()
    try:
        runs.act(run, lambda w: w.done())  # acknowledged locally with the server down
        runs.act(run, lambda w: w.done())
        assert replicator.drain() == 2
        status = replicator.status()
        assert status.online is False and status.waiting == 2
        assert status.reason is not None and "not answering" in status.reason
    finally:
        pg_server.start()
    assert replicator.drain() == 0
    rows = server_rows(team_url, "SELECT seq FROM events WHERE run_id = %s ORDER BY seq", (run.id,))
    assert rows == [(1,), (2,), (3,)]
    journal.close()


def test_a_server_without_the_schema_is_a_clear_message(
    tmp_path: Path, pg_server: PgServer
) -> None:
    url = pg_server.url(pg_server.create_database())
    with pytest.raises(TeamUnavailable.__mro__[1], match="journal init"):
        TeamServer(url).ping()


def test_a_run_begun_before_the_team_journal_is_sent_whole(tmp_path: Path, team_url: str) -> None:
    path = tmp_path / "j.sqlite3"
    local = Journal.open(path)  # no team journal yet
    runs = RunService(local, "lea")
    run = runs.start(write_playbook(tmp_path), variables={})
    runs.act(run, lambda w: w.done())
    local.close()
    journal = Journal.open(path, replicate=True)  # the team journal is set now
    runs = RunService(journal, "lea")
    run = runs.resume(run.id)
    runs.act(run, lambda w: w.note("after the team journal was set"))
    runs.give_feedback(run.id, "unclear")
    assert journal.outbox_size() == 2
    assert Replicator(journal, TeamServer(team_url), "lea").drain() == 0
    rows = server_rows(team_url, "SELECT seq, kind FROM events ORDER BY seq")
    assert rows == [(1, "run-started"), (2, "done"), (3, "note")]
    assert server_rows(team_url, "SELECT reason FROM feedback") == [("unclear",)]
    journal.close()
