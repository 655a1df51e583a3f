"""What the engine knows of English and French beyond the library's own words:
the trade's synonyms, and the everyday words that say little."""

from __future__ import annotations

from dataclasses import dataclass, field

from livecheck.search.everyday_words import NO_EVERYDAY_WORDS, EverydayWords, bundled_everyday_words
from livecheck.search.synonyms import EMPTY, Thesaurus, bundled_thesaurus


@dataclass(frozen=True, slots=True)
class Lexicon:
    thesaurus: Thesaurus = field(default=EMPTY)
    everyday: EverydayWords = field(default=NO_EVERYDAY_WORDS)


def bundled_lexicon() -> Lexicon:
    return Lexicon(bundled_thesaurus(), bundled_everyday_words())
