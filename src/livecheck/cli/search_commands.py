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
from livecheck.playbook.spec import CATEGORIES, SEVERITIES
from livecheck.safety.text import one_line
from livecheck.search.hits import Filters, SearchResponse
from livecheck.search.index import RefreshReport
from livecheck.services.workspace import Workspace

BOLD, PLAIN = "\x1b[1m", "\x1b[0m"


def register(subs: Any) -> None:
    index = subs.add_parser(
        "index",
        help="update or rebuild the search index",
        description="Bring the search index in line with the playbook files: only added, "
        "changed and removed files are read again, unless --rebuild.",
    )
    index.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    add_common_options(index, sub=True)
    index.set_defaults(handler=cmd_index)

    search = subs.add_parser(
        "search",
        help="find playbooks",
        description="Search the library. Typos, missing accents, French or English, and a "
        "last word still being typed are all fine. Filters: category:, severity:, lang:, "
        "tag: in the query or as options. QUERY '-' with --json reads one query per line "
        "from standard input and writes one JSON object per line. Each search (but not "
        "the '-' batch mode, meant for scripts and benchmarks) is kept in the journal's "
        "search log, so that `livecheck report` can list what the team searched for and "
        "did not find; --no-journal leaves it out.",
    )
    search.add_argument("query", nargs="+", metavar="QUERY", help="words to search for, or -")
    search.add_argument("--limit", type=int, default=10, metavar="N", help="at most N results")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--category", choices=CATEGORIES)
    search.add_argument("--severity", choices=SEVERITIES)
    search.add_argument("--lang", metavar="LANG")
    search.add_argument("--tag", metavar="TAG")
    search.add_argument(
        "--no-journal", action="store_true", help="do not keep this search in the search log"
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
    how = f"rebuilt ({report.reason})" if report.rebuilt else "updated"
    return (
        f"index {how}: {report.added} added, {report.changed} changed, {report.removed} removed, "
        f"{report.unchanged} unchanged, {report.broken} with errors, in {report.seconds:.2f} s"
    )


def cmd_index(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    engine = workspace_from(args).engine
    progress = _progress_bar(sys.stdout) if sys.stdout.isatty() else None
    report = engine.refresh(rebuild=args.rebuild, progress=progress)
    if report.deferred:
        return fail(
            "another livecheck process is updating the index; try again shortly", EXIT_PROBLEMS
        )
    print(describe_refresh(report))
    if report.broken:
        print(f"{report.broken} file(s) with errors are left out; run `livecheck lint`")
    return EXIT_OK


def cmd_search(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.limit < 1:
        return fail("--limit must be at least 1", EXIT_USAGE)
    from_stdin = args.query == ["-"]
    if from_stdin and not args.json:
        return fail("reading queries from standard input (-) needs --json", EXIT_USAGE)
    workspace = workspace_from(args)
    engine = workspace.engine
    report = engine.refresh()
    if report.deferred:
        print(
            "livecheck: the index is being updated by another process; results may be a little old",
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
        print(f"livecheck: this search was not logged: {exc}", file=sys.stderr)
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
        out.write(f"Nothing for {response.query!r}; showing results for {response.suggestion!r}.\n")
    elif not response.hits:
        hint = f" Did you mean {response.suggestion!r}?" if response.suggestion else ""
        out.write(f"No playbook matches {response.query!r}.{hint} Try fewer or other words.\n")
        return
    left, right = (BOLD, PLAIN) if out.isatty() else ("**", "**")
    for n, hit in enumerate(response.hits, 1):
        flags = [hit.category, hit.severity, hit.lang]
        if hit.other_langs:
            flags.append(f"also {', '.join(hit.other_langs)}")
        if hit.stale:
            flags.append("STALE")
        out.write(f"{n:>2}. {hit.id}  {one_line(hit.title)}\n")
        out.write(f"    {' · '.join(flags)} · score {hit.score:.2f}\n")
        out.write(f"    {hit.snippet.marked(left, right)}\n")
    if response.timed_out:
        out.write("(the search ran out of time; these are the results found so far)\n")
