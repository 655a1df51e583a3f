"""Scoring a drill attempt: pure functions over what the trainee did.

Out of 100, in four parts (see docs/drills.md):

- playbook, 40: the drill's playbook was chosen. Less 5 per rank below the first
  at which it was picked (at most 15), 3 per search after the first (at most 9),
  and 5 when finding it took over a minute, 10 over three minutes.
- decisions, 30: split evenly between the decisions named in the drill's
  `expect` (the first ones get the odd points). A drill without `expect` gives
  these 30 points to the outcome.
- outcome, 20: the run ended with the drill's outcome.
- time, 10: the whole attempt (finding + walking) within the time budget: the
  playbook's `sla_minutes`, at most MAX_BUDGET_MINUTES (an SLA counts days of
  waiting on others that a drill does not have), or that much when it has no
  SLA; then falling linearly to 0 at the time limit (twice the budget), where
  the attempt times out.

The wrong playbook (or none) scores 0 in total: its steps cannot be held to the
drill's choices, and speed on the wrong case is worth nothing. An attempt that
was given up or timed out keeps what it earned up to then (the decisions made);
it has no outcome and no time points. Passed means a total of PASS_MARK or more.

The rules are here; what a score records (and PASS_MARK) is `drills.score`, and
its words are the presentation layer's (`livecheck.present.drill_score`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from livecheck.drills.score import (
    WHY,
    Divergence,
    DrillScore,
    Ending,
    Finding,
    PathStep,
    RunFacts,
    ScorePart,
)
from livecheck.i18n import _
from livecheck.playbook.model import Drill, Playbook

FIND_POINTS, DECISION_POINTS, OUTCOME_POINTS, TIME_POINTS = 40, 30, 20, 10
RANK_PENALTY, MAX_RANK_PENALTY = 5, 15
SEARCH_PENALTY, MAX_SEARCH_PENALTY = 3, 9
FIND_SLOW_SECONDS = ((180.0, 10), (60.0, 5))  # (over this many seconds, penalty), worst first
MAX_BUDGET_MINUTES = 15
LIMIT_FACTOR = 2


def _part(name: str, earned: int, possible: int, why: str, **facts: Any) -> ScorePart:
    assert why in WHY
    return ScorePart(name, earned, possible, why, MappingProxyType(facts))


def time_budget(playbook: Playbook) -> float:
    """Seconds an attempt may take for full time points."""
    return float(min(playbook.sla_minutes or MAX_BUDGET_MINUTES, MAX_BUDGET_MINUTES) * 60)


def time_limit(playbook: Playbook) -> float:
    """Seconds after which an attempt times out."""
    return time_budget(playbook) * LIMIT_FACTOR


def split_points(total: int, count: int) -> list[int]:
    """`total` split in `count` integer shares that add up to it; the first get the odd points."""
    if count <= 0:
        return []
    base, extra = divmod(total, count)
    return [base + (1 if i < extra else 0) for i in range(count)]


def correct_path(playbook: Playbook, drill: Drill) -> tuple[PathStep, ...]:
    """The drill's expected decisions, in the order of their steps in the playbook."""
    steps: list[tuple[int, PathStep]] = []
    for step_id, label in drill.expect:
        index = playbook.step_index(step_id)
        step = playbook.step(step_id)
        if index is None or step is None:  # lint reports it; never crash on it
            continue
        steps.append((index, PathStep(step_id, step.title, step.detail, label)))
    return tuple(s for _, s in sorted(steps, key=lambda pair: pair[0]))


def _find_part(playbook: Playbook, finding: Finding) -> ScorePart:
    chosen = finding.chosen_playbook_id
    if chosen is None:
        return _part("playbook", 0, FIND_POINTS, "no-playbook")
    if chosen != playbook.id:
        return _part(
            "playbook", 0, FIND_POINTS, "wrong-playbook", chosen=chosen, correct=playbook.id
        )
    rank = finding.found_rank or 1
    rank_penalty = min(MAX_RANK_PENALTY, RANK_PENALTY * (rank - 1))
    searches = max(1, finding.searches)
    search_penalty = min(MAX_SEARCH_PENALTY, SEARCH_PENALTY * (searches - 1))
    slow_penalty = next((p for limit, p in FIND_SLOW_SECONDS if finding.seconds > limit), 0)
    penalty = rank_penalty + search_penalty + slow_penalty
    return _part(
        "playbook",
        max(0, FIND_POINTS - penalty),
        FIND_POINTS,
        "found",
        rank=rank,
        rank_penalty=rank_penalty,
        searches=searches,
        search_penalty=search_penalty,
        seconds=finding.seconds,
        slow_penalty=slow_penalty,
    )


def _last_choices(run: RunFacts) -> dict[str, str]:
    """The choice in effect at each decision: the last one taken there (a loop may pass twice)."""
    taken: dict[str, str] = {}
    for step_id, label in run.choices:
        taken[step_id] = label
    return taken


def _ordered_expect(drill: Drill, run: RunFacts | None) -> list[tuple[str, str]]:
    """Expected decisions in the order the trainee reached them, then those never reached."""
    reached = run.reached if run else ()
    first_seen = {step_id: i for i, step_id in reversed(list(enumerate(reached)))}
    expect = list(drill.expect)
    return sorted(
        expect,
        key=lambda pair: (
            0 if pair[0] in first_seen else 1,
            first_seen.get(pair[0], expect.index(pair)),
        ),
    )


def score_attempt(
    playbook: Playbook, drill: Drill, finding: Finding, run: RunFacts | None
) -> DrillScore:
    """Score one attempt at `drill` of `playbook`.

    `playbook` is the drill's playbook in the language the trainee walked when they
    chose it (labels are translated; step ids and drill ids are shared), otherwise
    in the language the scenario was told in. `run` is None when no run began."""
    right = finding.chosen_playbook_id == playbook.id
    budget, limit = time_budget(playbook), time_limit(playbook)
    seconds = run.seconds if run else finding.seconds
    ending: Ending = run.ending if run else ("timed-out" if seconds >= limit else "gave-up")
    parts: list[ScorePart] = [_find_part(playbook, finding)]
    taken = _last_choices(run) if (run and right) else {}
    reached = set(run.reached) if (run and right) else set()
    expect = list(drill.expect)
    shares = split_points(DECISION_POINTS, len(expect))
    outcome_possible = OUTCOME_POINTS + (0 if expect else DECISION_POINTS)
    steps = {s.id: s for s in playbook.steps}
    no_playbook = finding.chosen_playbook_id is None
    for (step_id, label), share in zip(expect, shares, strict=True):
        title = steps[step_id].title if step_id in steps else step_id
        got = taken.get(step_id)
        name = f"decision: {step_id}"
        if not right:
            parts.append(_part(name, 0, share, "not-scored", no_playbook=no_playbook))
        elif got == label:
            parts.append(_part(name, share, share, "choice-right", title=title, taken=got))
        elif got is None:
            why = "choice-never-reached" if step_id not in reached else "choice-none"
            parts.append(_part(name, 0, share, why, title=title))
        else:
            parts.append(
                _part(name, 0, share, "choice-wrong", title=title, taken=got, expected=label)
            )
    ended_with = run.outcome if run else None
    # A run walked to its end after the limit (the plain front end only asks for the
    # next answer, it cannot stop the trainee mid-step) timed out all the same.
    late = ending == "timed-out" or seconds >= limit
    if not right:
        parts.append(_part("outcome", 0, outcome_possible, "not-scored", no_playbook=no_playbook))
    elif late and ended_with == drill.outcome:
        parts.append(_part("outcome", 0, outcome_possible, "outcome-late", outcome=ended_with))
    elif ended_with == drill.outcome:
        parts.append(
            _part(
                "outcome", outcome_possible, outcome_possible, "outcome-right", outcome=ended_with
            )
        )
    else:
        parts.append(
            _part(
                "outcome",
                0,
                outcome_possible,
                "outcome-wrong",
                got=ended_with,
                ending=ending,
                expected=drill.outcome,
            )
        )
    parts.append(_time_part(right, ending, seconds, budget, limit))
    total = sum(p.earned for p in parts) if right else 0
    return DrillScore(
        playbook_id=playbook.id,
        playbook_title=playbook.title,
        drill_id=drill.id,
        total=max(0, min(100, total)),
        parts=tuple(parts),
        divergence=_divergence(playbook, drill, finding, run if right else None, taken),
        correct_path=correct_path(playbook, drill),
        correct_outcome=drill.outcome,
        ending=ending,
        seconds=seconds,
        budget_seconds=budget,
    )


def _time_part(
    right: bool, ending: Ending, seconds: float, budget: float, limit: float
) -> ScorePart:
    if not right:
        return _part("time", 0, TIME_POINTS, "time-wrong-playbook", seconds=seconds)
    if ending == "timed-out" or seconds >= limit:
        return _part("time", 0, TIME_POINTS, "time-out", seconds=seconds, limit=limit)
    if ending == "gave-up":
        return _part("time", 0, TIME_POINTS, "time-gave-up", seconds=seconds)
    if seconds <= budget:
        return _part(
            "time", TIME_POINTS, TIME_POINTS, "time-within", seconds=seconds, budget=budget
        )
    earned = int(TIME_POINTS * (limit - seconds) / (limit - budget))
    return _part("time", max(0, earned), TIME_POINTS, "time-over", seconds=seconds, budget=budget)


def _divergence(
    playbook: Playbook,
    drill: Drill,
    finding: Finding,
    run: RunFacts | None,
    taken: Mapping[str, str],
) -> Divergence | None:
    if finding.chosen_playbook_id != playbook.id:
        return Divergence(
            "playbook",
            playbook.title,
            playbook.when,
            finding.chosen_playbook_id,
            playbook.id,
        )
    for step_id, label in _ordered_expect(drill, run):
        if taken.get(step_id) != label:
            step = playbook.step(step_id)
            return Divergence(
                "choice",
                step.title if step else step_id,
                step.detail if step else None,
                taken.get(step_id),
                label,
                step_id,
            )
    outcome = run.outcome if run else None
    if outcome != drill.outcome:
        last = playbook.step(run.reached[-1]) if (run and run.reached) else None
        return Divergence(
            "outcome",
            last.title if last else _("the end of the run"),
            last.detail if last else None,
            outcome,
            drill.outcome,
            last.id if last else None,
        )
    return None
