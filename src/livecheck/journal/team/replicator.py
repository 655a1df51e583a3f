"""Draining the outbox to the team server: in order, in batches, idempotently.

An action is acknowledged once committed locally; this runs afterwards, in a
background thread in the app (woken by each commit, backing off while the
server is away) and as a bounded attempt at the end of a CLI command. An entry
leaves the outbox only after the server has committed it; if the process dies
in between, the entry is sent again and the server ignores what it has.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from livecheck.journal.late_store import RunTaken
from livecheck.journal.outbox import OutboxItem, referenced_runs
from livecheck.journal.records import JournalError, iso
from livecheck.journal.store import Journal
from livecheck.journal.team.driver import TeamUnavailable
from livecheck.journal.team.server import TeamServer

BATCH = 500
FIRST_BACKOFF_S, MAX_BACKOFF_S = 0.5, 30.0
IDLE_WAKE_S = 5.0  # a look at the outbox now and then, even without a local write
LOOK_EVERY_S = 5.0  # in the app: a look at the runs held here (taken over? late actions?)


@dataclass(frozen=True, slots=True)
class TeamStatus:
    online: bool | None  # None: not tried yet
    waiting: int  # actions committed locally, not yet on the server
    reason: str | None = None  # why the server could not be used


class Replicator:
    def __init__(
        self,
        journal: Journal,
        server: TeamServer | Callable[[], TeamServer],
        sender: str,
        *,
        batch: int = BATCH,
    ) -> None:
        self.journal = journal
        self.batch = batch
        self._server_factory = server if callable(server) else (lambda: server)
        self._server: TeamServer | None = None
        self.sender = sender
        self._online: bool | None = None
        self._reason: str | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._drain_lock = threading.Lock()
        self.listeners: list[Callable[[TeamStatus], None]] = []
        # Told (from the replicator's thread) when a run of this machine is taken over,
        # and when late actions of a run held here arrive: (run id, how many new).
        self.taken_listeners: list[Callable[[RunTaken], None]] = []
        self.late_listeners: list[Callable[[str, int], None]] = []
        self._last_look = -LOOK_EVERY_S

    # -- one pass ---------------------------------------------------------------------

    def drain(self, deadline: float | None = None) -> int:
        """Send the outbox until it is empty, the server fails, or `deadline`
        (time.monotonic()) passes; returns how many actions are still waiting."""
        with self._drain_lock:
            while True:
                items = self.journal.outbox_batch(self.batch)
                if not items:  # nothing to send: the server's state is as last seen
                    return 0
                try:
                    self._send(items)
                except JournalError as exc:
                    self._set(False, str(exc))
                    return self.journal.outbox_size()
                self.journal.outbox_done([item.id for item in items])
                self._set(True, None)
                if deadline is not None and time.monotonic() > deadline:
                    return max(1, self.journal.outbox_size())

    def _send(self, items: list[OutboxItem]) -> None:
        """One batch; a connection that the server dropped (a restart) is opened
        again once at once, before the server counts as away."""
        for attempt in (1, 2):
            fresh = self._server is None
            if self._server is None:
                self._server = self._server_factory()
            try:
                # A run begun before the team journal was set: its whole history first.
                missing = self._server.missing_runs(referenced_runs(items))
                earlier = [
                    i for run_id in sorted(missing) for i in self.journal.run_history(run_id)
                ]
                taken = self._server.ingest([*earlier, *items], self.sender)
                # Taken over meanwhile (a lead's forced take-over): this machine is no
                # longer its writer. Its late actions are kept on the server.
                gone = {r: h for r, h in taken.items() if h != self.sender}
                if gone:
                    told = self._server.taken_runs(sorted(gone), self.sender)
                    named = {t.run_id for t in told}
                    for run_id, holder in gone.items():
                        if run_id not in named:
                            told.append(RunTaken(run_id, holder or "", holder, None, None, False))
                    self._taken(told)
                return
            except TeamUnavailable:
                self._server.close()
                if fresh or attempt == 2:
                    raise

    def _taken(self, runs: list[RunTaken]) -> None:
        for taken in runs:
            self.journal.mark_taken(taken.run_id, taken.holder)
            for listener in list(self.taken_listeners):
                listener(taken)

    def look(self, *, now: bool = False) -> None:
        """Ask the server about the runs held here (at most every LOOK_EVERY_S unless
        `now`): those someone else took over are marked so and their listeners told
        (who, why); the late actions of the others are kept here for their screen.
        Never raises: the next look tries again."""
        if not now and time.monotonic() - self._last_look < LOOK_EVERY_S:
            return
        self._last_look = time.monotonic()
        with self._drain_lock:
            held = self.journal.held_here()
            if not held:
                return
            try:
                if self._server is None:
                    self._server = self._server_factory()
                taken = self._server.taken_runs(held, self.sender)
                self._taken(taken)
                gone = {t.run_id for t in taken}
                late = self._server.late_actions([r for r in held if r not in gone])
            except JournalError:
                return
            received = iso(dt.datetime.now(dt.UTC))
            for run_id in dict.fromkeys(a.run_id for a in late):
                added = self.journal.keep_late_actions(
                    [a for a in late if a.run_id == run_id], received
                )
                if added:
                    for listener in list(self.late_listeners):
                        listener(run_id, added)

    def status(self) -> TeamStatus:
        return TeamStatus(self._online, self.journal.outbox_size(), self._reason)

    def _set(self, online: bool, reason: str | None) -> None:
        changed = (online, reason) != (self._online, self._reason)
        self._online, self._reason = online, reason
        if changed:
            status = self.status()
            for listener in list(self.listeners):
                listener(status)

    # -- in the background -------------------------------------------------------------

    def start(self) -> None:
        """Drain in a daemon thread, woken by each local commit."""
        if self._thread is not None:
            return
        self.journal.on_commit = self._wake.set
        self._thread = threading.Thread(target=self._loop, name="livecheck-replicator", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        backoff = FIRST_BACKOFF_S
        while not self._stop.is_set():
            try:
                waiting = self.drain()
            except Exception as exc:  # the local journal itself failed: try again later
                self._set(False, str(exc))
                waiting = 1
            if waiting:
                self._stop.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
                continue
            backoff = FIRST_BACKOFF_S
            with contextlib.suppress(Exception):  # the local journal failed: next time
                self.look()
            self._wake.wait(IDLE_WAKE_S)
            self._wake.clear()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self.journal.on_commit == self._wake.set:
            self.journal.on_commit = None
        if self._server is not None:
            self._server.close()
