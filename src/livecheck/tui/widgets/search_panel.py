"""The search panel of the search and drill screens: the box, the status line, the
results and the preview of the highlighted playbook, with the as-you-type search.

It searches at once after a pause in typing; during a burst, at most every
`debounce` seconds, and always once more for the last text typed. The search runs
in an exclusive thread worker (`tui/searching.py`), so a newer keystroke cancels
an older search. The panel shows the results and posts what happened; the screen
says it in the status line (`say`) and decides what an opened result does:

- `SearchPanel.Answered`: the results of a query are in the list;
- `SearchPanel.TitlesFound`: while the index is built, title matches are;
- `SearchPanel.Emptied`: the box is blank, there is nothing to search;
- `SearchPanel.NothingToOpen`: Enter with no result to open.

The result list's own messages (`ResultList.PlaybookChosen`, `RunChosen`) bubble
up to the screen unchanged."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, ProgressBar, Static

from livecheck.tui.searching import search_in_worker
from livecheck.tui.text import line
from livecheck.tui.widgets.fields import TextField
from livecheck.tui.widgets.preview import PlaybookPreview
from livecheck.tui.widgets.results import ResultList

if TYPE_CHECKING:
    from livecheck.search.hits import SearchHit, SearchResponse

PREVIEW_SETTLE_SECONDS = 0.25  # typing paused this long: the first result is previewed


class SearchPanel(Vertical):
    class Answered(Message):
        """The results of `response.query` are in the list."""

        def __init__(self, response: SearchResponse) -> None:
            super().__init__()
            self.response = response

    class TitlesFound(Message):
        """The index is being built: the playbooks whose title matches are in the list."""

        def __init__(self, hits: list[SearchHit]) -> None:
            super().__init__()
            self.hits = hits

    class Emptied(Message):
        """The box is blank: nothing to search."""

    class NothingToOpen(Message):
        """Enter in the box with no result in the list."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def __init__(
        self,
        *,
        placeholder: str,
        debounce: float,
        limit: int = 20,
        titles_while_building: bool = False,
        progress: bool = False,
        notices: Iterable[Widget] = (),
        prefix: str = "",
    ) -> None:
        """`prefix` names the parts (`{prefix}query`, `{prefix}status`, `{prefix}panes`,
        `{prefix}results`, `{prefix}preview`); `progress` adds the index's progress bar
        under the box; `notices` go between the status line and the results."""
        super().__init__()
        self.placeholder = placeholder
        self.debounce = debounce
        self.limit = limit
        self.titles_while_building = titles_while_building
        self.progress = progress
        self.notices = list(notices)
        self.prefix = prefix
        self._timer: Timer | None = None
        self._last_search = 0.0

    def compose(self) -> ComposeResult:
        yield TextField(placeholder=self.placeholder, id=f"{self.prefix}query")
        if self.progress:
            yield ProgressBar(id="index-progress", show_eta=False)
        yield Static(id=f"{self.prefix}status")
        yield from self.notices
        with Horizontal(id=f"{self.prefix}panes"):
            yield ResultList(id=f"{self.prefix}results")
            yield PlaybookPreview(id=f"{self.prefix}preview")

    @property
    def box(self) -> Input:
        return self.query_one(f"#{self.prefix}query", Input)

    @property
    def results(self) -> ResultList:
        return self.query_one(ResultList)

    @property
    def preview(self) -> PlaybookPreview:
        return self.query_one(PlaybookPreview)

    def say(self, text: str) -> None:
        """Put `text` in the status line (nothing once the panel is being removed: a
        worker may finish after its screen closed)."""
        for status in self.query(f"#{self.prefix}status").results(Static):
            # One line high (the styles say so): no layout of the whole screen for it.
            status.update(line(text), layout=False)

    def focus_results(self) -> None:
        results = self.results
        if results.option_count:
            results.focus()
            if results.highlighted is None:
                results.highlighted = 0

    # -- typing ------------------------------------------------------------------------

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.input.id != f"{self.prefix}query":
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        waited = time.monotonic() - self._last_search
        text = event.value
        if waited >= self.debounce:
            self.search(text)
        else:
            self._timer = self.set_timer(self.debounce - waited, lambda: self.search(text))

    def search(self, text: str) -> None:
        """Search for `text` now (blank: post `Emptied`)."""
        self._last_search = time.monotonic()
        if not text.strip():
            self.post_message(self.Emptied())
            return
        self._search(text)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, text: str) -> None:
        search_in_worker(
            self,
            text,
            self.limit,
            self._answered,
            self.say,
            self._titles_found if self.titles_while_building else None,
        )

    def load(self, job: Callable[[], None]) -> None:
        """Run `job` in a thread, in the search's exclusive group: a newer search
        cancels it, and it cancels the search under way (the home lists)."""
        self.run_worker(job, thread=True, exclusive=True, group="search")

    def _answered(self, response: SearchResponse) -> None:
        self.results.show_hits(response.hits)
        self.post_message(self.Answered(response))

    def _titles_found(self, hits: list[SearchHit]) -> None:
        self.results.show_hits(hits)
        self.post_message(self.TitlesFound(hits))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id != f"{self.prefix}query":
            return
        results = self.results
        if results.option_count:
            results.highlighted = results.highlighted or 0
            results.action_select()
            return
        self.post_message(self.NothingToOpen(event.value))

    # -- the preview ---------------------------------------------------------------------

    @on(ResultList.PlaybookHighlighted)
    def _preview(self, event: ResultList.PlaybookHighlighted) -> None:
        # Once the results are drawn, and while typing once it pauses: reading the
        # first result and laying its preview out at every keystroke held the next
        # keystroke's results back. Moving through the results previews at once.
        after = PREVIEW_SETTLE_SECONDS if self.box.has_focus else 0.0
        self.call_after_refresh(self.preview.show_path, event.path, after=after)
