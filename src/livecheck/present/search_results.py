"""What the search screens say about a response, in one place for the search and
drill screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from livecheck.search.hits import SearchResponse


def corrected_line(response: SearchResponse) -> str:
    """The query found nothing; the results shown are for the suggested spelling."""
    return f"Nothing for “{response.query}”: showing results for “{response.suggestion}”."
