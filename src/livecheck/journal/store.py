"""The journal: every run and every action, durably, in SQLite.

Evidence in trust & safety cases depends on it, so it never loses an
acknowledged action:

- WAL mode with synchronous=FULL: a commit is on disk (the WAL is fsynced)
  when `append` returns, so a crash or `kill -9` right after loses nothing.
- Every write is one `BEGIN IMMEDIATE` transaction: a deferred transaction
  that reads first and writes later fails at once with "database is locked"
  when another process writes, ignoring the busy timeout; IMMEDIATE takes the
  write lock up front and waits up to BUSY_TIMEOUT_MS for it.
- secure_delete=ON, so purged notes are overwritten, not left in free pages.
- The file and its -wal/-shm are 0600 in a 0700 folder.
- PRAGMA application_id marks the file as ours and user_version is the schema
  version: another program's database, or a newer livecheck's, is refused with
  a clear error and never written to.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from livecheck.runs.events import Event, EventKind
from livecheck.safety.files import ensure_private_dir

T = TypeVar("T")
APPLICATION_ID = 0x4C43_4B31  # "LCK1"
SCHEMA_VERSION = 3
BUSY_TIMEOUT_MS = 10_000

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE playbook_versions (
        sha256 TEXT PRIMARY KEY,
        content BLOB NOT NULL
    );
    CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL DEFAULT 'case' CHECK (kind IN ('case', 'drill')),
        playbook_id TEXT NOT NULL,
        lang TEXT NOT NULL,
        version TEXT NOT NULL REFERENCES playbook_versions(sha256),
        path TEXT NOT NULL,
        title TEXT NOT NULL,
        case_ref TEXT,
        operator TEXT NOT NULL,
        started_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended', 'abandoned')),
        outcome TEXT,
        ended_at TEXT,
        current_step TEXT,
        last_event_at TEXT NOT NULL,
        sla_minutes INTEGER
    );
    CREATE INDEX runs_open ON runs (status, kind, last_event_at);
    CREATE INDEX runs_started ON runs (started_at);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        at TEXT NOT NULL,
        step_id TEXT,
        data TEXT NOT NULL DEFAULT '{}',
        UNIQUE (run_id, seq)
    );
    CREATE INDEX events_at ON events (at);
    """,
    # Searches the user acted on and feedback on playbooks (see docs/reports.md),
    # and the indexes the report's aggregations read through.
    2: """
    CREATE TABLE searches (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'case' CHECK (kind IN ('case', 'drill')),
        query TEXT NOT NULL,
        normalized TEXT NOT NULL,
        results INTEGER NOT NULL,
        opened_playbook_id TEXT,
        run_id TEXT
    );
    CREATE INDEX searches_at ON searches (at);
    CREATE INDEX searches_normalized ON searches (normalized);
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        playbook_id TEXT NOT NULL,
        lang TEXT NOT NULL,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('wrong', 'missing-step', 'unclear', 'outdated')),
        comment TEXT
    );
    CREATE INDEX feedback_run ON feedback (run_id);
    CREATE INDEX feedback_at ON feedback (at);
    CREATE INDEX events_run_kind ON events (run_id, kind);
    CREATE INDEX runs_kind_started ON runs (kind, started_at);
    """,
    # Scored drill attempts (see docs/drills.md).
    3: """
    CREATE TABLE drill_attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
        trainee TEXT NOT NULL,
        playbook_id TEXT NOT NULL,
        drill_id TEXT NOT NULL,
        category TEXT NOT NULL,
        chosen_playbook_id TEXT,
        searches INTEGER NOT NULL DEFAULT 0,
        found_rank INTEGER,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
        passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
        breakdown TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX drill_attempts_trainee ON drill_attempts (trainee, finished_at);
    CREATE INDEX drill_attempts_drill ON drill_attempts (playbook_id, drill_id, trainee);
    CREATE INDEX drill_attempts_run ON drill_attempts (run_id);
    """,
}


class JournalError(Exception):
    """The journal cannot be used; the message says why and what to do."""


class JournalWriteError(JournalError):
    """A write failed (read-only or full disk...); nothing was recorded."""


@dataclass(frozen=True, slots=True)
class RunRecord:
    id: str
    kind: str
    playbook_id: str
    lang: str
    version: str  # sha256 of the playbook's bytes when the run began
    path: str
    title: str
    case_ref: str | None
    operator: str
    started_at: dt.datetime
    status: str
    outcome: str | None
    ended_at: dt.datetime | None
    current_step: str | None
    last_event_at: dt.datetime
    sla_minutes: int | None

    @property
    def finished(self) -> bool:
        return self.status != "active"


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """A search the user acted on: opened a result, or left it without opening one."""

    at: dt.datetime
    operator: str
    kind: str  # 'case' or 'drill'
    query: str
    normalized: str  # folded text, what the report groups by
    results: int
    opened_playbook_id: str | None = None
    run_id: str | None = None


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    """A user's flag on the playbook a run used."""

    run_id: str
    playbook_id: str
    lang: str
    at: dt.datetime
    operator: str
    reason: str  # one of FEEDBACK_REASONS
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class DrillAttemptRecord:
    """One scored drill attempt (the practice run itself is a `drill` run, if one began)."""

    run_id: str | None
    trainee: str
    playbook_id: str
    drill_id: str
    category: str
    chosen_playbook_id: str | None
    searches: int
    found_rank: int | None
    started_at: dt.datetime
    finished_at: dt.datetime
    score: int
    passed: bool
    breakdown: Mapping[str, Any]
    id: int | None = None  # set once recorded


def _locked(method: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(method)
    def wrapper(self: Journal, *args: Any, **kwargs: Any) -> T:
        with self.lock:
            return method(self, *args, **kwargs)

    return wrapper


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _moment(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _explained(path: Path, exc: BaseException) -> JournalError | None:
    from livecheck.journal.integrity import explain_failure

    return explain_failure(path, exc)


def _create_private_file(path: Path) -> None:
    """Create the database file 0600 before SQLite does (it would use the umask)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)


class Journal:
    """One connection to the journal; safe to share between threads (every
    access holds `lock`)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path
        self.lock = threading.RLock()
        self.read_only = False
        self.read_query = "?mode=ro"  # how `snapshot` opens its own connection
        self.freed_pages_wiped = True  # False after a purge whose text a reader kept in the WAL

    # -- opening ---------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Journal:
        try:
            ensure_private_dir(path.parent)
            if not path.exists():
                _create_private_file(path)
            # One connection shared by the app's threads (the UI and its workers),
            # serialised by the journal's own lock.
            db = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise _explained(path, exc) or JournalError(
                f"cannot open the journal at {path}: {exc}"
            ) from exc
        try:
            journal = cls(db, path)
            journal._configure()
            journal._check_intact()
            journal._migrate()
            journal._tighten_permissions()
        except (sqlite3.DatabaseError, OSError) as exc:
            db.close()
            raise _explained(path, exc) or JournalError(
                f"{path} is not a livecheck journal ({exc}); it was left untouched"
            ) from exc
        except JournalError:
            db.close()
            raise
        return journal

    @classmethod
    def open_read_only(cls, path: Path) -> Journal:
        """The journal for reading only (`mode=ro`): for a read-only folder or file,
        where `open` cannot create, migrate or tighten anything. Never writes."""
        if not path.exists():
            raise JournalError(f"there is no journal at {path} yet")
        uri = path.resolve().as_uri()
        db = None
        # mode=ro needs the -shm file (created if the folder allows); on a
        # read-only file system, immutable=1 reads the file as it is.
        for query in ("?mode=ro", "?mode=ro&immutable=1"):
            try:
                db = sqlite3.connect(
                    f"{uri}{query}",
                    uri=True,
                    timeout=BUSY_TIMEOUT_MS / 1000,
                    isolation_level=None,
                    check_same_thread=False,
                )
                db.execute("SELECT count(*) FROM sqlite_schema").fetchone()
                break
            except sqlite3.Error as exc:
                if db is not None:
                    db.close()
                db, error = None, exc
        if db is None:
            raise _explained(path, error) or JournalError(
                f"cannot read the journal at {path}: {error}"
            )
        journal = cls(db, path)
        try:
            journal._check_identity()
            journal._check_intact()
            if db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                raise JournalError(
                    f"the journal at {path} is from an older livecheck and cannot be upgraded "
                    "where it is (read-only); open it once with write access"
                )
        except sqlite3.DatabaseError as exc:
            db.close()
            raise _explained(path, exc) or JournalError(
                f"{path} is not a livecheck journal ({exc}); it was left untouched"
            ) from exc
        except JournalError:
            db.close()
            raise
        journal.read_only = True
        journal.read_query = query
        return journal

    def _check_intact(self) -> None:
        """Refuse a damaged file with the way out (`livecheck journal recover`)."""
        from livecheck.journal.integrity import damaged, quick_check

        problems = quick_check(self._db)
        if problems:
            raise damaged(self.path, "; ".join(problems[:3]))

    def _check_identity(self) -> None:
        """Refuse another program's database, or a newer livecheck's journal."""
        db = self._db
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        application_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        has_tables = db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0] > 0
        # Another program's file: it has tables, or it has claimed an id of its own.
        if (has_tables or application_id != 0) and application_id != APPLICATION_ID:
            raise JournalError(f"{self.path} is not a livecheck journal; it was left untouched")
        if version > SCHEMA_VERSION:
            raise JournalError(
                f"{self.path} was written by a newer livecheck (journal version {version}, this one "
                f"reads up to {SCHEMA_VERSION}); upgrade livecheck. The file was left untouched."
            )

    def _configure(self) -> None:
        db = self._db
        self._check_identity()
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise JournalError(f"cannot switch {self.path} to WAL mode (got {mode})")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA secure_delete = ON")

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        for target in sorted(v for v in MIGRATIONS if v > version):
            self._apply_migration(target)

    def _apply_migration(self, target: int) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            current = db.execute("PRAGMA user_version").fetchone()[0]
            if current < target:  # another process may have migrated meanwhile
                for statement in MIGRATIONS[target].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {target}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _tighten_permissions(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            candidate = Path(f"{self.path}{suffix}")
            with contextlib.suppress(FileNotFoundError):
                os.chmod(candidate, 0o600)

    @_locked
    def close(self) -> None:
        self._db.close()

    # -- writing -----------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction, committed (fsynced) on exit."""
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise JournalWriteError(f"cannot write the journal at {self.path}: {exc}") from exc
        try:
            yield db
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise JournalWriteError(f"cannot write the journal at {self.path}: {exc}") from exc
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise

    @_locked
    def start_run(self, run: RunRecord, content: bytes, first: Event) -> None:
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO playbook_versions (sha256, content) VALUES (?, ?)",
                (run.version, content),
            )
            db.execute(
                "INSERT INTO runs (id, kind, playbook_id, lang, version, path, title, case_ref, "
                "operator, started_at, status, current_step, last_event_at, sla_minutes) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)",
                (
                    run.id,
                    run.kind,
                    run.playbook_id,
                    run.lang,
                    run.version,
                    run.path,
                    run.title,
                    run.case_ref,
                    run.operator,
                    _iso(run.started_at),
                    run.current_step,
                    _iso(run.last_event_at),
                    run.sla_minutes,
                ),
            )
            self._insert_event(db, run.id, first)

    @_locked
    def append(
        self,
        run_id: str,
        event: Event,
        *,
        current_step: str | None,
        status: str = "active",
        outcome: str | None = None,
        ended_at: dt.datetime | None = None,
    ) -> None:
        """Record one event and the run's new position, in one committed transaction."""
        with self._write() as db:
            self._insert_event(db, run_id, event)
            db.execute(
                "UPDATE runs SET current_step = ?, last_event_at = ?, status = ?, outcome = ?, "
                "ended_at = ? WHERE id = ?",
                (
                    current_step,
                    _iso(event.at),
                    status,
                    outcome,
                    _iso(ended_at) if ended_at else None,
                    run_id,
                ),
            )

    @_locked
    def record_search(self, search: SearchRecord) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO searches (at, operator, kind, query, normalized, results, "
                "opened_playbook_id, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _iso(search.at),
                    search.operator,
                    search.kind,
                    search.query,
                    search.normalized,
                    search.results,
                    search.opened_playbook_id,
                    search.run_id,
                ),
            )

    @_locked
    def record_feedback(self, feedback: FeedbackRecord) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO feedback (run_id, playbook_id, lang, at, operator, reason, comment) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    feedback.run_id,
                    feedback.playbook_id,
                    feedback.lang,
                    _iso(feedback.at),
                    feedback.operator,
                    feedback.reason,
                    feedback.comment,
                ),
            )

    @staticmethod
    def _insert_event(db: sqlite3.Connection, run_id: str, event: Event) -> None:
        db.execute(
            "INSERT INTO events (run_id, seq, kind, at, step_id, data) VALUES (?, ?, ?, ?, ?, ?)",
            (
                run_id,
                event.seq,
                event.kind.value,
                _iso(event.at),
                event.step_id,
                json.dumps(dict(event.data), ensure_ascii=False, sort_keys=True),
            ),
        )

    # -- reading -----------------------------------------------------------------

    @_locked
    def run(self, run_id: str) -> RunRecord | None:
        row = self._db.execute(
            f"SELECT {_RUN_COLUMNS} FROM runs WHERE id = ?", (run_id,)
        ).fetchone()
        return _run_record(row) if row else None

    @_locked
    def find_runs(self, prefix: str) -> list[RunRecord]:
        rows = self._db.execute(
            f"SELECT {_RUN_COLUMNS} FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY started_at",
            (prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
        ).fetchall()
        return [_run_record(r) for r in rows]

    @_locked
    def unfinished_runs(self, kind: str = "case", limit: int | None = 200) -> list[RunRecord]:
        """Unfinished runs, most recently touched first (the runs_open index serves it)."""
        rows = self._db.execute(
            f"SELECT {_RUN_COLUMNS} FROM runs WHERE status = 'active' AND kind = ? "
            "ORDER BY last_event_at DESC LIMIT ?",
            (kind, -1 if limit is None else limit),
        ).fetchall()
        return [_run_record(r) for r in rows]

    @_locked
    def events(self, run_id: str) -> list[Event]:
        rows = self._db.execute(
            "SELECT seq, kind, at, step_id, data FROM events WHERE run_id = ? ORDER BY seq",
            (run_id,),
        ).fetchall()
        return [_event(r) for r in rows]

    @_locked
    def playbook_content(self, sha256: str) -> bytes | None:
        row = self._db.execute(
            "SELECT content FROM playbook_versions WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return bytes(row[0]) if row else None

    @_locked
    def runs_between(
        self, since: dt.datetime | None, until: dt.datetime | None, kinds: Sequence[str]
    ) -> list[RunRecord]:
        clauses, params = _period("started_at", since, until)
        marks = ",".join("?" * len(kinds))
        rows = self._db.execute(
            f"SELECT {_RUN_COLUMNS} FROM runs WHERE kind IN ({marks}){clauses} ORDER BY started_at",
            (*kinds, *params),
        ).fetchall()
        return [_run_record(r) for r in rows]

    def events_between(
        self, since: dt.datetime | None, until: dt.datetime | None, kinds: Sequence[str]
    ) -> Iterator[tuple[RunRecord, Event]]:
        clauses, params = _period("e.at", since, until)
        marks = ",".join("?" * len(kinds))
        columns = ", ".join(f"r.{c.strip()}" for c in _RUN_COLUMNS.split(","))
        cursor = self._db.execute(
            f"SELECT {columns}, e.seq, e.kind, e.at, e.step_id, e.data FROM events e "
            f"JOIN runs r ON r.id = e.run_id WHERE r.kind IN ({marks}){clauses} ORDER BY e.at, e.id",
            (*kinds, *params),
        )
        width = len(_RUN_COLUMNS.split(","))
        for row in cursor:
            yield _run_record(row[:width]), _event(row[width:])

    # -- drill attempts --------------------------------------------------------------

    @_locked
    def record_drill_attempt(self, attempt: DrillAttemptRecord) -> int:
        """Record a scored attempt; returns its id."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO drill_attempts (run_id, trainee, playbook_id, drill_id, category, "
                "chosen_playbook_id, searches, found_rank, started_at, finished_at, score, passed, "
                "breakdown) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    attempt.run_id,
                    attempt.trainee,
                    attempt.playbook_id,
                    attempt.drill_id,
                    attempt.category,
                    attempt.chosen_playbook_id,
                    attempt.searches,
                    attempt.found_rank,
                    _iso(attempt.started_at),
                    _iso(attempt.finished_at),
                    attempt.score,
                    int(attempt.passed),
                    json.dumps(dict(attempt.breakdown), ensure_ascii=False, sort_keys=True),
                ),
            )
            return int(cursor.lastrowid or 0)

    @_locked
    def drill_attempts(self, trainee: str | None = None) -> list[DrillAttemptRecord]:
        """Scored attempts (of one trainee, or everyone's), oldest first."""
        where, params = ("WHERE trainee = ?", (trainee,)) if trainee is not None else ("", ())
        rows = self._db.execute(
            f"SELECT {_ATTEMPT_COLUMNS} FROM drill_attempts {where} ORDER BY finished_at, id",
            params,
        ).fetchall()
        return [_attempt_record(r) for r in rows]

    # -- retention ---------------------------------------------------------------

    @_locked
    def purge_older_than(self, cutoff: dt.datetime) -> int:
        """Delete, for good, runs that ended (or began, if never ended) before `cutoff`,
        with their feedback, and the searches and feedback recorded before it (both
        hold text the user typed)."""
        with self._write() as db:
            count = db.execute(
                "DELETE FROM runs WHERE coalesce(ended_at, last_event_at) < ?", (_iso(cutoff),)
            ).rowcount
            db.execute("DELETE FROM searches WHERE at < ?", (_iso(cutoff),))
            db.execute("DELETE FROM feedback WHERE at < ?", (_iso(cutoff),))
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
        try:
            db = sqlite3.connect(
                f"{self.path.resolve().as_uri()}{self.read_query}",
                uri=True,
                timeout=BUSY_TIMEOUT_MS / 1000,
                check_same_thread=False,
                isolation_level=None,
            )
        except sqlite3.Error as exc:
            raise JournalError(f"cannot read the journal at {self.path}: {exc}") from exc
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("BEGIN")
            yield db
        finally:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            db.close()


_RUN_COLUMNS = (
    "id, kind, playbook_id, lang, version, path, title, case_ref, operator, started_at, status, "
    "outcome, ended_at, current_step, last_event_at, sla_minutes"
)


_ATTEMPT_COLUMNS = (
    "id, run_id, trainee, playbook_id, drill_id, category, chosen_playbook_id, searches, "
    "found_rank, started_at, finished_at, score, passed, breakdown"
)


def _attempt_record(row: Sequence[Any]) -> DrillAttemptRecord:
    return DrillAttemptRecord(
        id=int(row[0]),
        run_id=row[1],
        trainee=row[2],
        playbook_id=row[3],
        drill_id=row[4],
        category=row[5],
        chosen_playbook_id=row[6],
        searches=int(row[7]),
        found_rank=row[8],
        started_at=dt.datetime.fromisoformat(row[9]),
        finished_at=dt.datetime.fromisoformat(row[10]),
        score=int(row[11]),
        passed=bool(row[12]),
        breakdown=MappingProxyType(json.loads(row[13])),
    )


def _run_record(row: Sequence[Any]) -> RunRecord:
    return RunRecord(
        id=row[0],
        kind=row[1],
        playbook_id=row[2],
        lang=row[3],
        version=row[4],
        path=row[5],
        title=row[6],
        case_ref=row[7],
        operator=row[8],
        started_at=dt.datetime.fromisoformat(row[9]),
        status=row[10],
        outcome=row[11],
        ended_at=_moment(row[12]),
        current_step=row[13],
        last_event_at=dt.datetime.fromisoformat(row[14]),
        sla_minutes=row[15],
    )


def _event(row: Sequence[Any]) -> Event:
    seq, kind, at, step_id, data = row
    return Event(
        int(seq),
        EventKind(kind),
        dt.datetime.fromisoformat(at),
        step_id,
        MappingProxyType(json.loads(data)),
    )


def _period(
    column: str, since: dt.datetime | None, until: dt.datetime | None
) -> tuple[str, list[str]]:
    clauses, params = "", []
    if since is not None:
        clauses += f" AND {column} >= ?"
        params.append(_iso(since))
    if until is not None:
        clauses += f" AND {column} < ?"
        params.append(_iso(until))
    return clauses, params
