"""Connecting to the team server with psycopg 3 (the optional `team` extra).

Credentials follow libpq: the URL names host and database; the password comes
from ~/.pgpass, PGPASSFILE or a service file, TLS from `sslmode`. Every failure
becomes a TeamUnavailable with one line fit for the user, the URL's password
masked.
"""

from __future__ import annotations

import re
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
