"""The search journal: which searches the user acted on, kept with the runs.

Only searches that someone acted on are recorded, never keystrokes (the rule
each front end follows is in docs/reports.md). The text is kept as typed (on
one line, without control characters) and folded for grouping: "Sécurité  LIVE"
and "securite live" count as the same search in the report.
"""

from __future__ import annotations

import datetime as dt

from livecheck.journal.store import SearchRecord
from livecheck.runs.events import utc_now
from livecheck.safety.text import one_line
from livecheck.search.analysis import normalize_query

MAX_QUERY_CHARS = 500  # a paste of a whole ticket is not a search worth keeping whole


def search_record(
    query: str,
    *,
    results: int,
    operator: str,
    opened_playbook_id: str | None = None,
    kind: str = "case",
    run_id: str | None = None,
    at: dt.datetime | None = None,
) -> SearchRecord | None:
    """The record of a search, or None for a query with no words (nothing to learn from)."""
    text = one_line(query)[:MAX_QUERY_CHARS]
    normalized = normalize_query(text)
    if not normalized:
        return None
    return SearchRecord(
        at=at or utc_now(),
        operator=operator,
        kind=kind,
        query=text,
        normalized=normalized,
        results=max(0, results),
        opened_playbook_id=opened_playbook_id,
        run_id=run_id,
    )
