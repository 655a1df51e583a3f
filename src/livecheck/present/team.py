"""The words of the team journal: the offline line, handovers, the team's runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from livecheck.i18n import N_, _, ngettext, pgettext
from livecheck.journal.team.replicator import TeamStatus
from livecheck.journal.team.server import TeamRun
from livecheck.present.summary import duration
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


def handoff_note(to: str | None, note: str) -> str:
    """The note added to a run's history when it is handed over."""
    if to:
        return _("Handed over to {person}: {note}").format(person=to, note=one_line(note))
    return _("Handed over to the team: {note}").format(note=one_line(note))


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
