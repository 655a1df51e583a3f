"""What a keystroke in the search box costs the app's thread: no layout of the whole
screen for the box itself, results the list shows already left in place, the
preview read in a worker and never the previous query's once cleared."""

from __future__ import annotations

import threading
from typing import Any

from textual import messages
from textual.app import App, ComposeResult
from textual.message import Message
from textual.widgets import Static

from livecheck.tui.widgets.fields import TextField
from livecheck.tui.widgets.preview import PlaybookPreview
from livecheck.tui.widgets.results import ResultList

from .conftest import AppFactory, ready, search, wait_for


class OneField(App[None]):
    def compose(self) -> ComposeResult:
        yield TextField(id="box")


async def test_typing_in_a_text_field_lays_nothing_out() -> None:
    posted: list[Message] = []
    app = OneField()
    async with app.run_test(size=(60, 10), message_hook=posted.append) as pilot:
        box = app.query_one(TextField)
        box.focus()
        await pilot.pause()
        posted.clear()
        await pilot.press(*"stream key is leaked and more words than the box holds")
        await pilot.pause()
        assert box.value.startswith("stream key")
        assert not [m for m in posted if isinstance(m, messages.Layout)]
        # Its own scrolling still knows how wide the text is: the cursor stays in view.
        assert box.virtual_size.width == box.content_width
        assert box.scroll_x > 0


async def test_the_same_results_again_are_left_in_place(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await search(pilot, "gift payout")
        results = app.screen.query_one(ResultList)
        before = list(results.options)
        assert before
        await search(pilot, "GIFT payout")  # the same words: the same results
        assert list(results.options) == before
        assert all(a is b for a, b in zip(results.options, before, strict=True))
        await search(pilot, "stream key")
        assert results.options[0] is not before[0]


async def test_a_preview_read_after_the_list_was_cleared_is_not_shown(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await search(pilot, "gift payout")
        preview = app.screen.query_one(PlaybookPreview)
        body = preview.query_one("#preview-body", Static)
        await wait_for(pilot, lambda: "Gift payout" in str(body.render()), what="the preview")
        path = app.screen.query_one(ResultList).get_option_at_index(0).id or ""
        preview.clear()
        # What a worker still reading that playbook hands back meanwhile.
        content: Any = body.render()
        preview._show(path[3:], None, content)
        await pilot.pause()
        assert "Gift payout" not in str(body.render())


async def test_last_times_index_is_searched_while_the_files_are_checked(
    make_app: AppFactory,
) -> None:
    first = make_app()
    async with first.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
    app = make_app()  # a restart: the index of last time is on disk
    engine = app.workspace.engine
    checked = threading.Event()
    refresh = engine.refresh

    def slow_refresh(**kwargs: Any) -> Any:
        checked.wait(10)
        return refresh(**kwargs)

    engine.refresh = slow_refresh  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.index_ready, what="the index")
            await search(pilot, "gift payout")
            assert not app._files_checked  # the files are still being checked
            assert "Gift payout" in str(app.screen.query_one(ResultList).options[0].prompt)
            checked.set()
            await wait_for(pilot, lambda: app._files_checked, what="the check")
    finally:
        checked.set()


async def test_a_preview_asked_for_later_is_forgotten_when_cleared(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await search(pilot, "gift payout")
        results = app.screen.query_one(ResultList)
        path = (results.get_option_at_index(0).id or "")[3:]
        preview = app.screen.query_one(PlaybookPreview)
        body = preview.query_one("#preview-body", Static)
        await wait_for(pilot, lambda: "Gift payout" in str(body.render()), what="the preview")
        preview.clear()
        preview.show_path(path, after=0.2)  # as while typing: once the typing pauses
        preview.clear()  # the next keystroke found nothing
        await pilot.pause(0.5)
        assert "Gift payout" not in str(body.render())
        preview.show_path(path, after=0.2)
        await wait_for(pilot, lambda: "Gift payout" in str(body.render()), what="the preview")
