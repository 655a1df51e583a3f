"""The TUI side: the search log (acted-on searches, not keystrokes), the figures
screen, the feedback dialog, driven with Textual's Pilot."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Sparkline, Static

import livecheck.tui.screens.search_log as search_log
from livecheck.services.runs import RunService
from livecheck.services.settings import resolve_settings
from livecheck.services.workspace import Workspace
from livecheck.tui.app import LivecheckApp
from livecheck.tui.screens.feedback import FeedbackScreen
from livecheck.tui.screens.playbook import PlaybookScreen
from livecheck.tui.screens.search import SearchScreen
from livecheck.tui.screens.stats import StatsScreen
from livecheck.tui.screens.summary import SummaryScreen
from tests.tui.conftest import SIZE, ready, search, wait_for

from .conftest import T0, fill, write_library

TODAY = dt.date(2026, 11, 3)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_library(tmp_path / "playbooks")


@pytest.fixture
def app(root: Path, tmp_path: Path) -> LivecheckApp:
    settings = resolve_settings(playbooks=[str(root)], data_dir=str(tmp_path / "data"))
    settings = dataclasses.replace(settings, operator="intern")
    return LivecheckApp(Workspace(settings, today=TODAY))


def logged(app: LivecheckApp) -> list[tuple[str, int, str | None]]:
    db = app.workspace.journal.connection
    return db.execute(
        "SELECT normalized, results, opened_playbook_id FROM searches ORDER BY id"
    ).fetchall()


async def test_typing_logs_nothing_and_opening_a_result_logs_the_search(app: LivecheckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search(pilot, "Reply to the creator", keys=True)  # 20 keystrokes, many searches
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlaybookScreen))
        await wait_for(pilot, lambda: bool(logged(app)), what="the search log")
        screen = app.screen
        assert isinstance(screen, PlaybookScreen)
        results = app.screen_stack[-2].shown_search.results  # type: ignore[attr-defined]
        assert logged(app) == [("reply to the creator", results, screen.playbook.id)]


async def test_enter_on_nothing_found_logs_it(app: LivecheckApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search(pilot, "zzqx plugh")
        assert app.screen.shown_search.results == 0  # type: ignore[attr-defined]
        assert logged(app) == []
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(logged(app)), what="the search log")
        await pilot.press("enter")  # a second Enter on the same query: still one record
        await pilot.pause(0.1)
        assert logged(app) == [("zzqx plugh", 0, None)]


async def test_a_query_read_then_left_is_logged_without_a_playbook(
    app: LivecheckApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_log, "SETTLE_SECONDS", 0.3)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search(pilot, "ticket")
        await search(pilot, "ticket close")  # replaced at once: "ticket" was typed through
        await pilot.pause(0.4)  # "ticket close" stays on screen: read
        await pilot.press("escape")  # cleared: left without opening anything
        await wait_for(pilot, lambda: bool(logged(app)), what="the search log")
        n = app.screen.query_one("#query", Input)
        assert n.value == ""
        (row,) = logged(app)
        assert row[0] == "ticket close" and row[1] > 0 and row[2] is None


async def test_ctrl_s_opens_the_figures(app: LivecheckApp) -> None:
    fill(app.workspace.journal, Path(app.workspace.settings.playbook_roots[0]))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen))
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        await wait_for(pilot, lambda: screen.report is not None, what="the report")
        await pilot.pause()
        report = screen.report
        assert report is not None
        # The last 30 days up to 2026-11-03 hold R1..R6 (drills left out).
        assert report.totals.runs == 6
        bars = str(screen.query_one("#stats-bars", Static).render())
        assert "linear" in bars and "decision" in bars
        spark = screen.query_one("#stats-sparkline", Sparkline)
        assert list(spark.data or [])[-2:] == [5.0, 1.0]  # 5 cases on 11-02, 1 on 11-03
        times = screen.query_one("#stats-table-times", DataTable)
        # linear breached its SLA once: its row is drawn in the error colour.
        first = times.get_row_at(0)
        assert str(first[0]) == "linear"
        assert all(str(c.style) == "bold red" for c in first)
        assert all(str(c.style) == "" for c in times.get_row_at(1))  # decision: no breach
        await pilot.press("c")  # next category: trust-safety... after "every category"
        await wait_for(pilot, lambda: screen.report is not report, what="the new report")
        await wait_for(
            pilot, lambda: screen.report is not None and screen.report.category == "trust-safety"
        )
        assert screen.report is not None and screen.report.totals.runs == 2
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))


async def test_the_summary_takes_feedback(app: LivecheckApp, root: Path) -> None:
    service = RunService(app.workspace.journal, "intern", clock=lambda: T0)
    run = service.start(next(root.rglob("linear.en.yaml")), variables={})
    service.act(run, lambda w: w.escalate("to the payments team"))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.push_screen(SummaryScreen(run))
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("down", "enter")  # "Missing a step"; Enter moves to the comment
        await pilot.press(*"no [b]refund[/b] step".replace(" ", "_"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        db = app.workspace.journal.connection
        await wait_for(pilot, lambda: db.execute("SELECT count(*) FROM feedback").fetchone()[0])
        assert db.execute("SELECT run_id, reason, comment FROM feedback").fetchall() == [
            (run.id, "missing-step", "no_[b]refund[/b]_step")
        ]
        # Escape in the dialog records nothing.
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        assert db.execute("SELECT count(*) FROM feedback").fetchone()[0] == 1
