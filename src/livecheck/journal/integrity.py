"""Why a journal cannot be opened, in words a user can act on.

SQLite reports a full disk, a read-only folder and a damaged file with terse,
sometimes misleading errors ("disk I/O error" when the -shm file cannot be
grown on a full disk). These turn them into the real reason. A damaged file is
detected when the journal opens (`PRAGMA quick_check`, see docs/reliability.md
for its cost) and anywhere SQLite finds it later; either way the user is told
to run `livecheck journal recover`.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from livecheck.journal.records import JournalError

RECOVER_HINT = "run `livecheck journal recover` to save what is readable into a new journal"


class JournalDamaged(JournalError):
    """The journal file is damaged (a corrupt page): reads and writes may fail."""


class JournalDiskFull(JournalError):
    """The disk that holds the journal is full."""


class JournalReadOnly(JournalError):
    """The journal (or its folder) cannot be written."""


_DAMAGE_WORDS = ("malformed", "corrupt", "database disk image")
_FULL_WORDS = ("database or disk is full", "disk is full")
_READ_ONLY_WORDS = ("readonly", "read-only", "unable to open database file")


def disk_is_full(path: Path) -> bool:
    """True when the file system holding `path` has no space left for this user."""
    folder = path if path.is_dir() else path.parent
    try:
        stats = os.statvfs(folder)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < 64 * 1024


def is_damage(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.DatabaseError) and any(
        w in str(exc).lower() for w in _DAMAGE_WORDS
    )


def damaged(path: Path, detail: str) -> JournalDamaged:
    return JournalDamaged(f"the journal at {path} is damaged ({detail}); {RECOVER_HINT}")


def explain_failure(path: Path, exc: BaseException) -> JournalError | None:
    """The user's reason for `exc`, raised while opening or using the journal at
    `path`; None when it is none of a full disk, a read-only place or damage."""
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, errno.EDQUOT) or any(w in text for w in _FULL_WORDS):
        return JournalDiskFull(f"the disk holding the journal at {path} is full; free some space")
    if is_damage(exc):
        return damaged(path, str(exc))
    if isinstance(exc, (sqlite3.OperationalError, OSError)) and disk_is_full(path):
        # SQLite says "disk I/O error" when it cannot grow the -shm file.
        return JournalDiskFull(f"the disk holding the journal at {path} is full; free some space")
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or any(w in text for w in _READ_ONLY_WORDS):
        return JournalReadOnly(f"the journal at {path} cannot be written: {exc}")
    return None


def quick_check(db: sqlite3.Connection) -> list[str]:
    """SQLite's quick integrity check: [] when the file is sound, else what is wrong."""
    try:
        rows = db.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    found = [str(r[0]) for r in rows]
    return [] if found == ["ok"] else found
