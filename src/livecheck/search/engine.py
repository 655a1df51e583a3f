"""Searching the library: the interface callers use, and its Whoosh implementation.

Callers (CLI, TUI, drills, benchmarks) use `SearchEngine` only, so the
engine behind it could change without touching them.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from whoosh import query as wq
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.index import FileIndex

from livecheck.search.analysis import PLAIN, STEMMED_LANGUAGES, fold
from livecheck.search.index import IndexCorrupt, IndexStore, Progress, RefreshReport
from livecheck.search.query import Filters, ParsedQuery, QueryBuilder, filter_query, parse_query
from livecheck.search.scoring import PlaybookBM25
from livecheck.search.snippets import Snippet, WordMatcher, best_snippet
from livecheck.search.vocabulary import Vocabulary

DEFAULT_TIME_LIMIT = 0.5  # seconds; a query that takes longer returns what it has


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
class SearchResponse:
    query: str
    hits: tuple[SearchHit, ...] = ()
    suggestion: str | None = None  # a corrected query, when the typed one found nothing
    corrected: bool = False  # the hits are for `suggestion`, not for `query`
    timed_out: bool = False
    took_ms: float = 0.0
    filters: Filters = field(default_factory=Filters)


class SearchEngine(Protocol):
    def refresh(
        self, *, rebuild: bool = False, progress: Progress | None = None
    ) -> RefreshReport: ...

    def search(
        self, text: str, *, limit: int = 10, filters: Filters | None = None
    ) -> SearchResponse: ...


@dataclass(slots=True)
class _ReaderState:
    """One thread's searcher and what was derived from its index generation."""

    generation: str
    ix: FileIndex
    searcher: Any
    builder: QueryBuilder
    known: dict[str, list[str]]


class WhooshSearch:
    """The Whoosh-backed SearchEngine. Safe to share between threads: each thread
    gets its own searcher (Whoosh searchers are not thread-safe)."""

    def __init__(
        self,
        index_dir: Path,
        roots: Sequence[Path],
        *,
        time_limit: float = DEFAULT_TIME_LIMIT,
        today: dt.date | None = None,
    ) -> None:
        self.store = IndexStore(index_dir)
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.time_limit = time_limit
        self.today = today
        self._local = threading.local()

    # -- lifecycle -------------------------------------------------------------

    def refresh(self, *, rebuild: bool = False, progress: Progress | None = None) -> RefreshReport:
        return self.store.refresh(self.roots, rebuild=rebuild, progress=progress)

    def close(self) -> None:
        state: _ReaderState | None = getattr(self._local, "state", None)
        if state is not None:
            state.searcher.close()
            self._local.state = None

    def _state(self) -> _ReaderState:
        """This thread's searcher, reopened when the index changed underneath it."""
        state: _ReaderState | None = getattr(self._local, "state", None)
        generation = self.store.current_generation()
        if state is not None and generation is not None and state.generation == generation.name:
            if state.searcher.up_to_date():
                return state
            state.searcher = state.searcher.refresh()
            state.builder, state.known = _derived(state.searcher)
            return state
        if state is not None:
            state.searcher.close()
        ix, _ = self.store.open()  # raises IndexCorrupt
        searcher = ix.searcher(weighting=PlaybookBM25())
        builder, known = _derived(searcher)
        state = _ReaderState(self.store.current_generation().name, ix, searcher, builder, known)  # type: ignore[union-attr]
        self._local.state = state
        return state

    # -- searching ---------------------------------------------------------------

    def search(
        self, text: str, *, limit: int = 10, filters: Filters | None = None
    ) -> SearchResponse:
        """Ranked playbooks for `text`. Rebuilds a damaged index rather than failing."""
        start = time.perf_counter()
        try:
            response = self._search(text, limit, filters or Filters())
        except (IndexCorrupt, EOFError, OSError, ValueError, KeyError, IndexError, _struct_error()):
            self.close()
            self.refresh(rebuild=True)
            response = self._search(text, limit, filters or Filters())
        return replace(response, took_ms=(time.perf_counter() - start) * 1000)

    def _search(self, text: str, limit: int, extra: Filters) -> SearchResponse:
        parsed = parse_query(text)
        filters = parsed.filters.merged(extra)
        state = self._state()
        response = self._run(state, parsed, parsed.words, filters, limit)
        if response.hits or parsed.empty:
            return response
        corrected = [state.builder.vocabulary.suggest(w) or w for w in parsed.words]
        if corrected == list(parsed.words):
            return response
        retry = self._run(state, parsed, tuple(corrected), filters, limit)
        suggestion = " ".join(corrected)
        return replace(retry, suggestion=suggestion, corrected=bool(retry.hits))

    def _run(
        self,
        state: _ReaderState,
        parsed: ParsedQuery,
        words: Sequence[str],
        filters: Filters,
        limit: int,
    ) -> SearchResponse:
        query = state.builder.build(parsed, words)
        only = filter_query(filters, state.known)
        if query is None:
            if only is None:
                return SearchResponse(parsed.text, filters=filters)
            query = wq.Every()
        collector = TimeLimitCollector(
            state.searcher.collector(limit=limit * 2, filter=only),
            timelimit=self.time_limit,
            use_alarm=False,  # alarms only work in the main thread; searches run in workers
        )
        timed_out = False
        try:
            state.searcher.search_with_collector(query, collector)
        except TimeLimit:
            timed_out = True
        results = collector.results()
        matcher = self._matcher(state, parsed, words)
        hits = _collapse_translations(results, limit, self.today or dt.date.today(), matcher)
        return SearchResponse(parsed.text, tuple(hits), timed_out=timed_out, filters=filters)

    def _matcher(
        self, state: _ReaderState, parsed: ParsedQuery, words: Sequence[str]
    ) -> WordMatcher:
        vocabulary = state.builder.vocabulary
        near = [n for w in words if w not in vocabulary for n, _ in vocabulary.near(w)]
        prefix = words[-1] if parsed.prefix_last and words and len(words[-1]) >= 2 else None
        return WordMatcher.for_words([*words, *near], prefix)


def _struct_error() -> type[Exception]:
    import struct

    return struct.error


def _derived(searcher: Any) -> tuple[QueryBuilder, dict[str, list[str]]]:
    """The vocabulary, languages and filter values of the searcher's index."""
    reader = searcher.reader()

    def words() -> set[str]:
        found: set[str] = set()
        for name in ("head_raw", "body_raw"):
            found.update(
                t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.lexicon(name)
            )
        return found

    known = {
        key: sorted(t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.lexicon(name))
        for key, name in (
            ("category", "category"),
            ("severity", "severity"),
            ("lang", "lang"),
            ("tag", "tag"),
        )
    }
    present = set(known["lang"])
    languages = [lang for lang in STEMMED_LANGUAGES if lang in present]
    if present - set(STEMMED_LANGUAGES):
        languages.append(PLAIN)
    builder = QueryBuilder(
        Vocabulary(
            words,
            contains=lambda w: any(reader.doc_frequency(f, w) for f in ("head_raw", "body_raw")),
        ),
        languages or list(STEMMED_LANGUAGES),
        doc_frequency=lambda field, term: int(reader.doc_frequency(field, term)),
        doc_count=int(reader.doc_count_all()),
    )
    return builder, known


def _collapse_translations(
    results: Any, limit: int, today: dt.date, matcher: WordMatcher
) -> list[SearchHit]:
    """One hit per playbook id (its best language); the others are noted."""
    best: dict[str, SearchHit] = {}
    order: list[str] = []
    for hit in results:
        facts = hit["facts"]
        pid = facts["id"]
        if pid in best:
            kept = best[pid]
            best[pid] = replace(kept, other_langs=(*kept.other_langs, facts["lang"]))
            continue
        if len(order) >= limit:
            continue
        order.append(pid)
        best[pid] = _hit(hit, facts, today, matcher)
    return [best[pid] for pid in order]


def _hit(hit: Any, facts: dict[str, Any], today: dt.date, matcher: WordMatcher) -> SearchHit:
    reviewed = dt.date.fromisoformat(facts["reviewed"])
    stale = today > reviewed + dt.timedelta(days=facts["review_every_days"])
    return SearchHit(
        id=facts["id"],
        lang=facts["lang"],
        title=facts["title"],
        category=facts["category"],
        severity=facts["severity"],
        stale=stale,
        score=float(hit.score or 0.0),
        snippet=best_snippet(facts["passages"], matcher),
        path=hit["path"],
    )


def fold_filters(filters: Filters) -> Filters:
    return Filters(**{k: fold(v) for k, v in filters.as_dict().items()})
