"""The playbook model: immutable, typed, and free of any YAML or UI concern."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Not at run time: the reader brings in ruamel.yaml, which showing a playbook
    # read from the index does not need.
    from livecheck.playbook.yaml_reader import Mark

RESOLVED = "resolved"


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    prompt: str
    required: bool = False
    example: str | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    label: str
    goto: str | None = None
    outcome: str | None = None


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    title: str
    detail: str | None = None
    mode: str = "read-do"
    template: str | None = None
    irreversible: bool = False
    pause: bool = False
    choices: tuple[Choice, ...] = ()
    goto: str | None = None
    outcome: str | None = None

    @property
    def is_decision(self) -> bool:
        return bool(self.choices)

    def choice(self, label: str) -> Choice | None:
        return next((c for c in self.choices if c.label == label), None)


@dataclass(frozen=True, slots=True)
class Drill:
    id: str
    scenario: str
    outcome: str
    expect: tuple[tuple[str, str], ...] = ()  # (decision step id, choice label), in file order

    def expected_label(self, step_id: str) -> str | None:
        return dict(self.expect).get(step_id)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a playbook came from and which exact bytes it was."""

    path: Path
    sha256: str
    size: int
    mtime_ns: int


def review_due(reviewed: dt.date, every_days: int) -> dt.date:
    """The last day before a playbook reviewed on `reviewed` counts as stale."""
    try:
        return reviewed + dt.timedelta(days=every_days)
    except OverflowError:  # reviewed near year 9999, or a huge interval: never stale
        return dt.date.max


@dataclass(frozen=True, slots=True)
class Playbook:
    id: str
    lang: str
    title: str
    summary: str
    when: str
    category: str
    severity: str
    owner: str
    reviewed: dt.date
    steps: tuple[Step, ...]
    review_every_days: int = 180
    tags: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    sla_minutes: int | None = None
    variables: tuple[Variable, ...] = ()
    memory: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ("resolved", "escalated", "no-action", "unresolved")
    related: tuple[str, ...] = ()
    drills: tuple[Drill, ...] = ()
    source: Source | None = field(default=None, compare=False)
    # "steps/2/choices/0/goto" -> position of that value; kept for lint and editors.
    locations: Mapping[str, Mark] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.lang)

    def due_for_review(self) -> dt.date:
        """The last day before the playbook counts as stale."""
        return review_due(self.reviewed, self.review_every_days)

    def is_stale(self, today: dt.date | None = None) -> bool:
        return (today or dt.date.today()) > self.due_for_review()

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def step_index(self, step_id: str) -> int | None:
        return next((i for i, s in enumerate(self.steps) if s.id == step_id), None)

    def locate(self, *parts: str | int) -> Mark:
        """Position of the value at `parts`, or of its nearest located parent."""
        keys = [str(p) for p in parts]
        while keys:
            mark = self.locations.get("/".join(keys))
            if mark is not None:
                return mark
            keys.pop()
        from livecheck.playbook.yaml_reader import Mark

        return self.locations.get("", Mark(1, 1))
