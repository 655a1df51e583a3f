"""Spaced repetition: Leitner boxes over a trainee's attempts.

A drill never tried is in box 0. A pass moves it up one box (at most
MAX_BOX); a fail sends it back to box 1. A drill in box N is due
INTERVAL_DAYS[N] days after its last attempt. The order is a pure function of
the attempts and `today`: never-tried drills first, then those whose last
attempt failed, then the rest by due date (the most overdue first); ties by
(playbook id, drill id).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

MAX_BOX = 5
INTERVAL_DAYS: Mapping[int, int] = {0: 0, 1: 1, 2: 2, 3: 4, 4: 8, 5: 16}


class AttemptLike(Protocol):
    @property
    def playbook_id(self) -> str: ...
    @property
    def drill_id(self) -> str: ...
    @property
    def finished_at(self) -> dt.datetime: ...
    @property
    def passed(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Standing:
    """Where one drill stands for one trainee."""

    key: tuple[str, str]  # (playbook id, drill id)
    box: int
    attempts: int
    last_passed: bool | None  # None: never tried
    last_day: dt.date | None
    due: dt.date | None  # None: never tried (due at once)

    def overdue_days(self, today: dt.date) -> int:
        return 0 if self.due is None else (today - self.due).days

    def rank(self) -> tuple[int, dt.date, tuple[str, str]]:
        group = 0 if self.last_passed is None else (1 if not self.last_passed else 2)
        return (group, self.due or dt.date.min, self.key)


def box_after(attempts: Iterable[bool]) -> int:
    """The Leitner box after a drill's results (passed or not), oldest first."""
    box = 0
    for passed in attempts:
        box = min(MAX_BOX, box + 1) if passed else 1
    return box


def standings(
    keys: Iterable[tuple[str, str]], attempts: Sequence[AttemptLike]
) -> dict[tuple[str, str], Standing]:
    """Each key's standing from `attempts` (any order; attempts of other drills are ignored)."""
    by_key: dict[tuple[str, str], list[AttemptLike]] = {k: [] for k in keys}
    for attempt in attempts:
        bucket = by_key.get((attempt.playbook_id, attempt.drill_id))
        if bucket is not None:
            bucket.append(attempt)
    result: dict[tuple[str, str], Standing] = {}
    for key, done in by_key.items():
        done.sort(key=lambda a: a.finished_at)
        if not done:
            result[key] = Standing(key, 0, 0, None, None, None)
            continue
        box = box_after(a.passed for a in done)
        last_day = done[-1].finished_at.astimezone(dt.UTC).date()
        due = last_day + dt.timedelta(days=INTERVAL_DAYS[box])
        result[key] = Standing(key, box, len(done), done[-1].passed, last_day, due)
    return result


def repetition_order(
    keys: Iterable[tuple[str, str]], attempts: Sequence[AttemptLike]
) -> list[Standing]:
    """Every key, the most due first (see the module docstring)."""
    return sorted(standings(keys, attempts).values(), key=Standing.rank)
