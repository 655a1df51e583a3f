"""`livecheck keywords --suggest`: what the team's searches say the library lacks."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from livecheck.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    add_common_options,
    date_argument,
    fail,
    load_configured_library,
    settings_from,
)
from livecheck.journal.store import JournalError
from livecheck.reports.period import Period
from livecheck.safety.text import one_line


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def register(subs: Any) -> None:
    keywords = subs.add_parser(
        "keywords",
        help="keywords to add, learnt from the team's searches",
        description="From the search log: words people searched and then opened a playbook "
        "that does not contain them (suggested keywords for that playbook's owner), and "
        "searches that found nothing, grouped by their folded text. Drill searches are "
        "left out.",
    )
    keywords.add_argument(
        "--suggest", action="store_true", help="list suggested keywords and failed searches"
    )
    keywords.add_argument(
        "--min",
        type=_positive,
        default=2,
        metavar="N",
        help="only words searched at least N times before opening the playbook (default 2)",
    )
    keywords.add_argument("--since", type=date_argument, metavar="DATE", help="from this day")
    keywords.add_argument(
        "--until", type=date_argument, metavar="DATE", help="up to and including this day"
    )
    keywords.add_argument("--json", action="store_true", help="one JSON object")
    keywords.add_argument(
        "--local",
        action="store_true",
        help="only this machine's journal (with a team journal, the whole team's searches)",
    )
    add_common_options(keywords, sub=True)
    keywords.set_defaults(handler=cmd_keywords)


def cmd_keywords(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from livecheck.reports.keywords import keyword_report

    if not args.suggest:
        return fail("say what to do: `livecheck keywords --suggest [--min N]`", EXIT_USAGE)
    try:
        period = Period(args.since, args.until)
    except ValueError as exc:
        return fail(str(exc), EXIT_USAGE)
    settings = settings_from(args)
    library = load_configured_library(args)
    from livecheck.services.journal_access import open_journal
    from livecheck.services.team import figures_source

    try:
        journal = open_journal(settings, reading=True)
        source, warning = figures_source(settings, journal, local=args.local)
        if warning:
            print(f"livecheck: {warning}", file=sys.stderr)
        with source.snapshot() as db:
            report = keyword_report(db, library, period=period, min_searches=args.min)
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    if args.json:
        data = {
            "min": report.min_searches,
            "suggestions": [
                {
                    "playbook": s.playbook_id,
                    "owner": s.owner,
                    "word": s.word,
                    "searches": s.searches,
                }
                for s in report.suggestions
            ],
            "nothing_found": [
                {"query": n.normalized, "searches": n.searches, "last": n.last_at.isoformat()}
                for n in report.nothing_found
            ],
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    out = sys.stdout
    out.write(
        f"Suggested keywords (searched at least {report.min_searches} times, then a playbook "
        "without the word was opened):\n"
    )
    if not report.suggestions:
        out.write("  none\n")
    current = None
    for s in report.suggestions:
        if s.playbook_id != current:
            current = s.playbook_id
            out.write(f"  {one_line(s.playbook_id)} (owner: {one_line(s.owner or '-')})\n")
        out.write(f"    {one_line(s.word)}  {s.searches} searches\n")
    out.write("\nSearches that found nothing (grouped by folded text):\n")
    if not report.nothing_found:
        out.write("  none\n")
    for n in report.nothing_found:
        out.write(f"  {n.searches:4}  {one_line(n.normalized)}  (last {n.last_at:%Y-%m-%d})\n")
    return EXIT_OK
