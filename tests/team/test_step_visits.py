"""step_visits (schema 8) holds exactly what the events say, on both backends: the
rows the trigger wrote as each event arrived equal those worked out from the raw
events joined to their runs, after skips with reasons, choices, late actions kept
apart by a forced take-over, sam going on, and a purge; and the report's per-step
figures read from them equal those computed from the raw events."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from livecheck.journal.store import Journal
from livecheck.journal.team.replicator import Replicator
from livecheck.journal.team.server import TeamServer
from livecheck.journal.team.snapshot import read_snapshot
from livecheck.reports import queries as q
from livecheck.reports import step_queries
from livecheck.reports.dialect import POSTGRESQL, SQLITE, Dialect, count_if
from livecheck.reports.period import Period
from livecheck.runs.events import utc_now
from livecheck.services.runs import RunService
from tests.team.helpers import write_playbook

VISITS = (
    "SELECT event_id, kind, playbook_id, operator, started_at, step_id, skipped, reason, "
    "round(CAST(secs AS numeric), 6) FROM step_visits ORDER BY event_id"
)


def raw_visits(dialect: Dialect) -> str:
    """The visits worked out from the raw events, as the report did before schema 8."""
    reason = f"lower(trim({dialect.json_text('e.data', 'reason')}))"
    return (
        "SELECT e.id, r.kind, r.playbook_id, r.operator, r.started_at, e.step_id, "
        f"CASE WHEN e.kind = 'skipped' THEN 1 ELSE 0 END, "
        f"CASE WHEN e.kind = 'skipped' THEN {reason} END, "
        "round(CAST(e.step_secs AS numeric), 6) "
        "FROM events e JOIN runs r ON r.id = e.run_id "
        "WHERE e.kind IN ('done', 'skipped', 'chosen') AND e.step_id IS NOT NULL ORDER BY e.id"
    )


def raw_step_figures(db: Any, dialect: Dialect) -> list[tuple[Any, ...]]:
    """(playbook, step, visits, skipped) and each step's sorted times, from raw events."""
    skipped_count = count_if("e.kind = 'skipped'")
    rows = db.execute(
        f"SELECT r.playbook_id, e.step_id, count(*), {skipped_count} "
        "FROM events e JOIN runs r ON r.id = e.run_id WHERE r.kind = 'case' "
        "AND e.kind IN ('done', 'skipped', 'chosen') AND e.step_id IS NOT NULL "
        "GROUP BY r.playbook_id, e.step_id ORDER BY 1, 2"
    ).fetchall()
    figures = []
    for pb, step, n, skipped in rows:
        secs = sorted(
            v
            for (v,) in db.execute(
                "SELECT e.step_secs FROM events e JOIN runs r ON r.id = e.run_id "
                "WHERE r.kind = 'case' AND r.playbook_id = ? AND e.step_id = ? "
                "AND e.kind IN ('done', 'skipped', 'chosen')",
                (pb, step),
            ).fetchall()
        )
        median = (secs[(n - 1) // 2] + secs[n // 2]) / 2
        figures.append((pb, step, int(n), round(median, 6), int(skipped)))
    return figures


def report_step_figures(db: Any, dialect: Dialect) -> list[tuple[Any, ...]]:
    steps, _ = step_queries.step_figures(db, q.Scope("case", Period(), dialect=dialect))
    return sorted((pb, s, n, round(m, 6), k) for pb, s, n, m, k in steps)


def work(runs: RunService, playbook: Path, at: dt.datetime) -> str:
    """A run with a skip (and its reason), a step done and an outcome; returns its id."""
    run = runs.start(playbook, variables={})
    runs.act(run, lambda w: w.skip("  Creator OFFLINE ", at=at + dt.timedelta(seconds=40)))
    runs.act(run, lambda w: w.done(at=at + dt.timedelta(seconds=95)))
    runs.act(run, lambda w: w.done(at=at + dt.timedelta(seconds=130)))
    return run.id


def test_the_local_journals_visits_equal_the_raw_events_after_a_purge(tmp_path: Path) -> None:
    playbook = write_playbook(tmp_path)
    journal = Journal.open(tmp_path / "j.sqlite3")
    runs = RunService(journal, "lea")
    for _ in range(3):
        work(runs, playbook, utc_now())
    unfinished = runs.start(playbook, variables={})
    runs.act(unfinished, lambda w: w.done())
    with journal.snapshot() as db:
        assert db.execute(VISITS).fetchall() == db.execute(raw_visits(SQLITE)).fetchall()
        assert len(db.execute(VISITS).fetchall()) == 3 * 3 + 1
        assert report_step_figures(db, SQLITE) == raw_step_figures(db, SQLITE)
    journal.purge_older_than(utc_now() + dt.timedelta(days=1))  # the ended runs go
    with journal.snapshot() as db:
        assert db.execute(VISITS).fetchall() == db.execute(raw_visits(SQLITE)).fetchall()
        assert len(db.execute(VISITS).fetchall()) == 1
    journal.close()


def test_the_servers_visits_equal_the_raw_events_after_late_actions_and_a_purge(
    tmp_path: Path, team_url: str
) -> None:
    from livecheck.services.settings import TeamJournal
    from livecheck.services.team import TeamService

    playbook = write_playbook(tmp_path)
    machines = {}
    for name in ("lea", "bo", "sam"):
        journal = Journal.open(tmp_path / f"{name}.sqlite3", replicate=True)
        machines[name] = (
            journal,
            RunService(journal, name),
            Replicator(journal, TeamServer(team_url), name),
        )
    for name in ("lea", "bo"):
        _, runs, sync = machines[name]
        for _ in range(2):
            work(runs, playbook, utc_now())
        assert sync.drain() == 0
    # lea's open run, taken by sam (a lead) while lea goes on offline: lea's moves are
    # late actions, kept apart, and never visits; sam's are.
    _, lea, lea_sync = machines["lea"]
    run = lea.start(playbook, variables={})
    lea.act(run, lambda w: w.done())
    assert lea_sync.drain() == 0
    lea.act(run, lambda w: w.skip("no answer"))
    sam_journal, sam, sam_sync = machines["sam"]
    TeamService(TeamJournal(team_url, "--journal"), sam_journal, "sam").take(
        run.id, force_reason="lea is away"
    )
    assert lea_sync.drain() == 0
    mine = sam.resume(run.id)
    sam.act(mine, lambda w: w.skip("creator offline"))
    assert sam_sync.drain() == 0

    def same() -> int:
        with read_snapshot(team_url) as db:
            visits = db.execute(VISITS).fetchall()
            assert visits == db.execute(raw_visits(POSTGRESQL)).fetchall()
            assert report_step_figures(db, POSTGRESQL) == raw_step_figures(db, POSTGRESQL)
            late = db.execute("SELECT count(*) FROM late_events").fetchone()[0]
            assert late == 1
            return len(visits)

    assert same() == 4 * 3 + 2  # four ended runs, lea's first step and sam's skip
    TeamServer(team_url).purge_older_than(utc_now() + dt.timedelta(days=1))
    assert same() == 2  # the open run's
    for journal, *_ in machines.values():
        journal.close()


def test_a_version_7_journal_gets_a_visit_for_every_move_that_left_a_step(
    tmp_path: Path,
) -> None:
    """The migration backfills step_visits from the events already there; events
    recorded afterwards add theirs (the trigger)."""
    from tests.runs.test_journal import _old_journal

    path = tmp_path / "old.sqlite3"
    _old_journal(path, 7)
    journal = Journal.open(path)
    db = journal.connection
    rows = db.execute(VISITS).fetchall()
    assert rows == db.execute(raw_visits(SQLITE)).fetchall()
    assert [(r[5], r[6]) for r in rows] == [("s1", 0), ("s2", 1), ("s3", 0)]
    assert [r[8] for r in rows] == pytest.approx([60.0, 45.0, 90.0], abs=1e-3)
    db.execute(
        "INSERT INTO events (run_id, seq, kind, at, step_id, uid) "
        "VALUES ('r1', 8, 'done', '2026-01-01T10:05:00.500000+00:00', 's4', 'u8')"
    )
    rows = db.execute(VISITS).fetchall()
    assert rows == db.execute(raw_visits(SQLITE)).fetchall()
    assert rows[-1][8] == pytest.approx(45.5, abs=1e-3)
    journal.close()
