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
    date_argument,
    fail,
    load_configured_library,
    workspace_from,
)
from livecheck.i18n import _, format_list
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
        help=_("figures for team leads: outcomes, time against SLA, steps, missing playbooks"),
        description=_(
            "Runs per playbook and outcome, resolution and escalation rates, time to "
            "outcome against the SLA, per-step times, skips and drop-off, searches that found "
            "nothing, stale playbooks and translations, drill pass rates, feedback. Drill runs "
            "are left out of every case figure. Days are whole UTC days, both ends included."
        ),
    )
    report.add_argument("--since", type=date_argument, metavar="DATE", help=_("from this day"))
    report.add_argument(
        "--until", type=date_argument, metavar="DATE", help=_("up to and including this day")
    )
    report.add_argument("--category", choices=CATEGORIES, help=_("only playbooks of this category"))
    report.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help=_("text (tables), md (Markdown to paste), csv (one figure per row) or json"),
    )
    report.add_argument(
        "-o", "--output", metavar="FILE", help=_("write to FILE (atomically, mode 0600)")
    )
    report.add_argument(
        "--operator", metavar="NAME", help="only this person's runs, searches and feedback"
    )
    report.add_argument(
        "--local",
        action="store_true",
        help="only this machine's journal (with a team journal, the report covers the team)",
    )
    add_common_options(report, sub=True)
    report.set_defaults(handler=cmd_report)

    feedback = subs.add_parser(
        "feedback",
        help=_("flag the playbook a run used"),
        description=_(
            "Record feedback on the playbook a run used; the report lists it per "
            "playbook and owner. Reasons: {reasons}"
        ).format(reasons=format_list(f"{k} ({v.lower()})" for k, v in FEEDBACK_LABELS.items())),
    )
    feedback.add_argument("run_id", metavar="RUN_ID", help=_("the run (or the start of its id)"))
    feedback.add_argument("--reason", choices=FEEDBACK_REASONS, required=True)
    feedback.add_argument("--comment", metavar="TEXT", help=_("what is wrong, in a few words"))
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
    workspace = workspace_from(args, check_roots=False, reading=True)
    from livecheck.services.team import figures_source

    try:
        source, warning = figures_source(workspace.settings, workspace.journal, local=args.local)
        if warning:
            print(f"livecheck: {warning}", file=sys.stderr)
        report = build_report(
            source, library, period=period, category=args.category, operator=args.operator
        )
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    to_terminal = not args.output and sys.stdout.isatty()
    text = render(
        report,
        args.format,
        color=to_terminal,
        width=_width() if to_terminal else 120,
        zone=workspace.settings.zone,
    )
    if args.output:
        try:
            write_atomically(Path(args.output), [text])
        except OSError as exc:
            return fail(
                _("cannot write {path}: {problem}").format(
                    path=args.output, problem=exc.strerror or exc
                ),
                EXIT_PROBLEMS,
            )
        print(_("wrote {path}").format(path=args.output), file=sys.stderr)
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
    print(
        _("Feedback recorded for {id} ({lang}), run {run}.").format(
            id=recorded.playbook_id, lang=recorded.lang, run=recorded.run_id
        )
    )
    return EXIT_OK
