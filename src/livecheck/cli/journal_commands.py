"""Commands over the journal file itself: journal recover."""

from __future__ import annotations

import argparse
from typing import Any

from livecheck.cli.common import EXIT_OK, EXIT_PROBLEMS, add_common_options, fail, settings_from
from livecheck.journal.recover import recover_journal
from livecheck.journal.store import JournalError


def register(subs: Any) -> None:
    journal = subs.add_parser(
        "journal",
        help="look after the journal file",
        description="Look after the journal file (see docs/reliability.md).",
    )
    actions = journal.add_subparsers(dest="journal_command", metavar="ACTION", required=True)
    recover = actions.add_parser(
        "recover",
        help="save what is readable of a damaged journal into a new one",
        description="Read a damaged journal table by table, row by row, skipping what "
        "cannot be read, into a new journal with the same schema. The damaged file is "
        "kept beside it, renamed journal.sqlite3.damaged-<time>.",
    )
    add_common_options(recover, sub=True)
    recover.set_defaults(handler=cmd_journal_recover)


def cmd_journal_recover(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    path = settings_from(args).paths.journal_path
    try:
        recovery = recover_journal(path)
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    except OSError as exc:
        return fail(f"cannot write the recovered journal next to {path}: {exc}", EXIT_PROBLEMS)
    print(f"Recovered the journal at {path}")
    print(recovery.describe())
    return EXIT_OK
