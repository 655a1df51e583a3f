"""BM25 adapted to an index with one set of fields per language.

- The idf is not computed here, per term, but by the query builder, per word
  (`robertson_idf`, not Whoosh's `log(N/df)+1`): a word's rarity must be
  counted across the languages, and each language stems it differently ("live"
  and "liv"), which only the builder knows. With this idf a word found in every
  playbook adds next to nothing, so the query can leave such words out.
- The average field length is taken over the documents that have the field.
  Whoosh divides by every document, so in a library with few French playbooks
  the French fields look tiny on average and French playbooks are crushed by
  length normalisation.
"""

from __future__ import annotations

from typing import Any

from whoosh.scoring import BM25F, WeightLengthScorer, WeightScorer, bm25

from livecheck.search.analysis import PLAIN, STEMMED_LANGUAGES

LANGUAGE_SUFFIXES = (*STEMMED_LANGUAGES, PLAIN)


def _documents_with_field(searcher: Any, fieldname: str) -> int:
    total = int(searcher.doc_count_all())
    suffix = fieldname.rpartition("_")[2]
    if suffix not in LANGUAGE_SUFFIXES:
        return total
    per_lang = {lang: int(searcher.doc_frequency("lang", lang)) for lang in STEMMED_LANGUAGES}
    return per_lang.get(suffix, total - sum(per_lang.values()))


class _Scorer(WeightLengthScorer):  # type: ignore[misc]
    def __init__(
        self, searcher: Any, fieldname: str, text: bytes, B: float, K1: float, qf: int = 1
    ) -> None:
        self.idf = 1.0  # applied by the query, per word (see query.py)
        with_field = _documents_with_field(searcher, fieldname)
        self.avgfl = (searcher.field_length(fieldname) / with_field if with_field else 0) or 1
        self.B = B
        self.K1 = K1
        self.qf = qf
        self.setup(searcher, fieldname, text)

    def _score(self, weight: float, length: float) -> float:
        return float(bm25(self.idf, weight, length, self.avgfl, self.B, self.K1))


# Length normalisation per group of fields. Body text is prose, where a long
# playbook mentions everything in passing. The head is a title and a keyword
# list, where a well-kept playbook lists more synonyms: each must count in full,
# not dilute the others (with 0.75 here, real playbooks with long keyword lists
# lost to generated ones that held the same word once in a short title).
GROUP_B = {"head": 0.0, "body": 0.75}


class PlaybookBM25(BM25F):  # type: ignore[misc]
    def scorer(self, searcher: Any, fieldname: str, text: bytes, qf: int = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        group = fieldname.split("_", 1)[0]
        return _Scorer(searcher, fieldname, text, GROUP_B.get(group, 0.75), self.K1, qf=qf)
