"""Playbooks as plain terminal text, for `livecheck show` and `livecheck list`.

Everything that came from a playbook goes through `strip_control` first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from livecheck.i18n import _, format_date, format_list, ngettext
from livecheck.playbook.model import Playbook, Step
from livecheck.present.text import wrap_item, wrap_text
from livecheck.safety.text import one_line, strip_control

WIDTH = 88


def _wrap(text: str, indent: str, *, markdown: bool = False) -> list[str]:
    """Paragraphs joined once and wrapped once (see present.text)."""
    return wrap_text(text, WIDTH, indent, markdown=markdown)


def stale_note(pb: Playbook, today: dt.date) -> str:
    if not pb.is_stale(today):
        return ""
    return _("STALE: review was due {day}").format(day=format_date(pb.due_for_review()))


def render_playbook(pb: Playbook, today: dt.date, other_langs: Sequence[str] = ()) -> str:
    out: list[str] = [one_line(pb.title), "=" * min(WIDTH, len(one_line(pb.title)))]
    facts = [pb.id, pb.lang, pb.category, _("severity {severity}").format(severity=pb.severity)]
    if pb.sla_minutes:
        facts.append(_("SLA {minutes} min").format(minutes=pb.sla_minutes))
    out.append(" · ".join(facts))
    out.append(
        ngettext(
            "Owner {owner} · reviewed {day} (every {n} day)",
            "Owner {owner} · reviewed {day} (every {n} days)",
            pb.review_every_days,
        ).format(owner=one_line(pb.owner), day=format_date(pb.reviewed), n=pb.review_every_days)
    )
    if note := stale_note(pb, today):
        out.append(f"!! {note}")
    if other_langs:
        out.append(_("Also in: {langs} (--lang)").format(langs=", ".join(other_langs)))
    out += ["", _("When:"), *_wrap(pb.when, "  ")]
    out += ["", _("Summary:"), *_wrap(pb.summary, "  ")]
    if pb.memory:
        out += ["", _("Remember (memory items):")]
        for item in pb.memory:
            out += wrap_item(item, WIDTH, "! ")
    if pb.variables:
        out += ["", _("Variables:")]
        for v in pb.variables:
            extra = _(" (required)") if v.required else ""
            example = _(", e.g. {example}").format(example=one_line(v.example)) if v.example else ""
            out.append(
                "  "
                + _("{name}{required}: {prompt}{example}").format(
                    name="{" + v.name + "}",
                    required=extra,
                    prompt=one_line(v.prompt),
                    example=example,
                )
            )
    out += ["", _("Steps:")]
    numbers = {s.id: i + 1 for i, s in enumerate(pb.steps)}
    for i, step in enumerate(pb.steps):
        out += _render_step(i + 1, step, numbers, last=i == len(pb.steps) - 1)
    out += ["", _("Outcomes: {outcomes}").format(outcomes=", ".join(pb.outcomes))]
    if pb.tags:
        out.append(_("Tags: {tags}").format(tags=", ".join(pb.tags)))
    if pb.keywords:
        words = ", ".join(one_line(k) for k in pb.keywords)
        out += _wrap(_("Keywords: {words}").format(words=words), "")
    if pb.related:
        out.append(_("Related: {ids}").format(ids=", ".join(pb.related)))
    if pb.drills:
        out.append(
            _("Drills: {n} ({ids})").format(
                n=len(pb.drills), ids=", ".join(d.id for d in pb.drills)
            )
        )
    return "\n".join(out) + "\n"


def _render_step(number: int, step: Step, numbers: dict[str, int], last: bool) -> list[str]:
    flags = [
        flag
        for flag, on in (
            (_("decision"), step.is_decision),
            (_("do-confirm"), step.mode == "do-confirm"),
            (_("IRREVERSIBLE: confirm first"), step.irreversible),
            (_("pause: review before going on"), step.pause),
        )
        if on
    ]
    head = f"{number:>3}. {one_line(step.title)}"
    lines = [head + (f"  [{format_list(flags)}]" if flags else "")]
    if step.detail:
        lines += _wrap(step.detail, "       ", markdown=True)
    for choice in step.choices:
        lines.append(
            f"       -> {one_line(choice.label)}: {_target(choice.goto, choice.outcome, numbers)}"
        )
    if step.template:
        lines.append("       " + _("Template:"))
        lines += [f"       | {line}" for line in strip_control(step.template).rstrip().splitlines()]
    if not step.choices and (step.goto or step.outcome):
        lines.append(
            "       " + _("then {target}").format(target=_target(step.goto, step.outcome, numbers))
        )
    elif last and not step.choices:
        lines.append("       " + _("then the run ends: {outcome}").format(outcome="resolved"))
    return lines


def _target(goto: str | None, outcome: str | None, numbers: dict[str, int]) -> str:
    if outcome:
        return _("end: {outcome}").format(outcome=outcome)
    return _("go to step {number} ({id})").format(number=numbers.get(goto or "", "?"), id=goto)


def render_list_lines(playbooks: Iterable[Playbook], today: dt.date) -> list[str]:
    rows = [
        (
            pb.id,
            pb.lang,
            pb.category,
            pb.severity,
            _("STALE") if pb.is_stale(today) else "",
            one_line(pb.title),
        )
        for pb in playbooks
    ]
    if not rows:
        return []
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    return [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r[:5])) + "  " + r[5] for r in rows
    ]
