"""Commands for team leads and feedback: report, feedback."""

from __future__ import annotations

import argparse
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
    workspace_from,
)
from livecheck.cli.run_commands import date_argument
from livecheck.journal.export import write_atomically
from livecheck.journal.store import JournalError
from livecheck.playbook.spec import CATEGORIES
from livecheck.present.feedback import FEEDBACK_LABELS
from livecheck.reports.period import Period
from livecheck.reports.render import FORMATS, render
from livecheck.runs.engine import ActionRefused
from livecheck.runs.feedback import FEEDBACK_REASONS


def register(subs: Any) -> None:
    report = subs.add_parser(
        "report",
        help="figures for team leads: outcomes, time against SLA, steps, missing playbooks",
        description="Runs per playbook and outcome, resolution and escalation rates, time to "
        "outcome against the SLA, per-step times, skips and drop-off, searches that found "
        "nothing, stale playbooks and translations, drill pass rates, feedback. Drill runs "
        "are left out of every case figure. Days are whole UTC days, both ends included.",
    )
    report.add_argument("--since", type=date_argument, metavar="DATE", help="from this day")
    report.add_argument(
        "--until", type=date_argument, metavar="DATE", help="up to and including this day"
    )
    report.add_argument("--category", choices=CATEGORIES, help="only playbooks of this category")
    report.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (tables), md (Markdown to paste), csv (one figure per row) or json",
    )
    report.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (atomically, mode 0600)"
    )
    add_common_options(report, sub=True)
    report.set_defaults(handler=cmd_report)

    feedback = subs.add_parser(
        "feedback",
        help="flag the playbook a run used",
        description="Record feedback on the playbook a run used; the report lists it per "
        "playbook and owner. Reasons: "
        + "; ".join(f"{k} ({v.lower()})" for k, v in FEEDBACK_LABELS.items()),
    )
    feedback.add_argument("run_id", metavar="RUN_ID", help="the run (or the start of its id)")
    feedback.add_argument("--reason", choices=FEEDBACK_REASONS, required=True)
    feedback.add_argument("--comment", metavar="TEXT", help="what is wrong, in a few words")
    add_common_options(feedback, sub=True)
    feedback.set_defaults(handler=cmd_feedback)


def cmd_report(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    # Loaded here, not with the command line: every other command would pay for it.
    from livecheck.reports.build import build_report

    try:
        period = Period(args.since, args.until)
    except ValueError as exc:
        return fail(str(exc), EXIT_USAGE)
    library = load_configured_library(args)
    try:
        journal = workspace_from(args, check_roots=False).journal
        report = build_report(journal, library, period=period, category=args.category)
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    to_terminal = not args.output and sys.stdout.isatty()
    text = render(report, args.format, color=to_terminal, width=_width() if to_terminal else 120)
    if args.output:
        try:
            write_atomically(Path(args.output), [text])
        except OSError as exc:
            return fail(f"cannot write {args.output}: {exc.strerror or exc}", EXIT_PROBLEMS)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _width() -> int:
    import shutil

    return max(80, shutil.get_terminal_size((120, 24)).columns)


def cmd_feedback(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        recorded = workspace_from(args, check_roots=False).runs.give_feedback(
            args.run_id, args.reason, args.comment
        )
    except (JournalError, ActionRefused) as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    print(f"Feedback recorded for {recorded.playbook_id} ({recorded.lang}), run {recorded.run_id}.")
    return EXIT_OK
