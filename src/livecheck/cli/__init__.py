"""The `livecheck` command line: a thin front end over the core.

Start-up is part of the interface: `livecheck --version` and `--help` import
nothing but argparse, and a command imports only its own module. Commands are
listed in COMMANDS as (name, module, help); the module's `register(subs)` adds
the command's options, and is imported only when that command is chosen. A new
command is one more row (and a module with `register`).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from livecheck import __version__
from livecheck.cli.common import EXIT_OK, EXIT_USAGE, TYPE_CHECKING, add_common_options

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    from livecheck.services.drills import DrillRequest

# (command, module that registers it, the line `livecheck --help` shows for it)
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("lint", "livecheck.cli.library_commands", "check playbooks against the format"),
    ("show", "livecheck.cli.library_commands", "print one playbook"),
    ("list", "livecheck.cli.library_commands", "list playbooks"),
    ("schema", "livecheck.cli.library_commands", "print the playbook JSON Schema"),
    ("index", "livecheck.cli.search_commands", "update or rebuild the search index"),
    ("search", "livecheck.cli.search_commands", "find playbooks"),
    ("run", "livecheck.cli.run_commands", "walk through a playbook, line by line"),
    ("runs", "livecheck.cli.run_commands", "list unfinished runs"),
    ("summary", "livecheck.cli.run_commands", "print a run's handoff summary"),
    ("log", "livecheck.cli.run_commands", "export or purge the journal"),
    (
        "report",
        "livecheck.cli.report_commands",
        "figures for team leads: outcomes, time against SLA, steps, missing playbooks",
    ),
    ("feedback", "livecheck.cli.report_commands", "flag the playbook a run used"),
    ("drill", "livecheck.cli.drill_commands", "practise on a drill scenario"),
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


def build_parser(*, load_all: bool = False) -> argparse.ArgumentParser:
    """The parser; `load_all` adds every command's options at once (for tests and docs)."""
    parser = argparse.ArgumentParser(
        prog="livecheck",
        description="Find the right LIVE creator-ops playbook and walk through it.",
        formatter_class=_Formatter,
    )
    parser.add_argument(
        "--version", action=_Version, nargs=0, help="show the version number and exit"
    )
    add_common_options(parser, sub=False)
    parser.register("action", "parsers", _LazyCommands)
    # prog given: argparse would otherwise format the usage to find it.
    subs = parser.add_subparsers(dest="command", metavar="COMMAND", prog="livecheck")
    assert isinstance(subs, _LazyCommands)
    for name, _, help_line in COMMANDS:
        subs.add_command(name, help_line)
    if load_all:
        for name, _, _ in COMMANDS:
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
    from livecheck.services.settings import SettingsError

    try:
        if handler is None:
            return open_app(args)
        return handler(args, parser)
    except SettingsError as exc:
        from livecheck.cli.common import fail

        return fail(str(exc), EXIT_USAGE)
    except BrokenPipeError:  # `livecheck list | head`
        sys.stderr.close()
        return EXIT_OK
