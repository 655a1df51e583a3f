"""What happens during a run, as append-only events.

A run's state is never stored: it is replayed from its events (see engine.py),
so the journal holds exactly what was done, in order, and a run resumes from
whatever was committed last.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


class EventKind(enum.StrEnum):
    STARTED = "run-started"
    DONE = "done"
    SKIPPED = "skipped"
    CHOSEN = "chosen"
    NOTE = "note"
    BACK = "back"
    PAUSE_ACKNOWLEDGED = "pause-acknowledged"
    ESCALATED = "escalated"
    ABANDONED = "abandoned"
    ENDED = "ended"


# Events that move the run along the step graph; `back` undoes the last of them.
MOVES = frozenset(
    {EventKind.DONE, EventKind.SKIPPED, EventKind.CHOSEN, EventKind.PAUSE_ACKNOWLEDGED}
)
# Events after which the run is over.
ENDINGS = frozenset({EventKind.ESCALATED, EventKind.ABANDONED, EventKind.ENDED})


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Event:
    seq: int  # 1-based position in the run
    kind: EventKind
    at: dt.datetime  # UTC
    step_id: str | None = None
    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)
