"""The body of a screen's search worker, shared by the search and drill screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.worker import get_current_worker

from livecheck.search.hits import SearchResponse

INDEX_NOT_READY = "Building the search index… results will appear when it is ready."


def search_in_worker(
    app: Any,
    text: str,
    limit: int,
    show: Callable[[SearchResponse], None],
    say: Callable[[str], None],
) -> None:
    """Search from a worker thread and hand the response to the UI thread, unless the
    worker was cancelled meanwhile (a newer keystroke started another search)."""
    worker = get_current_worker()
    if not app.index_ready:
        app.call_from_thread(say, INDEX_NOT_READY)
        return
    response = app.workspace.search(text, limit=limit)
    if not worker.is_cancelled:
        app.call_from_thread(show, response)
