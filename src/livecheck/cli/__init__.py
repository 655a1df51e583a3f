"""The `livecheck` command line: a thin front end over the core."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from livecheck import __version__
from livecheck.cli import (
    drill_commands,
    keywords_commands,
    library_commands,
    report_commands,
    run_commands,
    search_commands,
)
from livecheck.cli.common import EXIT_OK, EXIT_USAGE, add_common_options, fail
from livecheck.services.drills import DrillRequest
from livecheck.services.settings import SettingsError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="livecheck",
        description="Find the right LIVE creator-ops playbook and walk through it.",
    )
    parser.add_argument("--version", action="version", version=f"livecheck {__version__}")
    add_common_options(parser, sub=False)
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")
    library_commands.register(subs)
    search_commands.register(subs)
    run_commands.register(subs)
    report_commands.register(subs)
    drill_commands.register(subs)
    keywords_commands.register(subs)
    return parser


def open_app(args: argparse.Namespace, drill: DrillRequest | None = None) -> int:
    """`livecheck` alone: the full-screen app on the configured library (`livecheck drill`:
    straight into a drill)."""
    from livecheck.cli.common import configured_roots, settings_from
    from livecheck.services.workspace import Workspace

    settings = settings_from(args)
    configured_roots(args)  # a missing folder is a usage error, said before the screen opens
    from livecheck.tui.app import LivecheckApp  # textual loads only for the app

    keymap = settings.config.get("keymap")
    app = LivecheckApp(
        Workspace(settings), keymap=keymap if isinstance(keymap, dict) else None, drill=drill
    )
    app.run()
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace, argparse.ArgumentParser], int] | None = getattr(
        args, "handler", None
    )
    if handler is None:
        return open_app(args)
    try:
        return handler(args, parser)
    except SettingsError as exc:
        return fail(str(exc), EXIT_USAGE)
    except BrokenPipeError:  # `livecheck list | head`
        sys.stderr.close()
        return EXIT_OK
