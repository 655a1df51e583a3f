"""The words about a run and its steps, for every front end.

A hint that names a key is a `Hint`: one sentence with `{key}` slots filled from the
live keymap, so a front end can show it whole (`str(hint)`) or set the keys apart
(`hint.parts()`) without building the sentence from fragments.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field

from livecheck.i18n import _, pgettext
from livecheck.playbook.model import Playbook, Step
from livecheck.present.keys import key_for, key_name
from livecheck.present.text import filled, left_empty_warning, message_to_send
from livecheck.runs.state import RunState, StepResult
from livecheck.safety.text import one_line

# -- a sentence with keys ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hint:
    template: str  # one sentence, `{name}` where a key goes
    keys: Mapping[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template.format(**self.keys)

    def parts(self) -> list[tuple[str, bool]]:
        """The sentence as (text, is_a_key) pieces, in order."""
        out: list[tuple[str, bool]] = []
        for literal, name, _spec, _conv in string.Formatter().parse(self.template):
            if literal:
                out.append((literal, False))
            if name is not None:
                out.append((self.keys[name], True))
        return out


def _keys(keymap: Mapping[str, str] | None, **ids: str) -> dict[str, str]:
    return {slot: key_for(binding, keymap) for slot, binding in ids.items()}


def hint_pause(keymap: Mapping[str, str] | None = None, *, can_go_back: bool = True) -> Hint:
    """What to do at a pause point; Back is offered only where it is possible (not after
    a confirmed irreversible step)."""
    if not can_go_back:
        return Hint(
            _(
                "Review what was done before going on: press {done} to review and continue. "
                "The last step cannot be undone."
            ),
            _keys(keymap, done="walk.done"),
        )
    return Hint(
        _(
            "Review what was done before going on: press {done} to review and continue, "
            "{back} to undo the last step."
        ),
        _keys(keymap, done="walk.done", back="walk.back"),
    )


def hint_outcome(keymap: Mapping[str, str] | None = None) -> Hint:
    return Hint(
        _(
            "The step that would end the run was skipped. Press {outcome} to choose the "
            "outcome, or {back} to undo the skip."
        ),
        _keys(keymap, outcome="walk.outcome", back="walk.back"),
    )


def hint_step(step: Step, keymap: Mapping[str, str] | None = None) -> Hint:
    keys = _keys(keymap, done="walk.done", skip="walk.skip")
    if step.irreversible:
        return Hint(
            _(
                "Press {done} when it is done (you will be asked to confirm), "
                "{skip} to skip it with a reason."
            ),
            keys,
        )
    return Hint(_("Press {done} when it is done, {skip} to skip it with a reason."), keys)


def hint_decision(step: Step) -> Hint:
    count = min(len(step.choices), 9)
    numbers = "1" if count == 1 else f"1–{count}"
    if step.irreversible:
        return Hint(
            _("A decision: pick with {arrows} or {numbers}. This choice cannot be undone."),
            {"arrows": f"↑↓ {key_name('enter')}", "numbers": numbers},
        )
    return Hint(
        _("A decision: pick with {arrows} or {numbers}."),
        {"arrows": f"↑↓ {key_name('enter')}", "numbers": numbers},
    )


def copy_key_hint(keymap: Mapping[str, str] | None = None) -> Hint:
    return Hint(_("{copy} copies it"), _keys(keymap, copy="walk.copy"))


# -- where the run is ---------------------------------------------------------------------


def position(playbook: Playbook, state: RunState) -> str:
    """`Step 3 of 9`, `Pause point after step 3 of 9`, `The run needs an outcome`."""
    index = (playbook.step_index(state.current or "") or 0) + 1
    if state.awaiting == "pause":
        return _("Pause point after step {index} of {count}").format(
            index=index, count=len(playbook.steps)
        )
    if state.awaiting == "outcome":
        return _("The run needs an outcome")
    return _("Step {index} of {count}").format(index=index, count=len(playbook.steps))


def outcome_needed() -> str:
    return _("The step that would end the run was skipped: how does the run end?")


@dataclass(frozen=True, slots=True)
class Flag:
    kind: str  # "irreversible", "do-confirm" or "pause": how a front end may style it
    text: str

    def __str__(self) -> str:
        return self.text


def step_flags(step: Step) -> list[Flag]:
    """What to know about a step before doing it, one phrase each."""
    flags: list[Flag] = []
    if step.irreversible:
        flags.append(Flag("irreversible", _("CANNOT BE UNDONE")))
    if step.mode == "do-confirm":
        flags.append(Flag("do-confirm", _("do it, then confirm it is done")))
    if step.pause:
        flags.append(Flag("pause", _("pause point: you review the run after this step")))
    return flags


# -- what happened ------------------------------------------------------------------------


def what_happened(result: StepResult) -> str:
    """What happened at a step, in a few words: `chose “…”`, `skipped: …`, `done`."""
    if result.result == "chosen":
        label = one_line(result.label or "")
        if result.confirmed:
            return _("chose “{label}”, confirmed").format(label=label)
        return _("chose “{label}”").format(label=label)
    if result.result == "skipped":
        return _("skipped: {reason}").format(reason=one_line(result.reason or ""))
    return _("done, confirmed (cannot be undone)") if result.confirmed else _("done")


def step_title(playbook: Playbook, step_id: str) -> str:
    step = playbook.step(step_id)
    return one_line(step.title) if step else step_id


def review_line(number: int, playbook: Playbook, result: StepResult) -> str:
    """One line of a pause point's review: `3. Check the ID: done`."""
    return _("{number}. {step}: {what}").format(
        number=number, step=step_title(playbook, result.step_id), what=what_happened(result)
    )


def outcome_label(outcome: str) -> str:
    """An outcome slug in words: the default outcomes of the playbook format in the
    current language (`resolved`: "résolue"); a playbook's own slugs as they are."""
    labels = {
        "resolved": pgettext("outcome", "resolved"),
        "escalated": pgettext("outcome", "escalated"),
        "no-action": pgettext("outcome", "no-action"),
        "unresolved": pgettext("outcome", "unresolved"),
    }
    return labels.get(outcome, outcome)


def run_ended(state: RunState) -> str:
    if state.status == "abandoned":
        return _("Run ended: abandoned ({reason}).").format(reason=one_line(state.end_reason or ""))
    return _("Run ended: {outcome}.").format(outcome=outcome_label(state.outcome or ""))


def practice_run_ended(state: RunState) -> str:
    if state.status == "abandoned":
        return _("Practice run ended: abandoned ({reason}).").format(
            reason=one_line(state.end_reason or "")
        )
    return _("Practice run ended: {outcome}.").format(outcome=outcome_label(state.outcome or ""))


def outcome_text(state: RunState) -> str:
    """The outcome of a run, with the escalation note or abandon reason."""
    if state.status == "abandoned":
        return _("abandoned: {reason}").format(reason=one_line(state.end_reason or ""))
    if state.status == "active":
        return _("none yet")
    text = outcome_label(state.outcome) if state.outcome else "—"
    if state.end_reason:
        return _("{outcome}: {note}").format(outcome=text, note=one_line(state.end_reason))
    return text


# -- the step at hand -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StepText:
    """A step's words, filled with the run's variables."""

    title: str  # one line
    flags: tuple[Flag, ...]
    detail: str | None  # Markdown, filled (a variable left empty reads "not given")
    message: str | None  # the message to send, as the creator receives it
    message_warning: str | None  # said when the message has a variable left empty


def step_text(step: Step, variables: Mapping[str, str]) -> StepText:
    detail = filled(step.detail, variables).text if step.detail else None
    message, warning = None, None
    if step.template:
        done = message_to_send(step.template, variables)
        message = done.text
        warning = left_empty_warning(done.missing) if done.missing else None
    return StepText(one_line(step.title), tuple(step_flags(step)), detail, message, warning)
