"""Everyday words of English and French, which say little about which playbook
is meant ("someone", "keeps", "last", "month", "voudrais", "hier").

A library's own statistics cannot tell: a word no playbook happens to use is
rare there, so idf makes it weigh most exactly when a pasted sentence matches
it by chance. The query builder weighs these words less (`query.py`), unless
the thesaurus knows them, which makes them words of the trade. The list
(`everyday_words.txt` beside this module) leaves out every word that could name
what a case is about ("money", "hurt", "block").
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources

from livecheck.search.analysis import fold


class EverydayWords:
    def __init__(self, words: Iterable[str]) -> None:
        self._words = frozenset(fold(w.strip()) for w in words if w.strip())

    @classmethod
    def from_text(cls, text: str) -> EverydayWords:
        return cls(line for line in text.splitlines() if not line.lstrip().startswith("#"))

    def __len__(self) -> int:
        return len(self._words)

    def __contains__(self, word: object) -> bool:
        """`word` folded; a plural `s` is ignored ("weeks" is "week"), but not the
        end of "press" or "virus", which are no plurals."""
        if not isinstance(word, str):
            return False
        return word in self._words or (
            len(word) > 3
            and word.endswith("s")
            and not word.endswith(("ss", "us", "is"))
            and word[:-1] in self._words
        )


NO_EVERYDAY_WORDS = EverydayWords(())


@cache
def bundled_everyday_words() -> EverydayWords:
    text = resources.files("livecheck.search").joinpath("everyday_words.txt").read_text("utf-8")
    return EverydayWords.from_text(text)
