"""Commands over the playbook files themselves: lint, show, list, schema."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from livecheck.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    add_common_options,
    configured_roots,
    fail,
    load_configured_library,
    say_roots,
    unknown_playbook,
)
from livecheck.i18n import _, ngettext
from livecheck.playbook.library import load_library
from livecheck.playbook.schema import playbook_schema
from livecheck.playbook.spec import CATEGORIES
from livecheck.present.playbook_text import render_list_lines, render_playbook


def register(subs: Any) -> None:
    lint = subs.add_parser(
        "lint",
        help=_("check playbooks against the format"),
        description=_(
            "Check playbook files against the format. Exit 0 without errors, 1 with "
            "errors (or warnings with --strict), 2 on a usage error."
        ),
    )
    lint.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=_("a file or folder (default: the configured library)"),
    )
    lint.add_argument("--strict", action="store_true", help=_("fail on warnings too"))
    lint.add_argument("--format", choices=("text", "json"), default="text", help=_("output format"))
    lint.add_argument(
        "--fix",
        action="store_true",
        help=_(
            "first apply the safe mechanical fixes (lang from the file name, a misspelt key, "
            "indentation), printing each as a unified diff"
        ),
    )
    lint.add_argument(
        "--check", action="store_true", help=_("with --fix: only show the fixes; exit 1 if any")
    )
    add_common_options(lint, sub=True)
    lint.set_defaults(handler=cmd_lint)

    show = subs.add_parser(
        "show", help=_("print one playbook"), description=_("Print a playbook as readable text.")
    )
    show.add_argument("id", metavar="ID", help=_("playbook id"))
    show.add_argument(
        "--lang", metavar="LANG", help=_("language version, e.g. fr (default: en, else the first)")
    )
    add_common_options(show, sub=True)
    show.set_defaults(handler=cmd_show)

    listing = subs.add_parser(
        "list", help=_("list playbooks"), description=_("List playbooks, one line each.")
    )
    listing.add_argument("--category", choices=CATEGORIES, help=_("only this category"))
    listing.add_argument("--lang", metavar="LANG", help=_("only this language"))
    listing.add_argument("--stale", action="store_true", help=_("only playbooks due for review"))
    add_common_options(listing, sub=True)
    listing.set_defaults(handler=cmd_list)

    schema = subs.add_parser(
        "schema",
        help=_("print the playbook JSON Schema"),
        description=_("Print the JSON Schema of the playbook format, for editor completion."),
    )
    schema.set_defaults(handler=cmd_schema)


def cmd_lint(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.paths:
        paths = [Path(p) for p in args.paths]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            return fail(
                _("no such file or folder: {paths}").format(paths=", ".join(missing)), EXIT_USAGE
            )
    else:
        paths = list(configured_roots(args))
        say_roots(args)
    if args.fix or args.check:
        from livecheck.cli.authoring_commands import lint_fix

        fixed = lint_fix(paths, check=args.check, quiet_stdout=args.format == "json")
        if args.check:
            return EXIT_PROBLEMS if fixed else EXIT_OK
    from livecheck.authoring.checks import with_authoring_checks

    library = with_authoring_checks(load_library(paths), paths)
    if args.format == "json":
        json.dump([p.as_json() for p in library.problems], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        summary_to: TextIO = sys.stderr
    else:
        for problem in library.problems:
            print(problem.format())
        summary_to = sys.stdout
    print(
        ", ".join(
            [
                ngettext("{n} playbook", "{n} playbooks", library.file_count).format(
                    n=library.file_count
                ),
                ngettext("{n} error", "{n} errors", library.error_count).format(
                    n=library.error_count
                ),
                ngettext("{n} warning", "{n} warnings", library.warning_count).format(
                    n=library.warning_count
                ),
            ]
        ),
        file=summary_to,
    )
    failed = library.error_count > 0 or (args.strict and library.warning_count > 0)
    return EXIT_PROBLEMS if failed else EXIT_OK


def cmd_show(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    library = load_configured_library(args)
    pb = library.get(args.id, args.lang)
    if pb is None:
        return unknown_playbook(library, args.id, args.lang)
    others = [lang for lang in library.languages_of(pb.id) if lang != pb.lang]
    sys.stdout.write(render_playbook(pb, dt.date.today(), others))
    return EXIT_OK


def cmd_list(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    library = load_configured_library(args)
    say_roots(args)
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
        print(_("no playbooks match"), file=sys.stderr)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    json.dump(playbook_schema(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return EXIT_OK
