"""BM25 with the usual (Lucene/Robertson) idf instead of Whoosh's `log(N/df)+1`.

Whoosh's +1 keeps a word found in every playbook ("creator", "live") worth
almost as much as a rare one; with this idf such words add next to nothing,
so rare words decide the ranking, and the query can leave very common words
out altogether (see `query.py`) without changing it.
"""

from __future__ import annotations

import math
from typing import Any

from whoosh.scoring import BM25F, WeightLengthScorer, WeightScorer, bm25


def robertson_idf(doc_count: int, doc_frequency: int) -> float:
    return math.log(1 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))


class _Scorer(WeightLengthScorer):  # type: ignore[misc]
    def __init__(
        self, searcher: Any, fieldname: str, text: bytes, B: float, K1: float, qf: int = 1
    ) -> None:
        self.idf = robertson_idf(searcher.doc_count_all(), searcher.doc_frequency(fieldname, text))
        self.avgfl = searcher.avg_field_length(fieldname) or 1
        self.B = B
        self.K1 = K1
        self.qf = qf
        self.setup(searcher, fieldname, text)

    def _score(self, weight: float, length: float) -> float:
        return float(bm25(self.idf, weight, length, self.avgfl, self.B, self.K1))


class PlaybookBM25(BM25F):  # type: ignore[misc]
    def scorer(self, searcher: Any, fieldname: str, text: bytes, qf: int = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        return _Scorer(
            searcher, fieldname, text, self._field_B.get(fieldname, self.B), self.K1, qf=qf
        )
