"""A drill's score in words: the headline, the breakdown, where the attempt left the
correct path, and the correct path. The plain front end prints these lines; the app
styles the same sentences."""

from __future__ import annotations

from dataclasses import dataclass

from livecheck.drills.scoring import PASS_MARK, Divergence, DrillScore, PathStep, ScorePart
from livecheck.present.times import duration
from livecheck.safety.text import one_line


def score_total(score: DrillScore) -> str:
    return f"Score {score.total}/100"


def score_verdict(score: DrillScore) -> str:
    return "PASSED" if score.passed else f"NOT PASSED (pass mark {PASS_MARK})"


def score_ending(score: DrillScore) -> str | None:
    """How the attempt ended when it did not end with an outcome."""
    return {"gave-up": "given up", "timed-out": "timed out"}.get(score.ending)


def score_headline(score: DrillScore) -> str:
    """`Score 72/100: NOT PASSED (pass mark 80), given up`."""
    ending = score_ending(score)
    if ending:
        return f"{score_total(score)}: {score_verdict(score)}, {ending}"
    return f"{score_total(score)}: {score_verdict(score)}"


def breakdown_title() -> str:
    return "Breakdown"


@dataclass(frozen=True, slots=True)
class PartRow:
    name: str
    points: str  # `30/30`
    reason: str
    full: bool  # every point earned


def part_rows(score: DrillScore) -> list[PartRow]:
    return [_row(part) for part in score.parts]


def _row(part: ScorePart) -> PartRow:
    return PartRow(
        part.name,
        f"{part.earned:>2}/{part.possible:<2}",
        one_line(part_reason(part)),
        part.earned == part.possible,
    )


def _minus(penalty: int) -> str:
    return f" (-{penalty})" if penalty else ""


def part_reason(part: ScorePart) -> str:
    """Why a part of the score earned what it did, in a few words."""
    f = part.facts
    why = part.why
    if why == "no-playbook":
        return "no playbook was chosen"
    if why == "wrong-playbook":
        return f"chose {f['chosen']}; the right playbook is {f['correct']}"
    if why == "found":
        searches = f"{f['searches']} search" if f["searches"] == 1 else f"{f['searches']} searches"
        return (
            f"picked at rank {f['rank']}{_minus(f['rank_penalty'])}, "
            f"{searches}{_minus(f['search_penalty'])}, "
            f"found in {duration(f['seconds'])}{_minus(f['slow_penalty'])}"
        )
    if why == "not-scored":
        return "no playbook chosen" if f["no_playbook"] else "wrong playbook"
    if why == "choice-right":
        return f"{f['title']}: “{f['taken']}”"
    if why == "choice-never-reached":
        return f"{f['title']}: never reached"
    if why == "choice-none":
        return f"{f['title']}: no choice made"
    if why == "choice-wrong":
        return f"{f['title']}: “{f['taken']}”, expected “{f['expected']}”"
    if why == "outcome-late":
        return f"{f['outcome']}, after the time limit"
    if why == "outcome-right":
        return str(f["outcome"])
    if why == "outcome-wrong":
        got = f["got"] or {"gave-up": "given up", "timed-out": "timed out"}.get(
            f["ending"], "no outcome"
        )
        return f"{got}, expected {f['expected']}"
    if why == "time-wrong-playbook":
        return f"{duration(f['seconds'])}; time counts for the right playbook only"
    if why == "time-out":
        return f"timed out after {duration(f['seconds'])} (limit {duration(f['limit'])})"
    if why == "time-gave-up":
        return f"given up after {duration(f['seconds'])}"
    if why == "time-within":
        return f"{duration(f['seconds'])}, within {duration(f['budget'])}"
    return f"{duration(f['seconds'])}, over the {duration(f['budget'])} budget"


def divergence_title() -> str:
    return "Where you left the correct path"


def divergence_sentence(div: Divergence) -> str:
    """Where the attempt first left the correct path, in one sentence."""
    title = one_line(div.title)
    if div.kind == "playbook":
        if div.taken:
            return f"You chose {div.taken}; the right playbook is {div.correct}: {title}."
        return f"No playbook was chosen; the right playbook is {div.correct}: {title}."
    if div.kind == "choice":
        correct = one_line(div.correct)
        if div.taken:
            return (
                f"At “{title}” you chose “{one_line(div.taken)}”; "
                f"the correct choice is “{correct}”."
            )
        return f"At “{title}” you made no choice; the correct choice is “{correct}”."
    if div.taken:
        return (
            f"The run ended with {div.taken}; the correct outcome is {div.correct} "
            f"(last step: {title})."
        )
    return (
        f"The run ended with no outcome; the correct outcome is {div.correct} (last step: {title})."
    )


def divergence_context_label(div: Divergence) -> str | None:
    """The label put before the divergence's detail (`When:` for a playbook's condition)."""
    return "When:" if div.kind == "playbook" else None


def correct_path_title(score: DrillScore) -> str:
    return f"Correct path ({score.playbook_id}: {one_line(score.playbook_title)}):"


def path_line(number: int, step: PathStep) -> str:
    return f"{number}. {one_line(step.title)} → {one_line(step.label)}"


def correct_outcome_line(score: DrillScore) -> str:
    return f"Outcome: {score.correct_outcome}"


def time_limit_line(seconds: float) -> str:
    return f"Time limit: {duration(seconds)}"


def time_left(seconds: float) -> str:
    return f"time left {duration(seconds)}"
