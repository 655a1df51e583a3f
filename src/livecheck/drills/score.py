"""A drill score as data: what the attempt did and what it earned.

`Finding` (how the trainee looked for the playbook) and `RunFacts` (what the
practice run did) go into `drills.scoring`; a `DrillScore` comes out, each part
saying why it scored what it did as data (`ScorePart.why`, one of `WHY`, and its
`facts`). The words are the presentation layer's (`livecheck.present.drill_score`);
the JSON is `DrillScore.as_json`. This changes when what a score records does,
not when the points do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from livecheck.runs.state import RunState

PASS_MARK = 80  # passed: a total of this or more

Ending = Literal["finished", "gave-up", "timed-out"]


@dataclass(frozen=True, slots=True)
class Finding:
    """How the trainee looked for the playbook."""

    queries: tuple[str, ...]  # the searches made, in order
    chosen_playbook_id: str | None  # None: no playbook was chosen
    found_rank: int | None  # 1-based rank of the chosen playbook in the last search
    seconds: float  # from the scenario shown to the playbook chosen

    @property
    def searches(self) -> int:
        return len(self.queries)


@dataclass(frozen=True, slots=True)
class RunFacts:
    """What the practice run did."""

    choices: tuple[tuple[str, str], ...]  # (decision step id, label taken), in path order
    reached: tuple[str, ...]  # step ids on the path, in order
    outcome: str | None  # the outcome the run ended with (None: abandoned or unfinished)
    seconds: float  # the whole attempt: from the scenario shown to the end of the run
    ending: Ending

    @classmethod
    def from_state(
        cls, state: RunState, *, began: dt.datetime, now: dt.datetime, ending: Ending
    ) -> RunFacts:
        ended = state.ended_at if (state.ended_at and ending == "finished") else now
        reached = [r.step_id for r in state.path]
        if state.current and state.awaiting == "step":  # the step at hand was reached too
            reached.append(state.current)
        return cls(
            choices=tuple((r.step_id, r.label) for r in state.path if r.label is not None),
            reached=tuple(reached),
            outcome=state.outcome if state.status == "ended" else None,
            seconds=max(0.0, (ended - began).total_seconds()),
            ending=ending,
        )


@dataclass(frozen=True, slots=True)
class ScorePart:
    name: str  # "playbook", "decision: <step id>", "outcome", "time"
    earned: int
    possible: int
    why: str  # what decided the points (see WHY); the facts say the rest
    facts: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


# Why a part scored what it did; `present.drill_score.part_reason` has the words.
WHY = (
    "no-playbook",  # no playbook was chosen
    "wrong-playbook",  # facts: chosen, correct
    "found",  # facts: rank, rank_penalty, searches, search_penalty, seconds, slow_penalty
    "not-scored",  # facts: no_playbook (bool): the decisions and outcome of a wrong pick
    "choice-right",  # facts: title, taken
    "choice-never-reached",  # facts: title
    "choice-none",  # facts: title
    "choice-wrong",  # facts: title, taken, expected
    "outcome-late",  # facts: outcome
    "outcome-right",  # facts: outcome
    "outcome-wrong",  # facts: got (None: none), ending, expected
    "time-wrong-playbook",  # facts: seconds
    "time-out",  # facts: seconds, limit
    "time-gave-up",  # facts: seconds
    "time-within",  # facts: seconds, budget
    "time-over",  # facts: seconds, budget
)


@dataclass(frozen=True, slots=True)
class PathStep:
    """One decision on the correct path."""

    step_id: str
    title: str
    detail: str | None
    label: str  # the choice a correct run takes


@dataclass(frozen=True, slots=True)
class Divergence:
    """Where the attempt first left the correct path."""

    kind: Literal["playbook", "choice", "outcome"]
    title: str  # the step's title (for "playbook": the right playbook's title)
    detail: str | None  # the step's detail (for "playbook": when the playbook applies)
    taken: str | None  # what the trainee did there (None: nothing, or never got there)
    correct: str  # the right choice label, outcome, or playbook id
    step_id: str | None = None


@dataclass(frozen=True, slots=True)
class DrillScore:
    playbook_id: str
    playbook_title: str
    drill_id: str
    total: int
    parts: tuple[ScorePart, ...]
    divergence: Divergence | None
    correct_path: tuple[PathStep, ...]
    correct_outcome: str
    ending: Ending
    seconds: float
    budget_seconds: float

    @property
    def passed(self) -> bool:
        return self.total >= PASS_MARK

    @property
    def possible(self) -> int:
        return sum(p.possible for p in self.parts)

    def as_json(self) -> dict[str, Any]:
        div = self.divergence
        return {
            "total": self.total,
            "passed": self.passed,
            "ending": self.ending,
            "seconds": round(self.seconds, 1),
            "budget_seconds": self.budget_seconds,
            "parts": [
                {
                    "name": p.name,
                    "earned": p.earned,
                    "possible": p.possible,
                    "why": p.why,
                    "facts": dict(p.facts),
                }
                for p in self.parts
            ],
            "divergence": None
            if div is None
            else {
                "kind": div.kind,
                "step_id": div.step_id,
                "title": div.title,
                "taken": div.taken,
                "correct": div.correct,
            },
        }
