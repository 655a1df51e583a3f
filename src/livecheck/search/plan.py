"""Planning what a query asks for (engine-free): per word, its stems in
each language's fields, the words starting with it if it is being typed, its
near spellings, the thesaurus's alternatives, and how much each counts.

For each word the plan matches, in order of weight:
- its stems, English and French, in every language's fields (exact words);
- if it is the last word and the text does not end with a space, every word
  starting with it (`stream ke` -> key), through the prefix fields;
- words within 1 edit (4+ letters) or 2 edits (8+ letters) of it, unstemmed,
  weighted below exact matches;
- the other ways the thesaurus knows to say it (`synonyms.py`), in titles and
  keywords, below what was typed.
Everyday words ("someone", "month") weigh less than words of the trade
(`everyday_words.py`). This module is the planner; what a plan is (its clauses,
coordination and word weights) is in `query_plan.py`. `whoosh_query.py` turns a
plan into a Whoosh query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from livecheck.search.analysis import (
    MAX_PREFIX,
    MIN_PREFIX,
    PLAIN,
    STEMMED_LANGUAGES,
    STOP_WORDS,
    stems,
)
from livecheck.search.documents import GROUPS
from livecheck.search.everyday_words import NO_EVERYDAY_WORDS, EverydayWords
from livecheck.search.query import ParsedQuery
from livecheck.search.query_plan import Clause, QueryPlan, word_weights
from livecheck.search.signals import signal_alternatives
from livecheck.search.synonyms import EMPTY, Alternative, Thesaurus
from livecheck.search.understanding import bundled_understanding, incidental_number, word_weight
from livecheck.search.vocabulary import Vocabulary

GROUP_BOOSTS = {"head": 4.0, "body": 1.0}
PREFIX_BOOSTS = {"head_pre": 2.0, "body_pre": 0.5}
FUZZY_BOOSTS = {"head_raw": 2.0, "body_raw": 0.5}
FUZZY_FACTOR = {1: 0.5, 2: 0.3}

# A word in more than this share of playbooks says little about which one is
# meant; when the query has rarer words, its clauses are left out (faster, and
# with Robertson idf the ranking barely moves). Body text is held to a lower bar.
COMMON_SHARE = {"head": 0.3, "body": 0.2}
# How much an everyday word counts next to a word of the trade (see everyday_words.py).
EVERYDAY_WORD_WEIGHT = 0.4
# Where another way to say a word is looked for: titles and keywords, where a
# playbook names its subject. In body text such a word is as often incidental,
# and searching it there costs more than it finds.
ALTERNATIVE_GROUPS = ("head",)


@dataclass(slots=True)
class QueryPlanner:
    """Plans queries against one index generation (its vocabulary, languages and
    document frequencies)."""

    vocabulary: Vocabulary
    languages: Sequence[str] = (*STEMMED_LANGUAGES, PLAIN)
    doc_frequency: Callable[[str, str], int] = lambda field, term: 0
    doc_count: int = 0
    thesaurus: Thesaurus = EMPTY
    everyday: EverydayWords = NO_EVERYDAY_WORDS

    def stems(self, word: str) -> dict[str, list[str]]:
        return {
            lang: [word] if lang == PLAIN else list(stems(lang, word)) for lang in self.languages
        }

    def stem_clauses(
        self, word: str, scale: float = 1.0, alternative: int = 0, part: int = 0
    ) -> list[Clause]:
        """The word's stems in every language's fields, each group at its weight."""
        df = self.doc_frequency
        clauses: list[Clause] = []
        stems = self.stems(word)
        for group in ALTERNATIVE_GROUPS if alternative else GROUPS:
            frequency = sum(
                max((df(f"{group}_{lang}", s) for s in forms), default=0)
                for lang, forms in stems.items()
            )
            for lang, forms in stems.items():
                for stem in forms:
                    clauses.append(
                        Clause(
                            f"{group}_{lang}",
                            stem,
                            GROUP_BOOSTS[group] * scale,
                            frequency,
                            alternative,
                            part,
                        )
                    )
        return clauses

    def word_clauses(
        self,
        word: str,
        *,
        prefix: bool,
        alone: bool,
        alternatives: Sequence[Alternative] = (),
        scale: float = 1.0,
    ) -> list[Clause]:
        df = self.doc_frequency
        clauses = self.stem_clauses(word, scale)
        completing = prefix and len(word) >= MIN_PREFIX
        if completing:
            start = word[:MAX_PREFIX]
            for name, boost in PREFIX_BOOSTS.items():
                # Two letters after other words: only titles and keywords, where
                # they narrow what the other words found ("payout ib" -> IBAN).
                if alone or len(word) > MIN_PREFIX or name == "head_pre":
                    clauses.append(Clause(name, start, boost * scale, df(name, start)))
        if word not in self.vocabulary:  # a known word is taken as meant
            for near, distance in self.vocabulary.near(word):
                if completing and near.startswith(word):
                    continue  # "curren" -> current: a completion, counted once as one

                for name, boost in FUZZY_BOOSTS.items():
                    boost *= FUZZY_FACTOR[distance] * scale
                    clauses.append(Clause(name, near, boost, df(name, near)))
        typed = {(c.field, c.term) for c in clauses}
        for k, alt in enumerate(alternatives, 1):
            meant = [w for w in alt.words if w not in STOP_WORDS] or list(alt.words)
            parts = [
                [
                    c
                    for c in self.stem_clauses(w, alt.weight / len(meant), k, part)
                    if (c.field, c.term) not in typed
                ]
                for part, w in enumerate(meant)
            ]
            # A phrase no playbook has all the words of cannot match.
            if all(any(df(c.field, c.term) for c in cs) for cs in parts):
                clauses.extend(c for cs in parts for c in cs)
        return clauses

    def plan(self, parsed: ParsedQuery, words: Sequence[str] | None = None) -> QueryPlan | None:
        sequence = list(words if words is not None else parsed.words)
        chosen = list(dict.fromkeys(sequence))
        alone = len(chosen) == 1
        alternatives = self._alternatives(sequence, chosen)
        # -- query understanding: how much each word says (understanding.py).
        understanding = bundled_understanding()
        negated = understanding.negated(sequence)
        misleading = understanding.misleading(sequence)
        scales = [
            self._scale(
                w, alternatives[i], sentence=parsed.sentence, negated=negated, weak=misleading
            )
            for i, w in enumerate(chosen)
        ]
        per_word = [
            [
                c
                for c in self.word_clauses(
                    w,
                    prefix=parsed.prefix_last and w == sequence[-1],
                    alone=alone,
                    alternatives=alternatives[i],
                    scale=scales[i] or 1.0,
                )
                # A negation is not searched; a phrase starting with it is ("can't find").
                if scales[i] or c.alternative
            ]
            for i, w in enumerate(chosen)
        ]
        # Terms no playbook holds cost nothing to leave out; words left without any
        # term cannot be matched and do not count.
        held = [[c for c in cs if self.doc_frequency(c.field, c.term)] for cs in per_word]
        present = [cs for cs in held if cs]
        # -- query understanding: in a sentence, coordination counts what words say.
        weights = (
            word_weights(
                [(scales[i] or 1.0, cs) for i, cs in enumerate(held) if cs], self.doc_count
            )
            if parsed.sentence
            else ()
        )
        if not present:
            return None
        kept = self._ranking_clauses(present)
        word_of: dict[tuple[str, bytes], set[int]] = {}
        phrases: dict[tuple[int, int], dict[int, set[tuple[str, bytes]]]] = {}
        for i, cs in enumerate(present):
            parts = _part_counts(cs)
            for c in cs:
                term = (c.field, c.term.encode("utf-8"))
                if c.alternative and parts[c.alternative] > 1:
                    phrases.setdefault((i, c.alternative), {}).setdefault(c.part, set()).add(term)
                else:
                    word_of.setdefault(term, set()).add(i)
        kept_rare = any(
            c.frequency <= COMMON_SHARE[c.group] * self.doc_count and not c.alternative
            for cs in kept
            for c in cs
        )
        # Single words only: "want" alone is not what "want to die" means.
        also = {a.words[0] for alts in alternatives for a in alts if len(a.words) == 1}
        return QueryPlan(
            tuple(tuple(cs) for cs in kept),
            word_of,
            len(present),
            self.doc_count,
            None if kept == present else tuple(tuple(cs) for cs in present),
            kept_rare,
            tuple(sorted(also)),
            tuple(
                (i, tuple(frozenset(t) for t in parts.values()))
                for (i, _), parts in phrases.items()
            ),
            weights,
        )

    def _scale(
        self,
        word: str,
        alternatives: Sequence[Alternative],
        *,
        sentence: bool,
        negated: set[str],
        weak: set[str],
    ) -> float:
        """How much a word counts: 0 for a negation (never searched), by what it
        says about a case in a pasted sentence, less for an everyday word or a
        false friend in a French query (`weak`)."""
        if word in negated or (
            not alternatives and incidental_number(word, in_titles=self._in_titles)
        ):
            return 0.0
        if word in weak:
            return EVERYDAY_WORD_WEIGHT
        everyday = word in self.everyday
        if sentence:
            return word_weight(
                trade=bool(alternatives), in_titles=self._in_titles(word), everyday=everyday
            )
        return EVERYDAY_WORD_WEIGHT if everyday and not alternatives else 1.0

    def _in_titles(self, word: str) -> bool:
        """Whether a playbook's title, keywords or tags hold the word (stemmed)."""
        return any(
            self.doc_frequency(f"head_{lang}", stem)
            for lang, forms in self.stems(word).items()
            for stem in forms
        )

    def _alternatives(self, sequence: list[str], chosen: list[str]) -> list[list[Alternative]]:
        """The thesaurus's alternatives for each distinct word. Phrases are found in
        the words as typed: "head to head" is a phrase, its distinct words are not."""
        found = self.thesaurus.alternatives(
            sequence, known=_Recognised(self.vocabulary, self.everyday)
        )
        # -- signals of the trade (signals.py): ages, birth years, compounds.
        signals = signal_alternatives(sequence, self.vocabulary)
        merged: dict[str, dict[tuple[str, ...], Alternative]] = {w: {} for w in chosen}
        for word, alternatives, signalled in zip(sequence, found, signals, strict=True):
            for alternative in [*alternatives, *signalled]:
                merged[word].setdefault(alternative.words, alternative)
        return [list(merged[w].values()) for w in chosen]

    def _ranking_clauses(self, present: list[list[Clause]]) -> list[list[Clause]]:
        """The clauses worth scoring: very common words say little about which
        playbook is meant and cost the most to score, so they are left out of the
        ranking when the query has rarer words (coordination still counts them)."""
        if not self.doc_count:
            return present
        common = {
            c for cs in present for c in cs if c.frequency > COMMON_SHARE[c.group] * self.doc_count
        }
        # Whether the query has rarer words is for what was typed to say: a
        # rare synonym of a common word does not make it a rare word.
        if any(c not in common and not c.alternative for cs in present for c in cs):
            return [_whole_phrases(cs, [c for c in cs if c not in common]) for cs in present]
        # Nothing rarer: rank by titles and keywords, leaving out the body text,
        # where such words are everywhere and scoring them costs most.
        if any(c.group == "head" for cs in present for c in cs):
            return [_whole_phrases(cs, [c for c in cs if c.group == "head"]) for cs in present]
        return present


def _part_counts(clauses: list[Clause]) -> dict[int, int]:
    """How many words each alternative of one query word has among `clauses`."""
    parts: dict[int, set[int]] = {}
    for c in clauses:
        parts.setdefault(c.alternative, set()).add(c.part)
    return {alternative: len(found) for alternative, found in parts.items()}


def _whole_phrases(before: list[Clause], after: list[Clause]) -> list[Clause]:
    """`after`, without the several-word alternatives that lost one of their words
    on the way: what is left of "live access" is "access", which means nothing."""
    had, kept = _part_counts(before), _part_counts(after)
    broken = {k for k, n in had.items() if k and kept.get(k, n) != n}
    return [c for c in after if c.alternative not in broken]


class _Recognised:
    """Words the library holds or nearly holds, and everyday words: the thesaurus
    need not guess what they were meant to be (the near spelling is searched
    already; an everyday word is spelled right: "chaque" is not "choqué")."""

    def __init__(self, vocabulary: Vocabulary, everyday: EverydayWords) -> None:
        self.vocabulary = vocabulary
        self.everyday = everyday

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and (
            word in self.everyday or word in self.vocabulary or bool(self.vocabulary.near(word))
        )
