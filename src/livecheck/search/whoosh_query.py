"""A query plan (`plan.py`) as a Whoosh query, and filters as a Whoosh filter.

The query is built from Term objects only: user text never reaches Whoosh's
query parser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from whoosh import query as wq
from whoosh.matching import DisjunctionMaxMatcher

from livecheck.search.hits import Filters
from livecheck.search.query_plan import Clause, QueryPlan, robertson_idf


def ranking_query(plan: QueryPlan) -> wq.Query:
    """What is scored first: very common words may be left out."""
    return _or_of_words(plan.ranking, plan.doc_count)


def complete_query(plan: QueryPlan) -> wq.Query | None:
    """Every word's terms, when the ranking query left some out."""
    return None if plan.every is None else _or_of_words(plan.every, plan.doc_count)


def _or_of_words(per_word: Sequence[Sequence[Clause]], doc_count: int) -> wq.Query:
    """Each clause weighted by its boost and the rarity of its word (the idf is
    applied here, where words are known, rather than per term by the scorer).

    A word's other ways to say it count once, by the best of them: a playbook
    that uses three synonyms of "creator" is not three times about creators."""
    parts = [_word_query(cs, doc_count) for cs in per_word if cs]
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def _word_query(clauses: Sequence[Clause], doc_count: int) -> wq.Query:
    by_alternative: dict[int, dict[int, list[wq.Query]]] = {}
    for c in clauses:
        term = wq.Term(c.field, c.term, boost=c.boost * robertson_idf(doc_count, c.frequency))
        by_alternative.setdefault(c.alternative, {}).setdefault(c.part, []).append(term)
    typed = [t for terms in by_alternative.pop(0, {}).values() for t in terms]
    # A several-word alternative matches only where all its words are.
    others = [
        wq.And([wq.Or(t) for t in parts.values()]) if len(parts) > 1 else wq.Or(*parts.values())
        for parts in by_alternative.values()
    ]
    if others:
        best_other = others[0] if len(others) == 1 else BestOf(others)
        typed.append(best_other)
    return typed[0] if len(typed) == 1 else wq.Or(typed)


class _BestOfMatcher(DisjunctionMaxMatcher):  # type: ignore[misc]
    """Whoosh's DisjunctionMaxMatcher, scoring only the sub-matchers on the
    current document: Whoosh's takes the max of both sub-matchers' scores even
    when one of them is on another document, so every playbook holding any one
    alternative got the best alternative's score ("minor", "underage",
    "mineur": each playbook saying "minor" scored as the one saying "underage")."""

    def score(self) -> float:
        a, b = self.a, self.b
        if not a.is_active():
            return float(b.score())
        if not b.is_active():
            return float(a.score())
        if a.id() < b.id():
            return float(a.score())
        if b.id() < a.id():
            return float(b.score())
        return float(max(a.score(), b.score()))


class BestOf(wq.DisjunctionMax):  # type: ignore[misc]
    """A word's other ways to say it: each document scored by the best of those it holds."""

    def _matcher(self, subs: Any, searcher: Any, context: Any) -> Any:
        reader = searcher.reader()
        return self._tree_matcher(
            subs,
            _BestOfMatcher,
            searcher,
            context,
            lambda q: q.estimate_size(reader),
            tiebreak=self.tiebreak,
        )


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
