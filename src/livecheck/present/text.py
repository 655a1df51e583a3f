"""Playbook text laid out for people: paragraphs, lists, Markdown read as plain text,
messages as the creator receives them, and variables left empty.

YAML block scalars keep the author's line breaks (`You'll⏎get a Server URL`): they
are where the author's editor wrapped, not breaks the reader should see. Both the
plain front end and the summary read text through `blocks`: a blank line ends a
paragraph, a list item (`- `, `* `, `+ `, `1. `, `1) `) starts a new line, and any
other line continues the one before it.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

from livecheck.i18n import _
from livecheck.runs.templates import Filled, fill
from livecheck.safety.text import one_line, strip_control

_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])\s+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_EM_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_CODE = re.compile(r"`([^`\n]+)`")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, or one list item (`marker` is its bullet or number)."""

    text: str
    marker: str = ""
    depth: int = 0  # list nesting, from the item's indentation
    gap: bool = False  # a blank line comes before it: a new paragraph, not a new line


def blocks(text: str) -> list[Block]:
    """`text` as paragraphs and list items, each on one line (see the module note)."""
    out: list[Block] = []
    current: list[str] = []
    marker, depth, gap = "", 0, False

    def close() -> None:
        nonlocal current, marker, depth, gap
        if current:
            out.append(Block(" ".join(current), marker, depth, gap and bool(out)))
            gap = False
        current, marker, depth = [], "", 0

    for raw in strip_control(text).replace("\t", "    ").splitlines():
        if not raw.strip():
            close()
            gap = True
            continue
        item = _ITEM.match(raw)
        if item:
            close()
            marker, depth = item.group(2), len(item.group(1)) // 2
            current = [raw[item.end() :].strip()]
        elif _HEADING.match(raw):
            close()
            current = [_HEADING.sub("", raw).strip()]
            close()
        else:
            current.append(raw.strip())
            if raw.endswith("  ") or raw.endswith("\\"):  # a Markdown hard line break
                current[-1] = current[-1].rstrip("\\").rstrip()
                close()
    close()
    return [Block(" ".join(b.text.split()), b.marker, b.depth, b.gap) for b in out]


def markdown_as_plain(text: str) -> str:
    """Markdown emphasis, code spans, links and escapes read as plain text (one line)."""
    text = _CODE.sub(r"\1", text)
    text = _LINK.sub(r"\1 (\2)", text)
    text = _STRONG.sub(r"\2", text)
    text = _EM_STAR.sub(r"\1", text)
    text = _EM_UNDERSCORE.sub(r"\1", text)
    return _ESCAPED.sub(r"\1", text)


def for_creator(text: str) -> str:
    """A message as the creator should receive it: paragraphs on one line each, separated
    by a blank line; list items on their own lines, under the paragraph before them."""
    parts: list[str] = []
    for block in blocks(text):
        line = f"{'  ' * block.depth}{block.marker} {block.text}" if block.marker else block.text
        if parts and not block.gap:  # no blank line before it in the playbook: a new line
            parts[-1] += "\n" + line
        else:
            parts.append(line)
    return "\n\n".join(parts)


def wrap_text(text: str, width: int, indent: str = "", *, markdown: bool = False) -> list[str]:
    """Terminal lines of `text`: each paragraph joined once, wrapped once to `width`;
    list items hang under their bullet. With `markdown`, emphasis reads as plain text."""
    lines: list[str] = []
    for block in blocks(text):
        body = markdown_as_plain(block.text) if markdown else block.text
        if lines and block.gap:
            lines.append("")
        if block.marker:
            lead = indent + "  " * block.depth
            first = f"{lead}{block.marker} "
            lines += textwrap.wrap(
                body,
                width,
                initial_indent=first,
                subsequent_indent=" " * len(first),
                break_on_hyphens=False,
            ) or [first.rstrip()]
        else:
            lines += textwrap.wrap(
                body, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False
            ) or [indent.rstrip()]
    return lines


def wrap_item(text: str, width: int, mark: str, indent: str = "  ") -> list[str]:
    """One item under a mark (`! ` for a memory item): the mark on its first line only,
    the lines after it aligned under the text."""
    first = indent + mark
    return textwrap.wrap(
        one_line(text),
        width,
        initial_indent=first,
        subsequent_indent=" " * len(first),
        break_on_hyphens=False,
    ) or [first.rstrip()]


# -- variables -----------------------------------------------------------------------


def not_given(name: str) -> str:
    """What an optional variable left empty reads as, in a step or a message."""
    return _("[{name}: not given]").format(name=name.replace("_", " "))


def not_given_fact() -> str:
    """A variable left empty, in the summary's list of facts."""
    return _("not given")


def filled(text: str, variables: Mapping[str, str]) -> Filled:
    """`text` with the run's variables; one left empty reads as `not_given`, never `{name}`."""
    return fill(text, variables, empty=not_given)


def left_empty_warning(missing: tuple[str, ...]) -> str:
    """Said before a message with a variable left empty is copied or sent."""
    names = ", ".join(missing)
    shown = ", ".join(_("“{text}”").format(text=not_given(m)) for m in missing)
    return _(
        "Left empty: {names} (the message shows {shown}); fill it in by hand before sending."
    ).format(names=names, shown=shown)


def left_empty_note(missing: tuple[str, ...]) -> str:
    """The summary's note under a message sent with a variable left empty."""
    return _("left empty: {names}").format(names=", ".join(missing))


def message_to_send(template: str, variables: Mapping[str, str]) -> Filled:
    """A step's message, filled, as the creator should receive it (what is copied)."""
    done = filled(template, variables)
    return Filled(for_creator(done.text), done.missing)
