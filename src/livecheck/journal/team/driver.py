"""Connecting to the team server with psycopg 3 (the optional `team` extra).

Credentials follow libpq: the URL names host and database; the password comes
from ~/.pgpass, PGPASSFILE or a service file, TLS from `sslmode`. Every failure
becomes a TeamUnavailable with one line fit for the user, the URL's password
masked.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from livecheck.journal.records import JournalError

if TYPE_CHECKING:
    import psycopg

SCHEMA = "livecheck"
CONNECT_TIMEOUT_S = 3
INSTALL_HINT = "the team journal needs psycopg: pip install 'livecheck[team]'"


class TeamUnavailable(JournalError):
    """The team server cannot be reached or refused us; local work goes on."""


def mask(url: str) -> str:
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise TeamUnavailable(INSTALL_HINT) from None
    return psycopg


def explain(exc: BaseException, url: str) -> str:
    """One line saying why the server could not be used."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = text.replace(url, mask(url))
    lowered = text.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        why = "the server refused the credentials (check ~/.pgpass or PGPASSFILE)"
    elif "ssl" in lowered and ("refused" in lowered or "not support" in lowered):
        why = "TLS was required but the server does not offer it (sslmode)"
    elif "connection refused" in lowered or "no such file" in lowered:
        why = "the server is not answering (is it running?)"
    elif "timeout" in lowered or "timed out" in lowered:
        why = "the server did not answer in time"
    else:
        why = text[:200]
    return f"team journal {mask(url)}: {why}"


def connect(url: str, *, autocommit: bool = False) -> psycopg.Connection[Any]:
    """A connection to the team server, its search path on livecheck's schema."""
    pg = _psycopg()
    try:
        conn: psycopg.Connection[Any] = pg.connect(
            url,
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name="livecheck",
            options=f"-c search_path={SCHEMA}",
            autocommit=autocommit,
        )
    except pg.Error as exc:
        raise TeamUnavailable(explain(exc, url)) from exc
    return conn


def is_driver_error(exc: BaseException) -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    return isinstance(exc, psycopg.Error)


class QmarkConnection:
    """A psycopg connection that takes SQLite's `?` placeholders, so that the
    report's SQL is written once for both backends."""

    dialect = "postgresql"

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        return self._conn.execute(sql.replace("%", "%%").replace("?", "%s"), tuple(params))


def checked_connection(url: str) -> psycopg.Connection[Any]:
    """A connection to a server whose schema this livecheck reads (else SchemaMismatch)."""
    from livecheck.journal.team.server_schema import check_version

    conn = connect(url)
    try:
        check_version(conn, mask(url))
        conn.rollback()
    except BaseException:
        conn.close()
        raise
    return conn


@contextlib.contextmanager
def read_snapshot(
    url: str, opened: psycopg.Connection[Any] | None = None
) -> Iterator[QmarkConnection]:
    """One read-only, repeatable-read transaction on its own connection (`opened`: one
    made by checked_connection, used and closed here)."""
    conn = opened if opened is not None else checked_connection(url)
    try:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        # The report's sorts and windows fit in memory; JIT compiling its few large
        # queries costs more than it saves.
        conn.execute("SET LOCAL work_mem = '128MB'")
        conn.execute("SET LOCAL jit = off")
        yield QmarkConnection(conn)
    finally:
        with contextlib.suppress(Exception):
            conn.rollback()
        conn.close()


class TeamSnapshot:
    """The team server as a source of figures (see reports/build.py)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.masked_url = mask(url)
        self.description = f"the team journal ({self.masked_url})"
        self._opened: psycopg.Connection[Any] | None = None

    def connect(self) -> None:
        """Reach the server and check its schema now (raises TeamUnavailable or
        SchemaMismatch); the next snapshot reads through this connection, so asking
        whether the server is there costs no connection of its own."""
        if self._opened is None:
            self._opened = checked_connection(self.url)

    def snapshot(self) -> contextlib.AbstractContextManager[QmarkConnection]:
        opened, self._opened = self._opened, None
        return read_snapshot(self.url, opened)
