"""A run of a playbook as a state machine over its step graph.

`Walkthrough` turns an action into the event that records it, or refuses it
with `ActionRefused` (and changes nothing). The caller journals the event and
then `apply`s it: the state only ever reflects committed events, and
`replay(playbook, events)` rebuilds it after a crash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Literal

from livecheck.i18n import _, ngettext
from livecheck.playbook.model import RESOLVED, Choice, Playbook, Step
from livecheck.runs.events import ENDINGS, MOVES, Event, EventKind, utc_now

ESCALATED = "escalated"
Awaiting = Literal["step", "pause", "outcome", "over"]


class ActionRefused(Exception):
    """The action is not possible now; the message says why. Nothing changed."""


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


class Walkthrough:
    """One run's engine: the playbook it walks and the events applied so far."""

    def __init__(
        self,
        playbook: Playbook,
        events: Iterable[Event],
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.playbook = playbook
        self.clock = clock
        self.events: list[Event] = []
        self._state: RunState | None = None
        for event in events:
            self.apply(event)

    # -- state -----------------------------------------------------------------

    @property
    def state(self) -> RunState:
        if self._state is None:
            raise ActionRefused(_("the run has not started"))
        return self._state

    def current_step(self) -> Step | None:
        state = self.state
        return self.playbook.step(state.current) if state.current else None

    def apply(self, event: Event) -> RunState:
        """Add a committed event and recompute the state from all events."""
        self.events.append(event)
        self._state = replay(self.playbook, self.events)
        return self._state

    def sla(self, now: dt.datetime | None = None) -> Sla | None:
        minutes = self.playbook.sla_minutes
        if not minutes:
            return None
        state = self.state
        end = state.ended_at or now or self.clock()
        elapsed = end - state.started_at
        return Sla(minutes, elapsed, dt.timedelta(minutes=minutes) - elapsed)

    # -- planning actions (each returns the event to journal, or refuses) -------

    def _event(
        self,
        kind: EventKind,
        step_id: str | None = None,
        at: dt.datetime | None = None,
        **data: Any,
    ) -> Event:
        clean = {k: v for k, v in data.items() if v is not None}
        return Event(
            len(self.events) + 1, kind, at or self.clock(), step_id, MappingProxyType(clean)
        )

    def _active(self) -> RunState:
        state = self.state
        if state.over:
            raise ActionRefused(
                _("the run is over ({ending})").format(ending=state.outcome or state.status)
            )
        return state

    def _at_step(self) -> tuple[RunState, Step]:
        state = self._active()
        if state.awaiting == "pause":
            raise ActionRefused(
                _("this is a pause point: review what was done, then continue (or go back)")
            )
        if state.awaiting == "outcome":
            raise ActionRefused(
                _("the run needs an outcome: one of {outcomes}").format(
                    outcomes=", ".join(self.playbook.outcomes)
                )
            )
        step = self.current_step()
        assert step is not None
        return state, step

    def start(
        self, variables: Mapping[str, str], *, at: dt.datetime | None = None, **facts: Any
    ) -> Event:
        if self._state is not None:
            raise ActionRefused(_("the run has already started"))
        known = {v.name for v in self.playbook.variables}
        unknown = sorted(set(variables) - known)
        if unknown:
            raise ActionRefused(
                ngettext(
                    "unknown variable: {names}; this playbook asks for {known}",
                    "unknown variables: {names}; this playbook asks for {known}",
                    len(unknown),
                ).format(names=", ".join(unknown), known=", ".join(sorted(known)) or _("none"))
            )
        missing = missing_required(self.playbook, variables)
        if missing:
            raise ActionRefused(
                ngettext(
                    "required variable missing: {names}",
                    "required variables missing: {names}",
                    len(missing),
                ).format(names=", ".join(missing))
            )
        clean = {k: v for k, v in variables.items() if v.strip()}
        return self._event(EventKind.STARTED, None, at, variables=clean, **facts)

    def done(self, *, confirm: bool = False, at: dt.datetime | None = None) -> Event:
        _state, step = self._at_step()
        if step.is_decision:
            labels = "; ".join(c.label for c in step.choices)
            raise ActionRefused(
                _("this step is a decision: choose one of: {labels}").format(labels=labels)
            )
        if step.irreversible and not confirm:
            raise ActionRefused(
                _("this step cannot be undone: confirm it explicitly before it counts as done")
            )
        return self._event(
            EventKind.DONE, step.id, at, confirmed=True if step.irreversible else None
        )

    def choose(self, label: str, *, confirm: bool = False, at: dt.datetime | None = None) -> Event:
        _state, step = self._at_step()
        if not step.is_decision:
            raise ActionRefused(_("this step is not a decision; mark it done or skip it"))
        choice = step.choice(label)
        if choice is None:
            labels = "; ".join(c.label for c in step.choices)
            raise ActionRefused(
                _("{label} is not one of this step's choices: {labels}").format(
                    label=repr(label), labels=labels
                )
            )
        if step.irreversible and not confirm:
            raise ActionRefused(_("this decision cannot be undone: confirm it explicitly"))
        return self._event(
            EventKind.CHOSEN,
            step.id,
            at,
            label=label,
            confirmed=True if step.irreversible else None,
        )

    def skip(self, reason: str, *, at: dt.datetime | None = None) -> Event:
        _state, step = self._at_step()
        if not reason.strip():
            raise ActionRefused(_("skipping a step needs a reason"))
        if step.is_decision:
            raise ActionRefused(_("a decision cannot be skipped: choose one of its options"))
        return self._event(EventKind.SKIPPED, step.id, at, reason=reason.strip())

    def acknowledge_pause(self, *, at: dt.datetime | None = None) -> Event:
        state = self._active()
        if state.awaiting != "pause":
            raise ActionRefused(_("there is no pause point to acknowledge"))
        return self._event(EventKind.PAUSE_ACKNOWLEDGED, state.current, at)

    def note(self, text: str, *, at: dt.datetime | None = None) -> Event:
        state = self._active()
        if not text.strip():
            raise ActionRefused(_("a note needs some text"))
        return self._event(EventKind.NOTE, state.current, at, text=text.strip())

    def back(self, *, at: dt.datetime | None = None) -> Event:
        state = self._active()
        moves = _live_moves(self.events)
        if not moves:
            raise ActionRefused(_("nothing to go back to: this is the first step"))
        if moves[-1].get("confirmed") or (
            moves[-1].kind is EventKind.PAUSE_ACKNOWLEDGED and len(state.path) <= state.locked_until
        ):
            raise ActionRefused(_("cannot go back past a confirmed irreversible step"))
        return self._event(EventKind.BACK, state.current, at, undoes=moves[-1].seq)

    def escalate(self, note: str = "", *, at: dt.datetime | None = None) -> Event:
        state = self._active()
        return self._event(
            EventKind.ESCALATED, state.current, at, outcome=ESCALATED, note=note.strip() or None
        )

    def abandon(self, reason: str, *, at: dt.datetime | None = None) -> Event:
        state = self._active()
        if not reason.strip():
            raise ActionRefused(_("abandoning a run needs a reason"))
        return self._event(EventKind.ABANDONED, state.current, at, reason=reason.strip())

    def end(self, outcome: str, *, at: dt.datetime | None = None) -> Event:
        state = self._active()
        if outcome not in self.playbook.outcomes:
            raise ActionRefused(
                _("{outcome} is not an outcome of this playbook: {outcomes}").format(
                    outcome=repr(outcome), outcomes=", ".join(self.playbook.outcomes)
                )
            )
        return self._event(EventKind.ENDED, state.current, at, outcome=outcome)


def _live_moves(events: Sequence[Event]) -> list[Event]:
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
    for move in _live_moves(events[1:]):
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


def missing_required(playbook: Playbook, variables: Mapping[str, str]) -> list[str]:
    return [
        v.name for v in playbook.variables if v.required and not variables.get(v.name, "").strip()
    ]
