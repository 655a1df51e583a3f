"""The period a report covers: whole UTC days, both ends included."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Period:
    since: dt.date | None = None  # first day included
    until: dt.date | None = None  # last day included

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise ValueError(
                f"the period ends ({self.until.isoformat()}) before it begins "
                f"({self.since.isoformat()})"
            )

    @classmethod
    def last_days(cls, days: int, today: dt.date) -> Period:
        """The `days` days up to and including `today`."""
        return cls(today - dt.timedelta(days=days - 1), today)

    @property
    def start(self) -> dt.datetime | None:
        """The first moment included (UTC midnight of `since`)."""
        return _midnight(self.since) if self.since else None

    @property
    def end(self) -> dt.datetime | None:
        """The first moment after the period (UTC midnight after `until`)."""
        return _midnight(self.until + dt.timedelta(days=1)) if self.until else None

    def describe(self) -> str:
        if self.since and self.until:
            if self.since == self.until:
                return f"on {self.since.isoformat()}"
            return f"between {self.since.isoformat()} and {self.until.isoformat()}"
        if self.since:
            return f"since {self.since.isoformat()}"
        if self.until:
            return f"up to {self.until.isoformat()}"
        return "in the whole journal"


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
