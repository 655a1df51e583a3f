"""Turn checked plain data into the immutable model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from livecheck.playbook.model import Choice, Drill, Playbook, Source, Step, Variable
from livecheck.playbook.spec import DEFAULT_OUTCOMES, DEFAULT_REVIEW_EVERY_DAYS
from livecheck.playbook.yaml_reader import Mark


def build_playbook(
    data: dict[str, Any], source: Source | None, locations: Mapping[str, Mark]
) -> Playbook:
    return Playbook(
        id=data["id"],
        lang=data["lang"],
        title=data["title"],
        summary=data["summary"],
        when=data["when"],
        category=data["category"],
        severity=data["severity"],
        owner=data["owner"],
        reviewed=data["reviewed"],
        review_every_days=data.get("review_every_days", DEFAULT_REVIEW_EVERY_DAYS),
        tags=tuple(data.get("tags", ())),
        keywords=tuple(data.get("keywords", ())),
        sla_minutes=data.get("sla_minutes"),
        variables=tuple(_variable(v) for v in data.get("variables", ())),
        memory=tuple(data.get("memory", ())),
        steps=tuple(_step(s) for s in data["steps"]),
        outcomes=tuple(data.get("outcomes", DEFAULT_OUTCOMES)),
        related=tuple(data.get("related", ())),
        drills=tuple(_drill(d) for d in data.get("drills", ())),
        source=source,
        locations=MappingProxyType(dict(locations)),
    )


def _variable(data: dict[str, Any]) -> Variable:
    return Variable(
        name=data["name"],
        prompt=data["prompt"],
        required=data.get("required", False),
        example=data.get("example"),
    )


def _step(data: dict[str, Any]) -> Step:
    return Step(
        id=data["id"],
        title=data["title"],
        detail=data.get("detail"),
        mode=data.get("mode", "read-do"),
        template=data.get("template"),
        irreversible=data.get("irreversible", False),
        pause=data.get("pause", False),
        choices=tuple(
            Choice(c["label"], c.get("goto"), c.get("outcome")) for c in data.get("choices", ())
        ),
        goto=data.get("goto"),
        outcome=data.get("outcome"),
    )


def _drill(data: dict[str, Any]) -> Drill:
    return Drill(
        id=data["id"],
        scenario=data["scenario"],
        outcome=data["outcome"],
        expect=tuple(data.get("expect", ())),
    )


# Stands in for a required text that could not be read; it matches nothing a rule
# compares it with (a drill scenario, a label), so it causes no problem of its own.
_UNREAD = "\x00"
_LISTS = ("variables", "outcomes", "drills", "memory", "related", "tags", "keywords")


def build_for_checks(
    data: dict[str, Any], source: Source | None, locations: Mapping[str, Mark]
) -> Playbook | None:
    """A model of a file that has structure errors, for the rules that look across it
    (references, placeholders, drills, the step graph); None when too little could be
    read for them to mean anything (a step without its id, an unreadable list)."""
    steps = data.get("steps")
    if not steps or any("id" not in s for s in steps):
        return None
    if any(key in locations and key not in data for key in (*_LISTS, "steps")):
        return None
    if any("name" not in v for v in data.get("variables", ())):
        return None
    if any("id" not in d or "outcome" not in d for d in data.get("drills", ())):
        return None
    for step in steps:
        if any("label" not in c for c in step.get("choices", ())):
            return None
    filled = {
        **{key: _UNREAD for key in ("id", "lang", "title", "summary", "when", "owner")},
        "category": "operational",
        "severity": "low",
        "reviewed": dt.date.min,
        **data,
        "steps": [{"title": _UNREAD, **s} for s in steps],
        "variables": [{"prompt": _UNREAD, **v} for v in data.get("variables", ())],
        "drills": [{"scenario": _UNREAD, **d} for d in data.get("drills", ())],
    }
    return build_playbook(filled, source, locations)
