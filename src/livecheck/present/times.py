"""Durations and moments as people read them.

The journal keeps UTC; what a person reads is local time with its zone named: the
zone of the config's `timezone` (e.g. "Europe/Paris"), else the machine's.
"""

from __future__ import annotations

import datetime as dt


def duration(seconds: float) -> str:
    """`42 s`, `3 min 05 s`, `2 h 07 min`: the one way a length of time is written."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes, whole = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {whole:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


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
    """`2026-12-03 15:04 CET`: a day and time, local, with the zone named."""
    return f"{local(moment, zone):%Y-%m-%d %H:%M} {zone_label(moment, zone)}"


def clock_text(moment: dt.datetime, zone: dt.tzinfo | None = None) -> str:
    """`15:04`: the time of day, local (the zone is named once, elsewhere)."""
    return f"{local(moment, zone):%H:%M}"


def day_text(moment: dt.datetime, zone: dt.tzinfo | None = None) -> str:
    """`2026-12-03`: the local day of `moment`."""
    return f"{local(moment, zone):%Y-%m-%d}"
