"""Making deleted text really gone after a purge.

secure_delete overwrites deleted rows in the database file, but in WAL mode the
pages as they were before the delete are still in the -wal file until a
checkpoint copies the new pages back and the WAL is truncated. A checkpoint
cannot finish while another connection reads an older snapshot: then the text
is still on disk, and the user must be told so rather than promised otherwise.
"""

from __future__ import annotations

import sqlite3
import time

ATTEMPTS = 5
WAIT_SECONDS = 0.3
# While wiping, wait only briefly for each attempt (the journal's 10 s busy
# timeout would hold the command for a minute behind a reader).
ATTEMPT_BUSY_MS = 300


def wipe_freed_pages(
    db: sqlite3.Connection, *, attempts: int = ATTEMPTS, wait: float = WAIT_SECONDS
) -> bool:
    """Checkpoint the WAL into the database and truncate it; retry while a reader
    blocks it. True when the WAL is empty (nothing deleted is left in it)."""
    previous = db.execute("PRAGMA busy_timeout").fetchone()[0]
    db.execute(f"PRAGMA busy_timeout = {ATTEMPT_BUSY_MS}")
    try:
        for attempt in range(attempts):
            try:
                busy, _log, _done = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.Error:
                busy = 1
            if not busy:
                return True
            if attempt + 1 < attempts:
                time.sleep(wait)
        return False
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(previous)}")
