"""The line-based drill (`livecheck drill --plain`): the scenario, finding the playbook
with the normal search, the practice walkthrough against the clock, and the score.

The practice walkthrough is the plain walkthrough (`cli.plain_run`) marked as
practice and ended at the drill's deadline; the score's sentences are
`present.drill_score`'s, printed as plain lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from livecheck.cli.common import EXIT_OK, EXIT_PROBLEMS, fail
from livecheck.cli.plain_prompts import EndOfInput, ask_line
from livecheck.cli.plain_run import EXIT_LEFT, WIDTH, PlainWalkthrough
from livecheck.cli.search_commands import print_response
from livecheck.drills.catalogue import DrillCard
from livecheck.drills.score import DrillScore
from livecheck.i18n import _
from livecheck.journal.store import JournalError
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
from livecheck.services.drills import Attempt, DrillError, DrillService
from livecheck.services.runs import ActiveRun, RunService


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
