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
    date_argument,
    fail,
    load_configured_library,
    unknown_playbook,
    workspace_from,
)
from livecheck.cli.plain_prompts import EndOfInput, ask_line, ask_variables
from livecheck.i18n import _, format_integer, ngettext, pgettext, use_language
from livecheck.journal.export import export, write_atomically
from livecheck.journal.store import JournalError
from livecheck.present.summary import handoff_summary
from livecheck.present.times import age
from livecheck.runs.engine import ActionRefused
from livecheck.safety.text import one_line
from livecheck.services.runs import ActiveRun
from livecheck.services.settings import Settings


def register(subs: Any) -> None:
    run = subs.add_parser(
        "run",
        help=_("walk through a playbook, line by line"),
        description=_(
            "A plain, line-based walkthrough that works with a screen reader and from a "
            "pipe. Every answer is saved before the next prompt. Exit 0 when the run ended, 3 when "
            "it was left unfinished (resume it with --resume)."
        ),
    )
    run.add_argument("id", nargs="?", metavar="ID", help=_("playbook id"))
    run.add_argument("--lang", metavar="LANG", help=_("language version, e.g. fr"))
    run.add_argument("--case", metavar="REF", help=_("case or ticket reference"))
    run.add_argument(
        "--var",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help=_("a variable (repeatable)"),
    )
    run.add_argument("--resume", metavar="RUN_ID", help=_("continue an unfinished run"))
    team = run.add_argument_group(_("the team journal (see docs/team.md)"))
    team.add_argument(
        "--handoff", metavar="RUN_ID", help=_("hand an open run over to the team (needs --note)")
    )
    team.add_argument("--to", metavar="NAME", help=_("with --handoff: for this person only"))
    team.add_argument(
        "--note", metavar="TEXT", help=_("with --handoff: what was done, what is left")
    )
    team.add_argument(
        "--take", metavar="RUN_ID", help=_("take over a team run and continue it here")
    )
    team.add_argument(
        "--force", action="store_true", help=_("with --take: take it from its holder (leads)")
    )
    team.add_argument("--reason", metavar="TEXT", help=_("with --force: why (journaled)"))
    add_common_options(run, sub=True)
    run.set_defaults(handler=cmd_run)

    runs = subs.add_parser(
        "runs",
        help=_("list unfinished runs"),
        description="List unfinished runs, newest first; --team: the team's open and "
        "handed-over runs.",
    )
    runs.add_argument(
        "--team", action="store_true", help=_("the team’s open runs: owner, age, step, SLA left")
    )
    add_common_options(runs, sub=True)
    runs.set_defaults(handler=cmd_runs)

    summary = subs.add_parser(
        "summary",
        help=_("print a run's handoff summary"),
        description=_("Print the Markdown handoff summary of a run."),
    )
    summary.add_argument("run_id", metavar="RUN_ID")
    add_common_options(summary, sub=True)
    summary.set_defaults(handler=cmd_summary)

    log = subs.add_parser(
        "log", help=_("export or purge the journal"), description=_("Export or purge the journal.")
    )
    log_subs = log.add_subparsers(dest="log_command", metavar="ACTION", required=True)
    exporting = log_subs.add_parser(
        "export",
        help=_("export events or runs"),
        description=_(
            "One row per event (or per run with --runs), as JSON lines or CSV. Drill runs "
            "are left out unless --include-drills."
        ),
    )
    exporting.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    exporting.add_argument("--runs", action="store_true", help=_("one row per run"))
    exporting.add_argument(
        "--since", type=date_argument, metavar="DATE", help=_("from this day (YYYY-MM-DD)")
    )
    exporting.add_argument(
        "--until", type=date_argument, metavar="DATE", help=_("up to and including this day")
    )
    exporting.add_argument(
        "--redact", action="store_true", help=_("hide e-mails, phone numbers, @handles")
    )
    exporting.add_argument("--include-drills", action="store_true", help=_("include practice runs"))
    exporting.add_argument(
        "--output", metavar="FILE", help=_("write to FILE (atomically, mode 0600)")
    )
    add_common_options(exporting, sub=True)
    exporting.set_defaults(handler=cmd_log_export)
    purge = log_subs.add_parser(
        "purge",
        help=_("delete old runs for good"),
        description=_(
            "Delete, for good (there is no undo), the runs that ended more than DAYS "
            "days ago, with their feedback, and the searches and feedback recorded before then. "
            "Unfinished runs are kept unless --include-open. Says what it will delete and asks "
            "first; --yes does not ask, --dry-run only counts."
        ),
    )
    purge.add_argument("--older-than", type=int, required=True, metavar="DAYS")
    purge.add_argument(
        "--include-open",
        action="store_true",
        help=_("also delete unfinished runs whose last action is older than DAYS"),
    )
    purge.add_argument("--yes", action="store_true", help=_("do not ask for a confirmation"))
    purge.add_argument(
        "--dry-run", action="store_true", help=_("print how many runs would go, delete nothing")
    )
    add_common_options(purge, sub=True)
    purge.set_defaults(handler=cmd_log_purge)


def _parse_vars(pairs: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(_("--var needs NAME=VALUE, got {pair}").format(pair=repr(pair)))
        values[name.strip()] = value
    return values


def cmd_run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from livecheck.cli import team_commands

    if args.handoff:
        return team_commands.handoff(args)
    if args.take:
        return team_commands.take(args)
    if bool(args.id) == bool(args.resume):
        return fail(_("give a playbook ID, or --resume RUN_ID"), EXIT_USAGE)
    try:
        given = _parse_vars(args.var)
    except ValueError as exc:
        return fail(str(exc), EXIT_USAGE)
    workspace = workspace_from(args, check_roots=False)
    settings = workspace.settings
    try:
        service = workspace.runs  # opens the journal
    except JournalError as exc:
        return fail(str(exc), EXIT_USAGE)
    journal = workspace.journal
    try:
        if args.resume:
            active = service.resume(args.resume)
            if active.record.kind != "case":
                return fail(
                    _(
                        "run {run} is a practice run of a drill, not a case; it cannot be "
                        "resumed with `livecheck run`"
                    ).format(run=active.id),
                    EXIT_USAGE,
                )
        else:
            library = load_configured_library(args)
            pb = library.get(args.id, args.lang)
            if pb is None or pb.source is None:
                return unknown_playbook(library, args.id, args.lang)
            unknown = sorted(set(given) - {v.name for v in pb.variables})
            if unknown:
                names = ", ".join(v.name for v in pb.variables) or _("none")
                return fail(
                    ngettext(
                        "unknown variable {names}; this playbook takes: {takes}",
                        "unknown variables {names}; this playbook takes: {takes}",
                        len(unknown),
                    ).format(names=", ".join(unknown), takes=names),
                    EXIT_USAGE,
                )
            from livecheck.cli.plain_run import walk_language  # the walkthrough's own imports

            with use_language(walk_language(pb.lang, settings.summary_language)):
                variables = ask_variables(pb, given, lambda p: ask_line(p, sys.stdin, sys.stdout))
            active = service.start(pb.source.path, variables=variables, case_ref=args.case)
    except ActionRefused as exc:
        return fail(str(exc), EXIT_USAGE)
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    except EndOfInput:
        return fail(_("input ended before the run could start; nothing was recorded"), EXIT_USAGE)
    if active.state.over:
        return _print_summary(active, settings)
    return team_commands.walk_plain(settings, journal, service, active)


def cmd_runs(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.team:
        from livecheck.cli import team_commands

        return team_commands.team_runs(args)
    try:
        journal = workspace_from(args, check_roots=False, reading=True).journal
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    runs = journal.unfinished_runs()
    if not runs:
        print(_("No unfinished runs."))
        return EXIT_OK
    now = dt.datetime.now(dt.UTC)
    for run in runs:
        print(
            _("{run}  {id} ({lang})  case {case}  at {step}  {age} ago").format(
                run=run.id,
                id=run.playbook_id,
                lang=run.lang,
                case=one_line(run.case_ref or "-"),
                step=run.current_step or pgettext("runs: where a run is", "outcome"),
                age=age(run.last_event_at, now),
            )
        )
    return EXIT_OK


def cmd_summary(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    workspace = workspace_from(args, check_roots=False, reading=True)
    settings = workspace.settings
    try:
        active = workspace.runs.resume(args.run_id)
    except (JournalError, ActionRefused) as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    return _print_summary(active, settings)


def _print_summary(active: ActiveRun, settings: Settings) -> int:
    """The handoff summary for the ticket, as the settings want it (zone, language)."""
    sys.stdout.write(
        handoff_summary(
            active.record,
            active.walkthrough,
            zone=settings.zone,
            summary_language=settings.summary_language,
        )
    )
    return EXIT_OK


def _day_start(day: dt.date | None, plus_days: int = 0) -> dt.datetime | None:
    if day is None:
        return None
    return dt.datetime.combine(day + dt.timedelta(days=plus_days), dt.time(), tzinfo=dt.UTC)


def cmd_log_export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        journal = workspace_from(args, check_roots=False, reading=True).journal
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
            return fail(
                _("cannot write {path}: {problem}").format(
                    path=args.output, problem=exc.strerror or exc
                ),
                EXIT_PROBLEMS,
            )
        print(
            ngettext("wrote {path} ({n} line)", "wrote {path} ({n} lines)", lines).format(
                path=args.output, n=format_integer(lines)
            ),
            file=sys.stderr,
        )
    else:
        for chunk in chunks:
            sys.stdout.write(chunk)
    return EXIT_OK


def cmd_log_purge(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.older_than < 0:
        return fail(_("--older-than needs a number of days, 0 or more"), EXIT_USAGE)
    try:
        journal = workspace_from(args, check_roots=False).journal
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=args.older_than)
    count, unfinished = journal.purgeable(cutoff, include_open=args.include_open)
    plan = purge_plan(count, unfinished, args.older_than)
    if args.dry_run or count == 0:
        print(plan)
        return EXIT_OK
    if not args.yes:
        if not sys.stdin.isatty():
            return fail(
                _("purge deletes runs for good: confirm with --yes (no terminal to ask on)"),
                EXIT_USAGE,
            )
        print(plan)
        # Translators: the word typed to confirm a purge.
        word = pgettext("confirmation", "yes")
        try:
            answer = ask_line(
                _("Type {word} to delete them for good: ").format(word=word), sys.stdin, sys.stdout
            )
        except EndOfInput:
            answer = ""
        if answer.strip() not in ("yes", word):
            print(_("Nothing deleted."))
            return EXIT_OK
    deleted = journal.purge_older_than(cutoff, include_open=args.include_open)
    print(
        ngettext("Deleted {n} run for good.", "Deleted {n} runs for good.", deleted).format(
            n=format_integer(deleted)
        )
    )
    if not journal.freed_pages_wiped:
        return fail(
            "another program is reading the journal, so the deleted text is still in its "
            f"write-ahead log ({journal.path}-wal); close livecheck elsewhere and run the "
            "purge again to remove it",
            EXIT_PROBLEMS,
        )
    return EXIT_OK


def purge_plan(count: int, unfinished: int, days: int) -> str:
    """What a purge will delete, in one sentence."""
    if count == 0:
        return ngettext(
            "No run ended more than {days} day ago: nothing to delete.",
            "No run ended more than {days} days ago: nothing to delete.",
            days,
        ).format(days=days)
    runs = ngettext("{n} run", "{n} runs", count).format(n=format_integer(count))
    if unfinished:
        runs = _("{runs} ({unfinished} of them unfinished)").format(
            runs=runs, unfinished=unfinished
        )
    return ngettext(
        "{runs} older than {days} day will be deleted for good, with their notes and "
        "feedback, and the searches recorded before then.",
        "{runs} older than {days} days will be deleted for good, with their notes and "
        "feedback, and the searches recorded before then.",
        days,
    ).format(runs=runs, days=days)
