"""The period a report covers: whole UTC days, both ends included."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from livecheck.i18n import _, format_date


@dataclass(frozen=True, slots=True)
class Period:
    since: dt.date | None = None  # first day included
    until: dt.date | None = None  # last day included

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise ValueError(
                _("the period ends ({until}) before it begins ({since})").format(
                    until=self.until.isoformat(), since=self.since.isoformat()
                )
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
        """The period in words, in the current language: "between 1 November 2026 and
        30 November 2026"."""
        if self.since and self.until:
            if self.since == self.until:
                return _("on {day}").format(day=format_date(self.since))
            return _("between {since} and {until}").format(
                since=format_date(self.since), until=format_date(self.until)
            )
        if self.since:
            return _("since {since}").format(since=format_date(self.since))
        if self.until:
            return _("up to {until}").format(until=format_date(self.until))
        return _("in the whole journal")


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
