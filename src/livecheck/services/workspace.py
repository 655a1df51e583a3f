"""Everything a front end needs, in one object: the library, search, runs.

Both front ends (the TUI and the command line) build this one object; it holds
no UI code and opens nothing until first asked: the journal and the index are
opened lazily, and even the modules behind them are imported on first use, so
the app draws its first screen, and a command starts, before either is touched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from livecheck.drills.catalogue import DrillCard
    from livecheck.journal.store import Journal, RunRecord
    from livecheck.playbook.model import Playbook
    from livecheck.reports.model import Report
    from livecheck.reports.period import Period
    from livecheck.search.engine import WhooshSearch
    from livecheck.search.hits import Filters, PlaybookVersion, SearchHit, SearchResponse
    from livecheck.services.drills import DrillService
    from livecheck.services.runs import RunService
    from livecheck.services.settings import Settings


@dataclass(frozen=True, slots=True)
class RecentPlaybook:
    id: str
    lang: str
    title: str
    last_used: dt.datetime


class Workspace:
    def __init__(self, settings: Settings, today: dt.date | None = None) -> None:
        self.settings = settings
        self.today = today

    @cached_property
    def engine(self) -> WhooshSearch:
        from livecheck.search.engine import WhooshSearch

        return WhooshSearch(
            self.settings.paths.index_dir, self.settings.playbook_roots, today=self.today
        )

    @cached_property
    def journal(self) -> Journal:
        """Opened on first use; raises JournalError with a message fit for the user."""
        from livecheck.journal.store import Journal

        journal = Journal.open(self.settings.paths.journal_path)
        days = self.settings.config.get("retention_days")
        if isinstance(days, int) and not isinstance(days, bool) and days > 0:
            journal.purge_older_than(dt.datetime.now(dt.UTC) - dt.timedelta(days=days))
        return journal

    @cached_property
    def runs(self) -> RunService:
        from livecheck.services.runs import RunService

        return RunService(self.journal, self.settings.operator)

    def search(
        self, text: str, *, limit: int = 20, filters: Filters | None = None
    ) -> SearchResponse:
        return self.engine.search(text, limit=limit, filters=filters)

    def close(self) -> None:
        """Close what was opened (nothing, if nothing was used)."""
        if "engine" in self.__dict__:
            self.engine.close()
        if "journal" in self.__dict__:
            self.journal.close()
            del self.__dict__["journal"]
            self.__dict__.pop("runs", None)

    def playbook_at(self, path: str | Path) -> Playbook:
        from livecheck.playbook.loader import load_playbook_file
        from livecheck.runs.engine import ActionRefused

        loaded = load_playbook_file(Path(path))
        if loaded.playbook is None:
            first = loaded.problems[0].format() if loaded.problems else "it could not be read"
            raise ActionRefused(f"this playbook has errors: {first}")
        return loaded.playbook

    def versions(self, playbook_id: str) -> list[PlaybookVersion]:
        """Every language version of a playbook, from the index."""
        return self.engine.versions_of(playbook_id)

    def critical_playbooks(self, limit: int = 10) -> list[SearchHit]:
        from livecheck.search.hits import Filters

        return list(self.engine.search("", limit=limit, filters=Filters(severity="critical")).hits)

    def unfinished_runs(self) -> list[RunRecord]:
        """Unfinished real cases (practice runs are never listed with them)."""
        return self.journal.unfinished_runs("case")

    def drill_cards(self) -> list[DrillCard]:
        """The drills of the library as its files are now (read afresh each time)."""
        from livecheck.drills.catalogue import drill_cards
        from livecheck.playbook.library import load_library

        return drill_cards(load_library(self.settings.playbook_roots).playbooks)

    def drill_service(
        self, trainee: str | None = None, cards: list[DrillCard] | None = None
    ) -> DrillService:
        """Drills for `trainee` (default: the configured operator) over `cards` (default:
        the library's). Opens the journal."""
        from livecheck.services.drills import DrillService

        name = (trainee or "").strip() or self.settings.operator
        return DrillService(self.journal, self.drill_cards() if cards is None else cards, name)

    def recent_playbooks(self, limit: int = 8) -> list[RecentPlaybook]:
        journal = self.journal
        with journal.lock:
            rows = journal.connection.execute(
                "SELECT playbook_id, lang, title, max(started_at) AS last FROM runs WHERE kind = 'case' "
                "GROUP BY playbook_id, lang ORDER BY last DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [RecentPlaybook(r[0], r[1], r[2], dt.datetime.fromisoformat(r[3])) for r in rows]

    def record_search(
        self, query: str, *, results: int, opened_playbook_id: str | None = None
    ) -> bool:
        """Journal a search the user acted on; False when there was nothing to record."""
        from livecheck.search.log import search_record

        record = search_record(
            query,
            results=results,
            operator=self.settings.operator,
            opened_playbook_id=opened_playbook_id,
        )
        if record is None:
            return False
        self.journal.record_search(record)
        return True

    def report(self, period: Period | None = None, category: str | None = None) -> Report:
        """The figures of `livecheck report` (slow: call it from a worker)."""
        from livecheck.playbook.library import load_library
        from livecheck.reports.build import build_report

        library = load_library(self.settings.playbook_roots)
        return build_report(
            self.journal, library, period=period, category=category, today=self.today
        )
