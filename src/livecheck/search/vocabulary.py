"""The library's own words, unstemmed: for typo tolerance and "did you mean".

Whoosh's FuzzyTerm runs on whatever the field holds, and on stemmed fields it
never matches (`certificte` -> `certifict` vs the stem `certif`), so typos are
resolved here against unstemmed words with rapidfuzz, and the query then asks
for those exact words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

NEAR_LIMIT = 4


def max_typos(word: str) -> int:
    """Edits allowed in a word: none under 4 letters, 1 from 4, 2 from 8."""
    if len(word) >= 8:
        return 2
    return 1 if len(word) >= 4 else 0


class Vocabulary:
    """The words, loaded on first use: most first searches never need them, and
    reading a large library's word list is a visible part of a warm start."""

    def __init__(
        self,
        load: Callable[[], Iterable[str]] | Iterable[str],
        contains: Callable[[str], bool] | None = None,
    ) -> None:
        self._load = load if callable(load) else (lambda: load)
        self._contains = contains  # a cheaper membership test than loading every word
        self._words: frozenset[str] | None = None
        self._by_length: dict[int, list[str]] = {}
        self._all: list[str] = []
        self._near: dict[str, list[tuple[str, int]]] = {}

    @property
    def words(self) -> frozenset[str]:
        if self._words is None:
            words = frozenset(w for w in self._load() if any(c.isalpha() for c in w))
            self._all = sorted(words)
            # In order, so that words equally near are chosen the same way in
            # every process (set order changes with each run's hash seed).
            by_length: dict[int, list[str]] = defaultdict(list)
            for w in self._all:
                by_length[len(w)].append(w)
            self._by_length = dict(by_length)
            self._words = words
        return self._words

    def _lengths(self) -> dict[int, list[str]]:
        self.words  # noqa: B018 - loading the words fills the length buckets
        return self._by_length

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if self._words is None and self._contains is not None:
            return self._contains(word)
        return word in self.words

    def __len__(self) -> int:
        return len(self.words)

    def near(self, word: str) -> list[tuple[str, int]]:
        """Words within the allowed number of edits (transpositions count as one)."""
        found = self._near.get(word)
        if found is None:
            if len(self._near) > 1024:  # a long session types many words
                self._near.clear()
            found = self._near[word] = self._find_near(word)
        return found

    def _find_near(self, word: str) -> list[tuple[str, int]]:
        limit = max_typos(word)
        if not limit:
            return []
        by_length = self._lengths()
        candidates = [
            w for n in range(len(word) - limit, len(word) + limit + 1) for w in by_length.get(n, ())
        ]
        found = process.extract(
            word, candidates, scorer=OSA.distance, score_cutoff=limit, limit=NEAR_LIMIT + 1
        )
        return [(w, int(d)) for w, d, _ in found if w != word][:NEAR_LIMIT]

    def suggest(self, word: str) -> str | None:
        """The closest known word, for a word that is not in the library at all."""
        if word in self.words or len(word) < 3:
            return None
        found = process.extractOne(word, self._all, scorer=fuzz.ratio, score_cutoff=66)
        return found[0] if found else None
