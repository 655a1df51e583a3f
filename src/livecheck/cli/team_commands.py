"""The team journal's run commands: `run --handoff`, `run --take`, `runs --team`, and a
plain walkthrough that shares each action in the background."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from livecheck.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, _, fail, settings_from
from livecheck.cli.plain_run import PlainWalkthrough
from livecheck.journal.records import JournalError
from livecheck.journal.store import Journal
from livecheck.present.team import (
    handed_over,
    no_team_journal,
    offline_line,
    team_header,
    team_rows,
)
from livecheck.runs.engine import ActionRefused
from livecheck.services.journal_access import open_journal
from livecheck.services.runs import ActiveRun, RunService
from livecheck.services.settings import Settings
from livecheck.services.team import TeamService


def _team(args: argparse.Namespace) -> tuple[Settings, Journal, TeamService] | str:
    settings = settings_from(args)
    if settings.team is None:
        return no_team_journal()
    journal = open_journal(settings)
    return settings, journal, TeamService(settings.team, journal, settings.operator)


def handoff(args: argparse.Namespace) -> int:
    if not (args.note or "").strip():
        return fail(_("--handoff needs --note TEXT: what was done, what is left"), EXIT_USAGE)
    try:
        found = _team(args)
        if isinstance(found, str):
            return fail(found, EXIT_USAGE)
        settings, journal, team = found
        runs = RunService(journal, settings.operator)
        active = runs.resume(args.handoff)
        done = team.hand_off(runs, active, args.note, args.to)
    except (JournalError, ActionRefused) as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    said = _("{handed_over} `livecheck run --take {run}` takes it.")
    print(said.format(handed_over=handed_over(done.run_id, done.to), run=done.run_id))
    return EXIT_OK


def take(args: argparse.Namespace) -> int:
    if args.force and not (args.reason or "").strip():
        return fail(_("--force needs --reason TEXT (it is journaled)"), EXIT_USAGE)
    try:
        found = _team(args)
        if isinstance(found, str):
            return fail(found, EXIT_USAGE)
        settings, journal, team = found
        taken = team.take(args.take, force_reason=args.reason if args.force else None)
        runs = RunService(journal, settings.operator)
        active = runs.resume(taken.run_id)
    except (JournalError, ActionRefused) as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    previous = taken.previous_holder
    if previous and previous != settings.operator:
        print(_("Run {run} taken over from {person}.").format(run=active.id, person=previous))
    else:
        print(_("Run {run} is yours.").format(run=active.id))
    return walk_plain(settings, journal, runs, active)


def walk_plain(settings: Settings, journal: Journal, runs: RunService, active: ActiveRun) -> int:
    """The plain walkthrough; with a team journal, each action is shared in the background
    and the offline line is said when the server goes away."""
    team = TeamService.maybe(settings, journal)
    walkthrough = PlainWalkthrough(
        runs,
        active,
        sys.stdin,
        sys.stdout,
        zone=settings.zone,
        summary_language=settings.summary_language,
        team_line=None if team is None else (lambda: offline_line(team.status())),
    )
    if team is None:
        return walkthrough.walk()
    team.replicator.start()
    try:
        return walkthrough.walk()
    finally:
        team.replicator.stop()


def team_runs(args: argparse.Namespace) -> int:
    try:
        found = _team(args)
        if isinstance(found, str):
            return fail(found, EXIT_USAGE)
        team = found[2]
        runs = team.open_runs()
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    if not runs:
        print(_("No open runs on the team journal."))
        return EXIT_OK
    header = team_header()
    rows = [header, *team_rows(runs, dt.datetime.now(dt.UTC))]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return EXIT_OK
