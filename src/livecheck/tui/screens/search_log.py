"""What the search screen records in the journal's search log, and when.

Searches the user acted on go to the journal's search log, never keystrokes:
- opening a playbook from the results records the query, its number of results
  and the playbook opened (every time a result is opened);
- Enter on a query that found nothing records it at once;
- a query whose results stayed on screen for SETTLE_SECONDS is recorded, with
  no playbook opened, when the user moves on without opening one: types
  another query, clears the box, leaves for another screen or quits.
A query replaced within SETTLE_SECONDS (typing on) is never recorded.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

SETTLE_SECONDS = 4.0  # results seen this long were read, not typed through


@dataclass(slots=True)
class ShownSearch:
    """The query whose results are on screen, for the search log."""

    query: str
    results: int
    ids: dict[str, str] = field(default_factory=dict)  # result path -> playbook id
    since: float = field(default_factory=time.monotonic)
    logged: bool = False  # already recorded (opened, or left): not again as "left"

    def settled(self) -> bool:
        return time.monotonic() - self.since >= SETTLE_SECONDS
