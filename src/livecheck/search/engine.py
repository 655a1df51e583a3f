"""Searching the library: the interface callers use, and its Whoosh implementation.

Callers (CLI, TUI, drills, benchmarks) use `SearchEngine` only, so the
engine behind it could change without touching them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import pickle
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from whoosh import query as wq
from whoosh.collectors import FilterCollector, TimeLimit
from whoosh.index import FileIndex
from whoosh.reading import TermNotFound

from livecheck.search.analysis import MIN_PREFIX, PLAIN, STEMMED_LANGUAGES, STOP_WORDS
from livecheck.search.hits import Filters, PlaybookVersion, SearchHit, SearchResponse
from livecheck.search.index import (
    MEMORY,
    IndexCorrupt,
    IndexStore,
    OnPlaybook,
    Progress,
    RefreshReport,
)
from livecheck.search.lexicon import Lexicon, bundled_lexicon
from livecheck.search.query import (
    BuiltQuery,
    ParsedQuery,
    QueryBuilder,
    filter_query,
    parse_query,
)
from livecheck.search.scoring import PlaybookBM25
from livecheck.search.snippets import AdjacencyScorer, WordMatcher, best_snippet
from livecheck.search.vocabulary import Vocabulary

__all__ = ["PlaybookVersion", "SearchEngine", "SearchHit", "SearchResponse", "WhooshSearch"]

DEFAULT_TIME_LIMIT = 0.5  # seconds; a query that takes longer returns what it has
RECHECK_SECONDS = 1.0
RERANK_POOL = 30  # candidates rescored for how many of the query's words they match


class SearchEngine(Protocol):
    def refresh(
        self, *, rebuild: bool = False, progress: Progress | None = None
    ) -> RefreshReport: ...

    def search(
        self, text: str, *, limit: int = 10, filters: Filters | None = None
    ) -> SearchResponse: ...


@dataclass(slots=True)
class _Generation:
    """One index generation as last seen on disk, and what was derived from it
    (vocabulary, languages, filter values), shared by every thread."""

    name: str
    toc: int  # Whoosh's TOC generation: incremental updates change it, not the name
    ix: FileIndex
    builder: QueryBuilder
    known: dict[str, list[str]]
    checked_at: float = 0.0  # monotonic time the index on disk was last compared
    refreshes_seen: int = 0
    free: list[Any] = field(default_factory=list)  # searchers no thread is using
    # Column readers per searcher: opening one reads the offsets of every document.
    columns: dict[tuple[int, str], Any] = field(default_factory=dict)


@dataclass(slots=True)
class _ReaderState:
    """A searcher lent to one thread for one search, with its generation's facts."""

    generation: _Generation
    searcher: Any

    @property
    def builder(self) -> QueryBuilder:
        return self.generation.builder

    @property
    def known(self) -> dict[str, list[str]]:
        return self.generation.known

    def column(self, name: str) -> Any:
        """The searcher's reader of column `name`, kept with the searcher."""
        key = (id(self.searcher), name)
        found = self.generation.columns.get(key)
        if found is None:
            found = self.generation.columns[key] = self.searcher.reader().column_reader(name)
        return found


class WhooshSearch:
    """The Whoosh-backed SearchEngine. Safe to share between threads: a searcher
    is lent to one thread at a time (Whoosh searchers are not thread-safe) and
    kept for the next search, whichever thread runs it (the TUI runs each search
    in a new worker thread: opening a searcher and deriving the vocabulary per
    keystroke cost more than the search)."""

    def __init__(
        self,
        index_dir: Path,
        roots: Sequence[Path],
        *,
        time_limit: float = DEFAULT_TIME_LIMIT,
        today: dt.date | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        self.store = IndexStore(index_dir)
        self.lexicon = lexicon  # None: the bundled one, loaded with the first searcher
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.time_limit = time_limit
        self.today = today
        self._lock = threading.Lock()
        self._opening = threading.Lock()
        self._generation: _Generation | None = None
        # The searcher lent to this thread: the vocabulary's term lookups use it.
        self._local = threading.local()
        self._refreshes = 0
        # One refresh at a time: two builds running together (the app's periodic
        # check during a slow first build) delete each other's generation folders.
        self._refresh_lock = threading.Lock()

    # -- lifecycle -------------------------------------------------------------

    def refresh(
        self,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        on_playbook: OnPlaybook | None = None,
    ) -> RefreshReport:
        with self._refresh_lock:
            report = self.store.refresh(
                self.roots, rebuild=rebuild, progress=progress, on_playbook=on_playbook
            )
            self._refreshes += 1  # the next search looks at the disk again
        return report

    @property
    def refreshing(self) -> bool:
        """A refresh is under way in some thread (a new one would wait for it)."""
        return self._refresh_lock.locked()

    def close(self) -> None:
        with self._lock:
            generation, self._generation = self._generation, None
        if generation is not None:
            self._retire(generation)

    def warm_up(self) -> None:
        """Open a searcher, load the thesaurus and the library's words, and run one
        search: what the first query would otherwise wait for (call from a worker)."""
        with self._reading() as state:
            state.builder.vocabulary.words  # noqa: B018 - loads the words
        self.search("warm up")

    @contextlib.contextmanager
    def _reading(self) -> Iterator[_ReaderState]:
        state = self._checkout()
        self._local.searcher = state.searcher
        try:
            yield state
        finally:
            self._local.searcher = None
            self._checkin(state)

    def _checkout(self) -> _ReaderState:
        """A searcher for this thread on the live generation, reopened when the index
        changed underneath.

        Looking at the disk costs a file read and a directory listing, so it is
        done after our own refreshes and otherwise at most every RECHECK_SECONDS
        (another process's update shows up that much later)."""
        state = self._from_current()
        if state is not None:
            return state
        with self._opening:  # one thread opens a generation; the others then share it
            state = self._from_current()
            if state is not None:
                return state
            return self._open_generation()

    def _from_current(self) -> _ReaderState | None:
        now = time.monotonic()
        with self._lock:
            generation = self._generation
            if generation is not None and (
                generation.refreshes_seen != self._refreshes
                or now - generation.checked_at >= RECHECK_SECONDS
            ):
                current = self.store.live_name()
                if (
                    current == generation.name
                    # an index held in memory is replaced, not renamed
                    and (current != MEMORY or self.store.open()[0] is generation.ix)
                    and generation.ix.latest_generation() == generation.toc
                ):
                    generation.checked_at, generation.refreshes_seen = now, self._refreshes
                else:
                    self._retire(generation)
                    generation = None
            if generation is None:
                return None
            if generation.free:
                return _ReaderState(generation, generation.free.pop())
        return _ReaderState(generation, generation.ix.searcher(weighting=PlaybookBM25()))

    def _open_generation(self) -> _ReaderState:
        # A new generation (or the same one updated): new searchers, not
        # searcher.refresh(): that reuses segment readers, and Whoosh records
        # deletions in a segment without changing its name, so a refreshed
        # searcher would keep showing replaced and deleted playbooks.
        now = time.monotonic()
        ix, _ = self.store.open()  # raises IndexCorrupt
        searcher = ix.searcher(weighting=PlaybookBM25())
        if self.lexicon is None:
            self.lexicon = bundled_lexicon()
        builder, known = _derived(searcher, self.lexicon, self._lent_reader)
        name = self.store.live_name() or ""
        generation = _Generation(
            name, searcher.reader().generation(), ix, builder, known, now, self._refreshes
        )
        with self._lock:
            if self._generation is not None:
                self._retire(self._generation)
            self._generation = generation
        return _ReaderState(generation, searcher)

    def _checkin(self, state: _ReaderState) -> None:
        with self._lock:
            if state.generation is self._generation:
                state.generation.free.append(state.searcher)
                return
        for name in ("identity", "headline"):
            state.generation.columns.pop((id(state.searcher), name), None)
        state.searcher.close()

    def _retire(self, generation: _Generation) -> None:
        for searcher in generation.free:
            searcher.close()
        generation.free.clear()
        generation.columns.clear()
        if self._generation is generation:
            self._generation = None

    def _lent_reader(self) -> Any:
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:  # a vocabulary looked at outside a search: borrow one
            raise RuntimeError("the vocabulary is used only during a search")
        return searcher.reader()

    # -- searching ---------------------------------------------------------------

    def versions_of(self, playbook_id: str) -> list[PlaybookVersion]:
        """The language versions of one playbook, by language."""
        with self._reading() as state:
            found = state.searcher.search(wq.Term("pid", playbook_id), limit=None)
            versions = [
                PlaybookVersion(
                    h["facts"]["id"], h["facts"]["lang"], h["facts"]["title"], h["path"]
                )
                for h in found
            ]
        return sorted(versions, key=lambda v: v.lang)

    def search(
        self, text: str, *, limit: int = 10, filters: Filters | None = None
    ) -> SearchResponse:
        """Ranked playbooks for `text`. Rebuilds a damaged index rather than failing."""
        if limit < 1:
            raise ValueError("limit must be at least 1")
        start = time.perf_counter()
        try:
            response = self._search(text, limit, filters or Filters())
        except _DAMAGE:
            self.close()
            self.refresh(rebuild=True)
            response = self._search(text, limit, filters or Filters())
        return replace(response, took_ms=(time.perf_counter() - start) * 1000)

    def _search(self, text: str, limit: int, extra: Filters) -> SearchResponse:
        parsed = parse_query(text)
        filters = parsed.filters.merged(extra)
        with self._reading() as state:
            return self._search_with(state, parsed, filters, limit)

    def _search_with(
        self, state: _ReaderState, parsed: ParsedQuery, filters: Filters, limit: int
    ) -> SearchResponse:
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
        built = state.builder.build(parsed, words)
        only = filter_query(filters, state.known)
        if built is None and (only is None or words):  # words, but none found anywhere
            return SearchResponse(parsed.text, filters=filters)
        query = built.query if built else wq.Every()
        reranked = built is not None and built.word_count > 1
        found, timed_out = self._collect(state, query, only, limit, reranked)
        enough = 1 if built is not None and built.kept_rare_words else limit
        if built is not None and built.complete is not None and found.scored_length() < enough:
            # Leaving the common words out found too little: ask for everything.
            found, timed_out = self._collect(state, built.complete, only, limit, reranked)
        # Not list(found): len() of Whoosh Results re-runs the query to count every match.
        results = [found[i] for i in range(found.scored_length())]
        if reranked:
            assert built is not None
            scores = _reranked(
                results, built, words, state.searcher.reader(), state.column("headline")
            )
            results.sort(key=lambda h: -scores[h.docnum])
        else:
            scores = {h.docnum: h.score for h in results}
        matcher = self._matcher(state, parsed, words)
        if built is not None and built.also:
            # A playbook found through the thesaurus shows the word it uses instead.
            matcher = matcher.or_else(WordMatcher.for_words(built.also))
        hits = _collapse_translations(
            results,
            scores,
            limit,
            self.today or dt.date.today(),
            matcher,
            # Not read for no results: an index that never held a playbook has no column.
            state.column("identity") if results else None,
        )
        return SearchResponse(parsed.text, tuple(hits), timed_out=timed_out, filters=filters)

    def _collect(
        self,
        state: _ReaderState,
        query: wq.Query,
        only: wq.Query | None,
        limit: int,
        reranked: bool,
    ) -> tuple[Any, bool]:
        top = state.searcher.collector(limit=max(RERANK_POOL, limit * 2) if reranked else limit * 2)
        # Whoosh swaps in "more efficient" matchers as the minimum score rises,
        # and with these scorers that drops documents that belong in the top N
        # (3 of 1,048 evaluation queries on a 3,000-playbook library).
        top.replace = 0
        collector = _BoundedCollector(
            top,
            allow=only,
            deadline=time.monotonic() + self.time_limit,
        )
        timed_out = False
        try:
            state.searcher.search_with_collector(query, collector)
        except TimeLimit:
            timed_out = True
        return collector.results(), timed_out

    def _matcher(
        self, state: _ReaderState, parsed: ParsedQuery, words: Sequence[str]
    ) -> WordMatcher:
        vocabulary = state.builder.vocabulary
        # Stop words ("de", "the") are not searched, so they are not highlighted.
        meant = [w for w in words if w not in STOP_WORDS]
        near = [n for w in meant if w not in vocabulary for n, _ in vocabulary.near(w)]
        # Two letters after other words were looked for in titles and keywords
        # only: highlighting every "ha" of a summary would show what was not searched.
        shortest = MIN_PREFIX if len(set(words)) == 1 else MIN_PREFIX + 1
        prefix = words[-1] if parsed.prefix_last and words and len(words[-1]) >= shortest else None
        return WordMatcher.for_words([*meant, *near], prefix, count=len(set(meant)) or 1)


# What Whoosh raises from a damaged or half-written index: bare low-level errors.
_DAMAGE = (
    IndexCorrupt,
    EOFError,
    OSError,
    KeyError,
    IndexError,
    struct.error,
    zlib.error,
    pickle.UnpicklingError,
)


def _derived(
    searcher: Any, lexicon: Lexicon, lent: Callable[[], Any]
) -> tuple[QueryBuilder, dict[str, list[str]]]:
    """The vocabulary, languages and filter values of the searcher's index. They
    are shared by every searcher of the generation: term lookups go through
    `lent()`, the reader of the searcher lent to the calling thread."""
    reader = searcher.reader()

    def words() -> set[str]:
        found: set[str] = set()
        for name in ("head_raw", "body_raw"):
            found.update(
                t.decode("utf-8") if isinstance(t, bytes) else t for t in lent().lexicon(name)
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
            contains=lambda w: any(lent().doc_frequency(f, w) for f in ("head_raw", "body_raw")),
        ),
        languages or list(STEMMED_LANGUAGES),
        doc_frequency=lambda field, term: int(lent().doc_frequency(field, term)),
        doc_count=int(reader.doc_count_all()),
        thesaurus=lexicon.thesaurus,
        everyday=lexicon.everyday,
    )
    return builder, known


class _BoundedCollector(FilterCollector):  # type: ignore[misc]
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


def _reranked(
    results: list[Any], built: BuiltQuery, words: Sequence[str], reader: Any, headlines: Any
) -> dict[int, float]:
    """Scores of the candidates once coordination and adjacency are counted."""
    adjacency = AdjacencyScorer(words)
    matched = _matched_terms(reader, built, [h.docnum for h in results])
    return {
        h.docnum: h.score
        * built.coordination(matched[h.docnum])
        * adjacency.bonus(headlines[h.docnum].decode("utf-8"))
        for h in results
    }


def _matched_terms(
    reader: Any, built: BuiltQuery, docnums: list[int]
) -> dict[int, set[tuple[str, bytes]]]:
    """Which of the query's terms each candidate holds, by skipping through each
    term's postings to the candidates only (Whoosh's terms=True would record
    them for every matching document)."""
    found: dict[int, set[tuple[str, bytes]]] = {d: set() for d in docnums}
    ordered = sorted(docnums)
    for field_name, term in built.terms:
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


def _collapse_translations(
    results: Any,
    scores: dict[int, float],
    limit: int,
    today: dt.date,
    matcher: WordMatcher,
    identities: Any,
) -> list[SearchHit]:
    """One hit per playbook id (its best language); the others are noted."""
    best: dict[str, SearchHit] = {}
    order: list[str] = []
    for hit in results:
        pid, lang = identities[hit.docnum].decode("utf-8").split("\t")
        if pid in best:
            kept = best[pid]
            if lang != kept.lang and lang not in kept.other_langs:
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
    stale = today > reviewed + dt.timedelta(days=facts["review_every_days"])
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
