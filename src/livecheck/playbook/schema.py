"""The JSON Schema of the playbook format, generated from `spec.py`.

Editors use it for completion and checking as authors type (for example with
`# yaml-language-server: $schema=...`). Lint checks more than a schema can say
(the step graph, placeholders, translations); the schema never accepts what
lint rejects as a matter of shape.
"""

from __future__ import annotations

from typing import Any

from livecheck.playbook.spec import (
    FORMAT_VERSION,
    IDENT,
    LANG,
    PLAYBOOK,
    SLUG,
    SPECS,
    Field,
    Kind,
    MappingSpec,
)

SCHEMA_ID = f"https://livecheck.invalid/schema/playbook-v{FORMAT_VERSION}.json"


def playbook_schema() -> dict[str, Any]:
    schema = _mapping(PLAYBOOK)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"livecheck playbook, format version {FORMAT_VERSION}",
        **schema,
        "$defs": {name: _mapping(spec) for name, spec in SPECS.items() if spec is not PLAYBOOK},
    }


def _mapping(spec: MappingSpec) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "description": spec.description,
        "properties": {f.name: _field(f) for f in spec.fields},
        "required": [f.name for f in spec.fields if f.required],
        "additionalProperties": False,
    }
    if spec.name == "step":
        schema["not"] = {
            "anyOf": [{"required": list(pair)} for pair in _pairs(("choices", "goto", "outcome"))]
        }
    if spec.name == "choice":
        schema["oneOf"] = [{"required": ["goto"]}, {"required": ["outcome"]}]
    return schema


def _pairs(names: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]


_TEXT = {"type": "string", "minLength": 1}
_SLUG = {"type": "string", "pattern": f"^{SLUG.pattern}$"}


def _field(field: Field) -> dict[str, Any]:
    out: dict[str, Any]
    kind = field.kind
    if kind is Kind.TEXT:
        out = dict(_TEXT) if field.required else {"type": "string"}
        if field.max_length:
            out["maxLength"] = field.max_length
    elif kind is Kind.SLUG:
        out = dict(_SLUG)
        if field.max_length:
            out["maxLength"] = field.max_length
    elif kind is Kind.IDENT:
        out = {"type": "string", "pattern": f"^{IDENT.pattern}$"}
    elif kind is Kind.LANG:
        out = {"type": "string", "pattern": f"^{LANG.pattern}$"}
    elif kind is Kind.DATE:
        out = {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    elif kind is Kind.POSITIVE_INT:
        out = {"type": "integer", "minimum": 1}
    elif kind is Kind.BOOL:
        out = {"type": "boolean"}
    elif kind is Kind.ENUM:
        out = {"type": "string", "enum": list(field.choices)}
    elif kind is Kind.TEXT_LIST:
        out = {"type": "array", "items": dict(_TEXT)}
    elif kind is Kind.SLUG_LIST:
        out = {"type": "array", "items": dict(_SLUG)}
    elif kind is Kind.MAPPINGS:
        out = {"type": "array", "items": {"$ref": f"#/$defs/{field.item}"}}
    else:  # Kind.EXPECT
        out = {
            "type": "object",
            "propertyNames": dict(_SLUG),
            "additionalProperties": dict(_TEXT),
        }
    if field.max_items is not None:
        out["maxItems"] = field.max_items
    if field.non_empty:
        out["minItems"] = 1
    out["description"] = field.description
    if field.default is not None:
        out["default"] = field.default
    return out
