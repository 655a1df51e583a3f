"""The index's text fields, analysed in one pass.

Whoosh analyses a field through a chain of generators, one Token object and a
call per filter per word (a third of a build). `AnalyzedText` keeps the same
analyzer (it is what a query-time reader of the schema sees) but indexes a
value with plain loops that apply the very same rules, in the same order, so
the terms, frequencies, weights and field lengths are identical; a test
compares the two on every bundled and generated playbook.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from whoosh.fields import TEXT
from whoosh.system import pack_uint

from livecheck.search.analysis import (
    MAX_PREFIX,
    MIN_PREFIX,
    WORD_PATTERN,
    cached_stemmer,
    decode_weighted,
    fold_word,
)
from livecheck.search.analyzers import plain_analyzer, prefix_analyzer, stemming_analyzer
from livecheck.search.snowball import field_stop_words

_WORD = re.compile(WORD_PATTERN)
PLAIN, PREFIX, STEMMED = "plain", "prefix", "stemmed"


@dataclass(frozen=True, slots=True)
class Analysed:
    """A field value's terms, in order of first appearance, with each one's
    frequency and weight (boost applied): what `AnalyzedText.index` yields,
    compact enough to send from a worker process (build_worker.py)."""

    terms: list[str]
    freqs: array[int]
    weights: array[float]

    @property
    def length(self) -> int:
        return sum(self.freqs)


class AnalyzedText(TEXT):  # type: ignore[misc]
    """A TEXT field (frequencies, no positions) of one of three kinds: plain
    folded words, their starts (prefixes), or stems in one language."""

    def __init__(self, kind: str, lang: str = "") -> None:
        if kind == STEMMED:
            analyzer = stemming_analyzer(lang)
        else:
            analyzer = prefix_analyzer() if kind == PREFIX else plain_analyzer()
        super().__init__(analyzer=analyzer, phrase=False)
        self.kind = kind
        self.lang = lang

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if kwargs or not isinstance(value, str):
            return super().index(value, **kwargs)  # type: ignore[no-any-return]
        found = self.analyse(value)
        return (
            (word.encode("utf-8"), freq, weight, pack_uint(freq))
            for word, freq, weight in zip(found.terms, found.freqs, found.weights, strict=True)
        )

    def analyse(self, value: str) -> Analysed:
        """The terms of `value`, with their frequencies and weights."""
        counts = self._counts(value)
        boost = self.format.field_boost
        return Analysed(
            list(counts),
            array("I", [c[0] for c in counts.values()]),
            array("d", [c[1] * boost for c in counts.values()]),
        )

    def _counts(self, value: str) -> dict[str, list[Any]]:
        """Each term's frequency and summed weight, in order of first appearance
        (what Whoosh's Frequency format counts over the analyzer's tokens)."""
        counts: dict[str, list[Any]] = {}
        known = _terms_of(self.kind, self.lang)
        for weight, text in decode_weighted(value):
            for word in _WORD.findall(text):
                terms = known.get(word)
                if terms is None:
                    terms = known.add(word)
                for term in terms:
                    found = counts.get(term)
                    if found is None:
                        counts[term] = [1, weight]
                    else:
                        found[0] += 1
                        found[1] += weight
        return counts


class _Terms(dict[str, tuple[str, ...]]):
    """The terms each word (as written) makes, for one kind of field: a library
    repeats its words endlessly, so each is analysed once."""

    def __init__(self, emit: Callable[[str], tuple[str, ...]]) -> None:
        super().__init__()
        self.emit = emit

    def add(self, word: str) -> tuple[str, ...]:
        if len(self) > 200_000:
            self.clear()
        terms = self[word] = self.emit(word.lower())
        return terms


@cache
def _terms_of(kind: str, lang: str) -> _Terms:
    if kind == PLAIN:
        return _Terms(lambda word: (fold_word(word),))
    if kind == PREFIX:
        return _Terms(_prefixes)
    stem = cached_stemmer(lang)
    stops = field_stop_words(lang)

    def stems(word: str) -> tuple[str, ...]:
        if word in stops:
            return ()
        first = fold_word(stem(word))
        plain = fold_word(word)
        if plain != word:
            second = stem(plain)
            if second != first:
                return (first, second)
        return (first,)

    return _Terms(stems)


def _prefixes(word: str) -> tuple[str, ...]:
    folded = fold_word(word)
    return tuple(folded[:size] for size in range(MIN_PREFIX, min(MAX_PREFIX, len(folded)) + 1))
