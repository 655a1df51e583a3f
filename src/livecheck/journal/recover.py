"""Salvaging a damaged journal: what is readable, into a new file with the same schema.

Python's sqlite3 has no `.recover`, so each table is read in rowid order, row by
row; where a damaged page stops the scan, reading starts again past it (the
next rowids are probed, further and further). The rows read are written to a
fresh journal (created by `Journal.open`, so with the current schema), rows
whose run was lost are left out (the journal's foreign keys would refuse
them), and only then are the files swapped: the damaged journal is kept
beside it, renamed `journal.sqlite3.damaged-<time>`, with its -wal and -shm.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from livecheck.i18n import _, ngettext
from livecheck.journal.store import Journal, JournalError

# Parents before children, so foreign keys can be checked as rows go in.
TABLES = ("playbook_versions", "runs", "events", "searches", "feedback", "drill_attempts")
# How far past a damaged spot reading is retried (rowids probed: +1, +2, +4, ...).
MAX_SKIP = 1 << 40


@dataclass(slots=True)
class Recovery:
    """What was saved, per table, and where the damaged file went."""

    saved: dict[str, int] = field(default_factory=dict)
    unreadable_spots: dict[str, int] = field(default_factory=dict)  # damaged places skipped
    orphans: dict[str, int] = field(default_factory=dict)  # rows whose run was lost
    kept_as: Path | None = None

    def describe(self) -> str:
        parts = [f"{self.saved.get(t, 0)} {t}" for t in TABLES]
        lines = [_("saved: {tables}").format(tables=", ".join(parts))]
        spots = sum(self.unreadable_spots.values())
        if spots:
            lines.append(
                ngettext(
                    "skipped {n} damaged place that could not be read",
                    "skipped {n} damaged places that could not be read",
                    spots,
                ).format(n=spots)
            )
        dropped = sum(self.orphans.values())
        if dropped:
            lines.append(
                ngettext(
                    "left out {n} row whose run was lost",
                    "left out {n} rows whose run was lost",
                    dropped,
                ).format(n=dropped)
            )
        if self.kept_as is not None:
            lines.append(_("the damaged journal is kept as {path}").format(path=self.kept_as))
        return "\n".join(lines)


def _connect_damaged(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    db.execute("PRAGMA query_only = ON")
    return db


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in db.execute(f"PRAGMA table_info({table})")]


def _rows(db: sqlite3.Connection, table: str, recovery: Recovery) -> Iterator[tuple[object, ...]]:
    """Every readable row of `table`, in rowid order, skipping damaged places."""
    after = -(1 << 62)
    skip = 1  # how far past the last row read the next attempt starts
    while True:
        progressed = False
        try:
            for row in db.execute(
                f"SELECT rowid, * FROM {table} WHERE rowid > ? ORDER BY rowid", (after,)
            ):
                after, progressed = int(row[0]), True
                yield tuple(row[1:])
            return
        except sqlite3.DatabaseError:
            recovery.unreadable_spots[table] = recovery.unreadable_spots.get(table, 0) + 1
        # Past the damaged place: each failure without a row read in between
        # jumps twice as far, so a damaged stretch is crossed in a few tries.
        skip = 1 if progressed else skip * 2
        if skip > MAX_SKIP:
            return
        resume = _first_rowid_from(db, table, after + skip)
        if resume is None:
            return
        after = resume - 1


def _first_rowid_from(db: sqlite3.Connection, table: str, start: int) -> int | None:
    """The first rowid at or past `start` that can be found, trying further on failure."""
    step = 1
    while step <= MAX_SKIP:
        try:
            row = db.execute(
                f"SELECT rowid FROM {table} WHERE rowid >= ? ORDER BY rowid LIMIT 1", (start,)
            ).fetchone()
        except sqlite3.DatabaseError:
            start += step
            step *= 2
            continue
        return None if row is None else int(row[0])
    return None


def recover_journal(path: Path) -> Recovery:
    """Salvage the journal at `path` into a new one at the same path (see the module)."""
    if not path.exists():
        raise JournalError(_("there is no journal at {path}").format(path=path))
    users = processes_using(path)
    if users:
        raise JournalError(
            _(
                "the journal at {path} is open in another process ({processes}); "
                "close livecheck there first"
            ).format(path=path, processes=", ".join(map(str, users)))
        )
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    fresh = path.with_name(f".{path.name}.recovering-{os.getpid()}")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{fresh}{suffix}").unlink(missing_ok=True)
    recovery = Recovery()
    try:
        damaged = _connect_damaged(path)
    except sqlite3.Error as exc:
        raise JournalError(
            _("cannot read the journal at {path} at all: {error}").format(path=path, error=exc)
        ) from exc
    try:
        target = Journal.open(fresh)
        try:
            _copy_tables(damaged, target.connection, recovery)
        finally:
            target.close()
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{fresh}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        damaged.close()
    kept = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        old = Path(f"{path}{suffix}")
        if old.exists():
            os.replace(old, Path(f"{kept}{suffix}"))
    os.replace(fresh, path)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
    recovery.kept_as = kept
    return recovery


def processes_using(path: Path) -> list[int]:
    """Other processes with the journal (or its -wal) open (Linux /proc; [] elsewhere)."""
    wanted = {str(path.resolve()), f"{path.resolve()}-wal"}
    found: list[int] = []
    try:
        pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return []
    for pid in pids:
        if pid == os.getpid():
            continue
        try:
            links = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in links:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") in wanted:
                    found.append(pid)
                    break
            except OSError:
                continue
    return found


def _copy_tables(src: sqlite3.Connection, dst: sqlite3.Connection, recovery: Recovery) -> None:
    try:
        present = {str(r[0]) for r in src.execute("SELECT name FROM sqlite_schema")}
    except sqlite3.DatabaseError as exc:
        raise JournalError(
            _("the journal’s table list is unreadable: {error}").format(error=exc)
        ) from exc
    dst.execute("BEGIN IMMEDIATE")
    try:
        for table in TABLES:
            if table not in present:
                continue
            wanted = _columns(dst, table)
            have = [c for c in _columns(src, table) if c in wanted]
            marks = ",".join("?" * len(have))
            insert = f"INSERT OR IGNORE INTO {table} ({','.join(have)}) VALUES ({marks})"
            # Select only the shared columns, in the new table's terms.
            saved = 0
            for row in _rows_of(src, table, have, recovery):
                try:
                    dst.execute(insert, row)
                except sqlite3.IntegrityError:  # its run (or playbook version) was lost
                    recovery.orphans[table] = recovery.orphans.get(table, 0) + 1
                    continue
                saved += 1
            recovery.saved[table] = saved
        dst.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            dst.execute("ROLLBACK")
        raise


def _rows_of(
    db: sqlite3.Connection, table: str, columns: list[str], recovery: Recovery
) -> Iterator[tuple[object, ...]]:
    every = _columns(db, table)
    positions = [every.index(c) for c in columns]
    for row in _rows(db, table, recovery):
        yield tuple(row[i] for i in positions)
