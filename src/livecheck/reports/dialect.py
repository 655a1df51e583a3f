"""The few SQL spellings the report needs that SQLite and PostgreSQL write differently.

The report's SQL is written once (reports/queries.py) with `?` placeholders; on
the team server the connection translates them (journal/team/driver.py) and
these fragments give each backend its own spelling. Times are ISO 8601 text on
both, so comparisons, ordering and `substr(at, 1, 10)` (the day) are shared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol


class Rows(Protocol):
    def fetchall(self) -> list[Any]: ...
    def fetchone(self) -> Any: ...


class Db(Protocol):
    """A connection the report reads: sqlite3's, or the team server's."""

    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Rows: ...


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str

    @property
    def postgresql(self) -> bool:
        return self.name == "postgresql"

    def in_list(self, column: str) -> str:
        """`column` is one of the values of a JSON list parameter (see catalog.json_list)."""
        if self.postgresql:
            return f"{column} IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb)))"
        return f"{column} IN (SELECT value FROM json_each(?))"

    def json_text(self, column: str, key: str) -> str:
        """The text of `key` in a JSON object stored as text."""
        if self.postgresql:
            return f"(({column})::jsonb ->> '{key}')"
        return f"json_extract({column}, '$.{key}')"


SQLITE = Dialect("sqlite")
POSTGRESQL = Dialect("postgresql")


def dialect_of(db: Any) -> Dialect:
    """The connection's dialect: the team server's says so, SQLite's is the default."""
    return POSTGRESQL if getattr(db, "dialect", "sqlite") == "postgresql" else SQLITE


def count_if(condition: str) -> str:
    """How many rows meet `condition` (a boolean is not a number in PostgreSQL)."""
    return f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)"
