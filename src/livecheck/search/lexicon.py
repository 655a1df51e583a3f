"""What the engine knows of English and French beyond the library's own words:
the trade's synonyms, and the everyday words that say little."""

from __future__ import annotations

from dataclasses import dataclass, field

from livecheck.search.common_words import NONE, CommonWords, bundled_common_words
from livecheck.search.synonyms import EMPTY, Thesaurus, bundled_thesaurus


@dataclass(frozen=True, slots=True)
class Lexicon:
    thesaurus: Thesaurus = field(default=EMPTY)
    common: CommonWords = field(default=NONE)


BARE = Lexicon()  # the library's words alone


def bundled_lexicon() -> Lexicon:
    return Lexicon(bundled_thesaurus(), bundled_common_words())
