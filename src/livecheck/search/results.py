"""From Whoosh's matches to hits: a bounded collection, the re-rank of the best
candidates (coordination and adjacency), one hit per playbook, and its snippet."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from whoosh import query as wq
from whoosh.collectors import FilterCollector, TimeLimit
from whoosh.reading import TermNotFound

from livecheck.playbook.model import review_due
from livecheck.search.hits import SearchHit
from livecheck.search.query_plan import QueryPlan
from livecheck.search.snippets import AdjacencyScorer, WordMatcher, best_snippet

RERANK_POOL = 30  # candidates rescored for how many of the query's words they match


def collect(
    searcher: Any, query: wq.Query, only: wq.Query | None, pool: int, time_limit: float
) -> tuple[Any, bool]:
    """The `pool` best matches of `query` among the documents `only` allows, and
    whether the time ran out first."""
    top = searcher.collector(limit=pool)
    # Whoosh swaps in "more efficient" matchers as the minimum score rises,
    # and with these scorers that drops documents that belong in the top N
    # (3 of 1,048 evaluation queries on a 3,000-playbook library).
    top.replace = 0
    collector = BoundedCollector(
        top,
        allow=only,
        deadline=time.monotonic() + time_limit,
    )
    timed_out = False
    try:
        searcher.search_with_collector(query, collector)
    except TimeLimit:
        timed_out = True
    return collector.results(), timed_out


class BoundedCollector(FilterCollector):  # type: ignore[misc]
    """Whoosh's filter, and a deadline checked as matches are collected.

    Whoosh's TimeLimitCollector cannot be combined with a filter (it collects
    past the FilterCollector), and its alarm only works in the main thread;
    searches here run in worker threads."""

    def __init__(self, child: Any, allow: Any, deadline: float) -> None:
        super().__init__(child, allow=allow)
        self.deadline = deadline

    def collect_matches(self) -> None:
        child, allow, deadline = self.child, self._allow, self.deadline
        for n, sub_docnum in enumerate(child.matches()):
            if n % 64 == 0 and time.monotonic() > deadline:
                raise TimeLimit
            if allow is not None and self.offset + sub_docnum not in allow:
                continue
            child.collect(sub_docnum)


def reranked(
    results: list[Any], plan: QueryPlan, words: Sequence[str], reader: Any, headlines: Any
) -> dict[int, float]:
    """Scores of the candidates once coordination and adjacency are counted."""
    adjacency = AdjacencyScorer(words)
    matched = _matched_terms(reader, plan, [h.docnum for h in results])
    return {
        h.docnum: h.score
        * plan.coordination(matched[h.docnum])
        * adjacency.bonus(headlines[h.docnum].decode("utf-8"))
        for h in results
    }


def _matched_terms(
    reader: Any, plan: QueryPlan, docnums: list[int]
) -> dict[int, set[tuple[str, bytes]]]:
    """Which of the query's terms each candidate holds, by skipping through each
    term's postings to the candidates only (Whoosh's terms=True would record
    them for every matching document)."""
    found: dict[int, set[tuple[str, bytes]]] = {d: set() for d in docnums}
    ordered = sorted(docnums)
    for field_name, term in plan.terms:
        try:
            postings = reader.postings(field_name, term)
        except TermNotFound:
            continue
        for docnum in ordered:
            if not postings.is_active():
                break
            if postings.id() < docnum:
                postings.skip_to(docnum)
            if postings.is_active() and postings.id() == docnum:
                found[docnum].add((field_name, term))
    return found


def collapse_translations(
    results: Any,
    scores: dict[int, float],
    limit: int,
    today: dt.date,
    matcher: WordMatcher,
    identities: Any,
    prefer: str | None = None,
) -> list[SearchHit]:
    """One hit per playbook id, at the rank of its best version; the others are
    noted. The version shown is the one in `prefer` (the query's language, else
    the interface's) when the search found it, else the best one."""
    best: dict[str, SearchHit] = {}
    order: list[str] = []
    for hit in results:
        pid, lang = identities[hit.docnum].decode("utf-8").split("\t")
        if pid in best:
            kept = best[pid]
            if lang == prefer and kept.lang != prefer:
                shown = _hit(hit, hit["facts"], kept.score, today, matcher)
                others = tuple(o for o in (kept.lang, *kept.other_langs) if o != lang)
                best[pid] = replace(shown, other_langs=others)
            elif lang != kept.lang and lang not in kept.other_langs:
                best[pid] = replace(kept, other_langs=(*kept.other_langs, lang))
            continue
        if len(order) >= limit:
            continue
        order.append(pid)
        best[pid] = _hit(hit, hit["facts"], scores[hit.docnum], today, matcher)
    return [best[pid] for pid in order]


def _hit(
    hit: Any, facts: dict[str, Any], score: float, today: dt.date, matcher: WordMatcher
) -> SearchHit:
    reviewed = dt.date.fromisoformat(facts["reviewed"])
    stale = today > review_due(reviewed, facts["review_every_days"])
    return SearchHit(
        id=facts["id"],
        lang=facts["lang"],
        title=facts["title"],
        category=facts["category"],
        severity=facts["severity"],
        stale=stale,
        score=float(score or 0.0),
        snippet=best_snippet(facts["passages"], matcher),
        path=hit["path"],
    )
