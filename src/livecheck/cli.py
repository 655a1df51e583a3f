"""The `livecheck` command line: a thin front end over the core."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from livecheck import __version__
from livecheck.library import Library, load_library
from livecheck.render import render_list_lines, render_playbook
from livecheck.schema import playbook_schema
from livecheck.settings import Settings, SettingsError, resolve_settings
from livecheck.spec import CATEGORIES
from livecheck.structure import closest
from livecheck.textsafe import one_line

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _add_common_options(parser: argparse.ArgumentParser, *, sub: bool) -> None:
    # On subcommands the defaults are SUPPRESS so that an option given before
    # the subcommand is not overwritten by the subcommand's default.
    default: dict[str, object] = {"default": argparse.SUPPRESS} if sub else {}
    group = parser.add_argument_group("where playbooks and data live")
    group.add_argument(
        "--playbooks",
        metavar="DIR",
        action="append",
        # A separate list after the subcommand, merged in _settings: argparse would
        # otherwise replace the folders given before it.
        dest="sub_playbooks" if sub else "playbooks",
        help="a playbook folder (repeatable); overrides LIVECHECK_PLAYBOOKS and the config file",
        default=[],
    )
    group.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep the index, journal and caches in DIR (or set LIVECHECK_DATA_DIR)",
        **default,  # type: ignore[arg-type]
    )
    group.add_argument(
        "--config",
        metavar="FILE",
        help="read settings from FILE instead of the user config.toml",
        **default,  # type: ignore[arg-type]
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="livecheck",
        description="Find the right LIVE creator-ops playbook and walk through it.",
    )
    parser.add_argument("--version", action="version", version=f"livecheck {__version__}")
    _add_common_options(parser, sub=False)
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")

    lint = subs.add_parser(
        "lint",
        help="check playbooks against the format",
        description="Check playbook files against the format. Exit 0 without errors, 1 with "
        "errors (or warnings with --strict), 2 on a usage error.",
    )
    lint.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="a file or folder (default: the configured library)",
    )
    lint.add_argument("--strict", action="store_true", help="fail on warnings too")
    lint.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    _add_common_options(lint, sub=True)
    lint.set_defaults(handler=cmd_lint)

    show = subs.add_parser(
        "show", help="print one playbook", description="Print a playbook as readable text."
    )
    show.add_argument("id", metavar="ID", help="playbook id")
    show.add_argument(
        "--lang", metavar="LANG", help="language version, e.g. fr (default: en, else the first)"
    )
    _add_common_options(show, sub=True)
    show.set_defaults(handler=cmd_show)

    listing = subs.add_parser(
        "list", help="list playbooks", description="List playbooks, one line each."
    )
    listing.add_argument("--category", choices=CATEGORIES, help="only this category")
    listing.add_argument("--lang", metavar="LANG", help="only this language")
    listing.add_argument("--stale", action="store_true", help="only playbooks due for review")
    _add_common_options(listing, sub=True)
    listing.set_defaults(handler=cmd_list)

    schema = subs.add_parser(
        "schema",
        help="print the playbook JSON Schema",
        description="Print the JSON Schema of the playbook format, for editor completion.",
    )
    schema.set_defaults(handler=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace, argparse.ArgumentParser], int] | None = getattr(
        args, "handler", None
    )
    if handler is None:
        parser.print_help()
        return EXIT_OK
    try:
        return handler(args, parser)
    except SettingsError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except BrokenPipeError:  # `livecheck list | head`
        sys.stderr.close()
        return EXIT_OK


def _fail(message: str, code: int) -> int:
    print(f"livecheck: error: {one_line(message)}", file=sys.stderr)
    return code


def _settings(args: argparse.Namespace) -> Settings:
    return resolve_settings(
        playbooks=[*(args.playbooks or ()), *(getattr(args, "sub_playbooks", None) or ())],
        data_dir=getattr(args, "data_dir", None),
        config=getattr(args, "config", None),
    )


def _configured_roots(args: argparse.Namespace) -> tuple[Path, ...]:
    settings = _settings(args)
    missing = [str(r) for r in settings.playbook_roots if not r.exists()]
    if missing:
        raise SettingsError(
            f"playbook folder not found: {', '.join(missing)} (from {settings.roots_source})"
        )
    return settings.playbook_roots


def _load_configured_library(args: argparse.Namespace) -> Library:
    library = load_library(_configured_roots(args))
    if library.error_count:
        broken = len({p.path for p in library.problems if p.is_error})
        print(
            f"livecheck: {broken} playbook file(s) have errors and were skipped; run `livecheck lint`",
            file=sys.stderr,
        )
    return library


def cmd_lint(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.paths:
        paths = [Path(p) for p in args.paths]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            return _fail(f"no such file or folder: {', '.join(missing)}", EXIT_USAGE)
    else:
        paths = list(_configured_roots(args))
    library = load_library(paths)
    if args.format == "json":
        json.dump([p.as_json() for p in library.problems], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        summary_to: TextIO = sys.stderr
    else:
        for problem in library.problems:
            print(problem.format())
        summary_to = sys.stdout
    print(
        f"{library.file_count} playbooks, {library.error_count} errors, {library.warning_count} warnings",
        file=summary_to,
    )
    failed = library.error_count > 0 or (args.strict and library.warning_count > 0)
    return EXIT_PROBLEMS if failed else EXIT_OK


def cmd_show(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    library = _load_configured_library(args)
    pb = library.get(args.id, args.lang)
    if pb is None:
        langs = library.languages_of(args.id)
        if langs:
            return _fail(
                f"{args.id!r} has no {args.lang!r} version; it exists in: {', '.join(langs)}",
                EXIT_PROBLEMS,
            )
        guess = closest(args.id, library.ids())
        hint = f"; did you mean {guess!r}?" if guess else "; `livecheck list` shows every id"
        return _fail(f"no playbook with id {args.id!r}{hint}", EXIT_PROBLEMS)
    others = [lang for lang in library.languages_of(pb.id) if lang != pb.lang]
    sys.stdout.write(render_playbook(pb, dt.date.today(), others))
    return EXIT_OK


def cmd_list(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    library = _load_configured_library(args)
    today = dt.date.today()
    chosen = [
        pb
        for pb in library.playbooks
        if (args.category is None or pb.category == args.category)
        and (args.lang is None or pb.lang == args.lang)
        and (not args.stale or pb.is_stale(today))
    ]
    for line in render_list_lines(chosen, today):
        print(line)
    if not chosen:
        print("no playbooks match", file=sys.stderr)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    json.dump(playbook_schema(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return EXIT_OK
