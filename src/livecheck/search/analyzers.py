"""The Whoosh analyzers that index a playbook's words (the rules are in `analysis.py`).

Interns type French without accents and cut words off, so every analyzer here
folds accents, and stemming is done on both the word and its accent-free form.
Whoosh pickles these classes into its table of contents: moving or renaming one
needs a new SCHEMA_VERSION.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from whoosh.analysis import (
    Analyzer,
    Filter,
    LowercaseFilter,
    NgramFilter,
    StopFilter,
    Token,
    Tokenizer,
)

from livecheck.search.analysis import (
    MAX_PREFIX,
    MIN_PREFIX,
    WORD_PATTERN,
    cached_stemmer,
    decode_weighted,
    fold_word,
)

_WORD = re.compile(WORD_PATTERN)


class FoldFilter(Filter):  # type: ignore[misc]
    """Accent folding with the same rules as queries use (see `fold`)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FoldFilter)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = fold_word(t.text)
            yield t


class FoldedStemFilter(Filter):  # type: ignore[misc]
    """Stems each word, then folds accents; also stems the accent-free word.

    Both forms are emitted at the same position, so phrase positions stay right.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang  # the only state: Whoosh pickles the schema into its TOC

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FoldedStemFilter) and other.lang == self.lang

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stem = cached_stemmer(self.lang)
        for t in tokens:
            if t.stopped:
                yield t
                continue
            word = t.text
            plain = fold_word(word)
            first = fold_word(stem(word))
            t.text = first
            yield t
            if plain != word:
                second = stem(plain)
                if second != first:
                    t.text = second
                    yield t


class WeightedTokenizer(Tokenizer):  # type: ignore[misc]
    """Words of a plain string, or of weighted parts made by `encode_weighted`.

    Each word's boost is its part's weight, and Whoosh stores the sum of boosts
    as the term's weight in the document: so one field can hold a playbook's
    title, keywords and tags with different weights, which is far cheaper to
    search than one field per part.
    """

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WeightedTokenizer)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for weight, text in decode_weighted(value):
            for match in _WORD.finditer(text):
                t.text = match.group()
                t.boost = weight
                t.stopped = False
                if keeporiginal:
                    t.original = t.text
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar = start_char + match.start()
                    t.endchar = start_char + match.end()
                pos += 1
                yield t


def _words() -> Analyzer:
    return WeightedTokenizer() | LowercaseFilter()


def stemming_analyzer(lang: str) -> Analyzer:
    """Words -> stop words removed -> stems with accents folded."""
    return _words() | StopFilter(lang=lang, minsize=1) | FoldedStemFilter(lang)


def plain_analyzer() -> Analyzer:
    """Unstemmed, accent-folded words: for exact words, typos and other languages."""
    return _words() | FoldFilter()


def prefix_analyzer() -> Analyzer:
    """Every start of every word (2 to 20 letters), so a prefix is one term lookup."""
    return plain_analyzer() | NgramFilter(MIN_PREFIX, MAX_PREFIX, at="start")


def terms(analyzer: Analyzer, text: str) -> list[str]:
    """The distinct terms `analyzer` makes of `text`, in order."""
    seen: dict[str, None] = {}
    for token in analyzer(text, mode="query"):
        seen.setdefault(token.text, None)
    return list(seen)
