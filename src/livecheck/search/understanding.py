"""Reading a pasted sentence the way a colleague would.

An intern pastes "hi, creator says she can't go live right now, what do i
do": the case is in two or three words, and the rest is framing ("creator
says", "what do i do"), chat filler ("hi", "right now") and negation
("can't"). With every word searched, the filler decides the ranking as often
as the case does. So, for a query of more than SENTENCE_WORDS words:

- framing and filler phrases (`framing.txt`, English and French) are left out
  before the words are counted and capped;
- each word is weighed by how much it says about a case: a word of the trade
  (the thesaurus or the signals know it, or a playbook's title or keywords hold
  it) counts in full, a word found only in body text counts less, an everyday
  word less still (see `word_weight`).

Negation words (`negation.txt`) are never searched, in a sentence or not:
"didn't change my password" is about a password, whatever "didn't" says. They
stay among the words, so that the thesaurus still reads "can't go live".

The lists are data, meant to be read and reviewed; tests check what they do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from livecheck.search.analysis import WORD_PATTERN, fold

# More words than this make a pasted sentence rather than a few typed words.
SENTENCE_WORDS = 5
# How much a word of a sentence counts, by what it is (see `word_weight`).
TRADE_WEIGHT = 1.0
BODY_ONLY_WEIGHT = 0.8
EVERYDAY_IN_SENTENCE_WEIGHT = 0.4

_WORD = re.compile(WORD_PATTERN)


def _phrases(text: str) -> frozenset[tuple[str, ...]]:
    found = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        words = tuple(fold(w) for w in _WORD.findall(line))
        if words:
            found.add(words)
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class PhraseList:
    """Phrases matched as whole words in a sequence of folded words, longest first."""

    phrases: frozenset[tuple[str, ...]]

    @classmethod
    def from_text(cls, text: str) -> PhraseList:
        return cls(_phrases(text))

    @property
    def longest(self) -> int:
        return max((len(p) for p in self.phrases), default=0)

    def spans(self, words: Sequence[str]) -> list[tuple[int, int]]:
        """(start, end) of each listed phrase in `words`, longest first, not overlapping."""
        found: list[tuple[int, int]] = []
        i, longest = 0, self.longest
        while i < len(words):
            for length in range(min(longest, len(words) - i), 0, -1):
                if tuple(words[i : i + length]) in self.phrases:
                    found.append((i, i + length))
                    i += length
                    break
            else:
                i += 1
        return found

    def covered(self, words: Sequence[str]) -> set[int]:
        """Positions of `words` inside a listed phrase."""
        return {i for start, end in self.spans(words) for i in range(start, end)}


NO_PHRASES = PhraseList(frozenset())


@dataclass(frozen=True, slots=True)
class Understanding:
    framing: PhraseList = NO_PHRASES
    negation: PhraseList = NO_PHRASES
    false_friends: frozenset[str] = frozenset()  # French words that are English words

    def is_french(self, words: Sequence[str]) -> bool:
        """More French function words than English ones, and at least two."""
        french = sum(w in _FRENCH_FUNCTION_WORDS for w in words)
        english = sum(w in _ENGLISH_FUNCTION_WORDS for w in words)
        return french >= 2 and french > english

    def language(self, words: Sequence[str]) -> str | None:
        """ "fr" or "en" when the function words tell (two at least, more than the
        other language's), else None: "mineur en live" does not say."""
        french = sum(w in _FRENCH_FUNCTION_WORDS for w in words)
        english = sum(w in _ENGLISH_FUNCTION_WORDS for w in words)
        if max(french, english) < 2 or french == english:
            return None
        return "fr" if french > english else "en"

    def misleading(self, words: Sequence[str]) -> set[str]:
        """The false friends of a French query: they count as everyday words."""
        if not self.false_friends or not self.is_french(words):
            return set()
        return {w for w in words if w in self.false_friends}

    def is_sentence(self, words: Sequence[str]) -> bool:
        return len(words) > SENTENCE_WORDS

    def without_framing(self, words: Sequence[str]) -> tuple[str, ...]:
        """The words of a sentence without its framing and filler; a few typed
        words are left as they are ("hey" alone is what was searched), and so is
        a sentence that would be left with nothing."""
        if not self.is_sentence(words):
            return tuple(words)
        dropped = self.framing.covered(words)
        kept = tuple(w for i, w in enumerate(words) if i not in dropped)
        return kept or tuple(words)

    def negated(self, words: Sequence[str]) -> set[str]:
        """The words that only say "not" here: never searched on their own."""
        return {words[i] for i in self.negation.covered(words)}


def word_weight(*, trade: bool, in_titles: bool, everyday: bool) -> float:
    """How much a word of a pasted sentence counts.

    `trade`: the thesaurus or the signals know it; `in_titles`: a playbook's
    title, keywords or tags hold it (it names a subject); `everyday`: it is an
    everyday word. A word only body text holds is as often incidental there."""
    if trade or (in_titles and not everyday):
        return TRADE_WEIGHT
    if everyday:
        return EVERYDAY_IN_SENTENCE_WEIGHT
    return BODY_ONLY_WEIGHT if not in_titles else TRADE_WEIGHT


def incidental_number(word: str, *, in_titles: Callable[[str], bool]) -> bool:
    """A number no playbook's title or keywords hold ("20 lions", "300 euros",
    "for 5 minutes") is a count, not what the case is about: it is not searched.
    A number a title or keyword holds ("3114", "1000 followers") is, and so is
    one that signals something (an age, a birth year: the caller checks)."""
    return word.isdigit() and not in_titles(word)


def _read(name: str) -> str:
    return resources.files("livecheck.search").joinpath(name).read_text("utf-8")


@cache
def bundled_understanding() -> Understanding:
    return Understanding(
        PhraseList.from_text(_read("framing.txt")),
        PhraseList.from_text(_read("negation.txt")),
        frozenset(p[0] for p in _phrases(_read("false_friends.txt"))),
    )


# Words that only one of the two languages uses, to tell a French query.
_FRENCH_FUNCTION_WORDS = frozenset(
    "je tu il elle nous vous ils elles le la les un une des du au aux de ce cette ces mon ma mes "
    "ton ta tes son sa ses est sont pas que qui quoi avec pour sur dans mais donc car et ou "
    "ne plus fait veut peut ai a".split()
)
_ENGLISH_FUNCTION_WORDS = frozenset(
    "i you he she we they the a an is are was were my his her their our your it this that "
    "with for on in of to and or but not can can't don't didn't what how why from".split()
)


def phrases_of(lines: Iterable[str]) -> PhraseList:
    return PhraseList.from_text("\n".join(lines))
