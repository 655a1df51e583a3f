"""The stemmers and stop words of the languages the index stems (English, French).

They are Whoosh's Snowball stemmers and stop word lists (`whoosh.lang`: pure
Python language data, none of the engine). Query words must be stemmed exactly
as the index's words were, so they stay these whatever engine serves the index;
this is the one module outside the Whoosh implementation that imports Whoosh
(see the import-linter contracts in pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Callable

from whoosh.lang import stemmer_for_language, stopwords_for_language


def snowball_stemmer(lang: str) -> Callable[[str], str]:
    stem: Callable[[str], str] = stemmer_for_language(lang)
    return stem


def stop_words(lang: str) -> frozenset[str]:
    return frozenset(stopwords_for_language(lang))


# What Whoosh's StopFilter leaves out besides the language's list (its default
# `stoplist`, whoosh.analysis.filters.STOP_WORDS; a test checks the copy).
STOP_FILTER_DEFAULT = frozenset(
    "a an and are as at be by can for from have if in is it may not of on or tbd that the "
    "this to us we when will with yet you your".split()
)


def field_stop_words(lang: str) -> frozenset[str]:
    """The words a stemmed field leaves out: the language's list, plus the few
    Whoosh's StopFilter always adds ("may", "us", "yet"...)."""
    return STOP_FILTER_DEFAULT | stop_words(lang)
