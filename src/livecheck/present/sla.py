"""The SLA in words: the live line of a walkthrough and the verdict of a summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from livecheck.i18n import _
from livecheck.present.times import duration
from livecheck.runs.state import Sla

LOW_FRACTION = 0.2  # the last 20 % of the time: the line turns amber
SlaLevel = Literal["ok", "low", "over"]


@dataclass(frozen=True, slots=True)
class SlaLine:
    """The SLA of a run in progress: `level` says how a front end should colour `text`."""

    level: SlaLevel
    text: str


def sla_level(sla: Sla) -> SlaLevel:
    if sla.breached:
        return "over"
    if sla.remaining.total_seconds() < sla.minutes * 60 * LOW_FRACTION:
        return "low"
    return "ok"


def sla_line(sla: Sla) -> SlaLine:
    """`SLA 10 min: 7 min 12 s left`, `… only 1 min 40 s left` (the last 20 %), `… OVER by …`."""
    level = sla_level(sla)
    if level == "over":
        return SlaLine(level, sla_over(sla.minutes, duration(-sla.remaining.total_seconds())))
    left = duration(sla.remaining.total_seconds())
    if level == "low":
        return SlaLine(level, sla_almost_out(sla.minutes, left))
    return SlaLine(level, sla_left(sla.minutes, left))


def sla_left(minutes: int, left: str) -> str:
    return _("SLA {minutes} min: {left} left").format(minutes=minutes, left=left)


def sla_almost_out(minutes: int, left: str) -> str:
    return _("SLA {minutes} min: only {left} left").format(minutes=minutes, left=left)


def sla_over(minutes: int, by: str) -> str:
    return _("SLA {minutes} min: OVER by {by}").format(minutes=minutes, by=by)


def sla_verdict(sla: Sla, status: str) -> str:
    """The summary's SLA row: met or breached once the run ended with an outcome; no
    verdict for an abandoned run (it never reached an outcome to time); time used so far
    for an open one."""
    used = duration(sla.elapsed.total_seconds())
    if status == "abandoned":
        return sla_no_verdict_abandoned(sla.minutes, used)
    if status == "active":
        return sla_in_progress(sla.minutes, used)
    if sla.breached:
        return sla_breached(sla.minutes, duration(-sla.remaining.total_seconds()), used)
    return sla_met(sla.minutes, used)


def sla_met(minutes: int, used: str) -> str:
    return _("{minutes} min: met ({used})").format(minutes=minutes, used=used)


def sla_breached(minutes: int, by: str, used: str) -> str:
    return _("{minutes} min: breached by {by} ({used})").format(minutes=minutes, by=by, used=used)


def sla_no_verdict_abandoned(minutes: int, used: str) -> str:
    return _("{minutes} min: no verdict, the run was abandoned after {used}").format(
        minutes=minutes, used=used
    )


def sla_in_progress(minutes: int, used: str) -> str:
    return _("{minutes} min, {used} used").format(minutes=minutes, used=used)
