"""A run's state, and how its events make it.

`replay(playbook, events)` folds the committed events of a run into a `RunState`:
where the run stands on the playbook's step graph, the path taken, the notes and
how it ended. It refuses nothing: what an action may do is the engine's
(`runs.engine`); this changes only when the step graph's rules do (where a step
leads, pause points, `back`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Literal

from livecheck.playbook.model import RESOLVED, Choice, Playbook
from livecheck.runs.events import ENDINGS, MOVES, Event, EventKind

Awaiting = Literal["step", "pause", "outcome", "over"]


@dataclass(frozen=True, slots=True)
class StepResult:
    """What happened at one step on the path taken."""

    step_id: str
    result: Literal["done", "skipped", "chosen"]
    entered_at: dt.datetime
    left_at: dt.datetime
    label: str | None = None  # the choice taken
    reason: str | None = None  # why it was skipped
    confirmed: bool = False  # an irreversible step, confirmed

    @property
    def seconds(self) -> float:
        return (self.left_at - self.entered_at).total_seconds()


@dataclass(frozen=True, slots=True)
class Note:
    step_id: str | None
    text: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class RunState:
    started_at: dt.datetime
    variables: Mapping[str, str]
    awaiting: Awaiting
    current: str | None  # the step at hand (for "pause": the step just finished)
    entered_at: dt.datetime  # when the current step (or the wait) began
    path: tuple[StepResult, ...] = ()
    notes: tuple[Note, ...] = ()
    outcome: str | None = None
    status: Literal["active", "ended", "abandoned"] = "active"
    ended_at: dt.datetime | None = None
    end_reason: str | None = None  # escalation note or abandon reason
    pending_outcome: str | None = (
        None  # "pause" on a step that ends the run: the outcome after the review
    )

    @property
    def over(self) -> bool:
        return self.status != "active"

    @property
    def locked_until(self) -> int:
        """How many path entries `back` may not undo (up to the last confirmed irreversible step)."""
        return max((i + 1 for i, r in enumerate(self.path) if r.confirmed), default=0)


@dataclass(frozen=True, slots=True)
class Sla:
    minutes: int
    elapsed: dt.timedelta
    remaining: dt.timedelta

    @property
    def breached(self) -> bool:
        return self.remaining < dt.timedelta(0)


def _target(playbook: Playbook, index: int, choice: Choice | None) -> tuple[str | None, str | None]:
    """(next step id, outcome) after finishing the step at `index` (one of them is None)."""
    step = playbook.steps[index]
    goto, outcome = (choice.goto, choice.outcome) if choice else (step.goto, step.outcome)
    if goto or outcome:
        return goto, outcome
    if index + 1 < len(playbook.steps):
        return playbook.steps[index + 1].id, None
    return None, RESOLVED


def live_moves(events: Sequence[Event]) -> list[Event]:
    """The moves still in effect once every `back` has undone its move."""
    moves: list[Event] = []
    for event in events:
        if event.kind in MOVES:
            moves.append(event)
        elif event.kind is EventKind.BACK and moves:
            moves.pop()
    return moves


def replay(playbook: Playbook, events: Sequence[Event]) -> RunState:
    """The state of a run after `events` (the first must be run-started)."""
    if not events or events[0].kind is not EventKind.STARTED:
        raise ValueError("a run's first event is run-started")
    start = events[0]
    state = RunState(
        started_at=start.at,
        variables=MappingProxyType(dict(start.get("variables", {}))),
        awaiting="step",
        current=playbook.steps[0].id,
        entered_at=start.at,
    )
    notes = tuple(
        Note(e.step_id, e.get("text", ""), e.at) for e in events if e.kind is EventKind.NOTE
    )
    for move in live_moves(events[1:]):
        state = _advance(playbook, state, move)
    state = replace(state, notes=notes)
    ending = next((e for e in events if e.kind in ENDINGS), None)
    if ending is not None:
        status: Literal["ended", "abandoned"] = (
            "abandoned" if ending.kind is EventKind.ABANDONED else "ended"
        )
        state = replace(
            state,
            status=status,
            outcome=ending.get("outcome"),
            ended_at=ending.at,
            awaiting="over",
            end_reason=ending.get("reason") or ending.get("note"),
        )
    return state


def _advance(playbook: Playbook, state: RunState, move: Event) -> RunState:
    if move.kind is EventKind.PAUSE_ACKNOWLEDGED:
        if state.pending_outcome is not None:
            return replace(
                state,
                awaiting="over",
                status="ended",
                outcome=state.pending_outcome,
                ended_at=move.at,
                current=None,
            )
        return replace(
            state, awaiting="step", current=_next_after(playbook, state), entered_at=move.at
        )
    index = playbook.step_index(move.step_id or "")
    if index is None:  # an event for another version of the playbook; ignore it
        return state
    step = playbook.steps[index]
    choice = step.choice(move.get("label", "")) if move.kind is EventKind.CHOSEN else None
    result = StepResult(
        step_id=step.id,
        result="chosen"
        if move.kind is EventKind.CHOSEN
        else "skipped"
        if move.kind is EventKind.SKIPPED
        else "done",
        entered_at=state.entered_at,
        left_at=move.at,
        label=move.get("label"),
        reason=move.get("reason"),
        confirmed=bool(move.get("confirmed")),
    )
    state = replace(state, path=(*state.path, result), entered_at=move.at)
    next_id, outcome = _target(playbook, index, choice)
    if move.kind is EventKind.SKIPPED and outcome is not None:
        # Skipping the step that would end the run: the outcome is the user's to say.
        return replace(state, awaiting="outcome", current=step.id)
    if step.pause:
        return replace(state, awaiting="pause", current=step.id, pending_outcome=outcome)
    if outcome is not None:
        return replace(
            state, awaiting="over", status="ended", outcome=outcome, ended_at=move.at, current=None
        )
    return replace(state, awaiting="step", current=next_id)


def _next_after(playbook: Playbook, state: RunState) -> str | None:
    """After a pause point: where the step just finished leads."""
    last = state.path[-1]
    index = playbook.step_index(last.step_id)
    assert index is not None
    choice = playbook.steps[index].choice(last.label) if last.label else None
    return _target(playbook, index, choice)[0]
