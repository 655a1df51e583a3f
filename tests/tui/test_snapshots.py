"""Pictures of the main screens (pytest-textual-snapshot), kept deterministic.

Fixed inline playbooks (no SLA, never stale), a fixed `today`, a frozen clock for
every event of a run, a fixed run id, a fixed operator, a fixed search time and
no cursor blinking. Regenerate with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the SVGs before committing them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from livecheck.search.engine import SearchResponse
from livecheck.tui.app import LivecheckApp
from livecheck.tui.screens.dialogs import ConfirmScreen, PauseReviewScreen, TextPromptScreen
from livecheck.tui.screens.playbook import PlaybookScreen
from livecheck.tui.screens.summary import SummaryScreen
from livecheck.tui.screens.variables import VariablesScreen
from livecheck.tui.screens.walkthrough import WalkthroughScreen

from .conftest import SIZE, T0, AppFactory, ready, search, wait_for

pytestmark = pytest.mark.usefixtures("frozen_clock")

RUN_ID = "20261102-5a1e70"


@pytest.fixture
def app(make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> LivecheckApp:
    app = make_app()
    workspace = app.workspace
    real_search = workspace.search

    def search_in_fixed_time(text: str, **kw: Any) -> SearchResponse:
        return dataclasses.replace(real_search(text, **kw), took_ms=3.0)

    monkeypatch.setattr(workspace, "search", search_in_fixed_time)
    monkeypatch.setattr("livecheck.services.runs.new_run_id", lambda now: RUN_ID)
    workspace.runs.clock = lambda: T0  # the service's clock is bound when it is made
    return app


def no_blink(app: LivecheckApp) -> None:
    for box in app.screen.query(Input):
        box.cursor_blink = False


async def on_screen(pilot: Pilot[Any], cls: type) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, cls), 5, cls.__name__)
    await pilot.pause()


async def open_gift(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await search(pilot, "gift payout", preview=True)
    await pilot.press("enter")
    await on_screen(pilot, PlaybookScreen)
    states = pilot.app.screen.query_one("#pb-translations", Static)
    await wait_for(pilot, lambda: "Translations" in str(states.render()), what="translation states")


async def start_gift(pilot: Pilot[Any]) -> None:
    await open_gift(pilot)
    await pilot.press("r")
    await on_screen(pilot, VariablesScreen)
    await pilot.press(*"CASE-7", "enter", *"@lea", "enter", "enter")
    await on_screen(pilot, WalkthroughScreen)


def snap(
    snap_compare: Callable[..., bool], app: LivecheckApp, before: Callable[[Pilot[Any]], Any]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await before(pilot)
        no_blink(pilot.app)  # type: ignore[arg-type]
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_search_screen_with_results(snap_compare: Callable[..., bool], app: LivecheckApp) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await search(pilot, "live", preview=True)

    snap(snap_compare, app, before)


def test_playbook_screen(snap_compare: Callable[..., bool], app: LivecheckApp) -> None:
    snap(snap_compare, app, open_gift)


def test_walkthrough_screen_at_a_decision(
    snap_compare: Callable[..., bool], app: LivecheckApp
) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await start_gift(pilot)
        await pilot.press("d", "s")
        await on_screen(pilot, TextPromptScreen)
        await pilot.press(*"no", "space", *"access", "enter")
        await on_screen(pilot, WalkthroughScreen)
        await wait_for(pilot, lambda: pilot.app.screen.run.state.current == "payout-state")  # type: ignore[attr-defined]

    snap(snap_compare, app, before)


def test_summary_screen(snap_compare: Callable[..., bool], app: LivecheckApp) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await start_gift(pilot)
        await pilot.press("d", "s")
        await on_screen(pilot, TextPromptScreen)
        await pilot.press(*"no", "space", *"access", "enter")
        await on_screen(pilot, WalkthroughScreen)
        await pilot.press("1", "d", "d")  # choose, send the update, the irreversible step
        await on_screen(pilot, ConfirmScreen)
        await pilot.press("left", "enter")
        await on_screen(pilot, PauseReviewScreen)
        await pilot.press("enter")
        await on_screen(pilot, WalkthroughScreen)
        await pilot.press("d")
        await on_screen(pilot, SummaryScreen)
        assert pilot.app.screen.run.id == RUN_ID  # type: ignore[attr-defined]
        assert pilot.app.screen.run.state.ended_at == T0  # type: ignore[attr-defined]

    snap(snap_compare, app, before)
