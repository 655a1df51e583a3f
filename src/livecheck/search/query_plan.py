"""What a query plan is (engine-free): its clauses (field, term, weight, how
common), the words they stand for, and how a document's matched terms count
(coordination, weighted in a sentence by how much each word says: `word_weights`,
with Robertson's idf). `plan.py` makes plans; `whoosh_query.py` runs them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

COORDINATION = 1.0


@dataclass(frozen=True, slots=True)
class Clause:
    field: str
    term: str
    boost: float
    # How many playbooks hold the word this clause stands for, in this group of
    # fields: for stems, summed over the languages (each language stems the
    # word its own way), so "live" is as common in French playbooks as anywhere.
    frequency: int = 0
    # 0 for the word as typed (and its prefixes and near spellings); k for the
    # k-th other way to say it, from the thesaurus.
    alternative: int = 0
    part: int = 0  # which word of a several-word alternative ("mot de passe")

    @property
    def group(self) -> str:
        return self.field.split("_", 1)[0]


@dataclass(frozen=True, slots=True)
class QueryPlan:
    # Per query word, the clauses that are scored: very common words may be left out.
    ranking: tuple[tuple[Clause, ...], ...]
    word_of: Mapping[tuple[str, bytes], set[int]]  # (field, term) -> the query words it stands for
    word_count: int
    doc_count: int = 0  # the library's size, for each word's idf
    # Every word's clauses, when `ranking` left some out.
    every: tuple[tuple[Clause, ...], ...] | None = None
    # `ranking` holds only the rarer words (rather than every word, in titles only):
    # what it misses matches common words alone, worth asking for only if it found nothing.
    kept_rare_words: bool = False
    # Words searched because the thesaurus says they mean a query word (single ones).
    also: tuple[str, ...] = ()
    # Several-word alternatives: (query word, each word's terms). One stands for
    # its query word only where all its words are.
    phrases: tuple[tuple[int, tuple[frozenset[tuple[str, bytes]], ...]], ...] = ()
    # How much each word says (`word_weights`): coordination counts the share of
    # these a document holds, not the share of words. Empty: every word alike.
    weights: tuple[float, ...] = ()

    @property
    def terms(self) -> set[tuple[str, bytes]]:
        """Every (field, term) that can make a document match a query word."""
        found = set(self.word_of)
        for _, parts in self.phrases:
            for part in parts:
                found |= part
        return found

    def coordination(self, matched_terms: Iterable[tuple[str, bytes]]) -> float:
        """The share of the query's words a document matched, to the power COORDINATION.

        Scores add up over words, so a document stuffed with one of the words can
        outscore the one that has them all; this puts the latter back on top."""
        if self.word_count <= 1:
            return 1.0
        matched = set(matched_terms)
        words: set[int] = set()
        for term in matched:
            words |= self.word_of.get(term, set())
        for word, parts in self.phrases:
            if all(not part.isdisjoint(matched) for part in parts):
                words.add(word)
        share = len(words) / self.word_count
        if len(self.weights) == self.word_count:
            # Half by what the words say, half by their number: by weight alone, a
            # playbook holding one rare word of a paraphrase beat the one holding
            # three of its plainer words (measured on the older sets, mixed).
            weighted = sum(self.weights[w] for w in words) / sum(self.weights)
            share = (share + weighted) / 2
        return float(share**COORDINATION)


def robertson_idf(doc_count: int, doc_frequency: int) -> float:
    """How rare a term is (BM25's idf), for the plan's weights and the engine's scores."""
    return math.log(1 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))


def word_weights(words: Sequence[tuple[float, list[Clause]]], doc_count: int) -> tuple[float, ...]:
    """How much each word of a pasted sentence counts in coordination: its
    scale (an everyday word, or a word only body text holds, counts less: see
    `QueryPlanner._scale` in plan.py) times how rare it is (the idf of its rarest
    typed term; of its alternatives' if it has no other). A playbook that holds the one telling word
    of a sentence then outranks one that holds three of its everyday words."""
    out = []
    for scale, clauses in words:
        typed = [c for c in clauses if not c.alternative] or clauses
        idf = max(robertson_idf(doc_count, c.frequency) for c in typed) if doc_count else 1.0
        out.append(scale * idf)
    return tuple(out)
