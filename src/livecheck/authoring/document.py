"""A playbook file as text plus its positioned YAML tree, and edits that only insert or
replace exact spans: everything not edited stays byte for byte.

Authoring writes through this rather than re-dumping YAML, so that an author's or a
translator's comments, quoting, wrapping and indentation survive every change.
"""

from __future__ import annotations

import json
import re
import stat
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from livecheck.authoring.errors import AuthoringError
from livecheck.i18n import _
from livecheck.playbook.yaml_reader import (
    MAX_BYTES,
    MapNode,
    Mark,
    Node,
    ScalarNode,
    SeqNode,
    line_starts,
    parse_yaml,
)

_NEEDS_QUOTES = re.compile(r"""^[\s\-?:,\[\]{}#&*!|>'"%@`]|[:#]\s|\s$|[:#]$|^$""")


@dataclass(slots=True)
class Document:
    path: Path
    text: str
    root: MapNode
    starts: list[int] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str, path: Path) -> Document:
        root, issues = parse_yaml(text)
        if issues:
            shown = "; ".join(f"{path}:{i.mark.line}:{i.mark.col}: {i.message}" for i in issues)
            raise AuthoringError(
                _("{path} has YAML errors, fix them first: {errors}").format(
                    path=path, errors=shown
                )
            )
        if not isinstance(root, MapNode):
            raise AuthoringError(
                _("{path} does not hold a playbook (a mapping of keys to values)").format(path=path)
            )
        return cls(path, text, root, line_starts(text))

    @classmethod
    def read(cls, path: Path) -> Document:
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
                raise AuthoringError(_("{path} is not a regular file").format(path=path))
            if info.st_size > MAX_BYTES:
                raise AuthoringError(_("{path} is over 1 MiB").format(path=path))
            data = path.read_bytes()
        except OSError as exc:
            raise AuthoringError(
                _("cannot read {path}: {error}").format(path=path, error=exc.strerror or exc)
            ) from None
        try:
            text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError:
            raise AuthoringError(
                _("{path} is not UTF-8; run `livecheck lint` on it").format(path=path)
            ) from None
        return cls.parse(text, path)

    @classmethod
    def cached(cls, path: Path, cache: dict[Path, Document] | None) -> Document:
        """`read`, once per path for the holder of `cache` (lint reads a file for several checks)."""
        if cache is None:
            return cls.read(path)
        if path not in cache:
            cache[path] = cls.read(path)
        return cache[path]

    # -- positions ---------------------------------------------------------------------

    def offset(self, mark: Mark) -> int:
        return (
            self.starts[mark.line - 1] + mark.col - 1
            if mark.line <= len(self.starts)
            else len(self.text)
        )

    def line_text(self, line: int) -> str:
        """Line `line` (1-based) without its line break."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def line_count(self) -> int:
        return len(self.starts) - (1 if self.text.endswith(("\n", "\r")) else 0)

    def indent_of(self, line: int) -> str:
        text = self.line_text(line)
        return text[: len(text) - len(text.lstrip(" "))]


# -- the tree ----------------------------------------------------------------------------


def entry(node: Node | None, key: str) -> tuple[ScalarNode, Node] | None:
    if isinstance(node, MapNode):
        for k, v in node.items:
            if k.value == key:
                return k, v
    return None


def value(node: Node | None, key: str) -> Node | None:
    found = entry(node, key)
    return found[1] if found else None


def text_of(node: Node | None, key: str) -> str | None:
    v = value(node, key)
    return v.value if isinstance(v, ScalarNode) and isinstance(v.value, str) else None


def items(node: Node | None, key: str) -> tuple[Node, ...]:
    v = value(node, key)
    return v.items if isinstance(v, SeqNode) else ()


def last_line(doc: Document, node: Node) -> int:
    """The last line holding any of `node`'s text (not trailing blank lines)."""
    end = _last_mark(node)
    line = end.line if end.col > 1 else end.line - 1
    while line > node.mark.line and not doc.line_text(line).strip():
        line -= 1
    # a flow collection closes on a later line than its last scalar
    while line < doc.line_count() and _opens_more(doc, node, line):
        line += 1
    return max(line, node.mark.line)


def _opens_more(doc: Document, node: Node, line: int) -> bool:
    if isinstance(node, ScalarNode):
        return False
    chunk = "".join(doc.line_text(n) for n in range(node.mark.line, line + 1))
    return chunk.count("{") + chunk.count("[") > chunk.count("}") + chunk.count("]")


def _last_mark(node: Node) -> Mark:
    if isinstance(node, ScalarNode):
        return node.end
    children: list[Node] = []
    if isinstance(node, MapNode):
        for k, v in node.items:
            children.extend((k, v))
    else:
        children.extend(node.items)
    if not children:
        return Mark(node.mark.line, node.mark.col + 2)
    return max((_last_mark(c) for c in children), key=lambda m: (m.line, m.col))


def yaml_scalar(text: str, indent: int, *, flow: bool = False, folded: bool = False) -> str:
    """`text` as a YAML scalar written after the key at 0-based column `indent`.

    Multi-line text becomes a literal block, long text that came from a folded block a
    folded one (neither ends with a line break, so that it replaces a value's span
    exactly); otherwise plain when that reads back as the very same text, else
    double-quoted. Every form but the last is checked by reading it back.
    """
    pad = " " * (indent + 2)
    candidates: list[str] = []
    if not flow and "\n" in text.rstrip("\n") and _block_safe(text):
        chomp = "" if text.endswith("\n") and not text.endswith("\n\n") else "-"
        body = text[:-1] if text.endswith("\n") else text
        candidates.append(
            f"|{chomp}\n" + "\n".join(f"{pad}{ln}" if ln else "" for ln in body.split("\n"))
        )
    if folded and not flow and _fold_safe(text):
        lines = textwrap.wrap(text, 96 - len(pad), break_long_words=False, break_on_hyphens=False)
        candidates.append(">-\n" + "\n".join(pad + ln for ln in lines))
    if "\n" not in text and not _NEEDS_QUOTES.search(text):
        candidates.append(text)
    for candidate in candidates:
        if _reads_back(candidate, text, indent, flow):
            return candidate
    return json.dumps(text, ensure_ascii=False)


def _reads_back(candidate: str, text: str, indent: int, flow: bool) -> bool:
    lead = " " * indent
    document = (
        f"{lead}k: {{v: {candidate}, w: x}}\n" if flow else f"{lead}k: {candidate}\n{lead}w: x\n"
    )
    root, issues = parse_yaml(document)
    if issues or not isinstance(root, MapNode):
        return False
    node = root.items[0][1]
    if flow:
        if not isinstance(node, MapNode) or len(node.items) != 2:
            return False
        node = node.items[0][1]
    elif len(root.items) != 2:
        return False
    return isinstance(node, ScalarNode) and node.value == text


def _fold_safe(text: str) -> bool:
    """Long one-line text that a folded block gives back exactly."""
    return (
        len(text) > 80
        and text == text.strip()
        and "  " not in text
        and not any(c in text for c in "\n\t\r")
        and text[0] not in "#-"
    )


def _block_safe(text: str) -> bool:
    lines = text.rstrip("\n").split("\n")
    return not lines[0].startswith(" ") and all(ln == ln.rstrip() for ln in lines)


@dataclass(slots=True)
class Edits:
    """Span replacements and line insertions, applied together from the end backwards."""

    doc: Document
    spans: list[tuple[int, int, str]] = field(default_factory=list)

    def replace(self, start: int, end: int, text: str) -> None:
        self.spans.append((start, end, text))

    def insert_lines_before(self, line: int, lines: list[str]) -> None:
        at = self.doc.starts[line - 1] if line <= len(self.doc.starts) else len(self.doc.text)
        self.spans.append((at, at, "".join(lines)))

    def insert_lines_after(self, line: int, lines: list[str]) -> None:
        if line < len(self.doc.starts):
            self.insert_lines_before(line + 1, lines)
        else:  # after the last line, which may lack its line break
            tail = "" if self.doc.text.endswith("\n") else "\n"
            self.spans.append((len(self.doc.text), len(self.doc.text), tail + "".join(lines)))

    def append_to_line(self, line: int, text: str) -> None:
        content = self.doc.line_text(line)
        at = self.doc.starts[line - 1] + len(content)
        self.spans.append((at, at, text))

    def apply(self) -> str:
        text = self.doc.text
        # stable: equal positions keep the order they were added in
        order = sorted(range(len(self.spans)), key=lambda i: (self.spans[i][0], i), reverse=True)
        for i in order:
            start, end, new = self.spans[i]
            text = text[:start] + new + text[end:]
        return text


def span(doc: Document, node: Node) -> tuple[int, int]:
    """Offsets of `node`'s text, without the line break and blank lines after a block."""
    if isinstance(node, ScalarNode) and node.style not in ("|", ">"):
        return doc.offset(node.mark), doc.offset(node.end)
    last = last_line(doc, node)
    return doc.offset(node.mark), doc.starts[last - 1] + len(doc.line_text(last))
