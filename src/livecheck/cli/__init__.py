"""The `livecheck` command line: a thin front end over the core.

Start-up is part of the interface: `livecheck --version` imports nothing but argparse,
`--help` adds only the interface language and the settings (for the playbook folders in
use), and a command imports only its own module. Commands are listed in COMMANDS as
(name, module, help); the module's `register(subs)` adds the command's options, and is
imported only when that command is chosen. A new command is one more row (and a module
with `register`).
"""

from __future__ import annotations

import argparse
import os
import sys

from livecheck import __version__
from livecheck.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    TYPE_CHECKING,
    _,
    add_common_options,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import Any

    from livecheck.services.drills import DrillRequest


def N_(message: str) -> str:
    """livecheck.i18n.N_ (a string marked for the catalogue, translated where it is
    used), repeated here: importing livecheck.i18n would load gettext for --version."""
    return message


# (command, module that registers it, the line `livecheck --help` shows for it; N_ marks
# it for the catalogue, `_` translates it when the parser is built)
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("lint", "livecheck.cli.library_commands", N_("check playbooks against the format")),
    ("show", "livecheck.cli.library_commands", N_("print one playbook")),
    ("list", "livecheck.cli.library_commands", N_("list playbooks")),
    ("schema", "livecheck.cli.library_commands", N_("print the playbook JSON Schema")),
    ("index", "livecheck.cli.search_commands", N_("update or rebuild the search index")),
    ("search", "livecheck.cli.search_commands", N_("find playbooks")),
    ("run", "livecheck.cli.run_commands", N_("walk through a playbook, line by line")),
    ("runs", "livecheck.cli.run_commands", N_("list unfinished runs")),
    ("summary", "livecheck.cli.run_commands", N_("print a run's handoff summary")),
    ("log", "livecheck.cli.run_commands", N_("export or purge the journal")),
    (
        "report",
        "livecheck.cli.report_commands",
        N_("figures for team leads: outcomes, time against SLA, steps, missing playbooks"),
    ),
    ("feedback", "livecheck.cli.report_commands", N_("flag the playbook a run used")),
    ("drill", "livecheck.cli.drill_commands", N_("practise on a drill scenario")),
    (
        "new",
        "livecheck.cli.authoring_commands",
        N_("start a new playbook from a commented skeleton"),
    ),
    (
        "translate",
        "livecheck.cli.authoring_commands",
        N_("write or complete a playbook's translation"),
    ),
    (
        "translations",
        "livecheck.cli.authoring_commands",
        N_("which translations exist and which are out of date"),
    ),
    (
        "journal",
        "livecheck.cli.journal_commands",
        N_("look after the journal: recover a damaged file, set up the team journal"),
    ),
    (
        "keywords",
        "livecheck.cli.keywords_commands",
        N_("keywords to add, learnt from the team's searches"),
    ),
)


def roots_help() -> str:
    return _(
        "Playbook folders, first match wins: --playbooks DIR, then LIVECHECK_PLAYBOOKS, then "
        "`playbooks` in the config file, then the bundled library. A folder chosen this way "
        "replaces the bundled library unless --with-bundled (or with_bundled = true in the "
        "config)."
    )


def _roots_in_use() -> str:
    """For --help: the folders in use with the environment and config as they are now
    (read without building the whole settings: no data folders, time zone, journal)."""
    from livecheck.services.config_file import SettingsError, roots_in_use

    try:
        return _("In use now: {roots}.").format(roots=roots_in_use())
    except SettingsError as exc:
        return _("In use now: unknown ({problem}).").format(problem=exc)


def _add_lang_ui(parser: argparse.ArgumentParser, *, sub: bool) -> None:
    """The interface language, before or after the command name (like --data-dir)."""
    from livecheck.i18n import LANGUAGES

    parser.add_argument(
        "--lang-ui",
        choices=LANGUAGES,
        help=_(
            "the interface language (or set LIVECHECK_UI_LANG, or ui_language in the "
            "config; default: the locale, else English)"
        ),
        **({"default": argparse.SUPPRESS} if sub else {}),  # type: ignore[arg-type]
    )


class _Placeholders:
    """What a command module's `register(subs)` is given: `add_parser` returns the
    parser of that command, made by the table (which gives its help line)."""

    def __init__(self, parsers: _Parsers) -> None:
        self._parsers = parsers

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        parser = self._parsers.made(name)
        if "description" in kwargs:
            parser.description = kwargs["description"]
        return parser


class _Parsers(dict):  # type: ignore[type-arg]
    """Command name -> its parser, made (and its module imported) on first lookup:
    building a dozen parsers costs more than Python's own start."""

    def __init__(self, make: Callable[[str], argparse.ArgumentParser]) -> None:
        super().__init__()
        self._make = make
        self._loaded: set[str] = set()

    def made(self, name: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser | None = super().__getitem__(name)
        if parser is None:
            parser = self._make(name)
            self[name] = parser
        return parser

    def __getitem__(self, name: str) -> argparse.ArgumentParser:
        parser = self.made(name)
        module = next((m for n, m, _ in COMMANDS if n == name), None)
        if module is not None and module not in self._loaded:
            self._loaded.add(module)
            import importlib

            importlib.import_module(module).register(_Placeholders(self))
        return parser


class _LazyCommands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Subcommands listed from COMMANDS, whose parsers are built when chosen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._name_parser_map = self.choices = _Parsers(self._make)

    def _make(self, name: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = self._parser_class(
            prog=f"{self._prog_prefix} {name}", formatter_class=_Formatter
        )
        _add_lang_ui(parser, sub=True)
        return parser

    def add_command(self, name: str, help_line: str) -> None:
        self._choices_actions.append(self._ChoicesPseudoAction(name, (), help_line))
        dict.__setitem__(self._name_parser_map, name, None)


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, finding the terminal width as shutil does, without
    importing shutil (and with it bz2, lzma, fnmatch) on every start."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Version(argparse.Action):
    """argparse's own version action builds a help formatter first (importing shutil
    and more): a tenth of the start-up of `livecheck --version`."""

    def __call__(self, parser: Any, namespace: Any, values: Any, option_string: Any = None) -> None:
        sys.stdout.write(f"livecheck {__version__}\n")
        parser.exit()


def build_parser(*, load_all: bool = False, with_roots: bool = False) -> argparse.ArgumentParser:
    """The parser; `load_all` adds every command's options at once (for tests and docs),
    `with_roots` the playbook folders epilog (for the top-level `--help` only: it reads
    the config)."""
    parser = argparse.ArgumentParser(
        prog="livecheck",
        description=_("Find the right LIVE creator-ops playbook and walk through it."),
        epilog=f"{roots_help()} {_roots_in_use()}" if with_roots else None,
        formatter_class=_Formatter,
    )
    parser.add_argument(
        "--version", action=_Version, nargs=0, help=_("show the version number and exit")
    )
    add_common_options(parser, sub=False)
    _add_lang_ui(parser, sub=False)
    parser.register("action", "parsers", _LazyCommands)
    # prog given: argparse would otherwise format the usage to find it.
    subs = parser.add_subparsers(dest="command", metavar="COMMAND", prog="livecheck")
    assert isinstance(subs, _LazyCommands)
    for name, _module, help_line in COMMANDS:
        subs.add_command(name, _(help_line))
    if load_all:
        for name, _module, _help in COMMANDS:
            subs.choices[name]
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


def early_language(arguments: Sequence[str]) -> None:
    """The interface language before the parser is built, so that its help and its
    errors speak it: `--lang-ui` (anywhere), LIVECHECK_UI_LANG, `--config`'s file, the
    locale. A wrong value is said later, by the command that reads the settings."""
    from livecheck.i18n import LanguageError, set_language
    from livecheck.services.config_file import SettingsError, interface_language

    early = argparse.ArgumentParser(
        add_help=False, allow_abbrev=False, exit_on_error=False, formatter_class=_Formatter
    )
    early.add_argument("--lang-ui")
    early.add_argument("--config")
    try:
        known, _rest = early.parse_known_args(arguments)
        set_language(interface_language(known.lang_ui, known.config))
    except (SettingsError, LanguageError, argparse.ArgumentError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--version"]:  # nothing to translate, no parser to build
        sys.stdout.write(f"livecheck {__version__}\n")
        return EXIT_OK
    from livecheck.cli import argparse_words

    argparse_words.install()  # before any parser: argparse's own gettext imports `locale`
    early_language(arguments)
    # The folders in use are worked out (reading the config) only for the top-level help.
    parser = build_parser(with_roots=arguments[:1] in (["-h"], ["--help"]))
    args = parser.parse_args(arguments)
    import contextlib

    from livecheck.cli.common import settings_from
    from livecheck.i18n import set_language
    from livecheck.services.settings import SettingsError

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
    except BrokenPipeError:  # `livecheck list | head`
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:
        return _failed(args, exc)
    finally:
        _share_with_the_team()


def _failed(args: argparse.Namespace, exc: Exception) -> int:
    """The exit status and message for what a command raised and did not handle: a
    setting, the journal (a damaged page, a full disk). The journal's modules load only
    here, once something failed; anything else is raised again."""
    import sqlite3

    from livecheck.cli.common import fail
    from livecheck.journal.integrity import explain_failure
    from livecheck.journal.store import JournalError
    from livecheck.services.settings import SettingsError

    if isinstance(exc, SettingsError):
        return fail(str(exc), EXIT_USAGE)
    if isinstance(exc, JournalError):  # raised past a command's own handling (mid-export)
        return fail(str(exc), EXIT_PROBLEMS)
    if isinstance(exc, sqlite3.DatabaseError):  # found while reading
        journal_path = _journal_path(args)
        explained = explain_failure(journal_path, exc) if journal_path else None
        return fail(str(explained or f"the journal could not be read: {exc}"), EXIT_PROBLEMS)
    raise exc


def _journal_path(args: argparse.Namespace) -> Path | None:
    from livecheck.cli.common import settings_from
    from livecheck.services.settings import SettingsError

    try:
        return settings_from(args).paths.journal_path
    except SettingsError:
        return None


def _share_with_the_team() -> None:
    """A bounded attempt to send what the command recorded to the team journal
    (the actions were acknowledged when committed locally). Only if the command
    opened a journal: otherwise there is nothing to send, nor modules to load."""
    if "livecheck.services.journal_access" not in sys.modules:
        return
    from livecheck.services import journal_access

    for line in journal_access.drain_opened():
        print(f"livecheck: {line}", file=sys.stderr)
