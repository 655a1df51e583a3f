"""A worker's answer reaches its screen only while the screen lives (tui/handback)."""

from __future__ import annotations

import threading

from textual import work
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from livecheck.tui.handback import alive, hand_back


class Slow(Screen[None]):
    """A screen whose worker answers when the test lets it."""

    def __init__(self, release: threading.Event) -> None:
        super().__init__()
        self.release = release
        self.finished = threading.Event()
        self.shown: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static(id="answer")

    @work(thread=True, exclusive=True, group="slow")
    def load(self) -> None:
        self.release.wait(5)
        try:
            hand_back(self, self.show, "ready")
        finally:
            self.finished.set()

    def show(self, text: str) -> None:
        self.shown.append(text)
        self.query_one("#answer", Static).update(text)  # NoMatches once the screen is gone


class Host(App[None]):
    pass


async def test_an_answer_reaches_a_screen_that_is_still_there() -> None:
    release = threading.Event()
    app = Host()
    async with app.run_test() as pilot:
        screen = Slow(release)
        await app.push_screen(screen)
        screen.load()
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.shown == ["ready"]


async def test_an_answer_for_a_closed_screen_is_dropped_without_failing_the_worker() -> None:
    release = threading.Event()
    app = Host()
    async with app.run_test() as pilot:
        screen = Slow(release)
        await app.push_screen(screen)
        screen.load()
        await app.pop_screen()
        await pilot.pause()
        assert not alive(screen)
        release.set()
        assert screen.finished.wait(5)
        await pilot.pause()
        assert screen.shown == []
        assert app.is_running


async def test_a_widget_being_removed_is_no_longer_alive() -> None:
    """The app closing prunes every widget at once: from then on, answers are dropped
    (before, the home lists' answer reached a search screen whose ResultList was gone)."""
    app = Host()
    async with app.run_test() as pilot:
        answer = Static("waiting")
        await app.screen.mount(answer)
        assert alive(answer)
        removal = answer.remove()  # pruning starts now; the removal completes later
        assert not alive(answer)
        await removal
        await pilot.pause()
        assert not alive(answer)
