"""A count with its noun agreeing: `1 run`, `2 runs` (one place, for gettext's ngettext)."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"
