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
from collections.abc import Callable, Iterable, Mapping, Sequence
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
from livecheck.search.scoring import robertson_idf
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
COMMON_SHARE = {"head": 0.3, "body": 0.2}
COORDINATION = 1.0


@dataclass(frozen=True, slots=True)
class Clause:
    field: str
    term: str
    boost: float
    # How many playbooks hold the word this clause stands for, in this group of
    # fields: for stems, summed over the languages (each language stems the
    # word its own way), so "live" is as common in French playbooks as anywhere.
    frequency: int = 0

    @property
    def group(self) -> str:
        return self.field.split("_", 1)[0]


@dataclass(frozen=True, slots=True)
class BuiltQuery:
    query: wq.Query  # what is scored: very common words may be left out
    word_of: Mapping[tuple[str, bytes], set[int]]  # (field, term) -> the query words it stands for
    word_count: int
    complete: wq.Query | None = None  # every word's terms, when `query` left some out
    # `query` holds only the rarer words (rather than every word, in titles only):
    # what it misses matches common words alone, worth asking for only if it found nothing.
    kept_rare_words: bool = False

    def coordination(self, matched_terms: Iterable[tuple[str, bytes]]) -> float:
        """The share of the query's words a document matched, to the power COORDINATION.

        Scores add up over words, so a document stuffed with one of the words can
        outscore the one that has them all; this puts the latter back on top."""
        if self.word_count <= 1:
            return 1.0
        words: set[int] = set()
        for term in matched_terms:
            words |= self.word_of.get(term, set())
        return float((len(words) / self.word_count) ** COORDINATION)


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
        df = self.doc_frequency
        clauses: list[Clause] = []
        stems = self.stems(word)
        for group in GROUPS:
            frequency = sum(
                max((df(f"{group}_{lang}", s) for s in forms), default=0)
                for lang, forms in stems.items()
            )
            for lang, forms in stems.items():
                for stem in forms:
                    clauses.append(Clause(f"{group}_{lang}", stem, GROUP_BOOSTS[group], frequency))
        # A two-letter start matches half the vocabulary: only worth it on its own.
        if prefix and len(word) >= (MIN_PREFIX if alone else MIN_PREFIX + 1):
            start = word[:MAX_PREFIX]
            for name, boost in PREFIX_BOOSTS.items():
                clauses.append(Clause(name, start, boost, df(name, start)))
        if word not in self.vocabulary:  # a known word is taken as meant
            for near, distance in self.vocabulary.near(word):
                for name, boost in FUZZY_BOOSTS.items():
                    boost *= FUZZY_FACTOR[distance]
                    clauses.append(Clause(name, near, boost, df(name, near)))
        return clauses

    def build(self, parsed: ParsedQuery, words: Sequence[str] | None = None) -> BuiltQuery | None:
        chosen = list(dict.fromkeys(words if words is not None else parsed.words))
        alone = len(chosen) == 1
        per_word = [
            self.word_clauses(w, prefix=i == len(chosen) - 1 and parsed.prefix_last, alone=alone)
            for i, w in enumerate(chosen)
        ]
        # Terms no playbook holds cost nothing to leave out; words left without any
        # term cannot be matched and do not count.
        held = [[c for c in cs if self.doc_frequency(c.field, c.term)] for cs in per_word]
        present = [cs for cs in held if cs]
        if not present:
            return None
        kept = self._ranking_clauses(present)
        word_of: dict[tuple[str, bytes], set[int]] = {}
        for i, cs in enumerate(present):
            for c in cs:
                word_of.setdefault((c.field, c.term.encode("utf-8")), set()).add(i)
        complete = _or_of_words(present, self.doc_count)
        query = _or_of_words(kept, self.doc_count) if kept != present else complete
        kept_rare = any(
            c.frequency <= COMMON_SHARE[c.group] * self.doc_count for cs in kept for c in cs
        )
        return BuiltQuery(
            query, word_of, len(present), None if kept == present else complete, kept_rare
        )

    def _ranking_clauses(self, present: list[list[Clause]]) -> list[list[Clause]]:
        """The clauses worth scoring: very common words say little about which
        playbook is meant and cost the most to score, so they are left out of the
        ranking when the query has rarer words (coordination still counts them)."""
        if not self.doc_count:
            return present
        common = {
            c for cs in present for c in cs if c.frequency > COMMON_SHARE[c.group] * self.doc_count
        }
        if any(c not in common for cs in present for c in cs):
            return [[c for c in cs if c not in common] for cs in present]
        # Nothing rarer: rank by titles and keywords, leaving out the body text,
        # where such words are everywhere and scoring them costs most.
        if any(c.group == "head" for cs in present for c in cs):
            return [[c for c in cs if c.group == "head"] for cs in present]
        return present


def _or_of_words(per_word: list[list[Clause]], doc_count: int) -> wq.Query:
    """Each clause weighted by its boost and the rarity of its word (the idf is
    applied here, where words are known, rather than per term by the scorer)."""
    parts = [
        wq.Or(
            [
                wq.Term(c.field, c.term, boost=c.boost * robertson_idf(doc_count, c.frequency))
                for c in cs
            ]
        )
        for cs in per_word
        if cs
    ]
    return parts[0] if len(parts) == 1 else wq.Or(parts)


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
