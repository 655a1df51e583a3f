"""Scoring, as pure functions: a perfect run, the wrong playbook, a wrong choice, a
wrong outcome, a timeout, a give-up, and the finding penalties."""

from __future__ import annotations

import pytest

from livecheck.drills.catalogue import DrillCard
from livecheck.drills.score import PASS_MARK, Finding, RunFacts
from livecheck.drills.scoring import (
    score_attempt,
    split_points,
    time_budget,
    time_limit,
)
from livecheck.present.drill_score import part_reason

from .conftest import card

PERFECT_PATH = (("ledger-state", "Delayed"), ("reaction", "Accepted"))
REACHED = ("check-ledger", "ledger-state", "tell-creator", "reaction")


def found(
    rank: int = 1,
    queries: tuple[str, ...] = ("diamonds wallet",),
    seconds: float = 20.0,
    chosen: str | None = "payout-late",
) -> Finding:
    return Finding(queries, chosen, rank if chosen else None, seconds)


def facts(
    choices=PERFECT_PATH,
    reached=REACHED,
    outcome: str | None = "resolved",
    seconds: float = 120.0,
    ending: str = "finished",
) -> RunFacts:  # type: ignore[no-untyped-def]
    return RunFacts(choices, reached, outcome, seconds, ending)  # type: ignore[arg-type]


def parts(score) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    return {p.name: (p.earned, p.possible) for p in score.parts}


def test_a_perfect_run_scores_100_with_no_divergence(cards: list[DrillCard]) -> None:
    c = card(cards, "payout-late", "late-by-a-day")
    score = score_attempt(c.playbook, c.drill, found(), facts())
    assert score.total == 100 and score.passed
    assert parts(score) == {
        "playbook": (40, 40),
        "decision: ledger-state": (15, 15),
        "decision: reaction": (15, 15),
        "outcome": (20, 20),
        "time": (10, 10),
    }
    assert score.divergence is None
    assert [(s.step_id, s.label) for s in score.correct_path] == list(PERFECT_PATH)
    assert score.correct_outcome == "resolved"


def test_the_wrong_playbook_scores_nothing_and_names_the_right_one(cards: list[DrillCard]) -> None:
    c = card(cards, "payout-late", "late-by-a-day")
    run = facts(choices=(), reached=("check-bitrate", "advise"), outcome="resolved")
    score = score_attempt(c.playbook, c.drill, found(chosen="stream-lag"), run)
    assert score.total == 0 and not score.passed
    assert parts(score)["playbook"] == (0, 40)
    assert "the right playbook is payout-late" in part_reason(score.parts[0])
    assert all(p.earned == 0 for p in score.parts)
    div = score.divergence
    assert div is not None and div.kind == "playbook"
    assert (div.taken, div.correct, div.title) == (
        "stream-lag",
        "payout-late",
        "Gift payout arrives late",
    )
    assert div.detail == "Use when the drill tests need it."
    assert [s.label for s in score.correct_path] == ["Delayed", "Accepted"]


def test_a_wrong_choice_is_the_divergence_with_that_steps_text(cards: list[DrillCard]) -> None:
    c = card(cards, "payout-late", "late-by-a-day")
    run = facts(
        choices=(("ledger-state", "Blocked"),),
        reached=("check-ledger", "ledger-state", "hand-to-fraud"),
        outcome="escalated",
    )
    score = score_attempt(c.playbook, c.drill, found(), run)
    assert parts(score) == {
        "playbook": (40, 40),
        "decision: ledger-state": (0, 15),
        "decision: reaction": (0, 15),
        "outcome": (0, 20),
        "time": (10, 10),
    }
    assert score.total == 50 and not score.passed
    assert "“Blocked”, expected “Delayed”" in part_reason(score.parts[1])
    assert "never reached" in part_reason(score.parts[2])
    div = score.divergence
    assert div is not None and div.kind == "choice"
    assert (div.step_id, div.taken, div.correct) == ("ledger-state", "Blocked", "Delayed")
    assert div.title == "What does the ledger show?"
    assert div.detail == "Compare the payout date in the ledger with today."


def test_a_later_wrong_choice_keeps_the_earlier_points(cards: list[DrillCard]) -> None:
    c = card(cards, "payout-late", "late-by-a-day")
    run = facts(choices=(("ledger-state", "Delayed"), ("reaction", "Angry")), outcome="escalated")
    score = score_attempt(c.playbook, c.drill, found(), run)
    assert score.total == 40 + 15 + 0 + 0 + 10
    assert score.divergence is not None and score.divergence.step_id == "reaction"
    assert score.divergence.correct == "Accepted"


def test_a_wrong_outcome_without_expected_choices(cards: list[DrillCard]) -> None:
    c = card(cards, "stream-lag", "buffering")
    run = facts(choices=(), reached=("check-bitrate",), outcome="no-action")
    score = score_attempt(c.playbook, c.drill, found(chosen="stream-lag"), run)
    # No `expect`: the decisions' 30 points go to the outcome.
    assert parts(score) == {"playbook": (40, 40), "outcome": (0, 50), "time": (10, 10)}
    assert score.total == 50
    div = score.divergence
    assert div is not None and div.kind == "outcome"
    assert (div.taken, div.correct, div.step_id) == ("no-action", "resolved", "check-bitrate")
    right = score_attempt(
        c.playbook, c.drill, found(chosen="stream-lag"), facts(choices=(), outcome="resolved")
    )
    assert right.total == 100


def test_a_timeout_keeps_the_decisions_made_and_loses_outcome_and_time(
    cards: list[DrillCard],
) -> None:
    c = card(cards, "payout-late", "late-by-a-day")
    limit = time_limit(c.playbook)
    assert time_budget(c.playbook) == 600 and limit == 1200  # sla_minutes: 10
    run = facts(
        choices=(("ledger-state", "Delayed"),),
        reached=("check-ledger", "ledger-state", "tell-creator"),
        outcome=None,
        seconds=limit + 5,
        ending="timed-out",
    )
    score = score_attempt(c.playbook, c.drill, found(), run)
    assert score.ending == "timed-out"
    assert parts(score)["outcome"] == (0, 20) and "timed out" in part_reason(score.parts[-2])
    assert parts(score)["time"] == (0, 10) and "timed out" in part_reason(score.parts[-1])
    assert score.total == 40 + 15
    assert score.divergence is not None and score.divergence.step_id == "reaction"
    assert score.divergence.taken is None


def test_walking_to_the_right_outcome_after_the_limit_earns_no_outcome_points(
    cards: list[DrillCard],
) -> None:
    # The plain front end cannot interrupt a prompt: the trainee may finish late.
    c = card(cards, "payout-late", "late-by-a-day")
    late = facts(seconds=time_limit(c.playbook) + 60, ending="finished")
    score = score_attempt(c.playbook, c.drill, found(), late)
    assert parts(score)["outcome"] == (0, 20) and "after the time limit" in part_reason(
        score.parts[-2]
    )
    assert parts(score)["time"] == (0, 10)
    assert score.total == 40 + 30 and not score.passed


def test_no_playbook_chosen_before_the_time_limit(cards: list[DrillCard]) -> None:
    c = card(cards, "payout-late", "late-by-a-day")
    finding = Finding(("money",), None, None, time_limit(c.playbook) + 1)
    score = score_attempt(c.playbook, c.drill, finding, None)
    assert score.total == 0 and score.ending == "timed-out"
    assert score.divergence is not None and score.divergence.kind == "playbook"
    assert score.divergence.taken is None


def test_giving_up_scores_what_was_done(cards: list[DrillCard]) -> None:
    c = card(cards, "payout-late", "late-by-a-day")
    run = facts(choices=(("ledger-state", "Delayed"),), outcome=None, seconds=60, ending="gave-up")
    score = score_attempt(c.playbook, c.drill, found(), run)
    assert score.total == 55 and score.ending == "gave-up"
    assert parts(score)["time"] == (0, 10)


@pytest.mark.parametrize(
    ("rank", "searches", "seconds", "points"),
    [
        (1, 1, 20, 40),
        (2, 1, 20, 35),
        (9, 1, 20, 25),  # the rank penalty stops at 15
        (1, 3, 20, 34),
        (1, 10, 20, 31),  # the search penalty stops at 9
        (1, 1, 90, 35),
        (1, 1, 400, 30),
        (9, 10, 400, 6),
    ],
)
def test_finding_penalties(
    cards: list[DrillCard], rank: int, searches: int, seconds: float, points: int
) -> None:
    c = card(cards, "payout-late", "late-by-a-day")
    queries = tuple(f"query {n}" for n in range(searches))
    score = score_attempt(c.playbook, c.drill, found(rank, queries, seconds), facts())
    assert parts(score)["playbook"] == (points, 40)
    assert score.total == points + 60
    assert score.passed is (score.total >= PASS_MARK)


def test_time_points_fall_between_the_budget_and_the_limit(cards: list[DrillCard]) -> None:
    c = card(cards, "payout-late", "late-by-a-day")
    budget, limit = time_budget(c.playbook), time_limit(c.playbook)
    at = {
        s: parts(score_attempt(c.playbook, c.drill, found(), facts(seconds=s)))["time"][0]
        for s in (budget, (budget + limit) / 2, limit - 1, limit)
    }
    assert list(at.values()) == [10, 5, 0, 0]


def test_split_points_adds_up() -> None:
    assert split_points(30, 4) == [8, 8, 7, 7]
    assert sum(split_points(30, 7)) == 30
    assert split_points(30, 0) == []
