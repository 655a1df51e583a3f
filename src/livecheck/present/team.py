"""The words of the team journal: the offline line, handovers, the team's runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from livecheck.i18n import N_, _, ngettext, pgettext
from livecheck.journal.late_store import LateAction, RunTaken
from livecheck.journal.team.replicator import TeamStatus
from livecheck.journal.team.server import TeamRun
from livecheck.playbook.model import Playbook
from livecheck.present.run_ids import local_standing
from livecheck.present.steps import step_title
from livecheck.present.summary import duration
from livecheck.present.times import moment_text
from livecheck.safety.text import one_line


def offline_line(status: TeamStatus) -> str | None:
    """The banner while the server is away (None when there is nothing to say)."""
    if status.online is False:
        return ngettext(
            "team journal offline — {n} action waiting",
            "team journal offline — {n} actions waiting",
            status.waiting,
        ).format(n=status.waiting)
    return None


# Marked for the catalogue; `back_online()` says it in the current language (the plain
# walkthrough, cli/plain_run.py, still prints the constant: another helper's file).
BACK_ONLINE = N_("team journal back online: every action is shared")


def back_online() -> str:
    return _(BACK_ONLINE)


def no_team_journal() -> str:
    """Said by a team command when no team journal is set."""
    return _("no team journal: give --journal {url} (see docs/team.md)").format(
        url="postgresql://host/db"
    )


def handoff_note(to: str | None, note: str) -> str:
    """The note added to a run's history when it is handed over."""
    if to:
        return _("Handed over to {person}: {note}").format(person=to, note=one_line(note))
    return _("Handed over to the team: {note}").format(note=one_line(note))


def handed_over(run_id: str, to: str | None) -> str:
    """Said once a run is handed over (the app, the command line)."""
    if to:
        return _("Run {id} handed over to {name}.").format(id=run_id, name=one_line(to))
    return _("Run {id} handed over to the team.").format(id=run_id)


def run_standing(run: TeamRun) -> str:
    """Who has a team run, or how it ended: held by lea, handed to bo, ended."""
    if run.record.status != "active":
        return local_standing(run.record.status, run.record.outcome)
    if run.holder:
        return _("held by {name}").format(name=one_line(run.holder))
    if run.handed_to:
        return _("handed to {name}").format(name=one_line(run.handed_to))
    return _("handed to the team")


def unknown_team_run(prefix: str) -> str:
    return _(
        "no run {id} on the team journal (`livecheck runs --team` lists the open ones; "
        "`livecheck journal push` sends this machine's runs)"
    ).format(id=repr(one_line(prefix)))


def late_actions(n: int, authors: str) -> str:
    """What a run's previous holder recorded after it was taken from them."""
    return ngettext("({n} late action by {names})", "({n} late actions by {names})", n).format(
        n=n, names=one_line(authors)
    )


def sla_left(run: TeamRun, now: dt.datetime) -> str:
    sla = run.record.sla_minutes
    if sla is None:
        return "-"
    left = sla * 60 - (now - run.record.started_at).total_seconds()
    return duration(left) if left >= 0 else _("over by {time}").format(time=duration(-left))


def team_rows(runs: Sequence[TeamRun], now: dt.datetime) -> list[tuple[str, ...]]:
    """(id, playbook, case, owner, age, step, SLA left) for each open team run."""
    rows: list[tuple[str, ...]] = []
    for run in runs:
        record = run.record
        if run.holder:
            owner = run.holder
        elif run.handed_to:
            owner = _("handed to {person}").format(person=run.handed_to)
        else:
            owner = _("handed to the team")
        if run.late:
            owner += " " + late_actions(run.late, run.late_by or "")
        rows.append(
            (
                record.id,
                record.playbook_id,
                one_line(record.case_ref or "-"),
                one_line(owner),
                duration((now - record.started_at).total_seconds()),
                record.current_step or _("(outcome)"),
                sla_left(run, now),
            )
        )
    return rows


def team_header() -> tuple[str, ...]:
    """The columns of `livecheck runs --team`."""
    return (
        pgettext("column", "run"),
        pgettext("column", "playbook"),
        pgettext("column", "case"),
        pgettext("column", "owner"),
        pgettext("column", "age"),
        pgettext("column", "step"),
        pgettext("column", "SLA left"),
    )


# -- late actions and runs taken over ----------------------------------------------


def late_action_text(action: LateAction, playbook: Playbook | None) -> str:
    """What a late action did: `done: Reply to the creator`, `note: called her`."""
    step = one_line(
        (step_title(playbook, action.step_id) if playbook else action.step_id)
        if action.step_id
        else ""
    )
    said = one_line(str(action.data.get("text") or action.data.get("reason") or ""))
    kind = action.kind
    if kind == "done":
        return _("done: {step}").format(step=step)
    if kind == "skipped":
        return _("skipped {step}: {reason}").format(step=step, reason=said)
    if kind == "chosen":
        return _("chose “{choice}” at {step}").format(
            choice=one_line(str(action.data.get("label", ""))), step=step
        )
    if kind == "note":
        return _("note: {text}").format(text=said)
    if kind == "back":
        return _("went back a step")
    if kind in ("ended", "escalated", "abandoned"):
        outcome = one_line(str(action.data.get("outcome") or kind))
        return _("ended the run: {outcome}").format(outcome=outcome)
    return one_line(kind)


def late_action_lines(
    actions: Sequence[LateAction], playbook: Playbook | None, zone: dt.tzinfo | None = None
) -> list[str]:
    """The late actions of a run, for the person who holds it now: a title naming who
    recorded them, then one line each (when, who, what). Empty when there are none."""
    if not actions:
        return []
    authors = ", ".join(dict.fromkeys(one_line(a.operator) for a in actions))
    title = ngettext(
        "{n} late action by {names}, recorded after the run was taken over (not in its history):",
        "{n} late actions by {names}, recorded after the run was taken over (not in its history):",
        len(actions),
    ).format(n=len(actions), names=authors)
    return [title] + [
        f"  {moment_text(a.at, zone)}  {one_line(a.operator)}  {late_action_text(a, playbook)}"
        for a in actions
    ]


def late_actions_arrived(run_id: str, n: int) -> str:
    """Said in the app when late actions of a run held here reach this machine."""
    return ngettext(
        "{n} late action arrived for run {id}: it is listed on the run's screen.",
        "{n} late actions arrived for run {id}: they are listed on the run's screen.",
        n,
    ).format(n=n, id=run_id)


def run_taken_title() -> str:
    return _("Run taken over")


def run_taken_notice(taken: RunTaken) -> str:
    """Told to the previous holder at the next sync: who took the run, and why."""
    if not taken.by:
        text = _("Run {id} was taken over.").format(id=taken.run_id)
    elif taken.reason:
        text = _("{name} took over run {id}: “{reason}”.").format(
            name=one_line(taken.by), id=taken.run_id, reason=one_line(taken.reason)
        )
    else:
        text = _("{name} took over run {id}.").format(name=one_line(taken.by), id=taken.run_id)
    return (
        text
        + " "
        + _(
            "It is theirs now: this screen is read-only. What you record on it is kept "
            "apart as late actions."
        )
    )


def read_only_banner(taken: RunTaken) -> str:
    """The line on a run's screen once the run was taken from this machine."""
    if not taken.by:
        return _("Read-only: this run was taken over.")
    return _("Read-only: {name} took over this run.").format(name=one_line(taken.by))
