"""Snippets: the piece of a playbook that best matches the query, with the
matching words located, so each front end can highlight them its own way
(styles in the TUI, `**` in JSON) without any markup in the text itself."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from livecheck.search.analysis import WORD_PATTERN, fold_same_length, fold_word, word_forms
from livecheck.search.hits import Snippet as Snippet  # re-exported

_WORDS = re.compile(WORD_PATTERN)
SNIPPET_CHARS = 160
PROBE_LENGTH = 3
_KIND_BONUS = {"summary": 0.3, "when": 0.2, "keywords": 0.1}


@dataclass(frozen=True, slots=True)
class WordMatcher:
    """Decides whether a word of a playbook matches one of the query's words:
    same stem (in English or French), a near spelling, or the unfinished last word."""

    forms: frozenset[str]  # word_forms() of the query's words and their near spellings
    prefixes: tuple[str, ...] = ()
    # Every matching word contains one of these (the first letters of each form):
    # passages without any are skipped before they are split into words.
    probes: frozenset[str] = frozenset()
    word_count: int = 1
    _pattern: re.Pattern[str] | None = None
    # Used when no passage holds any of these words (see `or_else`).
    fallback: WordMatcher | None = None

    @classmethod
    def for_words(
        cls, words: Iterable[str], prefix: str | None = None, count: int | None = None
    ) -> WordMatcher:
        """`count`: how many distinct words the query has (near spellings aside)."""
        words = list(words)
        forms: set[str] = set()
        for w in words:
            forms |= word_forms(w)
        probes = {f[:PROBE_LENGTH] for f in forms if f} | (
            {prefix[:PROBE_LENGTH]} if prefix else set()
        )
        words = list(words)
        return cls(
            frozenset(forms),
            (prefix,) if prefix else (),
            frozenset(probes),
            count or len(set(words)),
        )

    def or_else(self, other: WordMatcher) -> WordMatcher:
        """This matcher, with `other` for playbooks where it finds nothing."""
        return replace(self, fallback=other)

    def matches(self, word: str) -> bool:
        if not self.forms.isdisjoint(word_forms(word)):
            return True
        return bool(self.prefixes) and fold_word(word).startswith(self.prefixes)

    def candidates(self, text: str) -> Iterator[tuple[int, int]]:
        """Spans of the words of `text` that start like a matching word; most
        words are skipped by one regex scan instead of being checked one by one."""
        if not self.probes:
            return
        if self._pattern is None:
            alternatives = "|".join(
                re.escape(p) for p in sorted(self.probes, key=len, reverse=True)
            )
            object.__setattr__(self, "_pattern", re.compile(rf"\b(?:{alternatives})[^\W_]*"))
        assert self._pattern is not None
        for m in self._pattern.finditer(fold_same_length(text)):
            if self.matches(text[m.start() : m.end()]):
                yield m.start(), m.end()


def best_snippet(passages: Sequence[tuple[str, str]], matcher: WordMatcher) -> Snippet:
    """`passages`: (kind, text) as the index stores them, each already one line."""
    best: tuple[float, int, str, list[tuple[int, int]]] | None = None
    for order, (kind, text) in enumerate(passages):
        spans = list(matcher.candidates(text))
        if not spans:
            continue
        distinct = len({fold_word(text[s:e]) for s, e in spans})
        score = distinct + _KIND_BONUS.get(kind, 0.0) - order * 0.001
        if best is None or score > best[0]:
            best = (score, order, text, spans)
        if distinct >= matcher.word_count:  # nothing later can hold more of the words
            break
    if best is None and matcher.fallback is not None:
        return best_snippet(passages, matcher.fallback)
    if best is None:
        first = passages[0][1] if passages else ""
        return _window(first, [])
    return _window(best[2], best[3])


def _window(text: str, spans: list[tuple[int, int]]) -> Snippet:
    if len(text) <= SNIPPET_CHARS:
        return Snippet(text, tuple(spans))
    first = spans[0][0] if spans else 0
    start = max(0, first - SNIPPET_CHARS // 4)
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 20 else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + SNIPPET_CHARS // 2 else end
    lead = "…" if start else ""
    tail = "…" if end < len(text) else ""
    shift = len(lead) - start
    kept = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return Snippet(lead + text[start:end] + tail, kept)


ADJACENT_BONUS = 0.25
KEY_LENGTH = 5


class AdjacencyScorer:
    """Rewards a title or keyword that holds query words side by side.

    A real playbook about a "payout IBAN rejected" says so in its title; a
    playbook that merely mentions the same words here and there does not.
    Words are compared by their first letters (folded), which is enough for a
    bonus and spares stemming every word of every candidate's title."""

    def __init__(self, words: Sequence[str]) -> None:
        self.keys: dict[str, int] = {}
        for i, word in enumerate(words):
            for form in word_forms(word):
                self.keys.setdefault(_key(form), i)

    def bonus(self, headline: str) -> float:
        """`headline`: the title and keywords, one per line."""
        best = 0
        for text in headline.split("\n"):
            previous: int | None = None
            pairs = 0
            for m in _WORDS.finditer(text):
                index = self.keys.get(_key(fold_word(m.group())))
                if index is not None and previous is not None and index != previous:
                    pairs += 1
                previous = index
            best = max(best, pairs)
        return 1.0 + ADJACENT_BONUS * min(best, 3)


def _key(folded: str) -> str:
    return folded[:KEY_LENGTH]
