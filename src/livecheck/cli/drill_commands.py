"""`livecheck drill`: practise on a drill scenario (the TUI, or --plain), or --progress."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
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
from livecheck.cli.plain_prompts import EndOfInput, ask_line
from livecheck.cli.plain_run import EXIT_LEFT, WIDTH, PlainWalkthrough
from livecheck.cli.search_commands import print_response
from livecheck.drills.catalogue import DrillCard, drill_cards
from livecheck.drills.progress import ProgressReport
from livecheck.drills.score import PASS_MARK, DrillScore
from livecheck.i18n import _, format_datetime, ngettext, pgettext
from livecheck.journal.store import Journal, JournalError
from livecheck.playbook.spec import CATEGORIES
from livecheck.present.drill_score import (
    correct_outcome_line,
    correct_path_title,
    divergence_context_label,
    divergence_sentence,
    divergence_title,
    part_rows,
    path_line,
    score_headline,
    time_limit_line,
)
from livecheck.present.steps import practice_run_ended
from livecheck.present.text import wrap_item, wrap_text
from livecheck.runs.engine import ActionRefused
from livecheck.safety.text import one_line
from livecheck.search.hits import SearchResponse
from livecheck.services.drills import Attempt, DrillError, DrillRequest, DrillService
from livecheck.services.runs import ActiveRun, RunService
from livecheck.services.settings import Settings

SEARCH_LIMIT = 10


def no_drills() -> str:
    return _(
        "this library has no drills: no playbook has a `drills` key. Drills are practice "
        "scenarios written in a playbook under `drills` (id, scenario, expect, outcome); see "
        "the Drill section of the playbook format (docs/playbook-format.md)"
    )


def register(subs: Any) -> None:
    drill = subs.add_parser(
        "drill",
        help=_("practise on a drill scenario"),
        description=_(
            "Onboarding practice: a scenario from the playbooks' drills, the most due "
            "first (failed and long-unpractised drills come back first). Find the playbook with "
            "the normal search, walk it as a practice run (never mixed with real cases), and get "
            "a score with its breakdown and the correct path. Opens the full-screen app unless "
            "--plain."
        ),
    )
    drill.add_argument("--plain", action="store_true", help=_("line-based, for a screen reader"))
    drill.add_argument("--playbook", metavar="ID", help=_("a drill of this playbook"))
    drill.add_argument("--category", choices=CATEGORIES, help=_("a drill of this category"))
    drill.add_argument(
        "--as", dest="trainee", metavar="NAME", help=_("the trainee (default: config `operator`)")
    )
    drill.add_argument(
        "--progress", action="store_true", help=_("print the trainee's progress and stop")
    )
    drill.add_argument(
        "--all",
        action="store_true",
        help="with --progress: every trainee (the whole team with a team journal)",
    )
    drill.add_argument(
        "--local", action="store_true", help="with --progress --all: this machine's journal only"
    )
    add_common_options(drill, sub=True)
    drill.set_defaults(handler=cmd_drill)


def cmd_drill(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.trainee is not None and not args.trainee.strip():
        return fail(_("--as needs a name"), EXIT_USAGE)
    workspace = workspace_from(args)
    library = load_configured_library(args)
    cards = drill_cards(library.playbooks)
    if not cards:
        return fail(no_drills(), EXIT_PROBLEMS)
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
    if args.progress and args.all:
        return print_team_progress(workspace.settings, workspace.journal, cards, local=args.local)
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
        return _("playbook {id} has no drills in category {category}").format(
            id=repr(request.playbook_id), category=repr(request.category)
        )
    if request.playbook_id:
        return _("playbook {id} has no drills; `livecheck drill --progress` lists them all").format(
            id=repr(request.playbook_id)
        )
    return _(
        "no drills in category {category}; `livecheck drill --progress` lists them all"
    ).format(category=repr(request.category))


# -- the progress table ----------------------------------------------------------------


def print_team_progress(
    settings: Settings, journal: Journal, cards: list[DrillCard], *, local: bool
) -> int:
    """`--progress --all`: one line per trainee, aggregated where the attempts are."""
    from livecheck.drills.progress import team_progress
    from livecheck.services.team import figures_source

    try:
        source, warning = figures_source(settings, journal, local=local)
        if warning:
            print(f"livecheck: {warning}", file=sys.stderr)
        if source is journal:
            standings = journal.drill_standings()
        else:
            from livecheck.journal.team.server import TeamServer

            assert settings.team is not None
            server = TeamServer(settings.team.url)
            try:
                standings = server.drill_standings()
            finally:
                server.close()
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    people = team_progress(cards, standings)
    if not people:
        print("No drill attempts yet.")
        return EXIT_OK
    width = max(len("TRAINEE"), *(len(one_line(p.trainee)) for p in people))
    print(f"{'TRAINEE':<{width}}  {'PASSED':>9}  {'ATTEMPTS':>8}  {'LAST ATTEMPT':<16}  CERTIFIED")
    for p in people:
        last = p.last_at.astimezone().strftime("%Y-%m-%d %H:%M") if p.last_at else "never"
        passed = f"{p.passed}/{p.total}"
        print(
            f"{one_line(p.trainee):<{width}}  {passed:>9}  {p.attempts:>8}  {last:<16}  "
            f"{', '.join(p.certified) or '-'}"
        )
    return EXIT_OK


def print_progress(report: ProgressReport, out: TextIO, request: DrillRequest) -> None:
    rows = [
        d
        for d in report.drills
        if (request.playbook_id is None or d.playbook_id == request.playbook_id)
        and (request.category is None or d.category == request.category)
    ]
    out.write(
        ngettext(
            "Drill progress for {trainee}: {passed} of {n} drill passed (pass mark {mark})",
            "Drill progress for {trainee}: {passed} of {n} drills passed (pass mark {mark})",
            len(report.drills),
        ).format(
            trainee=one_line(report.trainee),
            passed=report.passed,
            n=len(report.drills),
            mark=PASS_MARK,
        )
        + "\n\n"
    )
    heads = (
        pgettext("column", "DRILL"),
        pgettext("column", "CATEGORY"),
        pgettext("column", "ATTEMPTS"),
        pgettext("column", "BEST"),
        pgettext("column", "PASSED"),
        pgettext("column", "LAST ATTEMPT"),
    )
    width = max([len(heads[0]), *(len(d.label) for d in rows)])
    cat, tries, top, wide = (max(n, len(h)) for n, h in zip((12, 8, 4, 6), heads[1:5], strict=True))
    out.write(
        f"{heads[0]:<{width}}  {heads[1]:<{cat}}  {heads[2]:>{tries}}  {heads[3]:>{top}}  "
        f"{heads[4]:<{wide}}  {heads[5]}\n"
    )
    for d in rows:
        best = "-" if d.best is None else str(d.best)
        last = format_datetime(d.last_at.astimezone()) if d.last_at else _("never")
        passed = pgettext("drill passed", "yes") if d.passed else pgettext("drill passed", "no")
        out.write(
            f"{d.label:<{width}}  {d.category:<{cat}}  {d.attempts:>{tries}}  {best:>{top}}  "
            f"{passed:<{wide}}  {last}\n"
        )
    out.write("\n")
    certified = [c for c in report.categories if c.certified]
    if certified:
        names = ", ".join(f"{c.category} ({c.total}/{c.total})" for c in certified)
        out.write(_("Certified categories: {names}").format(names=names) + "\n")
    else:
        out.write(_("Certified categories: none yet") + "\n")
    pending = [c for c in report.categories if not c.certified]
    if pending:
        names = ", ".join(f"{c.category} {c.passed}/{c.total}" for c in pending)
        out.write(_("Not yet certified: {names}").format(names=names) + "\n")


# -- the plain drill -------------------------------------------------------------------


class PracticeWalkthrough(PlainWalkthrough):
    """The plain walkthrough, marked as practice, ending at the drill's deadline."""

    def help_text(self) -> str:
        # Translators: the letters are the keys: keep them, and keep the columns aligned.
        return _(
            """Commands:
  d  done            s  skip (asks why)     n  note
  b  back (undo)     e  escalate            a  abandon (asks why)
  o  end with an outcome                    q  give up the drill (scored as it stands)
  ?  this help
At a decision, type the number of a choice."""
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
        self.say(
            _("PRACTICE run (not a real case): {title} ({id}, {lang})").format(
                title=one_line(pb.title), id=pb.id, lang=pb.lang
            )
        )
        self._say_memory()
        self.say(_("Type ? for the commands; q gives up the drill."))

    def _turn(self) -> None:
        if self.service.clock() >= self.deadline:
            self.timed_out = True
            self.say(_("Time is up."))
            raise EndOfInput
        super()._turn()

    def _leave(self) -> int:
        self.service.flush(self.run)
        return EXIT_LEFT

    def _finish(self) -> None:
        self.say(practice_run_ended(self.run.state))
        if not self.service.flush(self.run):
            self.say(_("WARNING: some actions could not be written to the journal."))


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
        for text_line in wrap_text(text, WIDTH, indent):
            self.say(text_line)

    def run(self) -> int:
        attempt = self.service.begin(self.card)
        self.say(_("DRILL (practice) for {trainee}").format(trainee=one_line(attempt.trainee)))
        self.say(time_limit_line((attempt.deadline - attempt.began).total_seconds()))
        self.say(_("Scenario:"))
        self.wrap(attempt.scenario)
        self.say()
        self.say(
            _(
                "Find the playbook for this case: type search words, then the number of a "
                "result to open it as a practice run. q gives up."
            )
        )
        try:
            run = self._find(attempt)
        except EndOfInput:
            run = None
        except (ActionRefused, DrillError, JournalError, OSError) as exc:
            self.say(
                _("Could not start the practice run: {problem}").format(problem=one_line(str(exc)))
            )
            run = None
        if run is not None:
            PracticeWalkthrough(
                self.service.runs, run, self.stdin, self.stdout, attempt.deadline
            ).walk()
        try:
            score = self.service.finish(attempt, give_up=True)
        except JournalError as exc:
            return fail(
                _("the score could not be recorded: {problem}").format(problem=exc), EXIT_PROBLEMS
            )
        self.say()
        for text in score_lines(score):
            self.say(text)
        return EXIT_OK

    def _find(self, attempt: Attempt) -> ActiveRun | None:
        hits: list[str] = []
        while True:
            if attempt.timed_out(self.service.clock()):
                self.say(_("Time is up."))
                return None
            answer = ask_line(_("Search words, a result number, or q: "), self.stdin, self.stdout)
            text = answer.strip()
            if text.lower() in ("q", "quit"):
                return None
            if not text:
                continue
            if text.isdigit():
                number = int(text)
                if not hits:
                    self.say(_("Search first: type a few words about the case."))
                elif not 1 <= number <= len(hits):
                    self.say(_("Pick a result from 1 to {n}.").format(n=len(hits)))
                else:
                    return self.service.choose(attempt, Path(hits[number - 1]), number)
                continue
            response = self.search(text)
            attempt.note_search(text)
            print_response(response, self.stdout)
            hits = [hit.path for hit in response.hits]


def score_lines(score: DrillScore) -> list[str]:
    """The score as plain lines; every sentence comes from the presentation layer."""
    lines = [score_headline(score)]
    rows = part_rows(score)
    width = max(len(row.name) for row in rows)
    lines += [f"  {row.name:<{width}}  {row.points}  {row.reason}" for row in rows]
    div = score.divergence
    if div is not None:
        lines += ["", _("{title}:").format(title=divergence_title())]
        lines += wrap_item(divergence_sentence(div), WIDTH, "")
        if div.detail:
            label = divergence_context_label(div)
            if label:
                lines.append(f"  {label}")
            lines += wrap_text(div.detail, WIDTH, "    ", markdown=True)
    lines += ["", correct_path_title(score)]
    lines += [f"  {path_line(n, step)}" for n, step in enumerate(score.correct_path, 1)]
    lines.append(f"  {correct_outcome_line(score)}")
    return lines
