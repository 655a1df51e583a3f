"""Commands for authors and translators: new, translate, translations."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from livecheck.cli.common import EXIT_OK, EXIT_PROBLEMS, add_common_options, configured_roots, fail
from livecheck.i18n import _
from livecheck.playbook.spec import CATEGORIES


def register(subs: Any) -> None:
    new = subs.add_parser(
        "new",
        help=_("start a new playbook from a commented skeleton"),
        description=_(
            "Write a commented skeleton at <first writable playbook folder>/<category>/"
            "<id>.<lang>.yaml (or --output). Never overwrites a file. It lints with only the "
            '"fill this in" problems until you have filled it in.'
        ),
    )
    new.add_argument("id", metavar="ID", help=_("the new playbook's id (a slug)"))
    new.add_argument("--category", required=True, choices=CATEGORIES)
    new.add_argument("--lang", default="en", metavar="LANG", help=_("language (default: en)"))
    new.add_argument("--title", metavar="TEXT", help=_("the title, if you have it already"))
    new.add_argument(
        "--from",
        dest="from_id",
        metavar="EXISTING_ID",
        help=_("start from this playbook's structure (steps, choices, variables, outcomes)"),
    )
    new.add_argument("--output", metavar="PATH", type=Path, help=_("write here instead"))
    add_common_options(new, sub=True)
    new.set_defaults(handler=cmd_new)
    register_translate(subs)
    register_translations(subs)


def cmd_new(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from livecheck.authoring.errors import AuthoringError
    from livecheck.authoring.skeleton import NewRequest, create

    request = NewRequest(
        id=args.id,
        category=args.category,
        lang=args.lang,
        title=args.title,
        from_id=args.from_id,
        output=args.output,
    )
    try:
        path = create(request, configured_roots(args))
    except AuthoringError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    print(
        _("wrote {path}; fill it in, then run: {command}").format(
            path=path, command=f"livecheck lint {path}"
        )
    )
    return EXIT_OK


def register_translate(subs: Any) -> None:
    translate = subs.add_parser(
        "translate",
        help=_("write or complete a playbook's translation"),
        description=_(
            "Write the translation of a playbook next to its source: same id, step "
            "ids, choice targets, variables and outcomes; each text field keeps the source text "
            "under a {todo} comment (or the library's existing translation of that "
            "exact text, under {memory}); 'reviewed' is left empty. "
            "On an existing translation, adds only what it lacks and says what it added."
        ).format(todo="'# TODO translate'", memory="'# from translation memory: check'"),
    )
    translate.add_argument("id", metavar="ID", help=_("playbook id"))
    translate.add_argument(
        "--to", required=True, metavar="LANG", help=_("target language, e.g. fr")
    )
    translate.add_argument(
        "--from",
        dest="source_lang",
        default="en",
        metavar="LANG",
        help=_("source language (default: en)"),
    )
    translate.add_argument(
        "--output", metavar="PATH", type=Path, help=_("write a new translation here instead")
    )
    translate.add_argument(
        "--mark-up-to-date",
        nargs="*",
        metavar="STEP",
        help=_(
            "after checking the translation against the source: record the source's current "
            "fingerprints for these steps (all steps and the header when none is named)"
        ),
    )
    add_common_options(translate, sub=True)
    translate.set_defaults(handler=cmd_translate)


def cmd_translate(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from livecheck.authoring.errors import AuthoringError
    from livecheck.authoring.translate import NothingToDo, TranslateRequest, translate
    from livecheck.present.authoring import translate_report

    request = TranslateRequest(args.id, args.to, args.source_lang, args.output)
    if args.mark_up_to_date is not None:
        return _mark_up_to_date(request, args)
    try:
        result = translate(request, configured_roots(args))
    except NothingToDo as exc:
        print(str(exc))
        return EXIT_OK
    except AuthoringError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    print(translate_report(result))
    return EXIT_OK


def _mark_up_to_date(request: Any, args: argparse.Namespace) -> int:
    from livecheck.authoring.errors import AuthoringError
    from livecheck.authoring.marks import mark_up_to_date
    from livecheck.present.authoring import marked_report

    try:
        recorded = mark_up_to_date(request, configured_roots(args), args.mark_up_to_date)
    except AuthoringError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    print(marked_report(request.id, request.to, request.source_lang, recorded))
    return EXIT_OK


def register_translations(subs: Any) -> None:
    status = subs.add_parser(
        "translations",
        help=_("which translations exist and which are out of date"),
        description=_(
            "Per playbook id: the languages present and missing, the steps changed in "
            "the source since the translation was made, missing steps, the TODO markers left and "
            "errors. Exit 1 when any existing translation is out of parity with its source "
            "(a missing language alone does not fail)."
        ),
    )
    status.add_argument("--lang", metavar="LANG", help=_("only this language"))
    status.add_argument("--format", choices=("text", "json"), default="text")
    add_common_options(status, sub=True)
    status.set_defaults(handler=cmd_translations)


def cmd_translations(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import json
    import sys

    from livecheck.authoring.status import translation_status
    from livecheck.present.authoring import status_lines

    report = translation_status(configured_roots(args), args.lang)
    if args.format == "json":
        json.dump([r.as_json() for r in report], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for line in status_lines(report):
            print(line)
    return EXIT_OK if all(r.in_parity for r in report) else EXIT_PROBLEMS


def lint_fix(paths: list[Path], *, check: bool, quiet_stdout: bool = False) -> int:
    """`lint --fix` (`--check`: without writing): print each fix as a diff; the count.
    With `quiet_stdout` (lint's JSON output) the diffs go to standard error."""
    import sys

    from livecheck.authoring.fix import fix_paths
    from livecheck.present.authoring import fix_summary

    results = fix_paths(paths, write=not check)
    out = sys.stderr if quiet_stdout else sys.stdout
    for result in results:
        if result.changed:
            out.write(result.diff())
    print(fix_summary(results, check=check), file=out if check else sys.stderr)
    return sum(r.changed for r in results)
