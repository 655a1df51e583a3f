"""A run of a playbook as a state machine over its step graph.

`Walkthrough` turns an action into the event that records it, or refuses it
with `ActionRefused` (and changes nothing). The caller journals the event and
then `apply`s it: the state only ever reflects committed events, and
`replay(playbook, events)` (`runs.state`) rebuilds it after a crash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

from livecheck.i18n import _, ngettext
from livecheck.playbook.model import Playbook, Step
from livecheck.runs.events import Event, EventKind, utc_now
from livecheck.runs.state import RunState, Sla, live_moves, replay

ESCALATED = "escalated"


class ActionRefused(Exception):
    """The action is not possible now; the message says why. Nothing changed."""


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
        moves = live_moves(self.events)
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


def missing_required(playbook: Playbook, variables: Mapping[str, str]) -> list[str]:
    return [
        v.name for v in playbook.variables if v.required and not variables.get(v.name, "").strip()
    ]
