"""From what an intern typed to a Whoosh query object.

User text never reaches Whoosh's query parser: it is cut into words here, and
the query is built from Term objects, so `**`, `a:b:c`, quotes or `AND OR`
are just words (or nothing). Only `category:`, `severity:`, `lang:` and
`tag:` followed by a value are understood, as filters.

For each word the query matches, in order of weight:
- its stems, English and French, in every language's fields (exact words);
- if it is the last word and the text does not end with a space, every word
  starting with it (`stream ke` -> key), through the prefix fields;
- words within 1 edit (4+ letters) or 2 edits (8+ letters) of it, unstemmed,
  weighted below exact matches.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from whoosh import query as wq

from livecheck.search.analysis import (
    MAX_PREFIX,
    MIN_PREFIX,
    PLAIN,
    STEMMED_LANGUAGES,
    WORD_PATTERN,
    fold,
    stemming_analyzer,
    terms,
)
from livecheck.search.documents import GROUPS
from livecheck.search.vocabulary import Vocabulary

MAX_QUERY_CHARS = 200
MAX_WORDS = 12
FILTER_KEYS = ("category", "severity", "lang", "tag")
_FILTER = re.compile(r"\b(category|severity|lang|tag):(\S*)", re.IGNORECASE)
_WORD = re.compile(WORD_PATTERN)

GROUP_BOOSTS = {"head": 4.0, "body": 1.0}
PREFIX_BOOSTS = {"head_pre": 2.0, "body_pre": 0.5}
FUZZY_BOOSTS = {"head_raw": 2.0, "body_raw": 0.5}
FUZZY_FACTOR = {1: 0.5, 2: 0.3}


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
class ParsedQuery:
    words: tuple[str, ...]  # folded, in order, capped
    filters: Filters
    prefix_last: bool  # the last word may be unfinished
    text: str  # the capped text, filters removed

    @property
    def empty(self) -> bool:
        return not self.words


def parse_query(text: str) -> ParsedQuery:
    text = text[:MAX_QUERY_CHARS]
    found: dict[str, str] = {}
    for m in _FILTER.finditer(text):
        if m.group(2):
            found.setdefault(m.group(1).lower(), fold(m.group(2)))
    rest = _FILTER.sub(" ", text)
    words = tuple(fold(w) for w in _WORD.findall(rest))[:MAX_WORDS]
    prefix_last = bool(words) and not rest[-1:].isspace() and bool(_WORD.search(rest[-1:]))
    return ParsedQuery(words, Filters(**found), prefix_last, " ".join(rest.split()))


# A word in more than this share of playbooks says little about which one is
# meant; when the query has rarer words, its clauses are left out (faster, and
# with Robertson idf the ranking barely moves). Body text is held to a lower bar.
COMMON_SHARE = {"head": 0.5, "body": 0.3}


@dataclass(frozen=True, slots=True)
class Clause:
    field: str
    term: str
    boost: float

    @property
    def group(self) -> str:
        return self.field.split("_", 1)[0]


@dataclass(slots=True)
class QueryBuilder:
    """Builds queries against one index generation (its vocabulary and languages)."""

    vocabulary: Vocabulary
    languages: Sequence[str] = (*STEMMED_LANGUAGES, PLAIN)
    doc_frequency: Callable[[str, str], int] = lambda field, term: 0
    doc_count: int = 0
    _analyzers: dict[str, object] = field(default_factory=dict)

    def stems(self, word: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for lang in self.languages:
            if lang == PLAIN:
                out[lang] = [word]
                continue
            analyzer = self._analyzers.get(lang)
            if analyzer is None:
                analyzer = self._analyzers[lang] = stemming_analyzer(lang)
            out[lang] = terms(analyzer, word)
        return out

    def word_clauses(self, word: str, *, prefix: bool, alone: bool) -> list[Clause]:
        clauses: list[Clause] = []
        for lang, stems in self.stems(word).items():
            for stem in stems:
                for group in GROUPS:
                    clauses.append(Clause(f"{group}_{lang}", stem, GROUP_BOOSTS[group]))
        # A two-letter start matches half the vocabulary: only worth it on its own.
        if prefix and len(word) >= (MIN_PREFIX if alone else MIN_PREFIX + 1):
            for name, boost in PREFIX_BOOSTS.items():
                clauses.append(Clause(name, word[:MAX_PREFIX], boost))
        if word not in self.vocabulary:  # a known word is taken as meant
            for near, distance in self.vocabulary.near(word):
                for name, boost in FUZZY_BOOSTS.items():
                    clauses.append(Clause(name, near, boost * FUZZY_FACTOR[distance]))
        return clauses

    def build(self, parsed: ParsedQuery, words: Sequence[str] | None = None) -> wq.Query | None:
        chosen = list(dict.fromkeys(words if words is not None else parsed.words))
        per_word = [
            self.word_clauses(
                w, prefix=i == len(chosen) - 1 and parsed.prefix_last, alone=len(chosen) == 1
            )
            for i, w in enumerate(chosen)
        ]
        per_word = self._without_common_clauses(per_word)
        parts = [
            wq.Or([wq.Term(c.field, c.term, boost=c.boost) for c in cs]) for cs in per_word if cs
        ]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.Or(parts)

    def _without_common_clauses(self, per_word: list[list[Clause]]) -> list[list[Clause]]:
        if not self.doc_count:
            return per_word
        frequency = {c: self.doc_frequency(c.field, c.term) for cs in per_word for c in cs}
        frequency = {c: f for c, f in frequency.items() if f}  # absent terms cost nothing
        common = {c for c, f in frequency.items() if f > COMMON_SHARE[c.group] * self.doc_count}
        if not set(frequency) - common:  # nothing rarer to rank by: keep them all
            return per_word
        return [[c for c in cs if c in frequency and c not in common] for cs in per_word]


def filter_query(filters: Filters, known: Mapping[str, Sequence[str]]) -> wq.Query | None:
    """A Whoosh filter for `filters`, each value resolved against the known values.

    A value may be cut short or miss its accents: `category:trust` means
    trust-safety. A value that matches nothing matches no document.
    """
    clauses: list[wq.Query] = []
    for key, value in filters.as_dict().items():
        field_name = "tag" if key == "tag" else key
        options = [v for v in known.get(key, ()) if v == value] or [
            v for v in known.get(key, ()) if v.startswith(value)
        ]
        if not options:
            return wq.NullQuery
        clauses.append(wq.Or([wq.Term(field_name, v) for v in options]))
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else wq.And(clauses)
