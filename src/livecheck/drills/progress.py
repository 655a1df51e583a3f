"""A trainee's progress over the drills of the current library.

A drill is passed when one of its attempts scored PASS_MARK or more. A category
is certified when every drill of it in the library is passed (drills added to
the library later must be passed too; drills removed from it no longer count).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from livecheck.drills.catalogue import DrillCard
from livecheck.drills.schedule import standings
from livecheck.drills.scoring import PASS_MARK
from livecheck.journal.store import DrillAttemptRecord


@dataclass(frozen=True, slots=True)
class DrillProgress:
    playbook_id: str
    drill_id: str
    category: str
    attempts: int
    best: int | None  # None: never tried
    last_at: dt.datetime | None
    box: int
    due: dt.date | None  # None: never tried, due now

    @property
    def passed(self) -> bool:
        return self.best is not None and self.best >= PASS_MARK

    @property
    def label(self) -> str:
        return f"{self.playbook_id}/{self.drill_id}"


@dataclass(frozen=True, slots=True)
class CategoryProgress:
    category: str
    passed: int
    total: int

    @property
    def certified(self) -> bool:
        return self.total > 0 and self.passed == self.total


@dataclass(frozen=True, slots=True)
class ProgressReport:
    trainee: str
    drills: tuple[DrillProgress, ...]  # sorted by category, then (playbook id, drill id)
    categories: tuple[CategoryProgress, ...]  # sorted by category

    @property
    def certified(self) -> tuple[str, ...]:
        return tuple(c.category for c in self.categories if c.certified)

    @property
    def passed(self) -> int:
        return sum(d.passed for d in self.drills)


def progress_report(
    trainee: str, cards: Sequence[DrillCard], records: Sequence[DrillAttemptRecord]
) -> ProgressReport:
    """`records`: the trainee's attempts (others' are ignored)."""
    mine = [r for r in records if r.trainee == trainee]
    stand = standings([c.key for c in cards], mine)
    best: dict[tuple[str, str], int] = {}
    last: dict[tuple[str, str], dt.datetime] = {}
    for record in mine:
        key = (record.playbook_id, record.drill_id)
        best[key] = max(best.get(key, 0), record.score)
        if key not in last or record.finished_at > last[key]:
            last[key] = record.finished_at
    rows = [
        DrillProgress(
            playbook_id=card.playbook.id,
            drill_id=card.drill.id,
            category=card.category,
            attempts=stand[card.key].attempts,
            best=best.get(card.key),
            last_at=last.get(card.key),
            box=stand[card.key].box,
            due=stand[card.key].due,
        )
        for card in cards
    ]
    rows.sort(key=lambda d: (d.category, d.playbook_id, d.drill_id))
    categories: dict[str, list[DrillProgress]] = {}
    for row in rows:
        categories.setdefault(row.category, []).append(row)
    return ProgressReport(
        trainee,
        tuple(rows),
        tuple(
            CategoryProgress(name, sum(r.passed for r in group), len(group))
            for name, group in sorted(categories.items())
        ),
    )
