"""The facts of one index generation that every search shares (vocabulary,
languages, filter values), and a searcher lent to one thread for one search."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from whoosh.index import FileIndex

from livecheck.search.analysis import PLAIN, STEMMED_LANGUAGES
from livecheck.search.lexicon import Lexicon
from livecheck.search.plan import QueryPlanner
from livecheck.search.vocabulary import Vocabulary


@dataclass(slots=True)
class Generation:
    """One index generation as last seen on disk, and what was derived from it
    (vocabulary, languages, filter values), shared by every thread."""

    name: str
    toc: int  # Whoosh's TOC generation: incremental updates change it, not the name
    ix: FileIndex
    planner: QueryPlanner
    known: dict[str, list[str]]
    checked_at: float = 0.0  # monotonic time the index on disk was last compared
    refreshes_seen: int = 0
    free: list[Any] = field(default_factory=list)  # searchers no thread is using
    # Column readers per searcher: opening one reads the offsets of every document.
    columns: dict[tuple[int, str], Any] = field(default_factory=dict)
    # Responses of this generation's recent searches, by what was asked (see
    # WhooshSearch._search): typing repeats its first letters query after query.
    responses: dict[tuple[Any, ...], Any] = field(default_factory=dict)


@dataclass(slots=True)
class Lent:
    """A searcher lent to one thread for one search, with its generation's facts."""

    generation: Generation
    searcher: Any

    @property
    def planner(self) -> QueryPlanner:
        return self.generation.planner

    @property
    def known(self) -> dict[str, list[str]]:
        return self.generation.known

    def column(self, name: str) -> Any:
        """The searcher's reader of column `name`, kept with the searcher."""
        key = (id(self.searcher), name)
        found = self.generation.columns.get(key)
        if found is None:
            found = self.generation.columns[key] = self.searcher.reader().column_reader(name)
        return found


def derived(
    searcher: Any, lexicon: Lexicon, lent: Callable[[], Any]
) -> tuple[QueryPlanner, dict[str, list[str]]]:
    """The vocabulary, languages and filter values of the searcher's index. They
    are shared by every searcher of the generation: term lookups go through
    `lent()`, the reader of the searcher lent to the calling thread."""
    reader = searcher.reader()

    def words() -> set[str]:
        found: set[str] = set()
        for name in ("head_raw", "body_raw"):
            found.update(
                t.decode("utf-8") if isinstance(t, bytes) else t for t in lent().lexicon(name)
            )
        return found

    known = {
        key: sorted(t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.lexicon(name))
        for key, name in (
            ("category", "category"),
            ("severity", "severity"),
            ("lang", "lang"),
            ("tag", "tag"),
        )
    }
    present = set(known["lang"])
    languages = [lang for lang in STEMMED_LANGUAGES if lang in present]
    if present - set(STEMMED_LANGUAGES):
        languages.append(PLAIN)
    builder = QueryPlanner(
        Vocabulary(
            words,
            contains=lambda w: any(lent().doc_frequency(f, w) for f in ("head_raw", "body_raw")),
        ),
        languages or list(STEMMED_LANGUAGES),
        doc_frequency=lambda field, term: int(lent().doc_frequency(field, term)),
        doc_count=int(reader.doc_count_all()),
        thesaurus=lexicon.thesaurus,
        everyday=lexicon.everyday,
    )
    return builder, known
