"""What every part of the local journal shares: its connection, lock and write transaction."""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from livecheck.journal import connection

T = TypeVar("T")


def locked(method: Callable[..., T]) -> Callable[..., T]:
    """Hold the journal's lock for the whole call (its connection is shared by threads)."""

    @functools.wraps(method)
    def wrapper(self: JournalBase, *args: Any, **kwargs: Any) -> T:
        with self.lock:
            return method(self, *args, **kwargs)

    return wrapper


class JournalBase:
    """One connection to the journal; safe to share between threads (every
    access holds `lock`). `replicate`: every write also queues what the team
    server must receive, in the same transaction (the outbox)."""

    def __init__(self, db: sqlite3.Connection, path: Path, *, replicate: bool = False) -> None:
        self._db = db
        self.path = path
        self.lock = threading.RLock()
        self.replicate = replicate
        self.read_only = False
        self.read_query = "?mode=ro"  # how `snapshot` opens its own connection
        self.freed_pages_wiped = True  # False after a purge whose text a reader kept in the WAL
        # Called after each committed write when replicating (wakes the replicator).
        self.on_commit: Callable[[], None] | None = None

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with connection.write(self._db, self.path) as db:
            yield db
        if self.replicate and self.on_commit is not None:
            self.on_commit()

    def _enqueue(self, db: sqlite3.Connection, kind: str, ref: str) -> None:
        if self.replicate:
            db.execute("INSERT INTO outbox (kind, ref) VALUES (?, ?)", (kind, ref))
