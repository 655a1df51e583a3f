"""The `livecheck` command line: a thin front end over the core."""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from livecheck import __version__
from livecheck.cli import (
    argparse_words,
    authoring_commands,
    drill_commands,
    journal_commands,
    keywords_commands,
    library_commands,
    report_commands,
    run_commands,
    search_commands,
)
from livecheck.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    add_common_options,
    fail,
    settings_from,
)
from livecheck.i18n import LANGUAGES, LanguageError, _, set_language
from livecheck.journal.integrity import explain_failure
from livecheck.journal.store import JournalError
from livecheck.services.drills import DrillRequest
from livecheck.services.settings import SettingsError, resolve_settings


def roots_help() -> str:
    return _(
        "Playbook folders, first match wins: --playbooks DIR, then LIVECHECK_PLAYBOOKS, then "
        "`playbooks` in the config file, then the bundled library. A folder chosen this way "
        "replaces the bundled library unless --with-bundled (or with_bundled = true in the "
        "config)."
    )


def _roots_in_use() -> str:
    """For --help: the folders in use with the environment and config as they are now."""
    try:
        return _("In use now: {roots}.").format(roots=resolve_settings().roots_description())
    except SettingsError as exc:
        return _("In use now: unknown ({problem}).").format(problem=exc)


def build_parser(*, with_roots: bool = False) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="livecheck",
        description=_("Find the right LIVE creator-ops playbook and walk through it."),
        epilog=f"{roots_help()} {_roots_in_use()}" if with_roots else roots_help(),
    )
    parser.add_argument("--version", action="version", version=f"livecheck {__version__}")
    add_common_options(parser, sub=False)
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")
    library_commands.register(subs)
    search_commands.register(subs)
    run_commands.register(subs)
    report_commands.register(subs)
    drill_commands.register(subs)
    authoring_commands.register(subs)
    journal_commands.register(subs)
    keywords_commands.register(subs)
    # The interface language, before or after the command name (like --data-dir).
    for i, command in enumerate([parser, *{id(p): p for p in subs.choices.values()}.values()]):
        command.add_argument(
            "--lang-ui",
            choices=LANGUAGES,
            help=_(
                "the interface language (or set LIVECHECK_UI_LANG, or ui_language in the "
                "config; default: the locale, else English)"
            ),
            **({"default": argparse.SUPPRESS} if i else {}),  # type: ignore[arg-type]
        )
    return parser


def open_app(args: argparse.Namespace, drill: DrillRequest | None = None) -> int:
    """`livecheck` alone: the full-screen app on the configured library (`livecheck drill`:
    straight into a drill)."""
    from livecheck.cli.common import configured_roots, settings_from
    from livecheck.services.workspace import Workspace

    settings = settings_from(args)
    configured_roots(args)  # a missing folder is a usage error, said before the screen opens
    from livecheck.tui.app import LivecheckApp  # textual loads only for the app

    app = LivecheckApp(Workspace(settings), keymap=settings.keymap or None, drill=drill)
    try:
        app.run()
    finally:
        _share_with_the_team()  # what the background thread had not sent yet
    return EXIT_OK


def _journal_path(args: argparse.Namespace) -> Path | None:
    try:
        return settings_from(args).paths.journal_path
    except SettingsError:
        return None


def early_language(arguments: Sequence[str]) -> None:
    """The interface language before the parser is built, so that its help and its
    errors speak it: `--lang-ui` (anywhere), LIVECHECK_UI_LANG, `--config`'s file, the
    locale. A wrong value is said later, by the command that reads the settings."""
    early = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    early.add_argument("--lang-ui")
    early.add_argument("--config")
    with contextlib.suppress(SettingsError, LanguageError, argparse.ArgumentError):
        known, _rest = early.parse_known_args(arguments)
        set_language(resolve_settings(config=known.config, ui_language=known.lang_ui).ui_language)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    early_language(arguments)
    argparse_words.install()
    # The folders in use are worked out (reading the config) only for the top-level help.
    parser = build_parser(with_roots=arguments[:1] in (["-h"], ["--help"]))
    args = parser.parse_args(arguments)
    with contextlib.suppress(SettingsError):  # said by the command that reads the settings
        set_language(settings_from(args).ui_language)
    handler: Callable[[argparse.Namespace, argparse.ArgumentParser], int] | None = getattr(
        args, "handler", None
    )
    # One error path for every front end: the app and each command alike.
    try:
        if handler is None:
            return open_app(args)
        return handler(args, parser)
    except SettingsError as exc:
        return fail(str(exc), EXIT_USAGE)
    except JournalError as exc:  # raised past a command's own handling (e.g. mid-export)
        return fail(str(exc), EXIT_PROBLEMS)
    except sqlite3.DatabaseError as exc:  # found while reading: a damaged page, a full disk
        settings_path = _journal_path(args)
        explained = explain_failure(settings_path, exc) if settings_path else None
        return fail(str(explained or f"the journal could not be read: {exc}"), EXIT_PROBLEMS)
    except BrokenPipeError:  # `livecheck list | head`
        sys.stderr.close()
        return EXIT_OK
    finally:
        _share_with_the_team()


def _share_with_the_team() -> None:
    """A bounded attempt to send what the command recorded to the team journal
    (the actions were acknowledged when committed locally)."""
    from livecheck.services import journal_access

    for line in journal_access.drain_opened():
        print(f"livecheck: {line}", file=sys.stderr)
