"""Playbooks as plain terminal text, for `livecheck show` and `livecheck list`.

Everything that came from a playbook goes through `strip_control` first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

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
    return f"STALE: review was due {pb.due_for_review().isoformat()}"


def render_playbook(pb: Playbook, today: dt.date, other_langs: Sequence[str] = ()) -> str:
    out: list[str] = [one_line(pb.title), "=" * min(WIDTH, len(one_line(pb.title)))]
    facts = [pb.id, pb.lang, pb.category, f"severity {pb.severity}"]
    if pb.sla_minutes:
        facts.append(f"SLA {pb.sla_minutes} min")
    out.append(" · ".join(facts))
    out.append(
        f"Owner {one_line(pb.owner)} · reviewed {pb.reviewed.isoformat()} "
        f"(every {pb.review_every_days} days)"
    )
    if note := stale_note(pb, today):
        out.append(f"!! {note}")
    if other_langs:
        out.append(f"Also in: {', '.join(other_langs)} (--lang)")
    out += ["", "When:", *_wrap(pb.when, "  ")]
    out += ["", "Summary:", *_wrap(pb.summary, "  ")]
    if pb.memory:
        out += ["", "Remember (memory items):"]
        for item in pb.memory:
            out += wrap_item(item, WIDTH, "! ")
    if pb.variables:
        out += ["", "Variables:"]
        for v in pb.variables:
            extra = " (required)" if v.required else ""
            example = f", e.g. {one_line(v.example)}" if v.example else ""
            out.append(f"  {{{v.name}}}{extra}: {one_line(v.prompt)}{example}")
    out += ["", "Steps:"]
    numbers = {s.id: i + 1 for i, s in enumerate(pb.steps)}
    for i, step in enumerate(pb.steps):
        out += _render_step(i + 1, step, numbers, last=i == len(pb.steps) - 1)
    out += ["", f"Outcomes: {', '.join(pb.outcomes)}"]
    if pb.tags:
        out.append(f"Tags: {', '.join(pb.tags)}")
    if pb.keywords:
        out += _wrap("Keywords: " + ", ".join(one_line(k) for k in pb.keywords), "")
    if pb.related:
        out.append(f"Related: {', '.join(pb.related)}")
    if pb.drills:
        out.append(f"Drills: {len(pb.drills)} ({', '.join(d.id for d in pb.drills)})")
    return "\n".join(out) + "\n"


def _render_step(number: int, step: Step, numbers: dict[str, int], last: bool) -> list[str]:
    flags = [
        flag
        for flag, on in (
            ("decision", step.is_decision),
            ("do-confirm", step.mode == "do-confirm"),
            ("IRREVERSIBLE: confirm first", step.irreversible),
            ("pause: review before going on", step.pause),
        )
        if on
    ]
    head = f"{number:>3}. {one_line(step.title)}"
    lines = [head + (f"  [{'; '.join(flags)}]" if flags else "")]
    if step.detail:
        lines += _wrap(step.detail, "       ", markdown=True)
    for choice in step.choices:
        lines.append(
            f"       -> {one_line(choice.label)}: {_target(choice.goto, choice.outcome, numbers)}"
        )
    if step.template:
        lines.append("       Template:")
        lines += [f"       | {line}" for line in strip_control(step.template).rstrip().splitlines()]
    if not step.choices and (step.goto or step.outcome):
        lines.append(f"       then {_target(step.goto, step.outcome, numbers)}")
    elif last and not step.choices:
        lines.append("       then the run ends: resolved")
    return lines


def _target(goto: str | None, outcome: str | None, numbers: dict[str, int]) -> str:
    if outcome:
        return f"end: {outcome}"
    return f"go to step {numbers.get(goto or '', '?')} ({goto})"


def render_list_lines(playbooks: Iterable[Playbook], today: dt.date) -> list[str]:
    rows = [
        (
            pb.id,
            pb.lang,
            pb.category,
            pb.severity,
            "STALE" if pb.is_stale(today) else "",
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
