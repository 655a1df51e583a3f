"""The TUI drill flow with Textual's Pilot: scenario, search, pick, practice walk, score."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Input

from livecheck.services.drills import DrillRequest
from livecheck.services.settings import resolve_settings
from livecheck.services.workspace import Workspace
from livecheck.tui.app import LivecheckApp
from livecheck.tui.screens.dialogs import ConfirmScreen
from livecheck.tui.screens.drill import DrillScreen
from livecheck.tui.screens.drill_score import DrillScoreScreen
from livecheck.tui.screens.practice import PracticeWalkthroughScreen
from livecheck.tui.screens.search import SearchScreen


def make_app(library: Path, data_dir: Path, request: DrillRequest | None) -> LivecheckApp:
    settings = resolve_settings(playbooks=[str(library)], data_dir=str(data_dir))
    return LivecheckApp(Workspace(dataclasses.replace(settings, operator="ana")), drill=request)


def screen_text(app: LivecheckApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def wait_for(pilot: Pilot[Any], condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


async def search(pilot: Pilot[Any], screen: DrillScreen, text: str) -> None:
    await wait_for(pilot, lambda: pilot.app.index_ready, "the index")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: screen.is_mounted and screen.query("#drill-query"), "the box")
    box = screen.query_one("#drill-query", Input)
    box.focus()
    await pilot.press(*("space" if ch == " " else ch for ch in text))
    await wait_for(pilot, lambda: screen.shown_query == text, f"results for {text!r}")
    await pilot.pause()


async def test_drill_flow_start_search_pick_walk_score(library: Path, data_dir: Path) -> None:
    app = make_app(library, data_dir, DrillRequest(playbook_id="payout-late"))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DrillScreen), "the drill screen")
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        await pilot.pause()
        shown = screen_text(app)
        assert "PRACTICE" in shown and "ledger shows a hold" in shown
        assert "payout-late" not in shown and "Gift payout" not in shown  # only the scenario
        await search(pilot, screen, "wallet empty hold")
        assert screen.paths and screen.paths[0].endswith("payout-late.en.yaml")
        assert "Gift payout arrives late" in screen_text(app)  # as the normal search shows it
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PracticeWalkthroughScreen), "the walk")
        await pilot.pause()
        walk = app.screen
        assert isinstance(walk, PracticeWalkthroughScreen)
        assert walk.run.record.kind == "drill"
        assert "PRACTICE" in screen_text(app)
        await pilot.press("d")
        await wait_for(
            pilot,
            lambda: walk.step_at_hand() is not None and walk.step_at_hand().is_decision,
            "the decision",
        )  # type: ignore[union-attr]
        await pilot.press("2")
        await wait_for(pilot, lambda: walk.run.state.current == "hand-to-fraud", "the last step")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DrillScoreScreen), "the score")
        await pilot.pause()
        score_screen = app.screen
        assert isinstance(score_screen, DrillScoreScreen)
        assert score_screen.score.total == 100
        text = screen_text(app)
        assert "Score 100/100" in text and "PASSED" in text and "Correct path" in text
        [attempt] = app.workspace.journal.drill_attempts("ana")
        assert attempt.score == 100 and attempt.run_id == walk.run.id
        assert app.workspace.unfinished_runs() == []
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen), "the search screen")


async def test_giving_up_before_choosing_scores_zero(library: Path, data_dir: Path) -> None:
    app = make_app(library, data_dir, DrillRequest(playbook_id="stream-lag"))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DrillScreen), "the drill screen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the dialog")
        await pilot.pause()
        app.screen.query_one("#confirm", Button).press()
        await wait_for(pilot, lambda: isinstance(app.screen, DrillScoreScreen), "the score")
        await pilot.pause()
        assert app.screen.score.total == 0  # type: ignore[attr-defined]
        assert "No playbook was chosen" in screen_text(app)
        [attempt] = app.workspace.journal.drill_attempts("ana")
        assert attempt.run_id is None


async def test_giving_up_a_practice_walk_and_the_palette_entry(
    library: Path, data_dir: Path
) -> None:
    app = make_app(library, data_dir, None)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen), "the search screen")
        app.start_drill(DrillRequest(playbook_id="payout-late"))  # what the palette's entry calls
        await wait_for(pilot, lambda: isinstance(app.screen, DrillScreen), "the drill screen")
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        await search(pilot, screen, "wallet empty hold")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PracticeWalkthroughScreen), "the walk")
        await pilot.pause()
        run = app.screen.run  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the dialog")
        await pilot.pause()
        app.screen.query_one("#confirm", Button).press()
        await wait_for(pilot, lambda: isinstance(app.screen, DrillScoreScreen), "the score")
        await pilot.pause()
        assert run.state.status == "abandoned"
        assert app.screen.score.ending == "gave-up"  # type: ignore[attr-defined]


async def test_the_palette_offers_no_way_out_of_a_drill(library: Path, data_dir: Path) -> None:
    """Starting or opening a playbook from the palette mid-drill would leave the
    attempt unscored and start a real case: nothing of ours is offered then."""
    from livecheck.tui.commands import LivecheckCommands

    app = make_app(library, data_dir, DrillRequest(playbook_id="payout-late"))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DrillScreen), "the drill screen")
        provider = LivecheckCommands(app.screen)
        assert [hit async for hit in provider.discover()] == []
        assert [hit async for hit in provider.search("payout")] == []
        assert [hit async for hit in provider.search("start")] == []


async def test_the_scenario_and_time_left_stay_in_view_at_80x24(
    library: Path, data_dir: Path
) -> None:
    """The drill header shows the time left at 80 columns; the practice run keeps the
    scenario on screen, folded and unfolded with `v`."""
    app = make_app(library, data_dir, DrillRequest(playbook_id="payout-late"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DrillScreen), "the drill screen")
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        await pilot.pause()
        banner = screen_text(app).splitlines()[1]
        assert "PRACTICE" in banner and " min " in banner and "left" in banner, banner
        await search(pilot, screen, "wallet empty hold")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PracticeWalkthroughScreen), "the walk")
        await pilot.pause()
        assert "ledger shows a hold" in screen_text(app)
        await pilot.press("v")
        await pilot.pause()
        assert "ledger shows a hold" not in screen_text(app)
        await pilot.press("v")
        await pilot.pause()
        assert "ledger shows a hold" in screen_text(app)
