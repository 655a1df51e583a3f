"""Durations and moments as people read them.

The journal keeps UTC; what a person reads is local time with its zone named: the
zone of the config's `timezone` (e.g. "Europe/Paris"), else the machine's.
"""

from __future__ import annotations

import datetime as dt

from livecheck.i18n import format_datetime, format_duration, format_time


def duration(seconds: float) -> str:
    """`42 s`, `3 min 05 s`, `2 h 07 min` in the current language: the one way a length
    of time is written (`livecheck.i18n.format_duration`)."""
    return format_duration(seconds)


def local(moment: dt.datetime, zone: dt.tzinfo | None = None) -> dt.datetime:
    """`moment` in `zone` (None: the machine's zone)."""
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def zone_label(moment: dt.datetime, zone: dt.tzinfo | None = None) -> str:
    """The zone's name at `moment`: `CET`, `CEST`, `UTC`, or `UTC+05:30` when it has none."""
    there = local(moment, zone)
    name = there.tzname() or ""
    if name and not name.startswith(("+", "-")):
        return name
    offset = there.utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def moment_text(moment: dt.datetime, zone: dt.tzinfo | None = None) -> str:
    """`3 December 2026, 15:04 (Paris time)`, `3 décembre 2026, 15:04 (heure de Paris)`:
    a day and time, local, with the zone named, in the current language."""
    return format_datetime(local(moment, zone))


def clock_text(moment: dt.datetime, zone: dt.tzinfo | None = None) -> str:
    """`15:04`: the time of day, local (the zone is named once, elsewhere)."""
    return format_time(local(moment, zone))


def day_text(moment: dt.datetime, zone: dt.tzinfo | None = None) -> str:
    """`2026-12-03`: the local day of `moment`."""
    return f"{local(moment, zone):%Y-%m-%d}"


def age(moment: dt.datetime, now: dt.datetime) -> str:
    """How long ago `moment` was (`3 min 05 s`): the age of an unfinished run. A moment
    after `now` (clocks that disagree) is no time ago."""
    return duration(max(0.0, (now - moment).total_seconds()))
