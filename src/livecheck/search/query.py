"""What an intern typed, read into words and filters (engine-free).

User text never reaches an engine's query parser: it is cut into words here,
so `**`, `a:b:c`, quotes or `AND OR` are just words (or nothing). Only
`category:`, `severity:`, `lang:` and `tag:` followed by a value are understood,
as filters. A pasted sentence loses its framing and filler (`understanding.py`).

What each word then asks for (stems, completions, near spellings, the
thesaurus's alternatives, weights) is planned in `plan.py`; the Whoosh query is
made from that plan in `whoosh_query.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from livecheck.search.analysis import STOP_WORDS, WORD_PATTERN, fold
from livecheck.search.hits import Filters
from livecheck.search.understanding import bundled_understanding

__all__ = ["MAX_QUERY_CHARS", "MAX_WORDS", "Filters", "ParsedQuery", "parse_query"]

MAX_QUERY_CHARS = 200
MAX_WORDS = 12
_FILTER = re.compile(r"\b(category|severity|lang|tag):(\S*)", re.IGNORECASE)
_WORD = re.compile(WORD_PATTERN)
_FRENCH_LETTERS = re.compile("[éèêëàâîïôûùüçœÉÈÊÀÂÎÔÛÇŒ]")
# Endings English words seldom have: "mineur", "spectateurs", "injurieux", "commentaires".
_FRENCH_ENDINGS = ("eur", "eurs", "euse", "euses", "eux", "aire", "aires")


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    words: tuple[str, ...]  # folded, in order, capped
    filters: Filters
    prefix_last: bool  # the last word may be unfinished
    text: str  # the capped text, filters removed
    sentence: bool = False  # a pasted sentence: its words are weighed (understanding.py)
    lang: str | None = None  # the query's language, when its words tell (understanding.py)

    @property
    def empty(self) -> bool:
        return not self.words


def parse_query(text: str) -> ParsedQuery:
    text = text[:MAX_QUERY_CHARS]
    found: dict[str, str] = {}
    for m in _FILTER.finditer(text):
        if m.group(2):
            found.setdefault(m.group(1).lower(), fold(m.group(2)))
    rest = _FILTER.sub(" ", text)
    raw = tuple(fold(w) for w in _WORD.findall(rest))
    # -- query understanding: a pasted sentence loses its framing and filler.
    understanding = bundled_understanding()
    typed = understanding.without_framing(raw)
    words = _capped(typed)
    # Only the word being typed may be unfinished, and it was cut if the query was.
    prefix_last = (
        bool(words)
        and len(words) == len(typed)
        and typed[-1:] == raw[-1:]
        and not rest[-1:].isspace()
        and bool(_WORD.search(rest[-1:]))
    )
    return ParsedQuery(
        words,
        Filters(**found),
        prefix_last,
        " ".join(rest.split()),
        sentence=understanding.is_sentence(raw),
        lang=_language(raw, rest),
    )


def _language(words: tuple[str, ...], text: str) -> str | None:
    """The function words tell the language of a sentence; French letters or
    French endings that of a few words ("sécurité du compte", "mineur en live",
    "commentaires injurieux"); else None, and the caller decides."""
    told = bundled_understanding().language(words)
    if told is not None:
        return told
    if _FRENCH_LETTERS.search(text) or any(
        len(w) > 4 and w.endswith(_FRENCH_ENDINGS) for w in words
    ):
        return "fr"
    return None


def _capped(words: tuple[str, ...]) -> tuple[str, ...]:
    """At most MAX_WORDS words that are not stop words (with the stop words
    between them): a pasted sentence keeps its last words, often the telling
    ones ("... and the reminder keeps failing"), instead of losing them to "I",
    "a" and "the"."""
    meant = 0
    for i, word in enumerate(words):
        if word not in STOP_WORDS:
            meant += 1
            if meant > MAX_WORDS:
                return words[:i]
    return words
