"""Checks that need the whole playbook: references, placeholders, drills, the step graph."""

from __future__ import annotations

from collections.abc import Iterator

from livecheck.i18n import _
from livecheck.playbook.lint import graph
from livecheck.playbook.lint.structure import closest
from livecheck.playbook.model import RESOLVED, Playbook
from livecheck.playbook.problems import Findings
from livecheck.playbook.spec import PLACEHOLDER
from livecheck.playbook.yaml_reader import line_starts, mark_at
from livecheck.safety.text import one_line


def placeholders(text: str) -> Iterator[str]:
    """The variable names used as `{name}` in `text`, in order."""
    for m in PLACEHOLDER.finditer(text):
        if m.group(1):
            yield m.group(1)


# "Did you mean" hints cost a fuzzy search each; past this many problems in one
# file (a generated or garbled file) they are left out, so lint stays linear.
MAX_HINTED_PROBLEMS = 25


def _closest(word: str, candidates: list[str], findings: Findings) -> str | None:
    if len(findings.problems) >= MAX_HINTED_PROBLEMS:
        return None
    return closest(word, candidates)


def check_playbook(pb: Playbook, source_text: str, findings: Findings) -> None:
    """Every rule that needs the whole playbook. `findings` may already hold the file's
    structure errors: the rules still run (one pass reports everything it can)."""
    before = _errors(findings)
    _check_unique(pb, findings)
    _check_references(pb, findings)
    _check_placeholders(pb, source_text, findings)
    _check_drills(pb, findings)
    if _errors(findings) == before:  # the graph means something once every reference resolves
        _check_graph(pb, findings)


def _errors(findings: Findings) -> int:
    return sum(1 for p in findings.problems if p.is_error)


def _check_unique(pb: Playbook, findings: Findings) -> None:
    def report(values: list[str], where: tuple[str | int, ...], key: str, code: str) -> None:
        first: dict[str, int] = {}
        for i, value in enumerate(values):
            if value not in first:
                first[value] = i
                continue
            at = (*where, i, key) if key else (*where, i)
            line = pb.locate(*where, first[value]).line
            findings.error(
                pb.locate(*at),
                code,
                _("{value} is used twice (first at line {line})").format(
                    value=repr(one_line(value)), line=line
                ),
            )

    report([v.name for v in pb.variables], ("variables",), "name", "duplicate-variable")
    report([s.id for s in pb.steps], ("steps",), "id", "duplicate-step")
    report([d.id for d in pb.drills], ("drills",), "id", "duplicate-drill")
    report(list(pb.outcomes), ("outcomes",), "", "duplicate-outcome")
    for si, step in enumerate(pb.steps):
        labels = [c.label for c in step.choices]
        report(labels, ("steps", si, "choices"), "label", "duplicate-label")


def _check_references(pb: Playbook, findings: Findings) -> None:
    step_ids = [s.id for s in pb.steps]
    known_steps = set(step_ids)  # a set: a list made every goto cost the whole list
    outcomes = set(pb.outcomes)

    def check_goto(goto: str | None, *at: str | int) -> None:
        if goto is not None and goto not in known_steps:
            guess = _closest(goto, step_ids, findings)
            hint = _("; did you mean {guess}?").format(guess=repr(guess)) if guess else ""
            findings.error(
                pb.locate(*at, "goto"),
                "unknown-step",
                _("goto {goto}: no step has this id{hint}").format(goto=repr(goto), hint=hint),
            )

    def check_outcome(outcome: str | None, *at: str | int) -> None:
        if outcome is not None and outcome not in outcomes:
            findings.error(
                pb.locate(*at, "outcome"),
                "unknown-outcome",
                _("outcome {outcome} is not one of this playbook's outcomes ({outcomes})").format(
                    outcome=repr(outcome), outcomes=", ".join(pb.outcomes)
                ),
            )

    for si, step in enumerate(pb.steps):
        set_keys = [k for k in ("choices", "goto", "outcome") if getattr(step, k)]
        if len(set_keys) > 1:
            findings.error(
                pb.locate("steps", si, set_keys[1]),
                "step-exclusive",
                _(
                    "step {id} has both {set_keys} and {set_keys2}; a step has at most one of choices, goto, outcome"
                ).format(id=repr(step.id), set_keys=repr(set_keys[0]), set_keys2=repr(set_keys[1])),
            )
        check_goto(step.goto, "steps", si)
        check_outcome(step.outcome, "steps", si)
        for ci, choice in enumerate(step.choices):
            if (choice.goto is None) == (choice.outcome is None):
                findings.error(
                    pb.locate("steps", si, "choices", ci),
                    "choice-target",
                    _("choice {label} needs exactly one of 'goto' or 'outcome'").format(
                        label=repr(choice.label)
                    ),
                )
            check_goto(choice.goto, "steps", si, "choices", ci)
            check_outcome(choice.outcome, "steps", si, "choices", ci)
    for di, drill in enumerate(pb.drills):
        check_outcome(drill.outcome, "drills", di)


def _check_placeholders(pb: Playbook, text: str, findings: Findings) -> None:
    names = [v.name for v in pb.variables]
    declared = set(names)
    starts = line_starts(text)
    for si, step in enumerate(pb.steps):
        for key in ("template", "detail"):
            value = getattr(step, key)
            if not value:
                continue
            mark = pb.locate("steps", si, key)
            offset = starts[mark.line - 1] + mark.col - 1 if mark.line <= len(starts) else 0
            for m in PLACEHOLDER.finditer(value):
                name = m.group(1)
                if not name or name in declared:
                    continue
                # Find this placeholder in the source, skipping `{{name}}` literals.
                found = next(
                    (f for f in PLACEHOLDER.finditer(text, offset) if f.group(1) == name), None
                )
                if found is not None:
                    offset = found.end()
                    mark = mark_at(starts, found.start())
                guess = _closest(name, names, findings)
                hint = (
                    _("; did you mean {guess}?").format(guess="{" + guess + "}")
                    if guess
                    else _(
                        "; declare it under {key} (or write {braces} for literal braces)"
                    ).format(key="'variables'", braces="{{ }}")
                )
                findings.error(
                    mark,
                    "unknown-variable",
                    _("placeholder {{{name}}} in {key} names no variable{hint}").format(
                        name=name, key=key, hint=hint
                    ),
                )


def _check_drills(pb: Playbook, findings: Findings) -> None:
    lowered_title = pb.title.casefold()
    for di, drill in enumerate(pb.drills):
        scenario = drill.scenario.casefold()
        if pb.id.casefold() in scenario or lowered_title in scenario:
            named = "id" if pb.id.casefold() in scenario else "title"
            findings.error(
                pb.locate("drills", di, "scenario"),
                "drill-reveals",
                _(
                    "drill {id}: the scenario names the playbook's {named}; describe the case, not the answer"
                ).format(id=repr(drill.id), named=named),
            )
        for step_id, label in drill.expect:
            step = pb.step(step_id)
            at_key = pb.locations.get(f"drills/{di}/expect/{step_id}#key") or pb.locate(
                "drills", di, "expect"
            )
            if step is None or not step.is_decision:
                what = (
                    _("no step has this id") if step is None else _("that step is not a decision")
                )
                findings.error(
                    at_key,
                    "drill-expect-step",
                    _("drill {id} expects a choice at {step_id}, but {what}").format(
                        id=repr(drill.id), step_id=repr(step_id), what=what
                    ),
                )
            elif step.choice(label) is None:
                labels = [c.label for c in step.choices]
                guess = _closest(label, labels, findings)
                hint = (
                    _("did you mean {guess}?").format(guess=repr(guess))
                    if guess
                    else _("its labels are: {labels}").format(labels=", ".join(labels))
                )
                findings.error(
                    pb.locate("drills", di, "expect", step_id),
                    "drill-expect-label",
                    _("drill {id}: step {step_id} has no choice {label}; {hint}").format(
                        id=repr(drill.id),
                        step_id=repr(step_id),
                        label=repr(one_line(label)),
                        hint=hint,
                    ),
                )


def _check_graph(pb: Playbook, findings: Findings) -> None:
    report = graph.analyse(pb)
    steps = pb.steps
    for cycle in report.closed_cycles:
        loop = " -> ".join(steps[i].id for i in cycle)
        findings.error(
            pb.locate("steps", cycle[0]),
            "cycle",
            _("steps {loop} form a loop that no choice can leave").format(loop=loop),
        )
    for i in report.no_end:
        findings.error(
            pb.locate("steps", i),
            "no-end",
            _("step {id} can never reach an end").format(id=repr(steps[i].id)),
        )
    if report.falls_off_end and RESOLVED not in pb.outcomes:
        last = len(steps) - 1
        findings.error(
            pb.locate("steps", last),
            "falls-off-end",
            _(
                "step {id} ends the run by reaching the end of the list, which means 'resolved', but 'resolved' is not in outcomes; give it an explicit outcome"
            ).format(id=repr(steps[last].id)),
        )
    for i in report.unreachable:
        findings.warning(
            pb.locate("steps", i),
            "unreachable",
            _("step {id} can never be reached from the first step").format(id=repr(steps[i].id)),
        )
    for di, drill in enumerate(pb.drills):
        if report.closed_cycles or report.no_end:
            break
        if drill.outcome not in graph.outcomes_reachable(pb, dict(drill.expect)):
            findings.warning(
                pb.locate("drills", di, "outcome"),
                "drill-path",
                _("drill {id}: no run that makes its expected choices ends with {outcome}").format(
                    id=repr(drill.id), outcome=repr(drill.outcome)
                ),
            )
