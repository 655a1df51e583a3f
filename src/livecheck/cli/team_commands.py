"""The team journal's run commands: `run --handoff`, `run --take`, `runs --team`, and a
plain walkthrough that shares each action in the background."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from livecheck.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, fail, settings_from
from livecheck.cli.plain_run import PlainWalkthrough
from livecheck.journal.records import JournalError
from livecheck.journal.store import Journal
from livecheck.present.team import TEAM_HEADER, handed_over, offline_line, team_rows
from livecheck.runs.engine import ActionRefused
from livecheck.services.journal_access import open_journal
from livecheck.services.runs import ActiveRun, RunService
from livecheck.services.settings import Settings
from livecheck.services.team import TeamService

NO_TEAM = "no team journal: give --journal postgresql://host/db (see docs/team.md)"


def _team(args: argparse.Namespace) -> tuple[Settings, Journal, TeamService] | str:
    settings = settings_from(args)
    if settings.team is None:
        return NO_TEAM
    journal = open_journal(settings)
    return settings, journal, TeamService(settings.team, journal, settings.operator)


def handoff(args: argparse.Namespace) -> int:
    if not (args.note or "").strip():
        return fail("--handoff needs --note TEXT: what was done, what is left", EXIT_USAGE)
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
    print(f"{handed_over(done.run_id, done.to)} `livecheck run --take {done.run_id}` takes it.")
    return EXIT_OK


def take(args: argparse.Namespace) -> int:
    if args.force and not (args.reason or "").strip():
        return fail("--force needs --reason TEXT (it is journaled)", EXIT_USAGE)
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
        print(f"Run {active.id} taken over from {previous}.")
    else:
        print(f"Run {active.id} is yours.")
    return walk_plain(settings, journal, runs, active)


def walk_plain(settings: Settings, journal: Journal, runs: RunService, active: ActiveRun) -> int:
    """The plain walkthrough; with a team journal, each action is shared in the background
    and the offline line is said when the server goes away."""
    team = TeamService.maybe(settings, journal)
    if team is None:
        return PlainWalkthrough(
            runs,
            active,
            sys.stdin,
            sys.stdout,
            zone=settings.zone,
            summary_language=settings.summary_language,
        ).walk()
    team.replicator.start()
    try:
        return PlainWalkthrough(
            runs,
            active,
            sys.stdin,
            sys.stdout,
            zone=settings.zone,
            summary_language=settings.summary_language,
            team_line=lambda: offline_line(team.status()),
        ).walk()
    finally:
        team.replicator.stop()


def team_runs(args: argparse.Namespace) -> int:
    try:
        found = _team(args)
        if isinstance(found, str):
            return fail(found, EXIT_USAGE)
        _, _, team = found
        runs = team.open_runs()
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    if not runs:
        print("No open runs on the team journal.")
        return EXIT_OK
    rows = [TEAM_HEADER, *team_rows(runs, dt.datetime.now(dt.UTC))]
    widths = [max(len(r[i]) for r in rows) for i in range(len(TEAM_HEADER))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return EXIT_OK
