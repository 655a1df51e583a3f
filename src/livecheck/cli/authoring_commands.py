"""Commands for authors and translators: new, translate, translations."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from livecheck.cli.common import EXIT_OK, EXIT_PROBLEMS, add_common_options, configured_roots, fail
from livecheck.playbook.spec import CATEGORIES


def register(subs: Any) -> None:
    new = subs.add_parser(
        "new",
        help="start a new playbook from a commented skeleton",
        description="Write a commented skeleton at <first writable playbook folder>/<category>/"
        "<id>.<lang>.yaml (or --output). Never overwrites a file. It lints with only the "
        '"fill this in" problems until you have filled it in.',
    )
    new.add_argument("id", metavar="ID", help="the new playbook's id (a slug)")
    new.add_argument("--category", required=True, choices=CATEGORIES)
    new.add_argument("--lang", default="en", metavar="LANG", help="language (default: en)")
    new.add_argument("--title", metavar="TEXT", help="the title, if you have it already")
    new.add_argument(
        "--from",
        dest="from_id",
        metavar="EXISTING_ID",
        help="start from this playbook's structure (steps, choices, variables, outcomes)",
    )
    new.add_argument("--output", metavar="PATH", type=Path, help="write here instead")
    add_common_options(new, sub=True)
    new.set_defaults(handler=cmd_new)


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
    print(f"wrote {path}; fill it in, then run: livecheck lint {path}")
    return EXIT_OK
