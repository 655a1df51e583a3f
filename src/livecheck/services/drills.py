"""Drills as a service over the journal: what the CLI and the TUI call.

An attempt goes: `begin` (the scenario is shown, the clock starts), searches
noted with `Attempt.note_search`, `choose` (the practice run starts: a run of
kind 'drill', kept apart from real cases), the walk through the run service,
then `finish`, which scores the attempt and records it in the journal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from livecheck.drills.catalogue import DrillCard
from livecheck.drills.progress import ProgressReport, progress_report
from livecheck.drills.schedule import Standing, repetition_order
from livecheck.drills.score import DrillScore, Ending, Finding, RunFacts
from livecheck.drills.scoring import score_attempt, time_limit
from livecheck.i18n import _
from livecheck.journal.store import DrillAttemptRecord, Journal
from livecheck.playbook.model import Drill, Playbook
from livecheck.present.drill_score import part_reason
from livecheck.present.text import filled as fill_variables
from livecheck.runs.engine import ActionRefused
from livecheck.runs.events import utc_now
from livecheck.services.runs import ActiveRun, NotSaved, RunService, playbook_from_bytes

GIVE_UP_REASON = "practice drill given up"
TIME_UP_REASON = "practice drill: time is up"


class DrillError(Exception):
    """The drill cannot go on as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class DrillRequest:
    """What the trainee asked for: narrowed to a playbook and/or a category, as someone."""

    playbook_id: str | None = None
    category: str | None = None
    trainee: str | None = None  # None: the configured operator

    def admits(self, card: DrillCard) -> bool:
        return (self.playbook_id is None or card.playbook.id == self.playbook_id) and (
            self.category is None or card.category == self.category
        )


@dataclass(frozen=True, slots=True)
class ScheduledDrill:
    card: DrillCard
    standing: Standing


def normalise_query(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(slots=True)
class Attempt:
    """One attempt in progress (in memory until `DrillService.finish` records it)."""

    card: DrillCard
    trainee: str
    began: dt.datetime
    queries: list[str] = field(default_factory=list)
    chosen_playbook_id: str | None = None
    found_rank: int | None = None
    found_at: dt.datetime | None = None
    run: ActiveRun | None = None
    score: DrillScore | None = None
    record: DrillAttemptRecord | None = None

    @property
    def scenario(self) -> str:
        return self.card.drill.scenario

    @property
    def deadline(self) -> dt.datetime:
        return self.began + dt.timedelta(seconds=time_limit(self.card.playbook))

    def timed_out(self, now: dt.datetime) -> bool:
        return now >= self.deadline

    def note_search(self, query: str) -> None:
        """Count a search. Typing on in the same query (search as you type), or
        taking words off its end, refines the last search rather than making a new one."""
        text = normalise_query(query)
        if not text:
            return
        last = normalise_query(self.queries[-1]) if self.queries else None
        if last is not None and (text.startswith(last) or last.startswith(text)):
            self.queries[-1] = " ".join(query.split())
        else:
            self.queries.append(" ".join(query.split()))


def practice_variables(playbook: Playbook) -> dict[str, str]:
    """A practice run asks for no facts: variables take their example (required ones a stand-in)."""
    values: dict[str, str] = {}
    for variable in playbook.variables:
        if variable.example:
            values[variable.name] = variable.example
        elif variable.required:
            values[variable.name] = f"<{variable.name}>"
    return values


class DrillService:
    def __init__(
        self,
        journal: Journal,
        cards: Sequence[DrillCard],
        trainee: str,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.journal = journal
        self.cards = tuple(cards)
        self.trainee = trainee
        self.clock = clock
        self.runs = RunService(journal, trainee, clock)

    # -- choosing a drill ------------------------------------------------------------

    def select(
        self, *, playbook_id: str | None = None, category: str | None = None
    ) -> list[DrillCard]:
        request = DrillRequest(playbook_id, category)
        return [c for c in self.cards if request.admits(c)]

    def queue(
        self, *, playbook_id: str | None = None, category: str | None = None
    ) -> list[ScheduledDrill]:
        """The chosen drills, the most due first (deterministic given the journal)."""
        cards = {c.key: c for c in self.select(playbook_id=playbook_id, category=category)}
        order = repetition_order(cards, self.journal.drill_attempts(self.trainee))
        return [ScheduledDrill(cards[s.key], s) for s in order]

    def next_drill(
        self, *, playbook_id: str | None = None, category: str | None = None
    ) -> DrillCard | None:
        queue = self.queue(playbook_id=playbook_id, category=category)
        return queue[0].card if queue else None

    # -- an attempt -----------------------------------------------------------------

    def begin(self, card: DrillCard) -> Attempt:
        return Attempt(card, self.trainee, self.clock())

    def choose(self, attempt: Attempt, path: Path, rank: int | None) -> ActiveRun:
        """The trainee picked the playbook at `path` (at `rank` in the last search):
        start its practice run. Raises ActionRefused, JournalError or OSError."""
        if attempt.run is not None or attempt.score is not None:
            raise DrillError(_("a playbook was already chosen for this attempt"))
        playbook = playbook_from_bytes(Path(path).read_bytes(), Path(path))
        now = self.clock()
        run = self.runs.start(
            Path(path),
            variables=practice_variables(playbook),
            case_ref=f"drill:{attempt.card.drill.id}",
            kind="drill",
        )
        attempt.chosen_playbook_id = run.playbook.id
        attempt.found_rank = rank
        attempt.found_at = now
        attempt.run = run
        return run

    def finish(self, attempt: Attempt, *, give_up: bool = False) -> DrillScore:
        """Score the attempt and record it. An unfinished practice run is abandoned
        first: given up (`give_up`), or timed out when past the deadline."""
        if attempt.score is not None:
            if attempt.record is None or attempt.record.id is None:
                attempt.record = self._record(attempt.record)  # an earlier write failed: retry
            return attempt.score
        now = self.clock()
        run = attempt.run
        ending: Ending
        if run is not None and not run.state.over:
            ending = "timed-out" if attempt.timed_out(now) else "gave-up"
            if not give_up and ending == "gave-up":
                raise DrillError(_("the practice run is not over yet"))
            reason = TIME_UP_REASON if ending == "timed-out" else GIVE_UP_REASON
            # The score does not depend on the abandon being written: a refusal or an
            # unsaved write leaves the run as the journal has it.
            with contextlib.suppress(ActionRefused, NotSaved):
                self.runs.act(run, lambda w: w.abandon(reason))
        elif run is None:
            ending = "timed-out" if attempt.timed_out(now) else "gave-up"
        else:
            ending = "finished" if run.state.status == "ended" else "gave-up"
        playbook, drill = self._scored_against(attempt)
        found_at = attempt.found_at or now
        finding = Finding(
            queries=tuple(attempt.queries),
            chosen_playbook_id=attempt.chosen_playbook_id,
            found_rank=attempt.found_rank,
            seconds=max(0.0, (found_at - attempt.began).total_seconds()),
        )
        facts = (
            RunFacts.from_state(run.state, began=attempt.began, now=now, ending=ending)
            if run is not None
            else None
        )
        score = score_attempt(playbook, drill, finding, facts)
        if run is not None and score.divergence is not None and score.divergence.detail:
            # The step's text as the trainee saw it, with the run's variables filled in.
            filled = fill_variables(score.divergence.detail, run.state.variables).text
            score = replace(score, divergence=replace(score.divergence, detail=filled))
        record = DrillAttemptRecord(
            run_id=run.id if run is not None else None,
            trainee=attempt.trainee,
            playbook_id=attempt.card.playbook.id,
            drill_id=attempt.card.drill.id,
            category=attempt.card.category,
            chosen_playbook_id=attempt.chosen_playbook_id,
            searches=len(attempt.queries),
            found_rank=attempt.found_rank,
            started_at=attempt.began,
            finished_at=now,
            score=score.total,
            passed=score.passed,
            breakdown=_breakdown(score, attempt.queries),
        )
        attempt.score, attempt.record = score, record
        attempt.record = self._record(record)  # JournalWriteError: finish() again retries it
        return score

    def _record(self, record: DrillAttemptRecord | None) -> DrillAttemptRecord:
        assert record is not None
        return replace(record, id=self.journal.record_drill_attempt(record))

    def _scored_against(self, attempt: Attempt) -> tuple[Playbook, Drill]:
        """The drill in the language walked, when the right playbook was chosen (labels are
        translated; step and drill ids are shared); otherwise as the scenario was told."""
        card = attempt.card
        run = attempt.run
        if run is not None and run.playbook.id == card.playbook.id:
            same = next((d for d in run.playbook.drills if d.id == card.drill.id), None)
            if same is not None:
                return run.playbook, same
        return card.playbook, card.drill

    # -- progress -------------------------------------------------------------------

    def progress(self) -> ProgressReport:
        return progress_report(self.trainee, self.cards, self.journal.drill_attempts(self.trainee))

    def attempts(self) -> list[DrillAttemptRecord]:
        return self.journal.drill_attempts(self.trainee)


def _breakdown(score: DrillScore, queries: Sequence[str]) -> dict[str, object]:
    """The score as the journal keeps it, each part with its reason in words."""
    data = score.as_json()
    data["parts"] = [
        {**row, "reason": part_reason(part)}
        for row, part in zip(data["parts"], score.parts, strict=True)
    ]
    return {**data, "queries": list(queries)}
