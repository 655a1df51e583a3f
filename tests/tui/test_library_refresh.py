"""The app's index worker: one refresh at a time, however long a first build takes."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

import livecheck.tui.app as app_module
from livecheck.search.index import IndexStore

from .conftest import AppFactory


async def test_a_long_first_build_is_not_started_again_beside_itself(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rechecks every 50 ms, and a build that takes 0.6 s: before, each recheck
    # started another full build in another thread.
    monkeypatch.setattr(app_module, "LIBRARY_RECHECK_SECONDS", 0.05)
    lock = threading.Lock()
    running, most, calls = 0, 0, 0
    real = IndexStore.refresh

    def slow(self: IndexStore, *args: Any, **kwargs: Any) -> Any:
        nonlocal running, most, calls
        with lock:
            running += 1
            calls += 1
            most = max(most, running)
        try:
            time.sleep(0.6)
            return real(self, *args, **kwargs)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(IndexStore, "refresh", slow)
    app = make_app()
    async with app.run_test(size=(100, 30)):
        for _ in range(400):
            if app.index_ready and calls >= 2:
                break
            await asyncio.sleep(0.01)
        assert app.index_ready
    assert most == 1
    assert calls >= 2  # the rechecks did go on once the build was done


async def test_home_lists_arriving_as_the_app_closes_are_dropped(make_app: AppFactory) -> None:
    # The home lists are read in a worker thread; their answer can reach the app's
    # thread after the search screen's widgets are gone (a quick quit, a test's
    # teardown). It is dropped, not a NoMatches that fails the worker.
    from livecheck.tui.screens.search import SearchScreen
    from livecheck.tui.screens.search_home import HomeLists

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await screen.panel.remove()
        screen._show_home_lists(HomeLists())  # the screen without its panel
    screen._show_home_lists(HomeLists())  # the app closed
