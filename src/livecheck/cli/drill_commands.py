"""`livecheck drill`: practise on a drill scenario (the TUI, or --plain), or --progress."""

from __future__ import annotations

import argparse
import sys
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
from livecheck.drills.catalogue import drill_cards
from livecheck.i18n import _
from livecheck.journal.store import JournalError
from livecheck.playbook.spec import CATEGORIES
from livecheck.services.drills import DrillRequest

SEARCH_LIMIT = 10


def no_drills() -> str:
    return _(
        "this library has no drills: no playbook has a `drills` key. Drills are practice "
        "scenarios written in a playbook under `drills` (id, scenario, expect, outcome); see "
        "the Drill section of the playbook format (docs/playbook-format.md)"
    )


def register(subs: Any) -> None:
    drill = subs.add_parser(
        "drill",
        help=_("practise on a drill scenario"),
        description=_(
            "Onboarding practice: a scenario from the playbooks' drills, the most due "
            "first (failed and long-unpractised drills come back first). Find the playbook with "
            "the normal search, walk it as a practice run (never mixed with real cases), and get "
            "a score with its breakdown and the correct path. Opens the full-screen app unless "
            "--plain."
        ),
    )
    drill.add_argument("--plain", action="store_true", help=_("line-based, for a screen reader"))
    drill.add_argument("--playbook", metavar="ID", help=_("a drill of this playbook"))
    drill.add_argument("--category", choices=CATEGORIES, help=_("a drill of this category"))
    drill.add_argument(
        "--as", dest="trainee", metavar="NAME", help=_("the trainee (default: config `operator`)")
    )
    drill.add_argument(
        "--progress", action="store_true", help=_("print the trainee's progress and stop")
    )
    drill.add_argument(
        "--all",
        action="store_true",
        help="with --progress: every trainee (the whole team with a team journal)",
    )
    drill.add_argument(
        "--local", action="store_true", help="with --progress --all: this machine's journal only"
    )
    add_common_options(drill, sub=True)
    drill.set_defaults(handler=cmd_drill)


def cmd_drill(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.trainee is not None and not args.trainee.strip():
        return fail(_("--as needs a name"), EXIT_USAGE)
    workspace = workspace_from(args)
    library = load_configured_library(args)
    cards = drill_cards(library.playbooks)
    if not cards:
        return fail(no_drills(), EXIT_PROBLEMS)
    if args.playbook and not library.languages_of(args.playbook):
        return unknown_playbook(library, args.playbook, None)
    request = DrillRequest(args.playbook, args.category, (args.trainee or "").strip() or None)
    chosen = [c for c in cards if request.admits(c)]
    if not chosen:
        return fail(_nothing_matches(request), EXIT_PROBLEMS)
    if not args.plain and not args.progress:
        from livecheck.cli import open_app

        return open_app(args, drill=request)
    try:
        service = workspace.drill_service(request.trainee, cards)  # opens the journal
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    if args.progress and args.all:
        from livecheck.cli.drill_progress import print_team_progress

        return print_team_progress(workspace.settings, workspace.journal, cards, local=args.local)
    if args.progress:
        from livecheck.cli.drill_progress import print_progress

        print_progress(service.progress(), sys.stdout, request)
        return EXIT_OK
    card = service.next_drill(playbook_id=request.playbook_id, category=request.category)
    assert card is not None
    from livecheck.cli.plain_drill import PlainDrill

    engine = workspace.engine
    engine.refresh()
    return PlainDrill(
        service, lambda text: engine.search(text, limit=SEARCH_LIMIT), card, sys.stdin, sys.stdout
    ).run()


def _nothing_matches(request: DrillRequest) -> str:
    if request.playbook_id and request.category:
        return _("playbook {id} has no drills in category {category}").format(
            id=repr(request.playbook_id), category=repr(request.category)
        )
    if request.playbook_id:
        return _("playbook {id} has no drills; `livecheck drill --progress` lists them all").format(
            id=repr(request.playbook_id)
        )
    return _(
        "no drills in category {category}; `livecheck drill --progress` lists them all"
    ).format(category=repr(request.category))
