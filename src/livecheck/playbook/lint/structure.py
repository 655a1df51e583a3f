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

from livecheck.i18n import _
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


def kind_words(kind: Kind) -> str:
    """What a field holds, in an author's words (the Kind's value, translated)."""
    words = {
        Kind.TEXT: _("text"),
        Kind.SLUG: _("a slug"),
        Kind.IDENT: _("an identifier"),
        Kind.LANG: _("a language code"),
        Kind.DATE: _("a date"),
        Kind.POSITIVE_INT: _("a whole number above 0"),
        Kind.BOOL: _("true or false"),
        Kind.ENUM: _("one of the listed values"),
        Kind.TEXT_LIST: _("a list of text"),
        Kind.SLUG_LIST: _("a list of slugs"),
        Kind.MAPPINGS: _("a list of mappings"),
        Kind.EXPECT: _("a mapping of step id to choice label"),
    }
    return words.get(kind, kind.value)


def describe(value: object) -> str:
    """How YAML read a scalar, in an author's words."""
    if value is None:
        return _("null (an empty value)")
    if isinstance(value, bool):
        return _("a boolean ({value})").format(value="true" if value else "false")
    if isinstance(value, int | float):
        return _("a number ({value})").format(value=value)
    if isinstance(value, dt.date):
        return _("a date ({value})").format(value=value.isoformat())
    return _("text ({value})").format(value=repr(one_line(str(value))[:40]))


class StructureChecker:
    def __init__(self, findings: Findings) -> None:
        self.findings = findings
        self.locations: Locations = {}

    def read_playbook(self, root: Node | None) -> dict[str, Any] | None:
        if root is None:
            self.findings.error(Mark(1, 1), "empty", _("the file holds no playbook"))
            return None
        if not isinstance(root, MapNode):
            self.findings.error(
                root.mark, "type", _("a playbook must be a mapping of keys to values")
            )
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
                where = (
                    _(" in this {name}").format(name=spec.name) if spec.name != "playbook" else ""
                )
                self.findings.error(
                    node.mark,
                    "missing-key",
                    _("missing required key {name}{where}").format(
                        name=repr(field.name), where=where
                    ),
                )
        return values

    def _unknown_key(self, key_node: ScalarNode, spec: MappingSpec) -> None:
        key = key_node.value
        shown = one_line(str(key))
        guess = closest(shown, spec.names)
        hint = (
            _("did you mean {guess}?").format(guess=repr(guess))
            if guess
            else _("known keys: {keys}").format(keys=", ".join(spec.names))
        )
        self.findings.error(
            key_node.mark,
            "unknown-key",
            _("unknown key {shown} in a {name}; {hint}").format(
                shown=repr(shown), name=spec.name, hint=hint
            ),
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
            self._wrong_type(node, field, _("a list or mapping"))
            return _INVALID
        return self._read_scalar(node, field)

    def _wrong_type(self, node: Node, field: Field, got: str, quote: bool = False) -> None:
        message = _("{name} must be {kind}, got {got}").format(
            name=repr(field.name), kind=kind_words(field.kind), got=got
        )
        if quote and isinstance(node, ScalarNode):
            message += _("; quote it: {example}").format(
                example=f'{field.name}: "{one_line(node.text)}"'
            )
        self.findings.error(node.mark, "type", message)

    def _read_scalar(self, node: ScalarNode, field: Field) -> Any:
        value, kind = node.value, field.kind
        if kind is Kind.BOOL:
            if isinstance(value, bool):
                return value
            hint = _(" (YAML 1.2 reads yes/no/on/off as text)") if isinstance(value, str) else ""
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
            _("{name} must be a date written YYYY-MM-DD, got {value}").format(
                name=repr(field.name), value=describe(value)
            ),
        )
        return _INVALID

    def _check_text(self, node: ScalarNode, field: Field, value: str) -> Any:
        kind = field.kind
        name = field.name
        if kind is Kind.TEXT:
            if field.required and not value.strip():
                self.findings.error(
                    node.mark, "empty", _("{name} may not be empty").format(name=repr(name))
                )
                return _INVALID
        elif kind is Kind.SLUG and not SLUG.fullmatch(value):
            self.findings.error(
                node.mark,
                "slug",
                _(
                    "{name} must be a slug (lower-case letters and digits joined by single hyphens), got {value}"
                ).format(name=repr(name), value=repr(one_line(value)[:40])),
            )
            return _INVALID
        elif kind is Kind.IDENT and not IDENT.fullmatch(value):
            self.findings.error(
                node.mark,
                "identifier",
                _(
                    "{name} must be an identifier (lower-case letters, digits and _, not starting with a digit), got {value}"
                ).format(name=repr(name), value=repr(one_line(value)[:40])),
            )
            return _INVALID
        elif kind is Kind.LANG and not LANG.fullmatch(value):
            self.findings.error(
                node.mark,
                "lang",
                _(
                    "'lang' must be a two-letter lower-case code such as en or fr, got {value}"
                ).format(value=repr(one_line(value)[:20])),
            )
            return _INVALID
        elif kind is Kind.ENUM and value not in field.choices:
            guess = closest(value, field.choices)
            hint = _(" (did you mean {guess}?)").format(guess=repr(guess)) if guess else ""
            self.findings.error(
                node.mark,
                "enum",
                _("{name} must be one of {choices}, got {value}{hint}").format(
                    name=repr(name),
                    choices=", ".join(field.choices),
                    value=repr(one_line(value)[:40]),
                    hint=hint,
                ),
            )
            return _INVALID
        if field.max_length is not None and len(value) > field.max_length:
            self.findings.error(
                node.mark,
                "too-long",
                _("{name} is {value} characters long; the most is {max_length}").format(
                    name=repr(name), value=len(value), max_length=field.max_length
                ),
            )
            return _INVALID
        return value

    def _read_list(self, node: Node, field: Field, path: str) -> Any:
        if not isinstance(node, SeqNode):
            got = describe(node.value) if isinstance(node, ScalarNode) else _("a mapping")
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
            self.findings.error(
                node.mark,
                "empty",
                _("{name} needs at least one item").format(name=repr(field.name)),
            )
        if field.max_items is not None and count > field.max_items:
            self.findings.error(
                node.items[field.max_items].mark,
                "too-many",
                _("{name} has {count} items; the most is {max_items}").format(
                    name=repr(field.name), count=count, max_items=field.max_items
                ),
            )

    def _read_mappings(self, node: Node, field: Field, path: str) -> Any:
        if not isinstance(node, SeqNode):
            got = describe(node.value) if isinstance(node, ScalarNode) else _("a mapping")
            self._wrong_type(node, field, got)
            return _INVALID
        spec = SPECS[field.item or ""]
        items = []
        for i, item in enumerate(node.items):
            if isinstance(item, MapNode):
                items.append(self.read_mapping(item, spec, f"{path}/{i}"))
            else:
                got = describe(item.value) if isinstance(item, ScalarNode) else _("a list")
                self.findings.error(
                    item.mark,
                    "type",
                    _("each item of {name} must be a {name2} mapping, got {got}").format(
                        name=repr(field.name), name2=spec.name, got=got
                    ),
                )
        self._check_count(node, field, len(node.items))
        return items

    def _read_expect(self, node: Node, field: Field, path: str) -> Any:
        if not isinstance(node, MapNode):
            got = describe(node.value) if isinstance(node, ScalarNode) else _("a list")
            self._wrong_type(node, field, got)
            return _INVALID
        pairs = []
        label_field = Field("expect", Kind.TEXT, "", required=True)
        for key_node, value_node in node.items:
            key = key_node.value
            if not isinstance(key, str) or not SLUG.fullmatch(key):
                self.findings.error(
                    key_node.mark,
                    "slug",
                    _("'expect' keys must be step ids, got {key}").format(key=describe(key)),
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
