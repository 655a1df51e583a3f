"""A stand-in while the index is first built: titles and keywords, fuzzy-matched.

Building the index of a large library takes seconds; playbooks are added here
as the build reads them, so an intern can already find one by its title."""

from __future__ import annotations

import datetime as dt
import threading

from rapidfuzz import fuzz, process

from livecheck.playbook.model import Playbook
from livecheck.search.analysis import fold
from livecheck.search.hits import SearchHit, Snippet

MIN_SCORE = 55


class TitleIndex:
    def __init__(self, today: dt.date | None = None) -> None:
        self._lock = threading.Lock()
        self._hits: list[SearchHit] = []
        self._keys: list[str] = []
        self.today = today

    def __len__(self) -> int:
        return len(self._hits)

    def add(self, playbook: Playbook, path: str) -> None:
        hit = SearchHit(
            id=playbook.id,
            lang=playbook.lang,
            title=playbook.title,
            category=playbook.category,
            severity=playbook.severity,
            stale=playbook.is_stale(self.today),
            score=0.0,
            snippet=Snippet(playbook.summary),
            path=path,
        )
        with self._lock:
            self._hits.append(hit)
            self._keys.append(fold(" ".join([playbook.title, *playbook.keywords])))

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        with self._lock:
            keys, hits = list(self._keys), list(self._hits)
        found = process.extract(
            fold(text), keys, scorer=fuzz.WRatio, limit=limit, score_cutoff=MIN_SCORE
        )
        return [hits[i] for _, _, i in found]
