"""The walkthrough engine (`Walkthrough`, `replay`) and template filling: pure, no I/O.

Every action is planned (which may raise `ActionRefused`), then applied, exactly
as the run service does it. Times are explicit (`at=`), in minutes after T0.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping

import pytest

from livecheck.runs.engine import ActionRefused, Walkthrough
from livecheck.runs.events import Event, EventKind
from livecheck.runs.state import RunState, replay
from livecheck.runs.templates import fill
from tests.runs.conftest import T0, at, model

Plan = Callable[[Walkthrough], Event]


def started(pb_id: str, variables: Mapping[str, str] | None = None) -> Walkthrough:
    w = Walkthrough(model(pb_id), ())
    w.apply(w.start(variables or {}, at=at(0)))
    return w


def act(w: Walkthrough, plan: Plan) -> RunState:
    event = plan(w)
    assert event.seq == len(w.events) + 1
    return w.apply(event)


def refused(w: Walkthrough, plan: Plan, match: str | None = None) -> ActionRefused:
    """The action is refused and nothing changes: same state object, same events."""
    before_state = w._state
    before_events = list(w.events)
    with pytest.raises(ActionRefused, match=match) as info:
        plan(w)
    assert w._state is before_state
    assert w.events == before_events
    if before_state is not None:
        assert replay(w.playbook, w.events) == before_state
    return info.value


def path_of(state: RunState) -> list[tuple[str, str, str | None]]:
    return [(r.step_id, r.result, r.label or r.reason) for r in state.path]


def done(minutes: float, confirm: bool = False) -> Plan:
    return lambda w: w.done(confirm=confirm, at=at(minutes))


def choose(label: str, minutes: float, confirm: bool = False) -> Plan:
    return lambda w: w.choose(label, confirm=confirm, at=at(minutes))


def skip(reason: str, minutes: float) -> Plan:
    return lambda w: w.skip(reason, at=at(minutes))


def back(minutes: float) -> Plan:
    return lambda w: w.back(at=at(minutes))


def note(text: str, minutes: float) -> Plan:
    return lambda w: w.note(text, at=at(minutes))


def ack(minutes: float) -> Plan:
    return lambda w: w.acknowledge_pause(at=at(minutes))


def ended_actions() -> list[Plan]:
    return [
        done(99),
        done(99, confirm=True),
        choose("Left", 99),
        skip("why not", 99),
        note("late note", 99),
        back(99),
        ack(99),
        lambda w: w.escalate("late", at=at(99)),
        lambda w: w.abandon("late", at=at(99)),
        lambda w: w.end("resolved", at=at(99)),
    ]


# -- start ----------------------------------------------------------------------


def test_nothing_is_possible_before_the_start() -> None:
    w = Walkthrough(model("linear"), ())
    with pytest.raises(ActionRefused, match="not started"):
        _ = w.state
    for plan in ended_actions():
        refused(w, plan)


def test_start_records_the_variables_and_enters_the_first_step() -> None:
    w = Walkthrough(model("templated"), ())
    event = w.start({"creator_handle": "@lea.live", "room_id": "R-1"}, at=at(0))
    assert w.events == []  # planning is not applying
    assert (event.seq, event.kind, event.at, event.step_id) == (1, EventKind.STARTED, T0, None)
    state = w.apply(event)
    assert dict(state.variables) == {"creator_handle": "@lea.live", "room_id": "R-1"}
    assert (state.awaiting, state.current, state.status) == ("step", "greet", "active")
    assert state.started_at == state.entered_at == T0
    assert state.path == () and state.notes == () and state.outcome is None
    assert w.current_step() is not None and w.current_step().title == "Send the greeting"


def test_an_empty_optional_variable_is_not_recorded() -> None:
    w = Walkthrough(model("templated"), ())
    state = w.apply(w.start({"creator_handle": "@lea.live", "room_id": "  "}, at=at(0)))
    assert dict(state.variables) == {"creator_handle": "@lea.live"}


@pytest.mark.parametrize(
    "variables",
    [{}, {"creator_handle": ""}, {"creator_handle": "   "}, {"room_id": "R-1"}],
    ids=["absent", "empty", "blank", "only-optional"],
)
def test_start_refuses_a_missing_required_variable(variables: dict[str, str]) -> None:
    w = Walkthrough(model("templated"), ())
    refused(w, lambda w: w.start(variables, at=at(0)), match="creator_handle")


def test_start_refuses_an_unknown_variable() -> None:
    w = Walkthrough(model("templated"), ())
    error = refused(
        w, lambda w: w.start({"creator_handle": "@x", "room": "R-1"}, at=at(0)), match="room"
    )
    assert "unknown" in str(error)
    refused(Walkthrough(model("linear"), ()), lambda w: w.start({"x": "1"}, at=at(0)))


def test_a_run_starts_only_once() -> None:
    w = started("linear")
    refused(w, lambda w: w.start({}, at=at(1)), match="already started")


# -- a linear playbook -------------------------------------------------------------


def test_linear_done_to_the_end_resolves_with_step_timings() -> None:
    w = started("linear")
    state = act(w, done(1.5))
    assert (state.current, state.awaiting) == ("second", "step")
    assert state.entered_at == at(1.5)
    act(w, done(4))
    state = act(w, done(10))
    assert state.over and state.status == "ended" and state.outcome == "resolved"
    assert (state.awaiting, state.current, state.ended_at) == ("over", None, at(10))
    assert path_of(state) == [
        ("first", "done", None),
        ("second", "done", None),
        ("third", "done", None),
    ]
    assert [r.seconds for r in state.path] == [90.0, 150.0, 360.0]
    assert [(r.entered_at, r.left_at) for r in state.path] == [
        (at(0), at(1.5)),
        (at(1.5), at(4)),
        (at(4), at(10)),
    ]
    assert [e.seq for e in w.events] == [1, 2, 3, 4]


def test_every_action_is_refused_once_the_run_is_over() -> None:
    w = started("linear")
    for n in (1, 2, 3):
        act(w, done(n))
    for plan in ended_actions():
        refused(w, plan, match="over")


def test_skip_needs_a_reason_and_is_recorded_with_it() -> None:
    w = started("linear")
    refused(w, skip("", 1), match="reason")
    refused(w, skip("   ", 1), match="reason")
    state = act(w, skip("  creator already replied  ", 1))
    assert state.current == "second"
    assert state.path[-1].result == "skipped"
    assert state.path[-1].reason == "creator already replied"
    assert w.events[-1].get("reason") == "creator already replied"


def test_skipping_the_last_step_leaves_the_run_awaiting_an_outcome() -> None:
    w = started("linear")
    act(w, done(1))
    act(w, done(2))
    state = act(w, skip("not needed", 3))
    assert not state.over
    assert (state.awaiting, state.current, state.outcome) == ("outcome", "third", None)
    for plan in (done(4), done(4, confirm=True), skip("again", 4), choose("Left", 4), ack(4)):
        refused(w, plan)
    refused(w, lambda w: w.end("bogus", at=at(4)), match="not an outcome")
    act(w, note("while deciding", 4))
    state = act(w, lambda w: w.end("no-action", at=at(5)))
    assert (state.status, state.outcome, state.ended_at) == ("ended", "no-action", at(5))


def test_back_from_awaiting_an_outcome_reopens_the_skipped_step() -> None:
    w = started("linear")
    act(w, done(1))
    act(w, done(2))
    act(w, skip("not needed", 3))
    state = act(w, back(4))
    assert (state.awaiting, state.current) == ("step", "third")
    assert path_of(state) == [("first", "done", None), ("second", "done", None)]
    state = act(w, done(5))
    assert state.outcome == "resolved"


def test_notes_stay_on_their_step_and_do_not_move_the_run() -> None:
    w = started("linear")
    refused(w, note("", 1), match="text")
    refused(w, note(" \n ", 1), match="text")
    state = act(w, note("  first look  ", 1))
    assert (state.current, state.path) == ("first", ())
    act(w, done(2))
    state = act(w, note("on the second", 3))
    assert [(n.step_id, n.text, n.at) for n in state.notes] == [
        ("first", "first look", at(1)),
        ("second", "on the second", at(3)),
    ]
    # going back does not erase what was written down
    state = act(w, back(4))
    assert state.current == "first"
    assert len(state.notes) == 2


def test_back_undoes_the_last_move_step_by_step() -> None:
    w = started("linear")
    refused(w, back(0.5), match="first step")
    act(w, done(1))
    act(w, done(2))
    state = act(w, back(3))
    assert (state.current, len(state.path)) == ("second", 1)
    assert w.events[-1].kind is EventKind.BACK and w.events[-1].get("undoes") == 3
    state = act(w, back(4))
    assert (state.current, state.path) == ("first", ())
    refused(w, back(5), match="first step")
    state = act(w, done(6))
    assert state.current == "second"
    assert state.path[0].left_at == at(6)


def test_escalate_ends_the_run_from_any_step() -> None:
    for steps_done in range(3):
        w = started("linear")
        for n in range(steps_done):
            act(w, done(n + 1))
        state = act(w, lambda w: w.escalate("  to the T&S lead  ", at=at(9)))
        assert (state.status, state.outcome, state.awaiting) == ("ended", "escalated", "over")
        assert state.end_reason == "to the T&S lead"
        assert state.ended_at == at(9)
        assert w.events[-1].step_id == ["first", "second", "third"][steps_done]
        assert len(state.path) == steps_done


def test_escalate_without_a_note() -> None:
    w = started("decision")
    act(w, done(1))
    state = act(w, lambda w: w.escalate(at=at(2)))
    assert (state.outcome, state.end_reason) == ("escalated", None)


def test_abandon_needs_a_reason() -> None:
    w = started("linear")
    refused(w, lambda w: w.abandon("", at=at(1)), match="reason")
    refused(w, lambda w: w.abandon("   ", at=at(1)), match="reason")
    act(w, done(1))
    state = act(w, lambda w: w.abandon("duplicate ticket", at=at(2)))
    assert (state.status, state.outcome, state.end_reason) == (
        "abandoned",
        None,
        "duplicate ticket",
    )
    assert state.over and state.ended_at == at(2)


def test_end_needs_one_of_the_playbooks_outcomes() -> None:
    w = started("linear")
    refused(w, lambda w: w.end("fixed", at=at(1)), match="not an outcome")
    refused(w, lambda w: w.end("", at=at(1)))
    state = act(w, lambda w: w.end("unresolved", at=at(1)))
    assert (state.status, state.outcome, state.ended_at) == ("ended", "unresolved", at(1))


def test_done_and_choose_are_refused_on_the_wrong_kind_of_step() -> None:
    w = started("decision")
    refused(w, choose("Left", 1), match="not a decision")
    act(w, done(1))
    refused(w, done(2), match="decision")
    refused(w, done(2, confirm=True), match="decision")


# -- decisions ------------------------------------------------------------------------


def test_decision_goto_follows_the_chosen_branch() -> None:
    w = started("decision")
    act(w, done(1))
    state = act(w, choose("Left", 2))
    assert state.current == "left"
    assert state.path[-1].label == "Left" and state.path[-1].result == "chosen"
    state = act(w, done(3))
    assert state.current == "wrap"  # left has goto: wrap, so right is passed over
    state = act(w, done(4))
    assert state.outcome == "resolved"
    assert path_of(state) == [
        ("intro", "done", None),
        ("kind", "chosen", "Left"),
        ("left", "done", None),
        ("wrap", "done", None),
    ]


def test_decision_other_branch_falls_through_to_the_next_step() -> None:
    w = started("decision")
    act(w, done(1))
    assert act(w, choose("Right", 2)).current == "right"
    assert act(w, done(3)).current == "wrap"


def test_decision_outcome_choice_ends_the_run() -> None:
    w = started("decision")
    act(w, done(1))
    state = act(w, choose("Nothing to do", 2))
    assert (state.status, state.outcome, state.current, state.ended_at) == (
        "ended",
        "no-action",
        None,
        at(2),
    )


@pytest.mark.parametrize("label", ["Up", "left", "Left ", "", "1"])
def test_choose_needs_an_existing_label(label: str) -> None:
    w = started("decision")
    act(w, done(1))
    refused(w, choose(label, 2), match="not one of")


def test_a_decision_cannot_be_skipped() -> None:
    w = started("decision")
    act(w, done(1))
    refused(w, skip("no idea", 2), match="cannot be skipped")


def test_back_across_a_decision() -> None:
    w = started("decision")
    act(w, done(1))
    act(w, choose("Left", 2))
    act(w, done(3))
    state = act(w, back(4))
    assert state.current == "left"
    state = act(w, back(5))
    assert (state.current, path_of(state)) == ("kind", [("intro", "done", None)])
    state = act(w, choose("Right", 6))
    assert state.current == "right"
    assert path_of(state)[-1] == ("kind", "chosen", "Right")


# -- a loop that a choice can leave ---------------------------------------------------


def test_loop_goes_round_then_leaves() -> None:
    w = started("loop")
    act(w, done(1))
    assert act(w, choose("Try again", 2)).current == "attempt"
    act(w, done(3))
    assert act(w, choose("Try again", 4)).current == "attempt"
    act(w, done(5))
    assert act(w, choose("It works", 6)).current == "verify"
    state = act(w, done(7))
    assert state.outcome == "resolved"
    assert [r.step_id for r in state.path] == [
        "attempt",
        "works",
        "attempt",
        "works",
        "attempt",
        "works",
        "verify",
    ]
    assert [r.seconds for r in state.path] == [60.0] * 7


def test_loop_give_up_outcome() -> None:
    w = started("loop")
    act(w, done(1))
    act(w, choose("Try again", 2))
    act(w, done(3))
    state = act(w, choose("Give up", 4))
    assert (state.status, state.outcome) == ("ended", "unresolved")


def test_back_inside_a_loop() -> None:
    w = started("loop")
    act(w, done(1))
    act(w, choose("Try again", 2))
    state = act(w, back(3))
    assert (state.current, len(state.path)) == ("works", 1)
    state = act(w, choose("It works", 4))
    assert state.current == "verify"


# -- a step with an outcome -------------------------------------------------------------


def test_outcome_step_ends_with_its_outcome_when_done() -> None:
    w = started("outcome-step")
    act(w, done(1))
    state = act(w, done(2))
    assert (state.status, state.outcome, state.ended_at) == ("ended", "escalated", at(2))


def test_skipping_an_outcome_step_asks_for_the_outcome() -> None:
    w = started("outcome-step")
    act(w, done(1))
    state = act(w, skip("payments already has it", 2))
    assert (state.awaiting, state.current, state.status) == ("outcome", "handoff", "active")
    refused(w, done(3), match="needs an outcome")
    state = act(w, lambda w: w.end("no-action", at=at(3)))
    assert state.outcome == "no-action"
    assert path_of(state)[-1] == ("handoff", "skipped", "payments already has it")


# -- irreversible steps and decisions -----------------------------------------------------


def test_irreversible_step_needs_an_explicit_confirmation() -> None:
    w = started("irreversible")
    act(w, done(1))
    refused(w, done(2), match="cannot be undone")
    state = act(w, done(2, confirm=True))
    assert state.current == "report"
    assert state.path[-1].confirmed and state.path[-1].result == "done"
    assert w.events[-1].get("confirmed") is True
    assert state.locked_until == 2


def test_confirm_on_an_ordinary_step_is_harmless() -> None:
    w = started("irreversible")
    state = act(w, done(1, confirm=True))
    assert not state.path[0].confirmed
    assert "confirmed" not in w.events[-1].data
    assert state.locked_until == 0


def test_back_is_refused_past_a_confirmed_irreversible_step() -> None:
    w = started("irreversible")
    act(w, done(1))
    act(w, done(2, confirm=True))
    refused(w, back(3), match="irreversible")
    # the other actions still work at that point
    act(w, note("account banned at 09:02", 3))
    state = act(w, lambda w: w.escalate("police asked", at=at(4)))
    assert state.outcome == "escalated"


def test_irreversible_decision_needs_confirmation_and_then_locks_back() -> None:
    w = started("irreversible")
    act(w, done(1))
    act(w, done(2, confirm=True))
    refused(w, choose("Report", 3), match="cannot be undone")
    refused(w, choose("Nope", 3, confirm=True), match="not one of")
    state = act(w, choose("Do not report", 3, confirm=True))
    assert state.current == "wrap"
    assert state.path[-1].confirmed and state.path[-1].label == "Do not report"
    refused(w, back(4), match="irreversible")
    state = act(w, done(5))
    assert state.outcome == "resolved"


def test_back_before_the_irreversible_step_is_still_allowed() -> None:
    w = started("irreversible")
    act(w, done(1))
    state = act(w, back(2))
    assert state.current == "prep"


# -- pause points --------------------------------------------------------------------------


def test_pause_point_waits_for_acknowledgement() -> None:
    w = started("pause")
    act(w, done(1))
    state = act(w, done(2))
    assert (state.awaiting, state.current, state.status) == ("pause", "two", "active")
    refused(w, done(3), match="pause point")
    refused(w, done(3, confirm=True), match="pause point")
    refused(w, skip("x", 3), match="pause point")
    refused(w, choose("Left", 3), match="pause point")
    act(w, note("reviewed with the lead", 3))
    state = act(w, ack(4))
    assert (state.awaiting, state.current, state.entered_at) == ("step", "three", at(4))
    refused(w, ack(5), match="no pause point")
    assert [e.kind for e in w.events][-1] is EventKind.PAUSE_ACKNOWLEDGED


def test_pause_on_the_last_step_ends_the_run_only_after_the_review() -> None:
    w = started("pause")
    act(w, done(1))
    act(w, done(2))
    act(w, ack(3))
    state = act(w, done(6))
    assert not state.over
    assert (state.awaiting, state.current, state.outcome) == ("pause", "three", None)
    assert state.path[-1].seconds == 180.0  # entered at the acknowledgement (3), left at 6
    state = act(w, ack(8))
    assert (state.status, state.outcome, state.awaiting, state.ended_at) == (
        "ended",
        "resolved",
        "over",
        at(8),
    )
    assert state.current is None


def test_ack_is_refused_when_there_is_no_pause() -> None:
    w = started("pause")
    refused(w, ack(1), match="no pause point")


def test_back_at_a_pause_point_reopens_the_step() -> None:
    w = started("pause")
    act(w, done(1))
    act(w, done(2))
    state = act(w, back(3))
    assert (state.awaiting, state.current) == ("step", "two")
    act(w, done(4))
    act(w, ack(5))
    state = act(w, back(6))  # undoes the acknowledgement: back at the review
    assert (state.awaiting, state.current) == ("pause", "two")


def test_back_at_the_final_review_reopens_the_last_step() -> None:
    w = started("pause")
    for n, plan in enumerate((done(1), done(2), ack(3), done(4))):
        assert not act(w, plan).over, n
    state = act(w, back(5))
    assert (state.awaiting, state.current, state.pending_outcome) == ("step", "three", None)


def test_escalate_and_abandon_at_a_pause_point() -> None:
    for ending in (
        lambda w: w.escalate("lead took over", at=at(3)),
        lambda w: w.abandon("wrong playbook", at=at(3)),
    ):
        w = started("pause")
        act(w, done(1))
        act(w, done(2))
        assert act(w, ending).over


def test_skipping_a_terminal_pause_step_asks_for_the_outcome() -> None:
    w = started("pause")
    act(w, done(1))
    act(w, done(2))
    act(w, ack(3))
    state = act(w, skip("nothing left", 4))
    assert (state.awaiting, state.current) == ("outcome", "three")


# -- custom outcomes ------------------------------------------------------------------------


def test_custom_outcomes_choice_and_step() -> None:
    w = started("custom-outcomes")
    act(w, done(1))
    state = act(w, choose("Brand team", 2))
    assert (state.status, state.outcome) == ("ended", "handed-over")

    w = started("custom-outcomes")
    act(w, done(1))
    act(w, choose("Us", 2))
    state = act(w, done(3))
    assert state.outcome == "closed"


def test_custom_outcomes_end_only_with_declared_labels() -> None:
    w = started("custom-outcomes")
    act(w, done(1))
    act(w, choose("Us", 2))
    state = act(w, skip("brand closed it", 3))
    assert state.awaiting == "outcome"
    refused(w, lambda w: w.end("resolved", at=at(4)), match="handed-over, closed")
    refused(w, lambda w: w.end("no-action", at=at(4)))
    state = act(w, lambda w: w.end("handed-over", at=at(4)))
    assert state.outcome == "handed-over"


# -- replay -----------------------------------------------------------------------------------

SCENARIOS: dict[str, tuple[str, dict[str, str], list[Plan]]] = {
    "linear-with-back-and-notes": (
        "linear",
        {},
        [done(1), note("n1", 2), back(3), done(4), skip("dup", 5), note("n2", 6), done(7)],
    ),
    "decision": (
        "decision",
        {},
        [done(1), choose("Left", 2), back(3), choose("Right", 4), done(5)],
    ),
    "loop": ("loop", {}, [done(1), choose("Try again", 2), done(3), choose("Give up", 4)]),
    "irreversible": (
        "irreversible",
        {},
        [done(1), done(2, True), choose("Report", 3, True), done(4), done(5)],
    ),
    "pause": ("pause", {}, [done(1), done(2), back(3), done(4), ack(5), done(6), ack(7)]),
    "outcome-awaited": (
        "outcome-step",
        {},
        [done(1), skip("x", 2), back(3), skip("y", 4), lambda w: w.end("no-action", at=at(5))],
    ),
    "templated-escalated": (
        "templated",
        {"creator_handle": "@lea"},
        [done(1), lambda w: w.escalate("to legal", at=at(2))],
    ),
    "abandoned": ("custom-outcomes", {}, [lambda w: w.abandon("wrong case", at=at(1))]),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_replay_gives_the_same_state_as_applying_one_by_one(name: str) -> None:
    pb_id, variables, plans = SCENARIOS[name]
    w = started(pb_id, variables)
    states = [w.state]
    for plan in plans:
        states.append(act(w, plan))
    playbook = w.playbook
    for n, state in enumerate(states, 1):
        assert replay(playbook, w.events[:n]) == state
    again = Walkthrough(playbook, list(w.events))
    assert again.state == w.state
    assert again.events == w.events
    # events are numbered 1..n with no gap
    assert [e.seq for e in w.events] == list(range(1, len(w.events) + 1))


def test_replay_needs_a_started_event_first() -> None:
    playbook = model("linear")
    with pytest.raises(ValueError):
        replay(playbook, [])
    w = started("linear")
    act(w, done(1))
    with pytest.raises(ValueError):
        replay(playbook, w.events[1:])


def test_planning_an_action_changes_nothing_until_it_is_applied() -> None:
    w = started("linear")
    before = w.state
    event = w.done(at=at(1))
    w.note("x", at=at(1))
    w.escalate("y", at=at(1))
    assert w.state is before and len(w.events) == 1
    assert w.apply(event).current == "second"


# -- SLA -----------------------------------------------------------------------------------


def test_sla_elapsed_and_remaining_at_a_given_time() -> None:
    w = started("linear")
    sla = w.sla(at(10))
    assert sla is not None
    assert (sla.minutes, sla.elapsed, sla.remaining) == (
        30,
        dt.timedelta(minutes=10),
        dt.timedelta(minutes=20),
    )
    assert not sla.breached
    sla = w.sla(at(45))
    assert sla is not None and sla.breached and sla.remaining == dt.timedelta(minutes=-15)


def test_sla_stops_at_the_end_of_the_run() -> None:
    w = started("linear")
    for n in (5, 10, 40):
        act(w, done(n))
    for now in (at(40), at(100), None):
        sla = w.sla(now)
        assert sla is not None
        assert sla.elapsed == dt.timedelta(minutes=40)
        assert sla.remaining == dt.timedelta(minutes=-10) and sla.breached


def test_no_sla_without_sla_minutes() -> None:
    assert started("decision").sla(at(5)) is None


# -- templates -----------------------------------------------------------------------------


def test_fill_replaces_variables_and_literal_braces() -> None:
    text = model("templated").steps[0].template
    assert text is not None
    filled = fill(text, {"creator_handle": "@lea.live", "room_id": "R-77"})
    assert filled.text == "Hi @lea.live, about room R-77: type {literal} in the box.\n"
    assert filled.missing == ()


def test_fill_leaves_an_empty_optional_variable_visible() -> None:
    filled = fill("Hi {creator_handle}, room {room_id} / {room_id}.", {"creator_handle": "@lea"})
    assert filled.text == "Hi @lea, room {room_id} / {room_id}."
    assert filled.missing == ("room_id",)
    filled = fill("room {room_id}", {"room_id": ""})
    assert (filled.text, filled.missing) == ("room {room_id}", ("room_id",))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{", "{"),
        ("}}", "}"),
        ("{{name}}", "{name}"),
        ("{{{name}}}", "{Ana}"),
        ("{ name }", "{ name }"),
        ("{Name}", "{Name}"),
        ("{1x}", "{1x}"),
        ("a { b } c", "a { b } c"),
        ("{name}{name}", "AnaAna"),
        ("", ""),
    ],
)
def test_fill_brace_rules(text: str, expected: str) -> None:
    assert fill(text, {"name": "Ana"}).text == expected


def test_fill_does_not_expand_placeholders_inside_values() -> None:
    filled = fill("{a} {b}", {"a": "{b}", "b": "{{x}}"})
    assert filled.text == "{b} {{x}}"
    assert filled.missing == ()


def test_state_is_immutable() -> None:
    state = started("linear").state
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.current = "third"  # type: ignore[misc]
    with pytest.raises(TypeError):
        state.variables["x"] = "y"  # type: ignore[index]


def test_escalate_and_end_while_awaiting_an_outcome_or_a_pause() -> None:
    w = started("outcome-step")
    act(w, done(1))
    act(w, skip("x", 2))
    state = act(w, lambda w: w.escalate("lead", at=at(3)))
    assert (state.outcome, state.ended_at) == ("escalated", at(3))

    w = started("pause")
    act(w, done(1))
    act(w, done(2))
    state = act(w, lambda w: w.end("no-action", at=at(3)))
    assert (state.status, state.outcome, state.awaiting) == ("ended", "no-action", "over")
