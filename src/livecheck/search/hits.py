"""What a search gives back, as plain data: filters, snippets, hits, responses.

No search engine here (nor Whoosh): front ends that only show results import
this, and the engine (`engine.py`) is loaded when the first search runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FILTER_KEYS = ("category", "severity", "lang", "tag")


@dataclass(frozen=True, slots=True)
class Filters:
    category: str | None = None
    severity: str | None = None
    lang: str | None = None
    tag: str | None = None

    def merged(self, other: Filters) -> Filters:
        """`other`'s values where it has them (parameters win over typed filters)."""
        return Filters(
            category=other.category or self.category,
            severity=other.severity or self.severity,
            lang=other.lang or self.lang,
            tag=other.tag or self.tag,
        )

    def as_dict(self) -> dict[str, str]:
        return {k: v for k in FILTER_KEYS if (v := getattr(self, k))}


@dataclass(frozen=True, slots=True)
class Snippet:
    text: str
    highlights: tuple[tuple[int, int], ...] = ()  # [start, end) offsets into text

    def marked(self, left: str = "**", right: str = "**") -> str:
        out, last = [], 0
        for start, end in self.highlights:
            out += [self.text[last:start], left, self.text[start:end], right]
            last = end
        out.append(self.text[last:])
        return "".join(out)


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    lang: str
    title: str
    category: str
    severity: str
    stale: bool
    score: float
    snippet: Snippet
    path: str
    other_langs: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "lang": self.lang,
            "title": self.title,
            "category": self.category,
            "severity": self.severity,
            "stale": self.stale,
            "score": round(self.score, 4),
            "snippet": self.snippet.marked(),
        }


@dataclass(frozen=True, slots=True)
class PlaybookVersion:
    id: str
    lang: str
    title: str
    path: str


@dataclass(frozen=True, slots=True)
class SearchResponse:
    query: str
    hits: tuple[SearchHit, ...] = ()
    suggestion: str | None = None  # a corrected query, when the typed one found nothing
    corrected: bool = False  # the hits are for `suggestion`, not for `query`
    timed_out: bool = False
    took_ms: float = 0.0
    filters: Filters = field(default_factory=Filters)
