"""The handoff summary of a run, in Markdown, to paste into the ticket.

Every value a person typed (case reference, notes, reasons, variables) and every
playbook string goes through `md_text`: a `|` or a `*` never breaks the ticket's
Markdown. Times are local, with the zone named (the journal keeps UTC).

The summary goes to the ticket, read by the playbook's people: it is written in the
playbook's language (`summary_language = "playbook"`, the default) or the interface's
(`"ui"`), whatever the interface speaks (`livecheck.i18n.output_language`).
"""

from __future__ import annotations

import datetime as dt

from livecheck.i18n import _, interface_language, output_language, pgettext, use_language
from livecheck.journal.store import RunRecord
from livecheck.present.markdown import md_cell, md_text
from livecheck.present.sla import sla_verdict
from livecheck.present.steps import outcome_text, what_happened
from livecheck.present.text import left_empty_note, message_to_send, not_given_fact
from livecheck.present.times import clock_text, duration, moment_text
from livecheck.runs.engine import Walkthrough
from livecheck.runs.state import Note, StepResult

# Kept here for the callers that imported it from the summary.
__all__ = ["duration", "handoff_summary"]


def handoff_summary(
    record: RunRecord,
    walkthrough: Walkthrough,
    now: dt.datetime | None = None,
    zone: dt.tzinfo | None = None,
    *,
    summary_language: str = "playbook",
) -> str:
    """The summary, in the playbook's language or the interface's (`summary_language`)."""
    lang = output_language(summary_language, walkthrough.playbook.lang, interface_language())
    with use_language(lang):
        return _summary(record, walkthrough, now, zone)


def _summary(
    record: RunRecord,
    walkthrough: Walkthrough,
    now: dt.datetime | None,
    zone: dt.tzinfo | None,
) -> str:
    pb = walkthrough.playbook
    state = walkthrough.state
    now = now or dt.datetime.now(dt.UTC)
    end = state.ended_at or now
    lines = [_("# Handoff: {title}").format(title=md_text(pb.title)), ""]
    facts = [
        (pgettext("summary", "Case"), md_cell(record.case_ref or "—")),
        (
            pgettext("summary", "Playbook"),
            _("`{id}` ({lang}), version `{version}`").format(
                id=pb.id, lang=pb.lang, version=record.version[:12]
            ),
        ),
        (pgettext("summary", "Operator"), md_cell(record.operator)),
        (pgettext("summary", "Run"), f"`{record.id}`"),
        (pgettext("summary", "Started"), moment_text(state.started_at, zone)),
    ]
    if state.over:
        facts.append(
            (
                pgettext("summary", "Ended"),
                _("{moment} (after {duration})").format(
                    moment=moment_text(end, zone),
                    duration=duration((end - state.started_at).total_seconds()),
                ),
            )
        )
    else:
        at = pb.step(state.current or "")
        where = md_text(at.title) if at else _("the outcome")
        facts.append(
            (
                pgettext("summary", "Status"),
                _("open, at: {where} ({duration} so far)").format(
                    where=where, duration=duration((now - state.started_at).total_seconds())
                ),
            )
        )
    facts.append((pgettext("summary", "Outcome"), md_cell(outcome_text(state))))
    sla = walkthrough.sla(now)
    if sla is not None:
        facts.append((pgettext("summary", "SLA"), sla_verdict(sla, state.status)))
    lines += ["| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in facts), ""]
    if pb.variables or state.variables:
        lines += [_("## Facts"), ""]
        fact = _("- {name}: {value}")
        lines += [fact.format(name=name, value=md_text(v)) for name, v in state.variables.items()]
        lines += [
            fact.format(name=v.name, value=not_given_fact())
            for v in pb.variables
            if v.name not in state.variables
        ]
        lines.append("")
    lines += [_("## Steps"), ""]
    for n, result in enumerate(state.path, 1):
        lines += _step_lines(n, result, walkthrough, zone)
    if not state.path:
        lines.append(_("No step was completed."))
    placed = {id(note) for result in state.path for note in _notes_during(walkthrough, result)}
    other = [note for note in state.notes if id(note) not in placed]
    if other:
        lines += ["", _("## Other notes"), ""]
        for note in other:
            step = pb.step(note.step_id or "")
            time, text = clock_text(note.at, zone), md_text(note.text)
            lines.append(
                _("- {time} {note} (at “{step}”)").format(
                    time=time, note=text, step=md_text(step.title)
                )
                if step
                else f"- {time} {text}"
            )
    return "\n".join(lines).rstrip() + "\n"


def _notes_during(walkthrough: Walkthrough, result: StepResult) -> list[Note]:
    """Notes written on this visit of the step (a step seen twice in a loop has two)."""
    return [
        note
        for note in walkthrough.state.notes
        if note.step_id == result.step_id and result.entered_at <= note.at <= result.left_at
    ]


def _step_lines(
    n: int, result: StepResult, walkthrough: Walkthrough, zone: dt.tzinfo | None
) -> list[str]:
    pb = walkthrough.playbook
    step = pb.step(result.step_id)
    title = md_text(step.title) if step else result.step_id
    lines = [
        _("{n}. **{title}**: {what} ({duration}, at {time})").format(
            n=n,
            title=title,
            what=md_text(what_happened(result)),
            duration=duration(result.seconds),
            time=clock_text(result.left_at, zone),
        )
    ]
    for note in _notes_during(walkthrough, result):
        lines.append(
            _("   - Note {time}: {note}").format(
                time=clock_text(note.at, zone), note=md_text(note.text)
            )
        )
    if step and step.template and result.result == "done":
        message = message_to_send(step.template, walkthrough.state.variables)
        lines.append(_("   - Message sent:"))
        for i, paragraph in enumerate(message.text.split("\n\n")):
            if i:
                lines.append("     >")
            lines += [f"     > {md_text(line)}" for line in paragraph.splitlines()]
        if message.missing:
            lines.append(f"     ({md_text(left_empty_note(message.missing))})")
    return lines
