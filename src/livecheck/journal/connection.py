"""Opening the local SQLite journal: the file, its pragmas and its migrations.

- WAL mode with synchronous=FULL: a commit is on disk (the WAL is fsynced)
  when a write returns, so a crash or `kill -9` right after loses nothing.
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
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from livecheck.i18n import _
from livecheck.journal.records import JournalError, JournalWriteError
from livecheck.journal.schema import APPLICATION_ID, SCHEMA_VERSION, SQLITE, pending
from livecheck.safety.files import ensure_private_dir

BUSY_TIMEOUT_MS = 10_000


def _create_private_file(path: Path) -> None:
    """Create the database file 0600 before SQLite does (it would use the umask)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)


def explained(path: Path, exc: BaseException) -> JournalError | None:
    """A failure said in words (damaged file, full disk, read-only...), or None."""
    from livecheck.journal.integrity import explain_failure

    return explain_failure(path, exc)


def connect(path: Path) -> sqlite3.Connection:
    """The journal's connection, configured and migrated; raises JournalError."""
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
        raise explained(path, exc) or JournalError(
            f"cannot open the journal at {path}: {exc}"
        ) from exc
    try:
        configure(db, path)
        check_intact(db, path)
        migrate(db)
        tighten_permissions(path)
    except (sqlite3.DatabaseError, OSError) as exc:
        db.close()
        raise explained(path, exc) or JournalError(
            f"{path} is not a livecheck journal ({exc}); it was left untouched"
        ) from exc
    except JournalError:
        db.close()
        raise
    return db


def connect_read_only(path: Path) -> tuple[sqlite3.Connection, str]:
    """A connection that never writes (`mode=ro`), for a read-only folder or file where
    `connect` cannot create, migrate or tighten anything; with the URI query it used."""
    if not path.exists():
        raise JournalError(_("there is no journal at {path} yet").format(path=path))
    uri = path.resolve().as_uri()
    error: sqlite3.Error | None = None
    # mode=ro needs the -shm file (created if the folder allows); on a read-only
    # file system, immutable=1 reads the file as it is.
    for query in ("?mode=ro", "?mode=ro&immutable=1"):
        db = None
        try:
            db = sqlite3.connect(
                f"{uri}{query}",
                uri=True,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            db.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        except sqlite3.Error as exc:
            if db is not None:
                db.close()
            error = exc
            continue
        try:
            check_identity(db, path)
            check_intact(db, path)
            if db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                raise JournalError(
                    _(
                        "the journal at {path} is from an older livecheck and cannot be upgraded "
                        "where it is (read-only); open it once with write access"
                    ).format(path=path)
                )
        except sqlite3.DatabaseError as exc:
            db.close()
            raise explained(path, exc) or JournalError(
                f"{path} is not a livecheck journal ({exc}); it was left untouched"
            ) from exc
        except JournalError:
            db.close()
            raise
        return db, query
    assert error is not None
    raise explained(path, error) or JournalError(f"cannot read the journal at {path}: {error}")


def check_intact(db: sqlite3.Connection, path: Path) -> None:
    """Refuse a damaged file with the way out (`livecheck journal recover`)."""
    from livecheck.journal.integrity import damaged, quick_check

    problems = quick_check(db)
    if problems:
        raise damaged(path, "; ".join(problems[:3]))


def check_identity(db: sqlite3.Connection, path: Path) -> None:
    """Refuse another program's database, or a newer livecheck's journal."""
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    application_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    has_tables = db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0] > 0
    # Another program's file: it has tables, or it has claimed an id of its own.
    if (has_tables or application_id != 0) and application_id != APPLICATION_ID:
        raise JournalError(
            _("{path} is not a livecheck journal; it was left untouched").format(path=path)
        )
    if version > SCHEMA_VERSION:
        raise JournalError(
            _(
                "{path} was written by a newer livecheck (journal version {version}, this one "
                "reads up to {latest}); upgrade livecheck. The file was left untouched."
            ).format(path=path, version=version, latest=SCHEMA_VERSION)
        )


def configure(db: sqlite3.Connection, path: Path) -> None:
    check_identity(db, path)
    mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise JournalError(
            _("cannot switch {path} to WAL mode (got {mode})").format(path=path, mode=mode)
        )
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA secure_delete = ON")


def migrate(db: sqlite3.Connection) -> None:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    for migration in pending(version):
        db.execute("BEGIN IMMEDIATE")
        try:
            current = db.execute("PRAGMA user_version").fetchone()[0]
            if current < migration.version:  # another process may have migrated meanwhile
                for statement in migration.render(SQLITE):
                    db.execute(statement)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {migration.version}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


def tighten_permissions(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(f"{path}{suffix}")
        with contextlib.suppress(FileNotFoundError):
            os.chmod(candidate, 0o600)


@contextlib.contextmanager
def write(db: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """One IMMEDIATE transaction, committed (fsynced) on exit."""
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise JournalWriteError(
            _("cannot write the journal at {path}: {error}").format(path=path, error=exc)
        ) from exc
    try:
        yield db
        db.execute("COMMIT")
    except sqlite3.Error as exc:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise JournalWriteError(
            _("cannot write the journal at {path}: {error}").format(path=path, error=exc)
        ) from exc
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        raise


@contextlib.contextmanager
def read_only(path: Path, query: str = "?mode=ro") -> Iterator[sqlite3.Connection]:
    """A separate read-only connection inside one read transaction."""
    try:
        db = sqlite3.connect(
            f"{path.resolve().as_uri()}{query}",
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,
            isolation_level=None,
        )
    except sqlite3.Error as exc:
        raise JournalError(
            _("cannot read the journal at {path}: {error}").format(path=path, error=exc)
        ) from exc
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("BEGIN")
        yield db
    finally:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")
        db.close()
