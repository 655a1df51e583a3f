"""The body of a screen's search worker, shared by the search and drill screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.dom import DOMNode
from textual.worker import get_current_worker

from livecheck.i18n import N_, _
from livecheck.tui.context import livecheck_app
from livecheck.tui.handback import hand_back

if TYPE_CHECKING:
    from livecheck.search.hits import SearchHit, SearchResponse

INDEX_NOT_READY = N_("Building the search index… results will appear when it is ready.")


def search_in_worker(
    node: DOMNode,
    text: str,
    limit: int,
    show: Callable[[SearchResponse], None],
    say: Callable[[str], None],
    show_titles: Callable[[list[SearchHit]], None] | None = None,
) -> None:
    """Search from a worker thread and hand the response to the UI thread, unless the
    worker was cancelled meanwhile (a newer keystroke started another search) or
    `node`, the widget searching, is gone by then.
    While the index is being built, `show_titles` (if given) gets the playbooks
    whose title matches, among those read so far."""
    worker = get_current_worker()
    app = livecheck_app(node.app)
    if not app.index_ready:
        titles = app.titles  # None until the first build starts reading the library
        if show_titles is None or titles is None:
            hand_back(node, say, _(INDEX_NOT_READY))
            return
        hits = titles.search(text, limit)
        if not worker.is_cancelled:
            hand_back(node, show_titles, hits)
        return
    response = app.workspace.search(text, limit=limit)
    if not worker.is_cancelled:
        hand_back(node, show, response)
