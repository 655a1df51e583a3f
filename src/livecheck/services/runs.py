"""Runs as a service over the journal: what the CLI and the TUI call.

Every action is planned by the engine (which may refuse it), committed to the
journal, and only then applied to the state the caller shows. When the
journal cannot be written (read-only or full disk), the action is kept in
memory, applied, and retried before the next one; the caller is told with
`NotSaved`, so the user knows the record is not safe yet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from livecheck.i18n import _, ngettext
from livecheck.journal.store import (
    FeedbackRecord,
    Journal,
    JournalError,
    JournalWriteError,
    RunRecord,
)
from livecheck.playbook.loader import load_stored_playbook
from livecheck.playbook.model import Playbook
from livecheck.runs.engine import ActionRefused, Walkthrough
from livecheck.runs.events import Event, utc_now
from livecheck.runs.feedback import FEEDBACK_REASONS, clean_comment
from livecheck.runs.state import RunState, replay


class NotSaved(Exception):
    """The action was applied but could not be written to the journal yet."""

    def __init__(self, reason: str, pending: int) -> None:
        super().__init__(
            ngettext(
                "NOT SAVED: {reason}. {n} action is kept in memory and will be written as "
                "soon as the journal can be written again; do not close livecheck.",
                "NOT SAVED: {reason}. {n} actions are kept in memory and will be written as "
                "soon as the journal can be written again; do not close livecheck.",
                pending,
            ).format(reason=reason, n=pending)
        )
        self.pending = pending


@dataclass(slots=True)
class ActiveRun:
    record: RunRecord
    walkthrough: Walkthrough
    playbook_changed: bool = False  # the file on disk is no longer the version this run uses
    unsaved: list[Event] = field(default_factory=list)
    content: bytes = b""  # the playbook's bytes the run uses (to save it again if purged)

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def playbook(self) -> Playbook:
        return self.walkthrough.playbook

    @property
    def state(self) -> RunState:
        return self.walkthrough.state


def new_run_id(now: dt.datetime) -> str:
    return f"{now:%Y%m%d}-{secrets.token_hex(3)}"


def playbook_from_bytes(content: bytes, path: Path) -> Playbook:
    loaded = load_stored_playbook(content, path)
    if loaded.playbook is None:
        first = loaded.problems[0].format() if loaded.problems else _("unknown problem")
        raise ActionRefused(
            _("the playbook has errors and cannot be run: {problem}").format(problem=first)
        )
    return loaded.playbook


class RunService:
    def __init__(
        self, journal: Journal, operator: str, clock: Callable[[], dt.datetime] = utc_now
    ) -> None:
        self.journal = journal
        self.operator = operator
        self.clock = clock

    def start(
        self,
        path: Path,
        *,
        variables: Mapping[str, str],
        case_ref: str | None = None,
        kind: str = "case",
    ) -> ActiveRun:
        """Start a run of the playbook file at `path`, exactly as its bytes are now."""
        content = path.read_bytes()
        playbook = playbook_from_bytes(content, path)
        walkthrough = Walkthrough(playbook, (), clock=self.clock)
        now = self.clock()
        first = walkthrough.start(variables, at=now)
        record = RunRecord(
            id=new_run_id(now),
            kind=kind,
            playbook_id=playbook.id,
            lang=playbook.lang,
            version=hashlib.sha256(content).hexdigest(),
            path=str(path),
            title=playbook.title,
            case_ref=(case_ref or "").strip() or None,
            operator=self.operator,
            started_at=now,
            status="active",
            outcome=None,
            ended_at=None,
            current_step=playbook.steps[0].id,
            last_event_at=now,
            sla_minutes=playbook.sla_minutes,
        )
        for attempt in range(3):
            try:
                self.journal.start_run(record, content, first)
                break
            except JournalWriteError as exc:
                if not isinstance(exc.__cause__, sqlite3.IntegrityError) or attempt == 2:
                    raise
                record = replace(record, id=new_run_id(now))  # an id already taken: draw again
        walkthrough.apply(first)
        return ActiveRun(record, walkthrough, content=content)

    def act(self, run: ActiveRun, plan: Callable[[Walkthrough], Event]) -> RunState:
        """Plan an action (the engine may refuse it), commit it, then apply it. A run
        the team server says was taken over by someone else is refused: one writer."""
        self._check_still_ours(run)
        self.flush(run)
        event = plan(run.walkthrough)  # raises ActionRefused: nothing changes
        if run.unsaved:  # keep order: nothing is written past an unsaved action
            run.unsaved.append(event)
            run.walkthrough.apply(event)
            raise NotSaved(_("earlier actions are still waiting to be written"), len(run.unsaved))
        state_after = _preview(run.walkthrough, event)
        try:
            self._write(run, event, state_after)
        except JournalWriteError as exc:
            run.unsaved.append(event)
            run.walkthrough.apply(event)
            raise NotSaved(str(exc), len(run.unsaved)) from exc
        return run.walkthrough.apply(event)

    def _check_still_ours(self, run: ActiveRun) -> None:
        holder = self.journal.taken_by(run.id)
        if holder is not None:
            from livecheck.present.run_ids import taken_from_you

            raise ActionRefused(taken_from_you(run.id, holder or None))

    def flush(self, run: ActiveRun) -> bool:
        """Write actions kept in memory; True when none are left."""
        while run.unsaved:
            event = run.unsaved[0]
            index = run.walkthrough.events.index(event)
            state_after = _preview_events(run.playbook, run.walkthrough.events[: index + 1])
            try:
                self._write(run, event, state_after)
            except JournalWriteError:
                return False
            run.unsaved.pop(0)
        return True

    def is_gone(self, run: ActiveRun) -> bool:
        """The run is no longer in the journal (purged while it was open)."""
        return self.journal.run(run.id) is None

    def save_as_new(self, run: ActiveRun) -> ActiveRun:
        """Journal every action of `run` (saved before, or only in memory) as a new run
        with a new id: for a run purged from the journal while it was open."""
        events = list(run.walkthrough.events)
        if not events or not run.content:
            raise JournalError(f"run {run.id} cannot be saved again: its start is not known")
        now = self.clock()
        record = replace(
            run.record,
            id=new_run_id(now),
            status="active",
            current_step=run.playbook.steps[0].id,
            last_event_at=events[0].at,
        )
        self.journal.start_run(record, run.content, events[0])
        for index, event in enumerate(events[1:], 1):
            state = _preview_events(run.playbook, events[: index + 1])
            self.journal.append(
                record.id,
                event,
                current_step=state.current,
                status=state.status,
                outcome=state.outcome,
                ended_at=state.ended_at,
            )
        saved = self.journal.run(record.id) or record
        return ActiveRun(saved, run.walkthrough, run.playbook_changed, [], run.content)

    def _write(self, run: ActiveRun, event: Event, state: RunState) -> None:
        self.journal.append(
            run.id,
            event,
            current_step=state.current,
            status=state.status,
            outcome=state.outcome,
            ended_at=state.ended_at,
        )

    def resume(self, run_id: str, current_file: Path | None = None) -> ActiveRun:
        """Reopen a run on the exact playbook version it began with."""
        record = self._find(run_id)
        content = self.journal.playbook_content(record.version)
        if content is None:
            raise JournalError(
                _("the journal has lost the playbook version of run {run}").format(run=record.id)
            )
        playbook = playbook_from_bytes(content, Path(record.path))
        walkthrough = Walkthrough(playbook, self.journal.events(record.id), clock=self.clock)
        changed = False
        candidate = current_file or Path(record.path)
        try:
            changed = hashlib.sha256(candidate.read_bytes()).hexdigest() != record.version
        except OSError:
            changed = True
        return ActiveRun(record, walkthrough, playbook_changed=changed, content=content)

    def _find(self, run_id: str) -> RunRecord:
        record = self.journal.run(run_id)
        if record is not None:
            return record
        matches = self.journal.find_runs(run_id)
        if len(matches) == 1:
            return matches[0]
        if matches:
            from livecheck.present.run_ids import ambiguous_run, local_standing

            raise JournalError(
                ambiguous_run(
                    run_id,
                    [(r.id, r.playbook_id, local_standing(r.status, r.outcome)) for r in matches],
                    len(matches),
                )
            )
        raise JournalError(
            _("no run {id} in the journal; `livecheck runs` lists unfinished ones").format(
                id=repr(run_id)
            )
        )

    def give_feedback(self, run_id: str, reason: str, comment: str | None = None) -> FeedbackRecord:
        """Flag the playbook a run used (committed before this returns)."""
        if reason not in FEEDBACK_REASONS:
            raise ActionRefused(
                _("{reason} is not a feedback reason; use one of: {reasons}").format(
                    reason=repr(reason), reasons=", ".join(FEEDBACK_REASONS)
                )
            )
        record = self._find(run_id)
        feedback = FeedbackRecord(
            run_id=record.id,
            playbook_id=record.playbook_id,
            lang=record.lang,
            at=self.clock(),
            operator=self.operator,
            reason=reason,
            comment=clean_comment(comment),
        )
        self.journal.record_feedback(feedback)
        return feedback

    def unfinished(self, kind: str = "case") -> list[RunRecord]:
        return self.journal.unfinished_runs(kind)


def _preview(walkthrough: Walkthrough, event: Event) -> RunState:
    return _preview_events(walkthrough.playbook, [*walkthrough.events, event])


def _preview_events(playbook: Playbook, events: list[Event]) -> RunState:
    return replay(playbook, events)
