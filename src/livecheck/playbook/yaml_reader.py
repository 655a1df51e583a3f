"""Safe YAML for playbooks: plain data only, with the position of every node.

We build the tree from libyaml's event stream ourselves instead of using a
constructor, for three reasons: every node keeps its line and column (lint
reports point at the offending node), nothing but plain data can ever be
constructed, and the dangerous inputs are refused *while* parsing. An alias
bomb stops at its first anchor and a deeply nested file at level 51, before
any expansion or recursion happens.

Scalars are resolved with YAML 1.2's core schema (ruamel.yaml's default):
`yes`/`no`/`on`/`off` stay strings, `true`/`false` are booleans.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ruamel.yaml import error as yaml_error
from ruamel.yaml import events as ev

from livecheck.i18n import _

try:  # the C parser is ~6x faster; the pure one gives identical events
    from ruamel.yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]

    def _make_parser(text: str) -> object:
        return _Parser(text)

    _PARSER_COUNTS_BYTES = True  # libyaml's reader errors give byte offsets
except ImportError:  # without ruamel.yaml.clib (a wheel missing for this platform)
    from ruamel.yaml.main import YAML

    def _make_parser(text: str) -> object:
        # YAML.parse yields events; _build asks check_event/get_event as of CParser.
        return _EventQueue(YAML(typ="safe", pure=True).parse(text))

    _PARSER_COUNTS_BYTES = False


class _EventQueue:
    """An event iterator with the parser interface `_build` uses (pure-Python path)."""

    __slots__ = ("_events", "_next")

    def __init__(self, events: Iterator[object]) -> None:
        self._events = events
        self._next: object | None = None

    def check_event(self) -> bool:
        if self._next is None:
            self._next = next(self._events, None)
        return self._next is not None

    def get_event(self) -> object:
        if not self.check_event():
            raise IndexError("no more events")
        event, self._next = self._next, None
        return event


MAX_DEPTH = 50
MAX_BYTES = 1024 * 1024

Scalar = str | int | float | bool | None | dt.date | dt.datetime


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based position in the source."""

    line: int
    col: int


@dataclass(frozen=True, slots=True)
class ScalarNode:
    value: Scalar
    mark: Mark
    end: Mark
    style: str  # "" for plain, "'" '"' "|" ">" otherwise
    text: str  # the scalar as written (for plain ones), before resolution


@dataclass(frozen=True, slots=True)
class SeqNode:
    items: tuple[Node, ...]
    mark: Mark


@dataclass(frozen=True, slots=True)
class MapNode:
    items: tuple[tuple[ScalarNode, Node], ...]
    mark: Mark

    def get(self, key: str) -> Node | None:
        for k, v in self.items:
            if k.value == key:
                return v
        return None


Node = ScalarNode | SeqNode | MapNode


@dataclass(frozen=True, slots=True)
class YamlIssue:
    mark: Mark
    code: str
    message: str


class _Abort(Exception):
    """Raised inside the event loop to stop parsing a hostile document."""

    def __init__(self, issue: YamlIssue) -> None:
        self.issue = issue


_MAY_BE_DATA = frozenset("0123456789+-.~nNtTfF")
_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
    r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::?[0-9]{2})?))?"
)

_STD = "tag:yaml.org,2002:"
_COLLECTION_TAGS = {f"{_STD}seq", f"{_STD}map"}
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}


def resolve_plain(text: str) -> Scalar:
    """Resolve an untagged plain scalar the way YAML 1.2's core schema does."""
    if text and text[0] not in _MAY_BE_DATA:  # most scalars are words: skip the patterns
        return text
    if _NULL.fullmatch(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.fullmatch(text):
        try:
            return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
        except ValueError:  # more digits than Python converts: keep the text
            return text
    if _FLOAT.fullmatch(text):
        return float(text)
    if _SPECIAL_FLOAT.fullmatch(text):
        return float(text.lower().replace(".", ""))
    if _DATE.fullmatch(text):
        y, m, d = (int(p) for p in text.split("-"))
        try:
            return dt.date(y, m, d)
        except ValueError:
            return text
    if _TIMESTAMP.fullmatch(text):
        try:
            return dt.datetime.fromisoformat(text.replace("t", "T"))
        except ValueError:
            return text
    return text


def _mark(m: object) -> Mark:
    return Mark(getattr(m, "line", 0) + 1, getattr(m, "column", 0) + 1)


_TAG_TYPES: dict[str, tuple[type, ...]] = {
    "int": (int,),
    "float": (float, int),
    "bool": (bool,),
    "null": (type(None),),
    "timestamp": (dt.date, dt.datetime),
}


def _scalar(event: ev.ScalarEvent) -> ScalarNode:
    mark, end = _mark(event.start_mark), _mark(event.end_mark)
    style = event.style or ""
    tag = event.tag
    if tag is None:
        value: Scalar = resolve_plain(event.value) if style == "" else event.value
    elif tag == "!" or tag == f"{_STD}str":
        value = event.value
    elif tag in _SCALAR_TAGS:
        value = resolve_plain(event.value)
        wanted = tag.removeprefix(_STD)
        if isinstance(value, bool) != (wanted == "bool") or not isinstance(
            value, _TAG_TYPES[wanted]
        ):
            raise _Abort(
                YamlIssue(
                    mark,
                    "yaml-tag",
                    _("value {value} is not a valid !!{wanted}").format(
                        value=repr(event.value), wanted=wanted
                    ),
                )
            )
    else:
        raise _Abort(_custom_tag(tag, mark))
    return ScalarNode(value, mark, end, style, event.value)


def _custom_tag(tag: str, mark: Mark) -> YamlIssue:
    shown = "!!" + tag.removeprefix(_STD) if tag.startswith(_STD) else tag
    return YamlIssue(
        mark,
        "yaml-tag",
        _("tag {shown} is not allowed: playbooks hold plain data only").format(shown=shown),
    )


class _Frame:
    """A collection being built while its events arrive."""

    __slots__ = ("items", "keep_value", "key", "keys", "mapping", "mark")

    def __init__(self, mark: Mark, mapping: bool) -> None:
        self.mark = mark
        self.mapping = mapping
        self.items: list[object] = []
        self.key: ScalarNode | None = None
        self.keep_value = True  # False while reading the value of a duplicate key
        self.keys: dict[tuple[type, object], Mark] = {}


def parse_yaml(text: str) -> tuple[Node | None, list[YamlIssue]]:
    """Parse one YAML document into a positioned tree of plain data.

    Returns (tree, issues). Aliases, anchors, tags other than YAML's standard
    scalar ones, non-scalar keys and nesting deeper than MAX_DEPTH stop the
    parse with one issue; duplicate keys are all reported and the first value
    kept. A document that is empty gives (None, []).
    """
    issues: list[YamlIssue] = []
    try:
        root = _build(_make_parser(text), issues)
    except _Abort as stop:
        return None, [*issues, stop.issue]
    except yaml_error.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _mark(mark) if mark is not None else Mark(1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        return None, [
            *issues,
            YamlIssue(where, "yaml-syntax", _("invalid YAML: {problem}").format(problem=problem)),
        ]
    except yaml_error.YAMLError as exc:
        where = _reader_position(text, exc)
        return None, [
            *issues,
            YamlIssue(where, "yaml-syntax", _("invalid YAML: {exc}").format(exc=_reason(exc))),
        ]
    return root, issues


def _reason(exc: BaseException) -> str:
    """What went wrong, without the parser's "in <unicode string>" location lines."""
    reason = getattr(exc, "reason", None)
    character = getattr(exc, "character", None)
    if isinstance(reason, str) and reason:
        shown = (
            f" (U+{ord(character):04X})"
            if isinstance(character, str) and len(character) == 1
            else ""
        )
        return f"{reason}{shown}"
    lines = [line for line in str(exc).strip().splitlines() if not line.strip().startswith("in ")]
    return lines[0] if lines else type(exc).__name__


def _reader_position(text: str, exc: BaseException) -> Mark:
    """ReaderError carries a character index, not a mark."""
    index = getattr(exc, "position", None)
    if not isinstance(index, int):
        return Mark(1, 1)
    if _PARSER_COUNTS_BYTES:
        index = len(text.encode("utf-8")[:index].decode("utf-8", errors="ignore"))
    return mark_at(line_starts(text), index)


def mark_at(starts: list[int], offset: int) -> Mark:
    """The 1-based position of character `offset`, given the text's `line_starts`."""
    line = bisect.bisect_right(starts, offset) - 1
    return Mark(line + 1, offset - starts[line] + 1)


def line_starts(text: str) -> list[int]:
    """Offsets at which each line of `text` starts."""
    starts = [0]
    starts.extend(m.end() for m in re.finditer(r"\r\n|\n|\r", text))
    return starts


def _build(parser: object, issues: list[YamlIssue]) -> Node | None:
    stack: list[_Frame] = []
    root: Node | None = None
    documents = 0
    get_event = parser.get_event  # type: ignore[attr-defined]
    check_event = parser.check_event  # type: ignore[attr-defined]

    def add(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        frame = stack[-1]
        if not frame.mapping:
            frame.items.append(node)
        elif frame.key is None:
            if not isinstance(node, ScalarNode):
                raise _Abort(
                    YamlIssue(
                        node.mark, "yaml-key", _("a key must be plain text, not a list or mapping")
                    )
                )
            seen = frame.keys.get((type(node.value), node.value))
            frame.keep_value = seen is None
            if seen is not None:
                issues.append(
                    YamlIssue(
                        node.mark,
                        "yaml-duplicate-key",
                        _("duplicate key {value} (first at line {line})").format(
                            value=repr(node.value), line=seen.line
                        ),
                    )
                )
            else:
                frame.keys[(type(node.value), node.value)] = node.mark
            frame.key = node
        else:
            key, frame.key = frame.key, None
            if frame.keep_value:
                frame.items.append((key, node))

    while check_event():
        event = get_event()
        if isinstance(event, ev.AliasEvent):
            raise _Abort(
                YamlIssue(
                    _mark(event.start_mark),
                    "yaml-alias",
                    _("alias *{anchor} is not allowed").format(anchor=event.anchor),
                )
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Abort(
                YamlIssue(
                    _mark(event.start_mark),
                    "yaml-alias",
                    _("anchor &{anchor} is not allowed").format(anchor=anchor),
                )
            )
        if isinstance(event, ev.ScalarEvent):
            add(_scalar(event))
        elif isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
            mark = _mark(event.start_mark)
            if event.tag is not None and event.tag != "!" and event.tag not in _COLLECTION_TAGS:
                raise _Abort(_custom_tag(event.tag, mark))
            if len(stack) >= MAX_DEPTH:
                raise _Abort(
                    YamlIssue(
                        mark,
                        "yaml-depth",
                        _("nesting deeper than {depth} levels").format(depth=MAX_DEPTH),
                    )
                )
            stack.append(_Frame(mark, isinstance(event, ev.MappingStartEvent)))
        elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
            frame = stack.pop()
            if frame.mapping:
                add(MapNode(tuple(frame.items), frame.mark))  # type: ignore[arg-type]
            else:
                add(SeqNode(tuple(frame.items), frame.mark))  # type: ignore[arg-type]
        elif isinstance(event, ev.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Abort(
                    YamlIssue(
                        _mark(event.start_mark),
                        "yaml-documents",
                        _("a playbook file holds exactly one YAML document"),
                    )
                )
    return root
