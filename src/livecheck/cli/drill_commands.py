"""`livecheck drill`: practise on a drill scenario (the TUI, or --plain), or --progress."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from livecheck.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    add_common_options,
    fail,
    load_configured_library,
    unknown_playbook,
    workspace_from,
)
from livecheck.cli.plain_run import (
    EXIT_LEFT,
    HELP,
    WIDTH,
    EndOfInput,
    PlainWalkthrough,
    ask_line,
)
from livecheck.cli.search_commands import print_response
from livecheck.drills.catalogue import DrillCard, drill_cards
from livecheck.drills.progress import ProgressReport
from livecheck.drills.scoring import PASS_MARK, DrillScore, describe_seconds
from livecheck.journal.store import JournalError
from livecheck.playbook.spec import CATEGORIES
from livecheck.runs.engine import ActionRefused
from livecheck.safety.text import one_line, strip_control
from livecheck.search.hits import SearchResponse
from livecheck.services.drills import Attempt, DrillError, DrillRequest, DrillService
from livecheck.services.runs import ActiveRun, RunService

SEARCH_LIMIT = 10
NO_DRILLS = (
    "this library has no drills: no playbook has a `drills` key. Drills are practice "
    "scenarios written in a playbook under `drills` (id, scenario, expect, outcome); see "
    "the Drill section of the playbook format (docs/playbook-format.md)"
)


def register(subs: Any) -> None:
    drill = subs.add_parser(
        "drill",
        help="practise on a drill scenario",
        description="Onboarding practice: a scenario from the playbooks' drills, the most due "
        "first (failed and long-unpractised drills come back first). Find the playbook with the "
        "normal search, walk it as a practice run (never mixed with real cases), and get a "
        "score with its breakdown and the correct path. Opens the full-screen app unless --plain.",
    )
    drill.add_argument("--plain", action="store_true", help="line-based, for a screen reader")
    drill.add_argument("--playbook", metavar="ID", help="a drill of this playbook")
    drill.add_argument("--category", choices=CATEGORIES, help="a drill of this category")
    drill.add_argument(
        "--as", dest="trainee", metavar="NAME", help="the trainee (default: config `operator`)"
    )
    drill.add_argument(
        "--progress", action="store_true", help="print the trainee's progress and stop"
    )
    add_common_options(drill, sub=True)
    drill.set_defaults(handler=cmd_drill)


def cmd_drill(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.trainee is not None and not args.trainee.strip():
        return fail("--as needs a name", EXIT_USAGE)
    workspace = workspace_from(args)
    library = load_configured_library(args)
    cards = drill_cards(library.playbooks)
    if not cards:
        return fail(NO_DRILLS, EXIT_PROBLEMS)
    if args.playbook and not library.languages_of(args.playbook):
        return unknown_playbook(library, args.playbook, None)
    request = DrillRequest(args.playbook, args.category, (args.trainee or "").strip() or None)
    chosen = [c for c in cards if request.admits(c)]
    if not chosen:
        return fail(_nothing_matches(request), EXIT_PROBLEMS)
    if not args.plain and not args.progress:
        from livecheck.cli import open_app

        return open_app(args, drill=request)
    try:
        service = workspace.drill_service(request.trainee, cards)  # opens the journal
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    if args.progress:
        print_progress(service.progress(), sys.stdout, request)
        return EXIT_OK
    card = service.next_drill(playbook_id=request.playbook_id, category=request.category)
    assert card is not None
    engine = workspace.engine
    engine.refresh()
    return PlainDrill(
        service, lambda text: engine.search(text, limit=SEARCH_LIMIT), card, sys.stdin, sys.stdout
    ).run()


def _nothing_matches(request: DrillRequest) -> str:
    if request.playbook_id and request.category:
        return f"playbook {request.playbook_id!r} has no drills in category {request.category!r}"
    if request.playbook_id:
        return f"playbook {request.playbook_id!r} has no drills; `livecheck drill --progress` lists them all"
    return (
        f"no drills in category {request.category!r}; `livecheck drill --progress` lists them all"
    )


# -- the progress table ----------------------------------------------------------------


def print_progress(report: ProgressReport, out: TextIO, request: DrillRequest) -> None:
    rows = [
        d
        for d in report.drills
        if (request.playbook_id is None or d.playbook_id == request.playbook_id)
        and (request.category is None or d.category == request.category)
    ]
    out.write(
        f"Drill progress for {one_line(report.trainee)}: "
        f"{report.passed} of {len(report.drills)} drills passed (pass mark {PASS_MARK})\n\n"
    )
    width = max([len("DRILL"), *(len(d.label) for d in rows)])
    out.write(
        f"{'DRILL':<{width}}  {'CATEGORY':<12}  {'ATTEMPTS':>8}  {'BEST':>4}  "
        f"{'PASSED':<6}  LAST ATTEMPT\n"
    )
    for d in rows:
        best = "-" if d.best is None else str(d.best)
        last = d.last_at.astimezone().strftime("%Y-%m-%d %H:%M") if d.last_at else "never"
        out.write(
            f"{d.label:<{width}}  {d.category:<12}  {d.attempts:>8}  {best:>4}  "
            f"{'yes' if d.passed else 'no':<6}  {last}\n"
        )
    out.write("\n")
    certified = [c for c in report.categories if c.certified]
    if certified:
        names = ", ".join(f"{c.category} ({c.total}/{c.total})" for c in certified)
        out.write(f"Certified categories: {names}\n")
    else:
        out.write("Certified categories: none yet\n")
    pending = [c for c in report.categories if not c.certified]
    if pending:
        names = ", ".join(f"{c.category} {c.passed}/{c.total}" for c in pending)
        out.write(f"Not yet certified: {names}\n")


# -- the plain drill -------------------------------------------------------------------


class PracticeWalkthrough(PlainWalkthrough):
    """The plain walkthrough, marked as practice, ending at the drill's deadline."""

    help_text = HELP.replace(
        "q  quit, keep the run for later", "q  give up the drill (scored as it stands)"
    )

    def __init__(
        self,
        service: RunService,
        run: ActiveRun,
        stdin: TextIO,
        stdout: TextIO,
        deadline: dt.datetime,
    ) -> None:
        super().__init__(service, run, stdin, stdout)
        self.deadline = deadline
        self.timed_out = False

    def _introduce(self) -> None:
        pb = self.run.playbook
        self.say(f"PRACTICE run (not a real case): {one_line(pb.title)} ({pb.id}, {pb.lang})")
        self._say_memory()
        self.say("Type ? for the commands; q gives up the drill.")

    def _turn(self) -> None:
        if self.service.clock() >= self.deadline:
            self.timed_out = True
            self.say("Time is up.")
            raise EndOfInput
        super()._turn()

    def _leave(self) -> int:
        self.service.flush(self.run)
        return EXIT_LEFT

    def _finish(self) -> None:
        state = self.run.state
        ended = state.status if state.status == "abandoned" else state.outcome
        self.say(f"Practice run ended: {ended}.")
        if not self.service.flush(self.run):
            self.say("WARNING: some actions could not be written to the journal.")


class PlainDrill:
    def __init__(
        self,
        service: DrillService,
        search: Callable[[str], SearchResponse],
        card: DrillCard,
        stdin: TextIO,
        stdout: TextIO,
    ) -> None:
        self.service = service
        self.search = search
        self.card = card
        self.stdin = stdin
        self.stdout = stdout

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def wrap(self, text: str, indent: str = "  ") -> None:
        for paragraph in strip_control(text).strip().splitlines():
            self.say(
                textwrap.fill(paragraph, WIDTH, initial_indent=indent, subsequent_indent=indent)
            )

    def run(self) -> int:
        attempt = self.service.begin(self.card)
        self.say(f"DRILL (practice) for {one_line(attempt.trainee)}")
        self.say(
            f"Time limit: {describe_seconds((attempt.deadline - attempt.began).total_seconds())}"
        )
        self.say("Scenario:")
        self.wrap(attempt.scenario)
        self.say()
        self.say(
            "Find the playbook for this case: type search words, then the number of a result "
            "to open it as a practice run. q gives up."
        )
        try:
            run = self._find(attempt)
        except EndOfInput:
            run = None
        except (ActionRefused, DrillError, JournalError, OSError) as exc:
            self.say(f"Could not start the practice run: {one_line(str(exc))}")
            run = None
        if run is not None:
            PracticeWalkthrough(
                self.service.runs, run, self.stdin, self.stdout, attempt.deadline
            ).walk()
        try:
            score = self.service.finish(attempt, give_up=True)
        except JournalError as exc:
            return fail(f"the score could not be recorded: {exc}", EXIT_PROBLEMS)
        self.say()
        for text in score_lines(score):
            self.say(text)
        return EXIT_OK

    def _find(self, attempt: Attempt) -> ActiveRun | None:
        hits: list[str] = []
        while True:
            if attempt.timed_out(self.service.clock()):
                self.say("Time is up.")
                return None
            answer = ask_line("Search words, a result number, or q: ", self.stdin, self.stdout)
            text = answer.strip()
            if text.lower() in ("q", "quit"):
                return None
            if not text:
                continue
            if text.isdigit():
                number = int(text)
                if not hits:
                    self.say("Search first: type a few words about the case.")
                elif not 1 <= number <= len(hits):
                    self.say(f"Pick a result from 1 to {len(hits)}.")
                else:
                    return self.service.choose(attempt, Path(hits[number - 1]), number)
                continue
            response = self.search(text)
            attempt.note_search(text)
            print_response(response, self.stdout)
            hits = [hit.path for hit in response.hits]


def score_lines(score: DrillScore) -> list[str]:
    verdict = "PASSED" if score.passed else f"not passed (pass mark {PASS_MARK})"
    ending = {"gave-up": " (given up)", "timed-out": " (timed out)"}.get(score.ending, "")
    lines = [f"Score: {score.total}/100, {verdict}{ending}"]
    width = max(len(p.name) for p in score.parts)
    for part in score.parts:
        lines.append(
            f"  {part.name:<{width}}  {part.earned:>2}/{part.possible:<2}  {one_line(part.reason)}"
        )
    div = score.divergence
    if div is not None:
        lines.append("")
        lines.append("Where you left the correct path:")
        if div.kind == "playbook":
            chose = f"you chose {div.taken}" if div.taken else "no playbook was chosen"
            lines.append(f"  {chose}; the right playbook is {div.correct}: {one_line(div.title)}")
            if div.detail:
                lines.append(_wrapped(f"When: {div.detail}"))
        elif div.kind == "choice":
            did = f"you chose {one_line(div.taken)!r}" if div.taken else "you made no choice"
            lines.append(
                f"  At {one_line(div.title)!r} {did}; the correct choice is {one_line(div.correct)!r}."
            )
            if div.detail:
                lines.append(_wrapped(div.detail))
        else:
            got = div.taken or "no outcome"
            lines.append(f"  The run ended with {got}; the correct outcome is {div.correct}.")
            lines.append(f"  Last step: {one_line(div.title)}")
    lines.append("")
    lines.append(f"Correct path ({score.playbook_id}: {one_line(score.playbook_title)}):")
    for n, step in enumerate(score.correct_path, 1):
        lines.append(f"  {n}. {one_line(step.title)} -> {one_line(step.label)}")
    lines.append(f"  Outcome: {score.correct_outcome}")
    return lines


def _wrapped(text: str) -> str:
    """Markdown-ish text as indented paragraphs (single line breaks joined, as Markdown does)."""
    paragraphs = [" ".join(p.split()) for p in strip_control(text).strip().split("\n\n")]
    return "\n".join(
        textwrap.fill(p, WIDTH, initial_indent="    ", subsequent_indent="    ")
        for p in paragraphs
        if p
    )
