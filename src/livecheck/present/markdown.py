"""User-typed text made inert in Markdown output (the summary, the Markdown report).

A case reference `CASE|1` would split a table row; `*urgent*`, `_x_`, a backtick,
`[link](…)` or `<b>` would be read as formatting when the text is pasted into a
ticket. Every value a person typed goes through `md_text` (or `md_cell`) on its way
into Markdown.
"""

from __future__ import annotations

import re

from livecheck.safety.text import one_line

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_text(text: str) -> str:
    """One line of text, shown literally in Markdown: table and emphasis characters
    backslash-escaped, `<` and `>` as entities."""
    escaped = _SPECIAL.sub(r"\\\1", one_line(text))
    return escaped.replace("<", "&lt;").replace(">", "&gt;")


def md_cell(text: str) -> str:
    """A table cell: `md_text`, never empty (an empty cell would shift the columns)."""
    return md_text(text) or " "
