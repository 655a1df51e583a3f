"""Turning playbook and user text into Textual Content, never through markup.

Textual parses a plain `str` given to most widgets as markup: `[/]` crashes a
Static and `[@click=app.quit]` becomes a live action. Everything shown that
came from a playbook, a note or the keyboard goes through `plain()` first:
control characters stripped, wrapped in Content (which is never parsed).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.content import Content

from livecheck.i18n import N_, _
from livecheck.safety.text import one_line, strip_control

SEVERITY_STYLES = {
    "critical": "bold $error",
    "high": "bold $warning",
    "medium": "$accent",
    "low": "$text-muted",
}


def plain(text: str, style: str = "") -> Content:
    """Untrusted text as Content: shown literally, control characters removed."""
    content = Content(strip_control(text))
    return content.stylize(style) if style else content


def line(text: str, style: str = "") -> Content:
    """Untrusted text on one line."""
    return plain(one_line(text), style)


def highlighted(
    text: str, spans: Iterable[tuple[int, int]], style: str = "bold $accent"
) -> Content:
    """`text` with the given character spans styled (search matches)."""
    content = Content(strip_control(text))
    for start, end in spans:
        content = content.stylize(style, start, end)
    return content


SEVERITY_WORDS = {
    "critical": N_("critical"),
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
}


def severity_word(severity: str) -> str:
    """A playbook's severity (a slug of the format) in the interface language."""
    word = SEVERITY_WORDS.get(severity)
    return _(word) if word else severity


def severity_badge(severity: str) -> Content:
    word = severity_word(severity).upper()
    return Content.assemble((f" {word} ", SEVERITY_STYLES.get(severity, "")))


def join(parts: Iterable[Content | str], separator: str = " · ") -> Content:
    return Content(separator).join(Content(p) if isinstance(p, str) else p for p in parts)


def cell(text: str, style: str = "") -> Text:
    """Untrusted text for a DataTable cell, on one line: a rich Text (measured for
    column widths, unlike Content), built plainly, never parsed as markup.
    `style` is a rich style ("bold red"), not a theme variable."""
    return Text(one_line(text), style=style, no_wrap=True)
