"""Text analysis for search: words, stems and accent folding, per language.

Engine-free: the Whoosh analyzers that apply these rules to documents are in
`analyzers.py`, and `stems` gives a query word the very terms they index.

Interns type French without accents and cut words off, so every analyzer
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

from livecheck.search.snowball import field_stop_words, snowball_stemmer, stop_words

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
STOP_WORDS = frozenset(fold(w) for lang in STEMMED_LANGUAGES for w in stop_words(lang))


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


@cache
def cached_stemmer(lang: str) -> Callable[[str], str]:
    """The language's Snowball stemmer behind a large cache (stemming dominates indexing)."""
    stem: Callable[[str], str] = lru_cache(maxsize=200_000)(snowball_stemmer(lang))
    return stem


_WORD = re.compile(WORD_PATTERN)
# Whoosh takes a list value as already-tokenized words, so weighted parts travel
# as one string: parts separated by RS, each starting with its weight in
# hundredths, coded as one private-use character.
_PART = "\x1e"
_WEIGHT_BASE = 0xE000


def encode_weighted(parts: Sequence[tuple[float, str]]) -> str:
    """One string holding (weight, text) parts, for WeightedTokenizer."""
    return _PART.join(chr(_WEIGHT_BASE + round(w * 100)) + t.replace(_PART, " ") for w, t in parts)


def decode_weighted(value: str) -> Iterator[tuple[float, str]]:
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


@cache
def _field_stops(lang: str) -> frozenset[str]:
    return field_stop_words(lang)


@lru_cache(maxsize=50_000)
def stems(lang: str, text: str) -> tuple[str, ...]:
    """The distinct terms the language's stemmed fields hold for the words of `text`,
    in order: what `analyzers.stemming_analyzer(lang)` makes of it as a query
    (stop words dropped; each word stemmed then folded, and its accent-free form
    stemmed too). A test checks the two agree."""
    stem = cached_stemmer(lang)
    stops = _field_stops(lang)
    seen: dict[str, None] = {}
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if word in stops:
            continue
        first = fold_word(stem(word))
        seen.setdefault(first, None)
        plain = fold_word(word)
        if plain != word:
            seen.setdefault(stem(plain), None)
    return tuple(seen)
