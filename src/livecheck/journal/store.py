"""The journal: every run and every action, durably, in SQLite.

Evidence in trust & safety cases depends on it, so it never loses an
acknowledged action (see connection.py for how). The journal is assembled from
one store per kind of record (runs and events, searches and feedback, drill
attempts, the team outbox); the schema and its migrations are in schema.py,
the records and row mappers in records.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from livecheck.journal import connection
from livecheck.journal.activity_store import ActivityStore
from livecheck.journal.base import locked
from livecheck.journal.connection import BUSY_TIMEOUT_MS
from livecheck.journal.drill_store import DrillStore
from livecheck.journal.late_store import LateStore
from livecheck.journal.outbox import OutboxStore
from livecheck.journal.records import (
    DrillAttemptRecord,
    FeedbackRecord,
    JournalError,
    JournalWriteError,
    RecentPlaybook,
    RunRecord,
    SearchRecord,
    iso,
)
from livecheck.journal.run_store import RunStore
from livecheck.journal.schema import APPLICATION_ID, SCHEMA_VERSION

__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_MS",
    "SCHEMA_VERSION",
    "DrillAttemptRecord",
    "FeedbackRecord",
    "Journal",
    "JournalError",
    "JournalWriteError",
    "RecentPlaybook",
    "RunRecord",
    "SearchRecord",
]


class Journal(RunStore, ActivityStore, DrillStore, OutboxStore, LateStore):
    """One connection to the journal; safe to share between threads (every
    access holds `lock`)."""

    @classmethod
    def open(cls, path: Path, *, replicate: bool = False) -> Journal:
        """Open (creating and migrating) the journal at `path`; raises JournalError.
        `replicate`: queue every write for the team server."""
        return cls(connection.connect(path), path, replicate=replicate)

    @classmethod
    def open_read_only(cls, path: Path) -> Journal:
        """The journal for reading only (`mode=ro`): for a read-only folder or file,
        where `open` cannot create, migrate or tighten anything. Never writes."""
        db, query = connection.connect_read_only(path)
        journal = cls(db, path)
        journal.read_only = True
        journal.read_query = query
        return journal

    @locked
    def close(self) -> None:
        self._db.close()

    # -- retention ---------------------------------------------------------------

    @locked
    def purgeable(self, cutoff: dt.datetime, *, include_open: bool = False) -> tuple[int, int]:
        """What `purge_older_than` would delete: (runs, of which unfinished)."""
        where, params = purge_where(cutoff, include_open)
        row = self._db.execute(
            f"SELECT count(*), coalesce(sum(status = 'active'), 0) FROM runs WHERE {where}", params
        ).fetchone()
        return int(row[0]), int(row[1])

    @locked
    def purge_older_than(self, cutoff: dt.datetime, *, include_open: bool = False) -> int:
        """Delete, for good, runs that ended before `cutoff`, with their feedback, and the
        searches and feedback recorded before it (both hold text the user typed).
        An unfinished run is kept unless `include_open` (then it goes when its last
        action is older than `cutoff`)."""
        where, params = purge_where(cutoff, include_open)
        with self._write() as db:
            count = db.execute(f"DELETE FROM runs WHERE {where}", params).rowcount
            db.execute("DELETE FROM searches WHERE at < ?", (iso(cutoff),))
            db.execute("DELETE FROM feedback WHERE at < ?", (iso(cutoff),))
            db.execute(
                "DELETE FROM playbook_versions WHERE sha256 NOT IN (SELECT version FROM runs)"
            )
        # Move the deleted pages out of the WAL too, and shrink it to nothing;
        # a reader can hold that up: `freed_pages_wiped` says whether it worked.
        from livecheck.journal.wipe import wipe_freed_pages

        self.freed_pages_wiped = wipe_freed_pages(self._db)
        return int(count)

    @property
    def connection(self) -> sqlite3.Connection:
        return self._db

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A separate read-only connection inside one read transaction: a long read
        (a report) sees one consistent state and never holds up the app's writes."""
        with connection.read_only(self.path, self.read_query) as db:
            yield db


def purge_where(cutoff: dt.datetime, include_open: bool) -> tuple[str, tuple[str, ...]]:
    """The runs a purge deletes: finished before `cutoff`; with `include_open`, also
    unfinished runs whose last action is older."""
    if include_open:
        return "coalesce(ended_at, last_event_at) < ?", (iso(cutoff),)
    return "status != 'active' AND ended_at < ?", (iso(cutoff),)
