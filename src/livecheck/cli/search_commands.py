"""Commands over the search index: index, search."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from livecheck.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    add_common_options,
    fail,
    workspace_from,
)
from livecheck.i18n import _, format_number, ngettext
from livecheck.playbook.spec import CATEGORIES, SEVERITIES
from livecheck.safety.text import one_line
from livecheck.search.api import RefreshReport
from livecheck.search.hits import Filters, SearchResponse
from livecheck.services.workspace import Workspace

BOLD, PLAIN = "\x1b[1m", "\x1b[0m"


def register(subs: Any) -> None:
    index = subs.add_parser(
        "index",
        help=_("update or rebuild the search index"),
        description=_(
            "Bring the search index in line with the playbook files: only added, "
            "changed and removed files are read again, unless --rebuild."
        ),
    )
    index.add_argument("--rebuild", action="store_true", help=_("rebuild from scratch"))
    add_common_options(index, sub=True)
    index.set_defaults(handler=cmd_index)

    search = subs.add_parser(
        "search",
        help=_("find playbooks"),
        description=_(
            "Search the library. Typos, missing accents, French or English, and a "
            "last word still being typed are all fine. Filters: {filters} in the query or as "
            "options. QUERY '-' with --json reads one query per line "
            "from standard input and writes one JSON object per line. Each search (but not "
            "the '-' batch mode, meant for scripts and benchmarks) is kept in the journal's "
            "search log, so that `livecheck report` can list what the team searched for and "
            "did not find; --no-journal leaves it out."
        ).format(filters="category:, severity:, lang:, tag:"),
    )
    search.add_argument("query", nargs="+", metavar="QUERY", help=_("words to search for, or -"))
    search.add_argument("--limit", type=int, default=10, metavar="N", help=_("at most N results"))
    search.add_argument("--json", action="store_true", help=_("print JSON"))
    search.add_argument("--category", choices=CATEGORIES)
    search.add_argument("--severity", choices=SEVERITIES)
    search.add_argument("--lang", metavar="LANG")
    search.add_argument("--tag", metavar="TAG")
    search.add_argument(
        "--no-journal", action="store_true", help=_("do not keep this search in the search log")
    )
    add_common_options(search, sub=True)
    search.set_defaults(handler=cmd_search)


def _progress_bar(out: TextIO) -> Any:
    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        out.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            out.write("\n")
        out.flush()

    return show


def describe_refresh(report: RefreshReport) -> str:
    counts = {
        "added": report.added,
        "changed": report.changed,
        "removed": report.removed,
        "unchanged": report.unchanged,
        "broken": report.broken,
        "seconds": format_number(report.seconds, 2),
    }
    if report.rebuilt:
        return _(
            "index rebuilt ({reason}): {added} added, {changed} changed, {removed} removed, "
            "{unchanged} unchanged, {broken} with errors, in {seconds} s"
        ).format(reason=report.reason, **counts)
    return _(
        "index updated: {added} added, {changed} changed, {removed} removed, "
        "{unchanged} unchanged, {broken} with errors, in {seconds} s"
    ).format(**counts)


def warn_about_refresh(report: RefreshReport, out: TextIO) -> None:
    """Say what the index could not do: paths it could not read, an update that failed."""
    if report.skipped:
        out.write(
            f"livecheck: warning: {len(report.skipped)} path(s) could not be read and were "
            "skipped; `livecheck lint` lists them\n"
        )
        for line in report.skipped[:5]:
            out.write(f"  {line}\n")
    if report.failed:
        out.write(f"livecheck: warning: {report.failed}\n")


def cmd_index(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    engine = workspace_from(args).engine
    progress = _progress_bar(sys.stdout) if sys.stdout.isatty() else None
    report = engine.refresh(rebuild=args.rebuild, progress=progress)
    if report.deferred:
        return fail(
            _("another livecheck process is updating the index; try again shortly"), EXIT_PROBLEMS
        )
    warn_about_refresh(report, sys.stderr)
    if report.failed:
        return EXIT_PROBLEMS
    print(describe_refresh(report))
    if report.broken:
        print(
            ngettext(
                "{n} file with errors is left out; run `livecheck lint`",
                "{n} files with errors are left out; run `livecheck lint`",
                report.broken,
            ).format(n=report.broken)
        )
    return EXIT_OK


def cmd_search(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.limit < 1:
        return fail(_("--limit must be at least 1"), EXIT_USAGE)
    from_stdin = args.query == ["-"]
    if from_stdin and not args.json:
        return fail(_("reading queries from standard input (-) needs --json"), EXIT_USAGE)
    workspace = workspace_from(args)
    engine = workspace.engine
    report = engine.refresh()
    warn_about_refresh(report, sys.stderr)
    if report.deferred:
        print(
            "livecheck: "
            + _("the index is being updated by another process; results may be a little old"),
            file=sys.stderr,
        )
    filters = Filters(category=args.category, severity=args.severity, lang=args.lang, tag=args.tag)
    if from_stdin:
        for raw in sys.stdin.buffer:
            # Bytes, decoded leniently: one badly encoded line must not end the stream.
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            response = engine.search(line, limit=args.limit, filters=filters)
            sys.stdout.write(json.dumps(response_json(response), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        return EXIT_OK
    response = engine.search(" ".join(args.query), limit=args.limit, filters=filters)
    if not args.no_journal:
        journal_search(workspace, response)
    if args.json:
        print(json.dumps(response_json(response), ensure_ascii=False, indent=2))
    else:
        print_response(response, sys.stdout)
    return EXIT_OK


def journal_search(workspace: Workspace, response: SearchResponse) -> None:
    """One search, one record. From the command line nothing is "opened", so a search
    with results is recorded with no playbook opened (docs/reports.md)."""
    from livecheck.journal.store import JournalError

    try:
        workspace.record_search(response.query, results=len(response.hits))
    except JournalError as exc:  # the search itself worked: say so, but do not fail it
        print(
            "livecheck: " + _("this search was not logged: {problem}").format(problem=exc),
            file=sys.stderr,
        )
    finally:
        workspace.close()


def response_json(response: SearchResponse) -> dict[str, Any]:
    return {
        "query": response.query,
        "took_ms": round(response.took_ms, 3),
        "results": [hit.as_json() for hit in response.hits],
        "suggestion": response.suggestion,
    }


def print_response(response: SearchResponse, out: TextIO) -> None:
    if response.corrected:
        out.write(
            _("Nothing for {query}; showing results for {suggestion}.").format(
                query=repr(response.query), suggestion=repr(response.suggestion)
            )
            + "\n"
        )
    elif not response.hits:
        if response.suggestion:
            text = _(
                "No playbook matches {query}. Did you mean {suggestion}? Try fewer or other words."
            )
        else:
            text = _("No playbook matches {query}. Try fewer or other words.")
        out.write(
            text.format(query=repr(response.query), suggestion=repr(response.suggestion)) + "\n"
        )
        return
    left, right = (BOLD, PLAIN) if out.isatty() else ("**", "**")
    for n, hit in enumerate(response.hits, 1):
        flags = [hit.category, hit.severity, hit.lang]
        if hit.other_langs:
            flags.append(_("also {langs}").format(langs=", ".join(hit.other_langs)))
        if hit.stale:
            flags.append(_("STALE"))
        out.write(f"{n:>2}. {hit.id}  {one_line(hit.title)}\n")
        score = _("score {score}").format(score=format_number(hit.score, 2))
        out.write(f"    {' · '.join(flags)} · {score}\n")
        out.write(f"    {hit.snippet.marked(left, right)}\n")
    if response.timed_out:
        out.write(_("(the search ran out of time; these are the results found so far)") + "\n")
