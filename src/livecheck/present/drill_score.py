"""A drill's score in words: the headline, the breakdown, where the attempt left the
correct path, and the correct path. The plain front end prints these lines; the app
styles the same sentences."""

from __future__ import annotations

from dataclasses import dataclass

from livecheck.drills.score import PASS_MARK, Divergence, DrillScore, PathStep, ScorePart
from livecheck.i18n import _, ngettext, pgettext
from livecheck.present.steps import outcome_label
from livecheck.present.times import duration
from livecheck.safety.text import one_line


def score_total(score: DrillScore) -> str:
    return _("Score {total}/100").format(total=score.total)


def score_verdict(score: DrillScore) -> str:
    if score.passed:
        return _("PASSED")
    return _("NOT PASSED (pass mark {mark})").format(mark=PASS_MARK)


def score_ending(score: DrillScore) -> str | None:
    """How the attempt ended when it did not end with an outcome."""
    return _ending(score.ending)


def _ending(ending: str) -> str | None:
    if ending == "gave-up":
        return _("given up")
    if ending == "timed-out":
        return _("timed out")
    return None


def score_headline(score: DrillScore) -> str:
    """`Score 72/100: NOT PASSED (pass mark 80), given up`."""
    ending = score_ending(score)
    if ending:
        return _("{score}: {verdict}, {ending}").format(
            score=score_total(score), verdict=score_verdict(score), ending=ending
        )
    return _("{score}: {verdict}").format(score=score_total(score), verdict=score_verdict(score))


def breakdown_title() -> str:
    return _("Breakdown")


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
        part_name(part.name),
        f"{part.earned:>2}/{part.possible:<2}",
        one_line(part_reason(part)),
        part.earned == part.possible,
    )


def part_name(name: str) -> str:
    """A part of the score in words: `playbook`, `decision: <step id>`, `outcome`, `time`."""
    kind, _sep, step = name.partition(": ")
    if kind == "decision" and step:
        return _("decision: {step}").format(step=step)
    names = {
        "playbook": pgettext("drill score part", "playbook"),
        "outcome": pgettext("drill score part", "outcome"),
        "time": pgettext("drill score part", "time"),
    }
    return names.get(name, name)


def _minus(penalty: int) -> str:
    return f" (-{penalty})" if penalty else ""


def part_reason(part: ScorePart) -> str:
    """Why a part of the score earned what it did, in a few words."""
    f = part.facts
    why = part.why
    if why == "no-playbook":
        return _("no playbook was chosen")
    if why == "wrong-playbook":
        return _("chose {chosen}; the right playbook is {correct}").format(
            chosen=f["chosen"], correct=f["correct"]
        )
    if why == "found":
        searches = ngettext("{n} search", "{n} searches", f["searches"]).format(n=f["searches"])
        return _(
            "picked at rank {rank}{minus_rank}, {searches}{minus_search}, found in {duration}{minus_slow}"
        ).format(
            rank=f["rank"],
            minus_rank=_minus(f["rank_penalty"]),
            searches=searches,
            minus_search=_minus(f["search_penalty"]),
            duration=duration(f["seconds"]),
            minus_slow=_minus(f["slow_penalty"]),
        )
    if why == "not-scored":
        return _("no playbook chosen") if f["no_playbook"] else _("wrong playbook")
    if why == "choice-right":
        return _("{title}: “{taken}”").format(title=f["title"], taken=f["taken"])
    if why == "choice-never-reached":
        return _("{title}: never reached").format(title=f["title"])
    if why == "choice-none":
        return _("{title}: no choice made").format(title=f["title"])
    if why == "choice-wrong":
        return _("{title}: “{taken}”, expected “{expected}”").format(
            title=f["title"], taken=f["taken"], expected=f["expected"]
        )
    if why == "outcome-late":
        return _("{outcome}, after the time limit").format(outcome=outcome_label(f["outcome"]))
    if why == "outcome-right":
        return outcome_label(str(f["outcome"]))
    if why == "outcome-wrong":
        got = outcome_label(f["got"]) if f["got"] else _ending(f["ending"]) or _("no outcome")
        return _("{got}, expected {expected}").format(
            got=got, expected=outcome_label(f["expected"])
        )
    if why == "time-wrong-playbook":
        return _("{duration}; time counts for the right playbook only").format(
            duration=duration(f["seconds"])
        )
    if why == "time-out":
        return _("timed out after {duration} (limit {limit})").format(
            duration=duration(f["seconds"]), limit=duration(f["limit"])
        )
    if why == "time-gave-up":
        return _("given up after {duration}").format(duration=duration(f["seconds"]))
    if why == "time-within":
        return _("{duration}, within {budget}").format(
            duration=duration(f["seconds"]), budget=duration(f["budget"])
        )
    return _("{duration}, over the {budget} budget").format(
        duration=duration(f["seconds"]), budget=duration(f["budget"])
    )


def divergence_title() -> str:
    return _("Where you left the correct path")


def divergence_sentence(div: Divergence) -> str:
    """Where the attempt first left the correct path, in one sentence."""
    title = one_line(div.title)
    if div.kind == "playbook":
        if div.taken:
            return _("You chose {taken}; the right playbook is {correct}: {title}.").format(
                taken=div.taken, correct=div.correct, title=title
            )
        return _("No playbook was chosen; the right playbook is {correct}: {title}.").format(
            correct=div.correct, title=title
        )
    if div.kind == "choice":
        correct = one_line(div.correct)
        if div.taken:
            return _("At “{title}” you chose “{taken}”; the correct choice is “{correct}”.").format(
                title=title, taken=one_line(div.taken), correct=correct
            )
        return _("At “{title}” you made no choice; the correct choice is “{correct}”.").format(
            title=title, correct=correct
        )
    if div.taken:
        return _(
            "The run ended with {taken}; the correct outcome is {correct} (last step: {title})."
        ).format(taken=outcome_label(div.taken), correct=outcome_label(div.correct), title=title)
    return _(
        "The run ended with no outcome; the correct outcome is {correct} (last step: {title})."
    ).format(correct=outcome_label(div.correct), title=title)


def divergence_context_label(div: Divergence) -> str | None:
    """The label put before the divergence's detail (`When:` for a playbook's condition)."""
    return _("When:") if div.kind == "playbook" else None


def correct_path_title(score: DrillScore) -> str:
    return _("Correct path ({id}: {title}):").format(
        id=score.playbook_id, title=one_line(score.playbook_title)
    )


def path_line(number: int, step: PathStep) -> str:
    return f"{number}. {one_line(step.title)} → {one_line(step.label)}"


def correct_outcome_line(score: DrillScore) -> str:
    return _("Outcome: {outcome}").format(outcome=outcome_label(score.correct_outcome))


def time_limit_line(seconds: float) -> str:
    return _("Time limit: {duration}").format(duration=duration(seconds))


def time_left(seconds: float) -> str:
    return _("time left {duration}").format(duration=duration(seconds))
