"""One titled table of plain strings: the shape the text and Markdown renderers and
the figures screen share (each only decides how a table looks)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Table:
    key: str  # stable name: "outcomes", "times", ...
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str  # said instead of an empty table
    numeric: frozenset[int] = frozenset()  # right-aligned column indexes
    flagged: frozenset[int] = frozenset()  # row indexes to highlight (SLA breaches)
    note: str = ""  # one line under the title
