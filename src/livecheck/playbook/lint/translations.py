"""Translations of a playbook (same id, other lang) must walk exactly alike.

Only the words may differ: step ids, where each step and choice leads,
variable names, outcomes and the drills' structure must match, because runs,
drills and reports compare them across languages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from livecheck.i18n import _
from livecheck.playbook.model import Playbook
from livecheck.playbook.problems import Findings, Problem
from livecheck.safety.text import one_line


@dataclass(frozen=True, slots=True)
class Aspect:
    """One thing translations must agree on, located in the file that has it."""

    what: str
    value: object
    at: tuple[str | int, ...]
    one: bool = False  # `what` is one thing ("where step 'x' leads"): it "differs"


def check_translations(playbooks: Iterable[Playbook]) -> list[Problem]:
    groups: dict[str, list[Playbook]] = defaultdict(list)
    for pb in playbooks:
        if pb.source is not None:
            groups[pb.id].append(pb)
    problems: list[Problem] = []
    for versions in groups.values():
        if len(versions) < 2:
            continue
        reference = next((p for p in versions if p.lang == "en"), versions[0])
        for other in versions:
            if other is not reference:
                problems.extend(_compare(reference, other))
        problems.extend(_check_ages(versions))
    return problems


def _aspects(pb: Playbook) -> Iterator[Aspect]:
    yield Aspect(_("the variable names"), [v.name for v in pb.variables], ("variables",))
    yield Aspect(_("the outcomes"), list(pb.outcomes), ("outcomes",))
    yield Aspect(_("the step ids"), [s.id for s in pb.steps], ("steps",))
    for i, step in enumerate(pb.steps):
        if step.choices:
            targets = [("goto", c.goto) if c.goto else ("outcome", c.outcome) for c in step.choices]
            yield Aspect(
                _("the choices' targets of step {id}").format(id=repr(step.id)),
                targets,
                ("steps", i, "choices"),
            )
        else:
            target = (
                ("goto", step.goto)
                if step.goto
                else ("outcome", step.outcome)
                if step.outcome
                else None
            )
            yield Aspect(
                _("where step {id} leads").format(id=repr(step.id)), target, ("steps", i), one=True
            )
    yield Aspect(_("the drill ids"), [d.id for d in pb.drills], ("drills",))
    for i, drill in enumerate(pb.drills):
        keys = sorted(k for k, _ in drill.expect)
        yield Aspect(
            _("the {key} keys of drill {id}").format(key="'expect'", id=repr(drill.id)),
            keys,
            ("drills", i, "expect"),
        )
        yield Aspect(
            _("the outcome of drill {id}").format(id=repr(drill.id)),
            drill.outcome,
            ("drills", i, "outcome"),
            one=True,
        )


def _compare(reference: Playbook, other: Playbook) -> list[Problem]:
    assert reference.source is not None and other.source is not None
    for mine, theirs in zip(_aspects(other), _aspects(reference), strict=False):
        if mine.value != theirs.value:
            findings = Findings(other.source.path)
            findings.error(
                other.locate(*mine.at),
                "translation-mismatch",
                (
                    _("{what} differs from the {lang} version ({path}:{line}): {difference}")
                    if mine.one
                    else _("{what} differ from the {lang} version ({path}:{line}): {difference}")
                ).format(
                    what=mine.what,
                    lang=reference.lang,
                    path=reference.source.path,
                    line=reference.locate(*theirs.at).line,
                    difference=_difference(mine.value, theirs.value, other.lang, reference.lang),
                ),
            )
            return findings.problems
    return []


def _difference(mine: object, theirs: object, my_lang: str, their_lang: str) -> str:
    if isinstance(mine, list) and isinstance(theirs, list):
        i = _first_difference(mine, theirs)
        here = _show(mine[i]) if i < len(mine) else _("nothing")
        there = _show(theirs[i]) if i < len(theirs) else _("nothing")
        return _("item {n} is {here} in {lang} but {there} in {other}").format(
            n=i + 1, here=here, lang=my_lang, there=there, other=their_lang
        )
    return _("{here} in {lang} but {there} in {other}").format(
        here=_show(mine), lang=my_lang, there=_show(theirs), other=their_lang
    )


def _first_difference(a: Sequence[object], b: Sequence[object]) -> int:
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def _show(value: object) -> str:
    if value is None:
        return _("the next step")
    if isinstance(value, tuple):
        return f"{value[0]} {one_line(str(value[1]))!r}"
    return repr(one_line(str(value)))


def _check_ages(versions: list[Playbook]) -> list[Problem]:
    newest = max(versions, key=lambda p: p.reviewed)
    problems: list[Problem] = []
    for pb in versions:
        if pb.reviewed < newest.reviewed and pb.source is not None:
            days = (newest.reviewed - pb.reviewed).days
            findings = Findings(pb.source.path)
            findings.warning(
                pb.locate("reviewed"),
                "translation-older",
                _(
                    "{lang} is older than {lang2} by {days} days (reviewed {value}, {lang2} {value2})"
                ).format(
                    lang=pb.lang,
                    lang2=newest.lang,
                    days=days,
                    value=pb.reviewed.isoformat(),
                    value2=newest.reviewed.isoformat(),
                ),
            )
            problems.extend(findings.problems)
    return problems
