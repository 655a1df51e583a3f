"""Check a parsed YAML tree against the field tables of `spec.py`.

The result is plain Python data (dicts, lists, str, int, bool, date) that has
the right shape, plus the position of every value, keyed by a slash path such
as "steps/2/choices/0/goto".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from rapidfuzz import fuzz, process

from livecheck.playbook.problems import Findings
from livecheck.playbook.spec import IDENT, LANG, SLUG, SPECS, Field, Kind, MappingSpec
from livecheck.playbook.yaml_reader import MapNode, Mark, Node, ScalarNode, SeqNode
from livecheck.safety.text import one_line

Locations = dict[str, Mark]
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def closest(word: str, candidates: tuple[str, ...] | list[str], cutoff: float = 60) -> str | None:
    """The candidate `word` was most probably meant to be, if any is close enough."""
    if not candidates:
        return None
    # Plain ratio, not WRatio: partial matching would offer 'id' for 'description'.
    found = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=cutoff)
    return found[0] if found else None


def describe(value: object) -> str:
    """How YAML read a scalar, in an author's words."""
    if value is None:
        return "null (an empty value)"
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    return f"text ({one_line(str(value))[:40]!r})"


class StructureChecker:
    def __init__(self, findings: Findings) -> None:
        self.findings = findings
        self.locations: Locations = {}

    def read_playbook(self, root: Node | None) -> dict[str, Any] | None:
        if root is None:
            self.findings.error(Mark(1, 1), "empty", "the file holds no playbook")
            return None
        if not isinstance(root, MapNode):
            self.findings.error(root.mark, "type", "a playbook must be a mapping of keys to values")
            return None
        return self.read_mapping(root, SPECS["playbook"], "")

    def read_mapping(self, node: MapNode, spec: MappingSpec, at: str) -> dict[str, Any]:
        self.locations[at] = node.mark
        values: dict[str, Any] = {}
        for key_node, value_node in node.items:
            field = spec.field(key_node.value) if isinstance(key_node.value, str) else None
            if field is None:
                self._unknown_key(key_node, spec)
                continue
            path = f"{at}/{field.name}" if at else field.name
            value = self.read_value(value_node, field, path)
            if value is not _INVALID:
                values[field.name] = value
        for field in spec.fields:
            if field.required and field.name not in values and node.get(field.name) is None:
                where = f" in this {spec.name}" if spec.name != "playbook" else ""
                self.findings.error(
                    node.mark, "missing-key", f"missing required key {field.name!r}{where}"
                )
        return values

    def _unknown_key(self, key_node: ScalarNode, spec: MappingSpec) -> None:
        key = key_node.value
        shown = one_line(str(key))
        guess = closest(shown, spec.names)
        hint = f"did you mean {guess!r}?" if guess else f"known keys: {', '.join(spec.names)}"
        self.findings.error(
            key_node.mark, "unknown-key", f"unknown key {shown!r} in a {spec.name}; {hint}"
        )

    def read_value(self, node: Node, field: Field, path: str) -> Any:
        self.locations[path] = node.mark
        kind = field.kind
        if kind is Kind.MAPPINGS:
            return self._read_mappings(node, field, path)
        if kind in (Kind.TEXT_LIST, Kind.SLUG_LIST):
            return self._read_list(node, field, path)
        if kind is Kind.EXPECT:
            return self._read_expect(node, field, path)
        if not isinstance(node, ScalarNode):
            self._wrong_type(node, field, "a list or mapping")
            return _INVALID
        return self._read_scalar(node, field)

    def _wrong_type(self, node: Node, field: Field, got: str, quote: bool = False) -> None:
        message = f"{field.name!r} must be {field.kind.value}, got {got}"
        if quote and isinstance(node, ScalarNode):
            message += f'; quote it: {field.name}: "{one_line(node.text)}"'
        self.findings.error(node.mark, "type", message)

    def _read_scalar(self, node: ScalarNode, field: Field) -> Any:
        value, kind = node.value, field.kind
        if kind is Kind.BOOL:
            if isinstance(value, bool):
                return value
            hint = " (YAML 1.2 reads yes/no/on/off as text)" if isinstance(value, str) else ""
            self._wrong_type(node, field, describe(value) + hint)
            return _INVALID
        if kind is Kind.POSITIVE_INT:
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                return value
            self._wrong_type(node, field, describe(value))
            return _INVALID
        if kind is Kind.DATE:
            return self._read_date(node, field)
        if not isinstance(value, str):
            quote = kind in (Kind.TEXT, Kind.SLUG, Kind.IDENT, Kind.ENUM, Kind.LANG)
            self._wrong_type(node, field, describe(value), quote=quote)
            return _INVALID
        return self._check_text(node, field, value)

    def _read_date(self, node: ScalarNode, field: Field) -> Any:
        value = node.value
        written_in_full = node.style != "" or node.end.col - node.mark.col == 10  # not 2026-1-5
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime) and written_in_full:
            return value
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.findings.error(
            node.mark,
            "date",
            f"{field.name!r} must be a date written YYYY-MM-DD, got {describe(value)}",
        )
        return _INVALID

    def _check_text(self, node: ScalarNode, field: Field, value: str) -> Any:
        kind = field.kind
        name = field.name
        if kind is Kind.TEXT:
            if field.required and not value.strip():
                self.findings.error(node.mark, "empty", f"{name!r} may not be empty")
                return _INVALID
        elif kind is Kind.SLUG and not SLUG.fullmatch(value):
            self.findings.error(
                node.mark,
                "slug",
                f"{name!r} must be a slug (lower-case letters and digits joined by single "
                f"hyphens), got {one_line(value)[:40]!r}",
            )
            return _INVALID
        elif kind is Kind.IDENT and not IDENT.fullmatch(value):
            self.findings.error(
                node.mark,
                "identifier",
                f"{name!r} must be an identifier (lower-case letters, digits and _, not "
                f"starting with a digit), got {one_line(value)[:40]!r}",
            )
            return _INVALID
        elif kind is Kind.LANG and not LANG.fullmatch(value):
            self.findings.error(
                node.mark,
                "lang",
                f"'lang' must be a two-letter lower-case code such as en or fr, got {one_line(value)[:20]!r}",
            )
            return _INVALID
        elif kind is Kind.ENUM and value not in field.choices:
            guess = closest(value, field.choices)
            hint = f" (did you mean {guess!r}?)" if guess else ""
            self.findings.error(
                node.mark,
                "enum",
                f"{name!r} must be one of {', '.join(field.choices)}, got "
                f"{one_line(value)[:40]!r}{hint}",
            )
            return _INVALID
        if field.max_length is not None and len(value) > field.max_length:
            self.findings.error(
                node.mark,
                "too-long",
                f"{name!r} is {len(value)} characters long; the most is {field.max_length}",
            )
            return _INVALID
        return value

    def _read_list(self, node: Node, field: Field, path: str) -> Any:
        if not isinstance(node, SeqNode):
            got = describe(node.value) if isinstance(node, ScalarNode) else "a mapping"
            self._wrong_type(node, field, got)
            return _INVALID
        item_field = Field(
            field.name, Kind.SLUG if field.kind is Kind.SLUG_LIST else Kind.TEXT, "", required=True
        )
        items = []
        for i, item in enumerate(node.items):
            value = self.read_value(item, item_field, f"{path}/{i}")
            if value is not _INVALID:
                items.append(value)
        self._check_count(node, field, len(node.items))
        return items if len(items) == len(node.items) else _INVALID

    def _check_count(self, node: SeqNode, field: Field, count: int) -> None:
        if field.non_empty and count == 0:
            self.findings.error(node.mark, "empty", f"{field.name!r} needs at least one item")
        if field.max_items is not None and count > field.max_items:
            self.findings.error(
                node.items[field.max_items].mark,
                "too-many",
                f"{field.name!r} has {count} items; the most is {field.max_items}",
            )

    def _read_mappings(self, node: Node, field: Field, path: str) -> Any:
        if not isinstance(node, SeqNode):
            got = describe(node.value) if isinstance(node, ScalarNode) else "a mapping"
            self._wrong_type(node, field, got)
            return _INVALID
        spec = SPECS[field.item or ""]
        items = []
        for i, item in enumerate(node.items):
            if isinstance(item, MapNode):
                items.append(self.read_mapping(item, spec, f"{path}/{i}"))
            else:
                got = describe(item.value) if isinstance(item, ScalarNode) else "a list"
                self.findings.error(
                    item.mark,
                    "type",
                    f"each item of {field.name!r} must be a {spec.name} mapping, got {got}",
                )
        self._check_count(node, field, len(node.items))
        return items

    def _read_expect(self, node: Node, field: Field, path: str) -> Any:
        if not isinstance(node, MapNode):
            got = describe(node.value) if isinstance(node, ScalarNode) else "a list"
            self._wrong_type(node, field, got)
            return _INVALID
        pairs = []
        label_field = Field("expect", Kind.TEXT, "", required=True)
        for key_node, value_node in node.items:
            key = key_node.value
            if not isinstance(key, str) or not SLUG.fullmatch(key):
                self.findings.error(
                    key_node.mark, "slug", f"'expect' keys must be step ids, got {describe(key)}"
                )
                continue
            self.locations[f"{path}/{key}#key"] = key_node.mark
            label = self.read_value(value_node, label_field, f"{path}/{key}")
            if label is not _INVALID:
                pairs.append((key, label))
        return pairs


class _Invalid:
    """Marks a value that was reported and must not reach the model."""


_INVALID: Any = _Invalid()
