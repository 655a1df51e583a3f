"""The handoff summary of a run, in Markdown, to paste into the ticket."""

from __future__ import annotations

import datetime as dt

from livecheck.journal.store import RunRecord
from livecheck.runs.engine import Note, StepResult, Walkthrough
from livecheck.runs.templates import fill
from livecheck.safety.text import one_line, strip_control


def duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _clean(text: str) -> str:
    return one_line(text)


def handoff_summary(
    record: RunRecord, walkthrough: Walkthrough, now: dt.datetime | None = None
) -> str:
    pb = walkthrough.playbook
    state = walkthrough.state
    now = now or dt.datetime.now(dt.UTC)
    end = state.ended_at or now
    lines = [f"# Handoff: {_clean(pb.title)}", ""]
    facts = [
        ("Case", _clean(record.case_ref or "—")),
        ("Playbook", f"`{pb.id}` ({pb.lang}), version `{record.version[:12]}`"),
        ("Operator", _clean(record.operator)),
        ("Run", f"`{record.id}`"),
        ("Started", _when(state.started_at)),
    ]
    if state.over:
        facts.append(
            ("Ended", f"{_when(end)} (after {duration((end - state.started_at).total_seconds())})")
        )
    else:
        at = pb.step(state.current or "")
        where = _clean(at.title) if at else "the outcome"
        facts.append(
            (
                "Status",
                f"open, at: {where} ({duration((now - state.started_at).total_seconds())} so far)",
            )
        )
    facts.append(("Outcome", _outcome(state.status, state.outcome, state.end_reason)))
    sla = walkthrough.sla(now)
    if sla is not None:
        used = duration(sla.elapsed.total_seconds())
        verdict = (
            f"breached by {duration(-sla.remaining.total_seconds())}" if sla.breached else "met"
        )
        facts.append(
            (
                "SLA",
                f"{sla.minutes} min: {verdict} ({used})"
                if state.over
                else f"{sla.minutes} min, {used} used",
            )
        )
    lines += ["| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in facts), ""]
    if state.variables:
        lines += ["## Facts", ""]
        lines += [f"- {name}: {_clean(value)}" for name, value in state.variables.items()]
        lines.append("")
    lines += ["## Steps", ""]
    for n, result in enumerate(state.path, 1):
        lines += _step_lines(n, result, walkthrough)
    if not state.path:
        lines.append("No step was completed.")
    placed = {id(note) for result in state.path for note in _notes_during(walkthrough, result)}
    other = [note for note in state.notes if id(note) not in placed]
    if other:
        lines += ["", "## Other notes", ""]
        for note in other:
            step = pb.step(note.step_id or "")
            where = f" (at “{_clean(step.title)}”)" if step else ""
            lines.append(f"- {note.at.astimezone(dt.UTC):%H:%M} {_clean(note.text)}{where}")
    return "\n".join(lines).rstrip() + "\n"


def _notes_during(walkthrough: Walkthrough, result: StepResult) -> list[Note]:
    """Notes written on this visit of the step (a step seen twice in a loop has two)."""
    return [
        note
        for note in walkthrough.state.notes
        if note.step_id == result.step_id and result.entered_at <= note.at <= result.left_at
    ]


def _outcome(status: str, outcome: str | None, reason: str | None) -> str:
    if status == "abandoned":
        return f"abandoned: {_clean(reason or '')}"
    if status == "active":
        return "none yet"
    text = outcome or "—"
    return f"{text}: {_clean(reason)}" if reason else text


def _step_lines(n: int, result: StepResult, walkthrough: Walkthrough) -> list[str]:
    pb = walkthrough.playbook
    step = pb.step(result.step_id)
    title = _clean(step.title) if step else result.step_id
    if result.result == "chosen":
        what = f"chose “{_clean(result.label or '')}”"
    elif result.result == "skipped":
        what = f"skipped: {_clean(result.reason or '')}"
    else:
        what = "done, confirmed (irreversible)" if result.confirmed else "done"
    lines = [
        f"{n}. **{title}**: {what} ({duration(result.seconds)}, at {result.left_at.astimezone(dt.UTC):%H:%M})"
    ]
    for note in _notes_during(walkthrough, result):
        lines.append(f"   - Note {note.at.astimezone(dt.UTC):%H:%M}: {_clean(note.text)}")
    if step and step.template and result.result == "done":
        filled = fill(step.template, walkthrough.state.variables)
        lines.append("   - Message sent:")
        lines += [f"     > {strip_control(line)}" for line in filled.text.rstrip().splitlines()]
        if filled.missing:
            lines.append(f"     (left empty: {', '.join('{' + m + '}' for m in filled.missing)})")
    return lines
