"""The Whoosh-backed search engine (`api.SearchEngine`): searchers lent to one
thread at a time, and a search from the typed text to its hits."""

from __future__ import annotations

import contextlib
import datetime as dt
import pickle
import string
import struct
import threading
import time
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from whoosh import query as wq

from livecheck.i18n.catalog import interface_language
from livecheck.search.analysis import MIN_PREFIX, STOP_WORDS
from livecheck.search.api import OnPlaybook, Progress, RefreshReport
from livecheck.search.api import SearchEngine as SearchEngine
from livecheck.search.catalog import root_names
from livecheck.search.hits import Filters, PlaybookVersion, SearchHit, SearchResponse
from livecheck.search.index import MEMORY, IndexCorrupt, IndexStore
from livecheck.search.lexicon import Lexicon, bundled_lexicon
from livecheck.search.query import ParsedQuery, parse_query
from livecheck.search.results import RERANK_POOL, collapse_translations, collect, reranked
from livecheck.search.scoring import PlaybookBM25
from livecheck.search.searchers import Generation, Lent, derived
from livecheck.search.snippets import WordMatcher
from livecheck.search.thesaurus_keys import FILE_NAME as THESAURUS_KEYS
from livecheck.search.thesaurus_keys import load_keys, save_keys
from livecheck.search.whoosh_query import complete_query, filter_query, ranking_query

__all__ = ["PlaybookVersion", "SearchEngine", "SearchHit", "SearchResponse", "WhooshSearch"]

DEFAULT_TIME_LIMIT = 0.5  # seconds; a query that takes longer returns what it has
RECHECK_SECONDS = 1.0
RESPONSES_KEPT = 256  # per index generation


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
        self._generation: Generation | None = None
        # The searcher lent to this thread: the vocabulary's term lookups use it.
        self._local = threading.local()
        self._refreshes = 0
        # One refresh at a time: two builds running together (the app's periodic
        # check during a slow first build) delete each other's generation folders.
        self._refresh_lock = threading.Lock()
        self._keys_kept = False  # the thesaurus's keys are in (and read from) their file

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
            if not self._keys_kept:
                # Once per data folder and thesaurus: the next processes' first
                # queries read the thesaurus's keys rather than stem it again.
                self._keys_kept = load_keys(self._keys_path, self._lexicon().thesaurus)
                if not self._keys_kept:
                    save_keys(self._keys_path, self._lexicon().thesaurus)
                    self._keys_kept = True
        return report

    def _lexicon(self) -> Lexicon:
        if self.lexicon is None:
            self.lexicon = bundled_lexicon()
        return self.lexicon

    @property
    def _keys_path(self) -> Path:
        return self.store.directory / THESAURUS_KEYS

    def searchable(self) -> bool:
        """An index of these playbook folders, in the current format, is on disk (last
        time's): it can be searched while `refresh` checks the files against it."""
        try:
            _, catalog = self.store.open()
        except IndexCorrupt:
            return False
        return bool(catalog.roots == root_names(self.roots))

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
            state.planner.vocabulary.words  # noqa: B018 - loads the words
        self.search("warm up")
        self.warm_caches()

    def warm_caches(self) -> None:
        """Pay now what a query would otherwise pay the first time it meets it
        (part of `warm_up`): the thesaurus keys its rules a
        first letter at a time, tens of milliseconds each, and typed once each,
        350 queries on 1,000 playbooks met a new first letter often enough to set
        the slowest percentile. A letter at a time, letting other threads run
        between them (the app's searches go first)."""
        with self._reading() as state:
            thesaurus = state.planner.thesaurus
        for first in string.ascii_lowercase + string.digits:
            thesaurus.alternatives([first])
            time.sleep(0.001)
        if not self._keys_kept:
            save_keys(self._keys_path, thesaurus)
            self._keys_kept = True

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Lent]:
        state = self._checkout()
        self._local.searcher = state.searcher
        try:
            yield state
        finally:
            self._local.searcher = None
            self._checkin(state)

    def _checkout(self) -> Lent:
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

    def _from_current(self) -> Lent | None:
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
                return Lent(generation, generation.free.pop())
        return Lent(generation, generation.ix.searcher(weighting=PlaybookBM25()))

    def _open_generation(self) -> Lent:
        # A new generation (or the same one updated): new searchers, not
        # searcher.refresh(): that reuses segment readers, and Whoosh records
        # deletions in a segment without changing its name, so a refreshed
        # searcher would keep showing replaced and deleted playbooks.
        now = time.monotonic()
        ix, _ = self.store.open()  # raises IndexCorrupt
        searcher = ix.searcher(weighting=PlaybookBM25())
        lexicon = self._lexicon()
        if not self._keys_kept:  # what the first queries would otherwise stem
            self._keys_kept = load_keys(self._keys_path, lexicon.thesaurus)
        planner, known = derived(searcher, lexicon, self._lent_reader)
        name = self.store.live_name() or ""
        generation = Generation(
            name, searcher.reader().generation(), ix, planner, known, now, self._refreshes
        )
        with self._lock:
            if self._generation is not None:
                self._retire(self._generation)
            self._generation = generation
        return Lent(generation, searcher)

    def _checkin(self, state: Lent) -> None:
        with self._lock:
            if state.generation is self._generation:
                state.generation.free.append(state.searcher)
                return
        for name in ("identity", "headline"):
            state.generation.columns.pop((id(state.searcher), name), None)
        state.searcher.close()

    def _retire(self, generation: Generation) -> None:
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
            # The same words, filters and limit on the same index generation, the
            # same day, give the same response: as-you-type search asks for the same
            # first letters ("s", "st") query after query, and a backspace asks again.
            key = (parsed, filters, limit, self.today or dt.date.today(), interface_language())
            responses = state.generation.responses
            found = responses.get(key)
            if found is not None:
                return found  # type: ignore[no-any-return]
            response = self._search_with(state, parsed, filters, limit)
            if not response.timed_out:  # a search cut short is not the answer
                if len(responses) >= RESPONSES_KEPT:
                    responses.clear()
                responses[key] = response
            return response

    def _search_with(
        self, state: Lent, parsed: ParsedQuery, filters: Filters, limit: int
    ) -> SearchResponse:
        response = self._run(state, parsed, parsed.words, filters, limit)
        if response.hits or parsed.empty:
            return response
        corrected = [state.planner.vocabulary.suggest(w) or w for w in parsed.words]
        if corrected == list(parsed.words):
            return response
        retry = self._run(state, parsed, tuple(corrected), filters, limit)
        suggestion = " ".join(corrected)
        return replace(retry, suggestion=suggestion, corrected=bool(retry.hits))

    def _run(
        self,
        state: Lent,
        parsed: ParsedQuery,
        words: Sequence[str],
        filters: Filters,
        limit: int,
    ) -> SearchResponse:
        plan = state.planner.plan(parsed, words)
        only = filter_query(filters, state.known)
        if plan is None and (only is None or words):  # words, but none found anywhere
            return SearchResponse(parsed.text, filters=filters)
        query = ranking_query(plan) if plan else wq.Every()
        rerank = plan is not None and plan.word_count > 1
        pool = max(RERANK_POOL, limit * 2) if rerank else limit * 2
        found, timed_out = collect(state.searcher, query, only, pool, self.time_limit)
        enough = 1 if plan is not None and plan.kept_rare_words else limit
        complete = complete_query(plan) if plan is not None else None
        if complete is not None and found.scored_length() < enough:
            # Leaving the common words out found too little: ask for everything.
            found, timed_out = collect(state.searcher, complete, only, pool, self.time_limit)
        # Not list(found): len() of Whoosh Results re-runs the query to count every match.
        results = [found[i] for i in range(found.scored_length())]
        if rerank:
            assert plan is not None
            scores = reranked(
                results, plan, words, state.searcher.reader(), state.column("headline")
            )
            results.sort(key=lambda h: -scores[h.docnum])
        else:
            scores = {h.docnum: h.score for h in results}
        matcher = self._matcher(state, parsed, words)
        if plan is not None and plan.also:
            # A playbook found through the thesaurus shows the word it uses instead.
            matcher = matcher.or_else(WordMatcher.for_words(plan.also))
        hits = collapse_translations(
            results,
            scores,
            limit,
            self.today or dt.date.today(),
            matcher,
            # Not read for no results: an index that never held a playbook has no column.
            state.column("identity") if results else None,
            # A playbook found in both languages is shown in the query's, else the interface's.
            prefer=parsed.lang or interface_language(),
        )
        return SearchResponse(parsed.text, tuple(hits), timed_out=timed_out, filters=filters)

    def _matcher(self, state: Lent, parsed: ParsedQuery, words: Sequence[str]) -> WordMatcher:
        vocabulary = state.planner.vocabulary
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
