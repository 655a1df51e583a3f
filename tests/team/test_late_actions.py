"""After a forced take-over: the previous holder is told at the next sync (who took the
run, why) and their run screen turns read-only; the new holder sees the previous
holder's late actions (who, what, when) in the app and the plain front end, never in
the run's history. Against a real PostgreSQL server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from livecheck.journal.late_store import RunTaken
from livecheck.journal.store import Journal
from livecheck.journal.team.replicator import Replicator
from livecheck.journal.team.server import TeamServer
from livecheck.services.runs import ActiveRun, RunService
from livecheck.services.settings import TeamJournal
from livecheck.services.team import TeamService
from tests.team.helpers import write_playbook
from tests.team.test_handover_cli import Cli
from tests.team.test_handover_cli import as_person as as_person  # a fixture
from tests.team.test_tui_team import SIZE, app_for
from tests.tui.conftest import wait_for


def machine(tmp_path: Path, name: str, url: str) -> tuple[Journal, RunService, Replicator]:
    journal = Journal.open(tmp_path / f"{name}.sqlite3", replicate=True)
    return journal, RunService(journal, name), Replicator(journal, TeamServer(url), name)


def lea_works_offline_then_sam_forces(
    tmp_path: Path, url: str, *, offline_actions: bool
) -> tuple[Journal, RunService, Replicator, ActiveRun, Journal, Replicator]:
    """lea's run on the server (one step done); with `offline_actions`, lea records two
    more actions not yet sent; then sam, a lead, force-takes it ("lea is off sick")."""
    playbook = write_playbook(tmp_path / "library")
    lea_journal, lea, lea_sync = machine(tmp_path, "lea", url)
    run = lea.start(playbook, variables={}, case_ref="T-9")
    lea.act(run, lambda w: w.done())
    assert lea_sync.drain() == 0
    if offline_actions:
        lea.act(run, lambda w: w.note("called the creator twice"))
        lea.act(run, lambda w: w.skip("creator offline"))
    sam_journal, _, sam_sync = machine(tmp_path, "sam", url)
    TeamService(TeamJournal(url, "--journal"), sam_journal, "sam").take(
        run.id, force_reason="lea is off sick"
    )
    return lea_journal, lea, lea_sync, run, sam_journal, sam_sync


def test_the_previous_holder_is_told_at_the_next_sync_who_took_the_run_and_why(
    tmp_path: Path, team_url: str
) -> None:
    lea_journal, _, lea_sync, run, sam_journal, _ = lea_works_offline_then_sam_forces(
        tmp_path, team_url, offline_actions=False
    )
    told: list[RunTaken] = []
    lea_sync.taken_listeners.append(told.append)
    assert lea_sync.drain() == 0  # nothing to send: nothing learnt yet
    assert told == [] and lea_journal.taken_by(run.id) is None
    lea_sync.look(now=True)  # the app's replicator looks at the runs held here
    [taken] = told
    assert (taken.run_id, taken.by, taken.holder, taken.reason, taken.forced) == (
        run.id,
        "sam",
        "sam",
        "lea is off sick",
        True,
    )
    assert lea_journal.taken_by(run.id) == "sam"
    lea_sync.look(now=True)
    assert len(told) == 1  # told once
    for journal in (lea_journal, sam_journal):
        journal.close()


def test_late_actions_sent_after_the_take_tell_the_previous_holder_with_the_reason(
    tmp_path: Path, team_url: str
) -> None:
    lea_journal, _, lea_sync, run, sam_journal, sam_sync = lea_works_offline_then_sam_forces(
        tmp_path, team_url, offline_actions=True
    )
    told: list[RunTaken] = []
    lea_sync.taken_listeners.append(told.append)
    assert lea_sync.drain() == 0  # lea's two actions reach the server: late
    assert [(t.run_id, t.by, t.reason) for t in told] == [(run.id, "sam", "lea is off sick")]
    # sam's replicator brings them to sam's machine, apart from the run's history.
    arrived: list[tuple[str, int]] = []
    sam_sync.late_listeners.append(lambda run_id, n: arrived.append((run_id, n)))
    sam_sync.look(now=True)
    assert arrived == [(run.id, 2)]
    late = sam_journal.late_actions(run.id)
    assert [(a.operator, a.kind, a.data.get("text") or a.data.get("reason")) for a in late] == [
        ("lea", "note", "called the creator twice"),
        ("lea", "skipped", "creator offline"),
    ]
    history = sam_journal.connection.execute(
        "SELECT kind FROM events WHERE run_id = ? ORDER BY seq", (run.id,)
    ).fetchall()
    assert [k for (k,) in history] == ["run-started", "done"]
    sam_sync.look(now=True)
    assert arrived == [(run.id, 2)]  # kept once
    for journal in (lea_journal, sam_journal):
        journal.close()


def test_the_plain_front_end_shows_the_late_actions_when_continuing_the_run(
    tmp_path: Path, team_url: str, as_person: Callable[[str], Cli]
) -> None:
    lea_journal, _, lea_sync, run, sam_journal, _ = lea_works_offline_then_sam_forces(
        tmp_path, team_url, offline_actions=True
    )
    assert lea_sync.drain() == 0
    bo = as_person("bo")
    code, out, err = bo("run", "--take", run.id, "--force", "--reason", "sam left", stdin="q\n")
    assert code in (0, 3), err
    assert "2 late actions by lea, recorded after the run was taken over" in out
    assert "lea  note: called the creator twice" in out
    assert "lea  skipped Read the report: creator offline" in out
    for journal in (lea_journal, sam_journal):
        journal.close()


async def test_the_app_shows_late_actions_and_turns_a_taken_run_read_only(
    tmp_path: Path, team_url: str
) -> None:
    from livecheck.tui.screens.walkthrough import WalkthroughScreen
    from livecheck.tui.widgets.team_news import TeamNews

    library = tmp_path / "library"
    path = write_playbook(library)
    lea = app_for(tmp_path, "lea", library, team_url)
    async with lea.run_test(size=SIZE) as pilot:
        run = lea.workspace.runs.start(path, variables={}, case_ref="T-3")
        lea.workspace.runs.act(run, lambda w: w.done())
        team = lea.workspace.team
        assert team is not None
        await asyncio.to_thread(team.replicator.drain)
        lea.push_screen(WalkthroughScreen(run))
        await pilot.pause()
        news = lea.screen.query_one(TeamNews)
        assert not news.display and lea.screen.check_action("done", ())
        # sam, a lead, force-takes it meanwhile; lea records one more action before her
        # app hears of it.
        sam_app = app_for(tmp_path, "sam", library, team_url)
        sam_team = sam_app.workspace.team
        assert sam_team is not None
        sam_team.take(run.id, force_reason="lea is off sick")
        lea.workspace.runs.act(run, lambda w: w.note("left a voicemail"))
        await asyncio.to_thread(team.replicator.drain)
        await asyncio.to_thread(team.replicator.look, now=True)
        await wait_for(pilot, lambda: news.taken is not None, what="taken")
        await pilot.pause()
        assert "Read-only: sam took over this run." in str(news.render())
        assert news.display
        texts = [n.message for n in lea._notifications]
        assert any("sam took over run" in t and "lea is off sick" in t for t in texts), texts
        assert not lea.screen.check_action("done", ())
        events = len(run.walkthrough.events)
        await pilot.press("d")
        await pilot.pause()
        assert len(run.walkthrough.events) == events  # nothing recorded
    # sam's app: the run's screen lists lea's late action (who, what, when).
    async with sam_app.run_test(size=SIZE) as pilot:
        mine = sam_app.workspace.runs.resume(run.id)
        sam_app.push_screen(WalkthroughScreen(mine))
        await pilot.pause()
        await asyncio.to_thread(sam_team.replicator.look, now=True)
        news = sam_app.screen.query_one(TeamNews)
        await wait_for(pilot, lambda: "left a voicemail" in str(news.render()), what="late")
        text = str(news.render())
        assert "1 late action by lea" in text and "lea  note: left a voicemail" in text
        assert sam_app.screen.check_action("done", ())  # sam's to act on
        history = [e.kind.value for e in mine.walkthrough.events]
        assert history == ["run-started", "done"]


def test_the_plain_front_end_says_late_actions_that_arrive_during_the_run(
    tmp_path: Path,
) -> None:
    """Brought by the replicator while the run is open in the plain front end: said at
    the next turn, each once."""
    import datetime as dt
    import io

    from livecheck.cli.plain_run import PlainWalkthrough
    from livecheck.journal.late_store import LateAction

    journal = Journal.open(tmp_path / "sam.sqlite3")
    runs = RunService(journal, "sam")
    run = runs.start(write_playbook(tmp_path / "library"), variables={})
    at = dt.datetime(2026, 12, 3, 14, 5, tzinfo=dt.UTC)
    late = LateAction(run.id, "u1", 2, "done", at, "first", {}, "lea", "sam")

    class Input(io.StringIO):
        def readline(self, size: int | None = -1) -> str:
            line = super().readline()
            if line == "?\n":  # while sam reads the help, lea's late action arrives
                journal.keep_late_actions([late], at.isoformat())
            return line

    out = io.StringIO()
    walk = PlainWalkthrough(
        runs,
        run,
        Input("?\n?\nq\ny\n"),
        out,
        ask_feedback=False,
        zone=dt.UTC,
        team_line=lambda: None,
    )
    walk.walk()
    text = out.getvalue()
    assert text.count("1 late action by lea, recorded after the run was taken over") == 1
    assert "3 December 2026" in text and "lea  done: Open the case" in text
    assert [e.kind.value for e in run.walkthrough.events] == ["run-started"]
    journal.close()
