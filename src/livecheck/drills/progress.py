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
from livecheck.drills.score import PASS_MARK
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


@dataclass(frozen=True, slots=True)
class TraineeSummary:
    """One trainee's line in `livecheck drill --progress --all`."""

    trainee: str
    passed: int
    total: int
    attempts: int
    certified: tuple[str, ...]
    last_at: dt.datetime | None


def team_progress(
    cards: Sequence[DrillCard], standings: Sequence[tuple[str, str, str, int, int, str]]
) -> list[TraineeSummary]:
    """Every trainee's progress over the drills of the current library, from the
    standings the journal aggregated (trainee, playbook, drill, attempts, best, last)."""
    keys = {(c.playbook.id, c.drill.id): c.category for c in cards}
    per_category: dict[str, int] = {}
    for category in keys.values():
        per_category[category] = per_category.get(category, 0) + 1
    people: dict[str, list[tuple[str, str, str, int, int, str]]] = {}
    for row in standings:
        people.setdefault(row[0], []).append(row)
    summaries = []
    for trainee, rows in sorted(people.items()):
        current = [r for r in rows if (r[1], r[2]) in keys]
        passed = [r for r in current if r[4] >= PASS_MARK]
        passed_in: dict[str, int] = {}
        for r in passed:
            category = keys[(r[1], r[2])]
            passed_in[category] = passed_in.get(category, 0) + 1
        summaries.append(
            TraineeSummary(
                trainee,
                len(passed),
                len(keys),
                sum(r[3] for r in rows),
                tuple(sorted(c for c, n in passed_in.items() if n == per_category[c])),
                max((dt.datetime.fromisoformat(r[5]) for r in rows), default=None),
            )
        )
    return summaries
