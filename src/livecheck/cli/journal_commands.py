"""`livecheck journal ...`: the team journal's set-up and upkeep.

- `journal init [--print-sql]`: create (or upgrade) the schema and roles on the
  team server, or print the SQL for a database owner to run.
- `journal push`: send this machine's whole history (idempotent; safe to rerun).
- `journal status`: where the journal is, and what waits for the server.
- `journal purge --older-than DAYS`: retention on the team server (a lead's action).
- `journal recover`: save what is readable of a damaged local journal into a new one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from livecheck.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    _,
    add_common_options,
    fail,
    ngettext,
)
from livecheck.journal.records import JournalError
from livecheck.services.settings import Settings


def register(subs: Any) -> None:
    journal = subs.add_parser(
        "journal",
        help=_("look after the journal: recover a damaged file, set up the team journal"),
        description=_(
            "Recover a damaged journal file (docs/reliability.md); set up and look "
            "after the team journal on PostgreSQL (docs/team.md)."
        ),
    )
    actions = journal.add_subparsers(dest="journal_command", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init",
        help=_("create the team journal’s schema and roles"),
        description=_(
            "Create or upgrade livecheck’s schema (in its own PostgreSQL schema, "
            "`livecheck`) and the roles livecheck_intern and livecheck_lead on the team server."
        ),
    )
    init.add_argument(
        "--print-sql", action="store_true", help=_("print the SQL instead of running it")
    )
    add_common_options(init, sub=True)
    init.set_defaults(handler=cmd_init)
    push = actions.add_parser(
        "push",
        help=_("send this machine’s whole journal to the team server"),
        description=_(
            "Upload every run, event, search, feedback and drill attempt of the local "
            "journal. What the server already has is left as it is, so it is safe to rerun."
        ),
    )
    add_common_options(push, sub=True)
    push.set_defaults(handler=cmd_push)
    status = actions.add_parser("status", help=_("the team journal and the actions waiting for it"))
    add_common_options(status, sub=True)
    status.set_defaults(handler=cmd_status)
    purge = actions.add_parser(
        "purge",
        help=_("delete old runs on the team server (leads)"),
        description=_(
            "Delete, on the team server, runs older than DAYS with their events, and "
            "searches and feedback recorded before then. Needs the livecheck_lead role."
        ),
    )
    purge.add_argument("--older-than", type=int, required=True, metavar="DAYS")
    purge.add_argument(
        "--include-open",
        action="store_true",
        help=_("also delete unfinished runs whose last action is older (never by default)"),
    )
    add_common_options(purge, sub=True)
    purge.set_defaults(handler=cmd_team_purge)
    recover = actions.add_parser(
        "recover",
        help=_("save what is readable of a damaged journal into a new one"),
        description=_(
            "Read a damaged journal table by table, row by row, skipping what "
            "cannot be read, into a new journal with the same schema. The damaged file is "
            "kept beside it, renamed journal.sqlite3.damaged-<time>."
        ),
    )
    add_common_options(recover, sub=True)
    recover.set_defaults(handler=cmd_journal_recover)


def cmd_journal_recover(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from livecheck.journal.recover import recover_journal

    path = _team_settings(args).paths.journal_path
    try:
        recovery = recover_journal(path)
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    except OSError as exc:
        return fail(
            _("cannot write the recovered journal next to {path}: {error}").format(
                path=path, error=exc
            ),
            EXIT_PROBLEMS,
        )
    print(_("Recovered the journal at {path}").format(path=path))
    print(recovery.describe())
    return EXIT_OK


def _no_team_journal() -> int:
    from livecheck.present.team import no_team_journal

    return fail(no_team_journal(), EXIT_USAGE)


def _team_settings(args: argparse.Namespace) -> Settings:
    from livecheck.cli.common import settings_from

    return settings_from(args)


def cmd_init(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from livecheck.journal.team.server_schema import init_server, print_sql

    if args.print_sql:
        sys.stdout.write(print_sql())
        return EXIT_OK
    settings = _team_settings(args)
    if settings.team is None:
        return _no_team_journal()
    try:
        before, now = init_server(settings.team.url)
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    if before == now:
        print(
            _("{server}: the schema is up to date (version {version}).").format(
                server=settings.team.masked, version=now
            )
        )
    elif before:
        print(
            _("{server}: schema version {version} (was {before}).").format(
                server=settings.team.masked, version=now, before=before
            )
        )
    else:
        print(
            _("{server}: schema version {version} (was none).").format(
                server=settings.team.masked, version=now
            )
        )
    return EXIT_OK


def cmd_push(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from livecheck.services.journal_access import open_journal
    from livecheck.services.team import TeamService

    settings = _team_settings(args)
    if settings.team is None:
        return _no_team_journal()
    try:
        journal = open_journal(settings)
        team = TeamService(settings.team, journal, settings.operator)
        queued, waiting = team.push()
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    if waiting:
        return fail(
            ngettext(
                "{sent} of {n} record sent; {reason}. "
                "Run `livecheck journal push` again when the server is back.",
                "{sent} of {n} records sent; {reason}. "
                "Run `livecheck journal push` again when the server is back.",
                queued,
            ).format(sent=queued - waiting, n=queued, reason=team.status().reason),
            EXIT_PROBLEMS,
        )
    print(
        ngettext(
            "{n} record sent to {server} (those it had already are unchanged).",
            "{n} records sent to {server} (those it had already are unchanged).",
            queued,
        ).format(n=queued, server=settings.team.masked)
    )
    return EXIT_OK


def cmd_status(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from livecheck.present.team import offline_line
    from livecheck.services.journal_access import open_journal
    from livecheck.services.team import TeamService

    settings = _team_settings(args)
    print(_("local journal: {path}").format(path=settings.paths.journal_path))
    if settings.team is None:
        print(_("team journal: none (set --journal, LIVECHECK_JOURNAL or `journal` in the config)"))
        return EXIT_OK
    print(
        _("team journal: {server} (from {source})").format(
            server=settings.team.masked, source=settings.team.source
        )
    )
    try:
        journal = open_journal(settings)
        team = TeamService(settings.team, journal, settings.operator)
        team.check()
        team.drain(5.0)
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    status = team.status()
    print(
        offline_line(status)
        or ngettext(
            "online, {n} action waiting", "online, {n} actions waiting", status.waiting
        ).format(n=status.waiting)
    )
    if status.reason:
        print(status.reason)
    return EXIT_PROBLEMS if status.online is False else EXIT_OK


def cmd_team_purge(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from livecheck.journal.team.server import TeamServer

    settings = _team_settings(args)
    if settings.team is None:
        return _no_team_journal()
    if args.older_than < 1:
        return fail(_("--older-than needs a number of days, 1 or more"), EXIT_USAGE)
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=args.older_than)
    server = TeamServer(settings.team.url)
    try:
        count = server.purge_older_than(cutoff, include_open=args.include_open)
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    finally:
        server.close()
    print(
        ngettext(
            "{n} run older than {days} days deleted from the team journal.",
            "{n} runs older than {days} days deleted from the team journal.",
            count,
        ).format(n=count, days=args.older_than)
    )
    return EXIT_OK
