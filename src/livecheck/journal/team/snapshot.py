"""The team server as a source of figures: one checked, read-only snapshot at a time,
through a connection that takes SQLite's `?` placeholders (reports/build.py)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from livecheck.journal.team.driver import connect, mask
from livecheck.journal.team.server_schema import check_version

if TYPE_CHECKING:
    import psycopg


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
