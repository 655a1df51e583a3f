"""Faults on a real server with real processes: a client killed while draining, two
people taking one run at the same instant, many writers at once.

Default sizes keep the suite quick on a small machine; LIVECHECK_FULL_SIZE=1 runs
the sizes of the issue (100 races, 8 processes x 500 actions)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from livecheck.journal.store import Journal
from livecheck.journal.team.replicator import Replicator
from livecheck.journal.team.server import RunHeld, TeamServer
from livecheck.runs.events import utc_now
from livecheck.services.runs import RunService
from tests.team.helpers import server_rows, write_playbook

FULL = os.environ.get("LIVECHECK_FULL_SIZE") == "1"
RACES = 100 if FULL else 12
WRITERS, ACTIONS = (8, 500) if FULL else (8, 60)
REPO = Path(__file__).resolve().parents[2]


def _backlog(path: Path, playbook: Path, runs: int, notes: int) -> list[str]:
    journal = Journal.open(path, replicate=True)
    service = RunService(journal, "lea")
    ids = []
    for _ in range(runs):
        run = service.start(playbook, variables={})
        ids.append(run.id)
        for n in range(notes):
            service.act(run, lambda w, n=n: w.note(f"note {n}"))
    journal.close()
    return ids


def test_a_client_killed_while_draining_loses_and_duplicates_nothing(
    tmp_path: Path, team_url: str
) -> None:
    path = tmp_path / "j.sqlite3"
    ids = _backlog(path, write_playbook(tmp_path), runs=6, notes=99)
    total = 6 * 100
    drainer = (
        "import sys, time\n"
        "from livecheck.journal.store import Journal\n"
        "from livecheck.journal.team.replicator import Replicator\n"
        "from livecheck.journal.team.server import TeamServer\n"
        "j = Journal.open(__import__('pathlib').Path(sys.argv[1]), replicate=True)\n"
        "r = Replicator(j, TeamServer(sys.argv[2]), 'lea', batch=7)\n"
        "while r.drain(time.monotonic() + 0.001): time.sleep(0.01)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    child = subprocess.Popen([sys.executable, "-c", drainer, str(path), team_url], env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            [(count,)] = server_rows(team_url, "SELECT count(*) FROM events")
            if count > 50:
                break
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    [(sent_before,)] = server_rows(team_url, "SELECT count(*) FROM events")
    assert 0 < sent_before < total  # killed mid-drain
    journal = Journal.open(path, replicate=True)
    assert Replicator(journal, TeamServer(team_url), "lea").drain() == 0
    journal.close()
    rows = server_rows(team_url, "SELECT run_id, seq FROM events ORDER BY run_id, seq")
    assert len(rows) == total  # nothing lost, nothing twice
    for run_id in ids:
        assert [s for r, s in rows if r == run_id] == list(range(1, 101))


def _racer(url: str, name: str, run_id: str, barrier: object, results: object) -> None:
    server = TeamServer(url)
    server.ping()  # connected before the start line
    for _ in range(RACES):
        barrier.wait()  # type: ignore[attr-defined]
        won = False
        try:
            server.take(run_id, name, utc_now())
            won = True
            results.put(name)  # type: ignore[attr-defined]
        except RunHeld as exc:
            results.put(f"refused:{exc.holder}")  # type: ignore[attr-defined]
        barrier.wait()  # type: ignore[attr-defined]  # both have tried
        if won:  # the winner hands it back for the next race
            server.hand_off(run_id, name, None, "back to the team", utc_now())
        barrier.wait()  # type: ignore[attr-defined]
    server.close()


def test_two_people_taking_one_run_at_once_one_wins(tmp_path: Path, team_url: str) -> None:
    journal = Journal.open(tmp_path / "j.sqlite3", replicate=True)
    run = RunService(journal, "lea").start(write_playbook(tmp_path), variables={})
    Replicator(journal, TeamServer(team_url), "lea").drain()
    server = TeamServer(team_url)
    server.hand_off(run.id, "lea", None, "for anyone", utc_now())
    server.close()
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    racers = [
        ctx.Process(target=_racer, args=(team_url, name, run.id, barrier, results))
        for name in ("bo", "cy")
    ]
    for p in racers:
        p.start()
    outcomes = [results.get(timeout=60) for _ in range(2 * RACES)]
    for p in racers:
        p.join(30)
        assert p.exitcode == 0
    winners = [o for o in outcomes if not o.startswith("refused")]
    refusals = [o for o in outcomes if o.startswith("refused")]
    # Each race has exactly one owner, and the other is told who holds it.
    assert len(winners) == RACES and len(refusals) == RACES
    assert all(r in ("refused:bo", "refused:cy") for r in refusals)
    takes = server_rows(team_url, "SELECT count(*) FROM handovers WHERE kind = 'take'")
    assert takes == [(RACES,)]
    journal.close()


def _writer(url: str, root: str, playbook: str, name: str) -> None:
    journal = Journal.open(Path(root) / f"{name}.sqlite3", replicate=True)
    replicator = Replicator(journal, TeamServer(url), name)
    replicator.start()
    service = RunService(journal, name)
    run = service.start(Path(playbook), variables={})
    for n in range(ACTIONS - 1):
        service.act(run, lambda w, n=n: w.note(f"{name} {n}"))
    replicator.stop()
    left = replicator.drain()
    journal.close()
    sys.exit(1 if left else 0)


def test_many_writers_at_once_every_action_on_the_server(tmp_path: Path, team_url: str) -> None:
    playbook = write_playbook(tmp_path)
    ctx = multiprocessing.get_context("fork")
    writers = [
        ctx.Process(target=_writer, args=(team_url, str(tmp_path), str(playbook), f"w{i}"))
        for i in range(WRITERS)
    ]
    for p in writers:
        p.start()
    for p in writers:
        p.join(300)
        assert p.exitcode == 0
    assert server_rows(team_url, "SELECT count(*) FROM events") == [(WRITERS * ACTIONS,)]
    per_run = server_rows(
        team_url,
        "SELECT count(*), min(seq), max(seq), count(DISTINCT seq) FROM events GROUP BY run_id",
    )
    assert per_run == [(ACTIONS, 1, ACTIONS, ACTIONS)] * WRITERS


def _team(tmp_path: Path, name: str, url: str) -> tuple[Journal, RunService, Replicator]:
    journal = Journal.open(tmp_path / f"{name}.sqlite3", replicate=True)
    return journal, RunService(journal, name), Replicator(journal, TeamServer(url), name)


@pytest.mark.parametrize("late_first", [True, False], ids=["late-first", "holder-first"])
def test_a_forced_take_keeps_the_previous_holders_late_actions_apart(
    tmp_path: Path, team_url: str, late_first: bool
) -> None:
    """lea works offline; sam (a lead) force-takes the run and goes on. lea's actions
    recorded after the take are neither lost, nor duplicated, nor let into the run's
    history (one writer): the server keeps them as late actions, in lea's order, and
    lea's livecheck is told the run is sam's. sam's actions are never dropped, whichever
    reaches the server first."""
    from livecheck.runs.engine import ActionRefused
    from livecheck.services.settings import TeamJournal
    from livecheck.services.team import TeamService

    playbook = write_playbook(tmp_path)
    lea_journal, lea, lea_sync = _team(tmp_path, "lea", team_url)
    run = lea.start(playbook, variables={})
    lea.act(run, lambda w: w.done())
    assert lea_sync.drain() == 0  # on the server: seq 1-2, held by lea
    # lea goes on offline: acknowledged here, not yet on the server.
    lea.act(run, lambda w: w.note("called the creator"))
    lea.act(run, lambda w: w.done())
    sam_journal, sam, sam_sync = _team(tmp_path, "sam", team_url)
    taken = TeamService(TeamJournal(team_url, "--journal"), sam_journal, "sam").take(
        run.id[:12], force_reason="lea is off sick"
    )
    assert (taken.run_id, taken.previous_holder) == (run.id, "lea")
    mine = sam.resume(run.id)
    assert len(mine.walkthrough.events) == 2

    def sam_goes_on() -> None:
        sam.act(mine, lambda w: w.note("took it over"))
        sam.act(mine, lambda w: w.done())
        assert sam_sync.drain() == 0

    if not late_first:
        sam_goes_on()
    assert lea_sync.drain() == 0  # nothing waits on lea's machine: nothing is lost
    if late_first:
        sam_goes_on()
    history = server_rows(
        team_url, "SELECT seq, kind, uid FROM events WHERE run_id = %s ORDER BY seq", (run.id,)
    )
    sam_uids = [
        r[0]
        for r in sam_journal.connection.execute(
            "SELECT uid FROM events WHERE run_id = ? ORDER BY seq", (run.id,)
        )
    ]
    assert [uid for *_, uid in history] == sam_uids  # sam's history, whole, in order
    assert [(s, k) for s, k, _ in history] == [
        (1, "run-started"),
        (2, "done"),
        (3, "note"),
        (4, "done"),
    ]
    late = server_rows(
        team_url,
        "SELECT seq, kind, operator, holder, uid FROM late_events WHERE run_id = %s ORDER BY id",
        (run.id,),
    )
    lea_uids = [
        r[0]
        for r in lea_journal.connection.execute(
            "SELECT uid FROM events WHERE run_id = ? AND seq > 2 ORDER BY seq", (run.id,)
        )
    ]
    assert [(s, k, o, h) for s, k, o, h, _ in late] == [
        (3, "note", "lea", "sam"),
        (4, "done", "lea", "sam"),
    ]
    assert [uid for *_, uid in late] == lea_uids
    assert server_rows(team_url, "SELECT holder, current_step FROM runs") == [
        ("sam", "third")
    ]  # only sam moves the run
    # lea's livecheck knows: the run is no longer listed as hers, and she cannot act on it.
    assert lea_journal.taken_by(run.id) == "sam"
    assert run.id not in [r.id for r in lea.unfinished()]
    with pytest.raises(ActionRefused, match="taken over by sam"):
        lea.act(run, lambda w: w.note("one more"))
    # Sending lea's whole history again (a retry, `journal push`) adds nothing.
    lea_journal.queue_history()
    assert lea_sync.drain() == 0
    assert server_rows(team_url, "SELECT count(*) FROM events")[0][0] == 4
    assert server_rows(team_url, "SELECT count(*) FROM late_events")[0][0] == 2
    # `livecheck runs --team` tells sam (and the lead) there are late actions to read.
    from livecheck.present.team import team_rows

    (listed,) = TeamService(TeamJournal(team_url, "--journal"), sam_journal, "sam").open_runs()
    assert (listed.late, listed.late_by) == (2, "lea")
    assert team_rows([listed], utc_now())[0][3] == "sam (2 late actions by lea)"
    for journal in (lea_journal, sam_journal):
        journal.close()


def test_late_actions_stay_late_after_the_new_holder_hands_the_run_on(
    tmp_path: Path, team_url: str
) -> None:
    """Nobody holds the run once sam hands it to the team: lea's late actions still do
    not get into its history nor move it (the last to hand it over was sam)."""
    from livecheck.services.settings import TeamJournal
    from livecheck.services.team import TeamService

    playbook = write_playbook(tmp_path)
    lea_journal, lea, lea_sync = _team(tmp_path, "lea", team_url)
    run = lea.start(playbook, variables={})
    assert lea_sync.drain() == 0
    lea.act(run, lambda w: w.done())  # offline: acknowledged here only
    sam_journal, sam, _ = _team(tmp_path, "sam", team_url)
    team = TeamService(TeamJournal(team_url, "--journal"), sam_journal, "sam")
    team.take(run.id, force_reason="lea is away")
    team.hand_off(sam, sam.resume(run.id), "over to the morning shift", None)
    assert server_rows(team_url, "SELECT holder, current_step FROM runs") == [(None, "first")]
    assert lea_sync.drain() == 0
    assert server_rows(team_url, "SELECT holder, current_step FROM runs") == [(None, "first")]
    assert server_rows(team_url, "SELECT seq, kind FROM events ORDER BY seq") == [
        (1, "run-started"),
        (2, "note"),  # sam's handover note
    ]
    assert server_rows(team_url, "SELECT seq, kind, operator FROM late_events") == [
        (2, "done", "lea")
    ]
    assert lea_journal.taken_by(run.id) == ""  # taken, and nobody holds it now
    for journal in (lea_journal, sam_journal):
        journal.close()
