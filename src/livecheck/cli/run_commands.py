"""Commands over runs and the journal: run, runs, summary, log export, log purge."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from livecheck.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    add_common_options,
    fail,
    load_configured_library,
    unknown_playbook,
    workspace_from,
)
from livecheck.cli.plain_run import (
    EndOfInput,
    PlainWalkthrough,
    ask_line,
    ask_variables,
    describe_age,
)
from livecheck.journal.export import export, write_atomically
from livecheck.journal.store import JournalError
from livecheck.present.summary import handoff_summary
from livecheck.runs.engine import ActionRefused
from livecheck.safety.text import one_line


def register(subs: Any) -> None:
    run = subs.add_parser(
        "run",
        help="walk through a playbook, line by line",
        description="A plain, line-based walkthrough that works with a screen reader and from a "
        "pipe. Every answer is saved before the next prompt. Exit 0 when the run ended, 3 when "
        "it was left unfinished (resume it with --resume).",
    )
    run.add_argument("id", nargs="?", metavar="ID", help="playbook id")
    run.add_argument("--lang", metavar="LANG", help="language version, e.g. fr")
    run.add_argument("--case", metavar="REF", help="case or ticket reference")
    run.add_argument(
        "--var", action="append", default=[], metavar="NAME=VALUE", help="a variable (repeatable)"
    )
    run.add_argument("--resume", metavar="RUN_ID", help="continue an unfinished run")
    add_common_options(run, sub=True)
    run.set_defaults(handler=cmd_run)

    runs = subs.add_parser(
        "runs", help="list unfinished runs", description="List unfinished runs, newest first."
    )
    add_common_options(runs, sub=True)
    runs.set_defaults(handler=cmd_runs)

    summary = subs.add_parser(
        "summary",
        help="print a run's handoff summary",
        description="Print the Markdown handoff summary of a run.",
    )
    summary.add_argument("run_id", metavar="RUN_ID")
    add_common_options(summary, sub=True)
    summary.set_defaults(handler=cmd_summary)

    log = subs.add_parser(
        "log", help="export or purge the journal", description="Export or purge the journal."
    )
    log_subs = log.add_subparsers(dest="log_command", metavar="ACTION", required=True)
    exporting = log_subs.add_parser(
        "export",
        help="export events or runs",
        description="One row per event (or per run with --runs), as JSON lines or CSV. Drill runs "
        "are left out unless --include-drills.",
    )
    exporting.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    exporting.add_argument("--runs", action="store_true", help="one row per run")
    exporting.add_argument(
        "--since", type=date_argument, metavar="DATE", help="from this day (YYYY-MM-DD)"
    )
    exporting.add_argument(
        "--until", type=date_argument, metavar="DATE", help="up to and including this day"
    )
    exporting.add_argument(
        "--redact", action="store_true", help="hide e-mails, phone numbers, @handles"
    )
    exporting.add_argument("--include-drills", action="store_true", help="include practice runs")
    exporting.add_argument("--output", metavar="FILE", help="write to FILE (atomically, mode 0600)")
    add_common_options(exporting, sub=True)
    exporting.set_defaults(handler=cmd_log_export)
    purge = log_subs.add_parser(
        "purge",
        help="delete old runs for good",
        description="Delete runs older than DAYS for good.",
    )
    purge.add_argument("--older-than", type=int, required=True, metavar="DAYS")
    add_common_options(purge, sub=True)
    purge.set_defaults(handler=cmd_log_purge)


def date_argument(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _parse_vars(pairs: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--var needs NAME=VALUE, got {pair!r}")
        values[name.strip()] = value
    return values


def cmd_run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if bool(args.id) == bool(args.resume):
        return fail("give a playbook ID, or --resume RUN_ID", EXIT_USAGE)
    try:
        given = _parse_vars(args.var)
    except ValueError as exc:
        return fail(str(exc), EXIT_USAGE)
    workspace = workspace_from(args, check_roots=False)
    try:
        service = workspace.runs  # opens the journal
    except JournalError as exc:
        return fail(str(exc), EXIT_USAGE)
    try:
        if args.resume:
            active = service.resume(args.resume)
            if active.record.kind != "case":
                return fail(
                    f"run {active.id} is a practice run of a drill, not a case; it cannot be "
                    "resumed with `livecheck run`",
                    EXIT_USAGE,
                )
        else:
            library = load_configured_library(args)
            pb = library.get(args.id, args.lang)
            if pb is None or pb.source is None:
                return unknown_playbook(library, args.id, args.lang)
            unknown = sorted(set(given) - {v.name for v in pb.variables})
            if unknown:
                names = ", ".join(v.name for v in pb.variables) or "none"
                return fail(
                    f"unknown variable(s) {', '.join(unknown)}; this playbook takes: {names}",
                    EXIT_USAGE,
                )
            variables = ask_variables(pb, given, lambda p: ask_line(p, sys.stdin, sys.stdout))
            active = service.start(pb.source.path, variables=variables, case_ref=args.case)
    except ActionRefused as exc:
        return fail(str(exc), EXIT_USAGE)
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    except EndOfInput:
        return fail("input ended before the run could start; nothing was recorded", EXIT_USAGE)
    if active.state.over:
        sys.stdout.write(handoff_summary(active.record, active.walkthrough))
        return EXIT_OK
    return PlainWalkthrough(service, active, sys.stdin, sys.stdout).walk()


def cmd_runs(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        journal = workspace_from(args, check_roots=False).journal
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    runs = journal.unfinished_runs()
    if not runs:
        print("No unfinished runs.")
        return EXIT_OK
    now = dt.datetime.now(dt.UTC)
    for run in runs:
        case = one_line(run.case_ref or "-")
        print(
            f"{run.id}  {run.playbook_id} ({run.lang})  case {case}  at {run.current_step or 'outcome'}  "
            f"{describe_age(run.last_event_at, now)} ago"
        )
    return EXIT_OK


def cmd_summary(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        active = workspace_from(args, check_roots=False).runs.resume(args.run_id)
    except (JournalError, ActionRefused) as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    sys.stdout.write(handoff_summary(active.record, active.walkthrough))
    return EXIT_OK


def _day_start(day: dt.date | None, plus_days: int = 0) -> dt.datetime | None:
    if day is None:
        return None
    return dt.datetime.combine(day + dt.timedelta(days=plus_days), dt.time(), tzinfo=dt.UTC)


def cmd_log_export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        journal = workspace_from(args, check_roots=False).journal
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    chunks = export(
        journal,
        fmt=args.format,
        per_run=args.runs,
        since=_day_start(args.since),
        until=_day_start(args.until, plus_days=1),
        redacted=args.redact,
        include_drills=args.include_drills,
    )
    if args.output:
        try:
            lines = write_atomically(Path(args.output), chunks)
        except OSError as exc:
            return fail(f"cannot write {args.output}: {exc.strerror or exc}", EXIT_PROBLEMS)
        print(f"wrote {args.output} ({lines} lines)", file=sys.stderr)
    else:
        for chunk in chunks:
            sys.stdout.write(chunk)
    return EXIT_OK


def cmd_log_purge(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.older_than < 0:
        return fail("--older-than needs a number of days, 0 or more", EXIT_USAGE)
    try:
        journal = workspace_from(args, check_roots=False).journal
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=args.older_than)
    count = journal.purge_older_than(cutoff)
    print(f"purged {count} run(s) older than {args.older_than} days")
    return EXIT_OK
