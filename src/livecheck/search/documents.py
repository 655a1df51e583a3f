"""What the index holds for each playbook: searchable text per field, and the
stored facts that results and listings show without parsing YAML again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from livecheck.playbook.model import Playbook
from livecheck.safety.text import one_line
from livecheck.search.analysis import PLAIN, STEMMED_LANGUAGES, encode_weighted

# Two fields per language: `head` (id, title, keywords, tags) and `body` (when,
# summary, steps). The id is a slug its author chose to name the subject
# ("stalker-at-creator-home"), so its words count as much as the title's. The query weighs head well above body; inside each field,
# words carry the weight of the part they came from (see WeightedTokenizer).
GROUPS = ("head", "body")
PART_WEIGHTS = {
    "id": 1.0,
    "title": 1.0,
    "keywords": 1.0,
    "tags": 0.7,
    "when": 1.0,
    "summary": 0.8,
    "steps": 0.5,
}


def language_suffix(lang: str) -> str:
    return lang if lang in STEMMED_LANGUAGES else PLAIN


@dataclass(frozen=True, slots=True)
class Passage:
    """A piece of text a snippet can be cut from."""

    kind: str  # "summary", "when", "keywords", "step", "title"
    text: str


def weighted_parts(pb: Playbook, *, brief: bool = False) -> dict[str, list[tuple[float, str]]]:
    """Each field's text with its weights. `brief` leaves out step details and
    templates: prefix matching on those would bloat the index for little gain."""
    steps: list[str] = list(pb.memory)
    for step in pb.steps:
        steps.append(step.title)
        steps.extend(c.label for c in step.choices)
        if not brief:
            steps.extend(t for t in (step.detail, step.template) if t)
    w = PART_WEIGHTS
    return {
        "head": [
            (w["id"], pb.id.replace("-", " ")),
            (w["title"], pb.title),
            *((w["keywords"], k) for k in pb.keywords),
            (w["tags"], " ".join(t.replace("-", " ") for t in pb.tags)),
        ],
        "body": [
            (w["when"], pb.when),
            (w["summary"], pb.summary),
            *((w["steps"], t) for t in steps),
        ],
    }


def passages(pb: Playbook) -> list[Passage]:
    found = [Passage("summary", pb.summary), Passage("when", pb.when)]
    if pb.keywords:
        found.append(Passage("keywords", ", ".join(pb.keywords)))
    found.extend(Passage("memory", m) for m in pb.memory)
    for step in pb.steps:
        found.append(Passage("step", step.title))
        if step.detail:
            found.append(Passage("step", step.detail))
        if step.template:
            found.append(Passage("step", step.template))
    return found


def stored_facts(pb: Playbook) -> dict[str, Any]:
    """Everything a result line, a listing or a snippet needs; plain data only."""
    return {
        "id": pb.id,
        "lang": pb.lang,
        "title": pb.title,
        "keywords": list(pb.keywords),
        "category": pb.category,
        "severity": pb.severity,
        "reviewed": pb.reviewed.isoformat(),
        "review_every_days": pb.review_every_days,
        "tags": list(pb.tags),
        "sla_minutes": pb.sla_minutes,
        "drills": len(pb.drills),
        # One line each, control characters gone: done here once rather than for
        # every hit of every search.
        "passages": [(p.kind, one_line(p.text)) for p in passages(pb)],
    }


def index_document(pb: Playbook, path: str) -> dict[str, Any]:
    parts = weighted_parts(pb)
    suffix = language_suffix(pb.lang)
    doc: dict[str, Any] = {
        "path": path,
        "pid": pb.id,
        "lang": pb.lang,
        "category": pb.category,
        "severity": pb.severity,
        "tag": ",".join(pb.tags),
        "headline": "\n".join([pb.title, *pb.keywords]).encode("utf-8"),
        "identity": f"{pb.id}\t{pb.lang}".encode(),
        "facts": stored_facts(pb),
    }
    brief = weighted_parts(pb, brief=True)
    for group, weighted in parts.items():
        encoded = encode_weighted(weighted)
        doc[f"{group}_{suffix}"] = encoded
        doc[f"{group}_raw"] = encoded
        doc[f"{group}_pre"] = encode_weighted(brief[group])
    return doc
