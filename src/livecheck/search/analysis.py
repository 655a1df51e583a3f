"""Text analysis for search: words, stems and accent folding, per language.

Interns type French without accents and cut words off, so every analyzer here
folds accents, and stemming is done on both the word and its accent-free form:
the French stemmer gives "sécur" for "sécurité" but "securit" for "securite",
so a document holds both and either spelling of the query meets one of them.
Prefixes and typos are matched on unstemmed words only (see `query.py`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import cache, lru_cache

from whoosh.analysis import (
    Analyzer,
    Filter,
    LowercaseFilter,
    NgramFilter,
    StopFilter,
    Token,
    Tokenizer,
)
from whoosh.lang import stemmer_for_language, stopwords_for_language

STEMMED_LANGUAGES = ("en", "fr")
PLAIN = "xx"  # the field suffix for languages without a stemmer here
WORD_PATTERN = r"[^\W_]+"  # apostrophes split: l'équipe -> l, équipe
MIN_PREFIX, MAX_PREFIX = 2, 12


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Sécurité' -> 'securite'."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe")


def normalize_query(text: str) -> str:
    """A query as the search journal groups it: folded, whitespace collapsed."""
    return " ".join(fold(text).split())


# Words repeat endlessly across a library: fold each distinct one once.
fold_word = lru_cache(maxsize=200_000)(fold)

# Words too common in either language to search for or to highlight.
STOP_WORDS = frozenset(fold(w) for lang in STEMMED_LANGUAGES for w in stopwords_for_language(lang))


# Non-ASCII characters and what each folds to (one character), filled as met:
# one str.translate per passage instead of a Python call per character, since
# snippets fold every passage they look at.
_FOLD_TABLE: dict[int, str] = {}


def fold_same_length(text: str) -> str:
    """`fold`, one character for one, so offsets in the result are offsets in `text`."""
    if text.isascii():
        return text.lower()
    for c in set(text):
        if ord(c) not in _FOLD_TABLE and not c.isascii():
            _FOLD_TABLE[ord(c)] = fold(c)[:1] or c
    # The table leaves ASCII alone (a table entry per ASCII letter would cost
    # more than one lower() over the result).
    return text.translate(_FOLD_TABLE).lower()


class FoldFilter(Filter):  # type: ignore[misc]
    """Accent folding with the same rules as queries use (see `fold`)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FoldFilter)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = fold_word(t.text)
            yield t


@cache
def cached_stemmer(lang: str) -> Callable[[str], str]:
    """The language's Snowball stemmer behind a large cache (stemming dominates indexing)."""
    stem: Callable[[str], str] = lru_cache(maxsize=200_000)(stemmer_for_language(lang))
    return stem


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


_WORD = re.compile(WORD_PATTERN)
# Whoosh takes a list value as already-tokenized words, so weighted parts travel
# as one string: parts separated by RS, each starting with its weight in
# hundredths, coded as one private-use character.
_PART = "\x1e"
_WEIGHT_BASE = 0xE000


def encode_weighted(parts: Sequence[tuple[float, str]]) -> str:
    """One string holding (weight, text) parts, for WeightedTokenizer."""
    return _PART.join(chr(_WEIGHT_BASE + round(w * 100)) + t.replace(_PART, " ") for w, t in parts)


def _decode_weighted(value: str) -> Iterator[tuple[float, str]]:
    if not value.startswith(_PART) and not (
        value and _WEIGHT_BASE <= ord(value[0]) < _WEIGHT_BASE + 1000
    ):
        yield 1.0, value
        return
    for part in value.split(_PART):
        if part and _WEIGHT_BASE <= ord(part[0]) < _WEIGHT_BASE + 1000:
            yield (ord(part[0]) - _WEIGHT_BASE) / 100, part[1:]
        elif part:
            yield 1.0, part


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
        for weight, text in _decode_weighted(value):
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


@lru_cache(maxsize=200_000)
def word_forms(word: str) -> frozenset[str]:
    """The folded word and its folded stems in every stemmed language.

    Two words match (for highlighting) when their forms meet; cached, because
    snippets look at every word of the passages they consider.
    """
    plain = fold_word(word)
    forms = {plain}
    for lang in STEMMED_LANGUAGES:
        stem = cached_stemmer(lang)
        forms.add(fold_word(stem(word.lower())))
        forms.add(stem(plain))
    return frozenset(forms)


def terms(analyzer: Analyzer, text: str) -> list[str]:
    """The distinct terms `analyzer` makes of `text`, in order."""
    seen: dict[str, None] = {}
    for token in analyzer(text, mode="query"):
        seen.setdefault(token.text, None)
    return list(seen)
