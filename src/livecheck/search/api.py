"""What front ends ask of a search engine, whichever engine it is (engine-free)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from livecheck.playbook.model import Playbook
from livecheck.search.hits import Filters, SearchResponse


@dataclass(frozen=True, slots=True)
class RefreshReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    broken: int = 0  # files with errors, left out of the index
    rebuilt: bool = False
    deferred: bool = False  # another process held the write lock; try again later
    reason: str = ""  # why a rebuild happened
    # Set when the index could not be written (read-only or full disk): the old
    # index, or one in memory, is searched; says why, for the user.
    failed: str = ""
    seconds: float = 0.0
    # Paths that could not be read (unreadable folders and files, names that are
    # not UTF-8, entries that are not regular files), one printable line each.
    skipped: tuple[str, ...] = ()

    @property
    def touched(self) -> int:
        return self.added + self.changed + self.removed


Progress = Callable[[int, int], None]
# Called with each playbook as it is indexed (and the file path), e.g. to offer
# title search while a first build runs.
OnPlaybook = Callable[[Playbook, str], None]


class SearchEngine(Protocol):
    """Callers (CLI, TUI, drills, benchmarks) use this only, so the engine behind
    it could change without touching them."""

    def refresh(
        self, *, rebuild: bool = False, progress: Progress | None = None
    ) -> RefreshReport: ...

    def search(
        self, text: str, *, limit: int = 10, filters: Filters | None = None
    ) -> SearchResponse: ...
