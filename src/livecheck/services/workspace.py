"""Everything a front end needs, in one object: the library, search, runs.

The TUI (and any other front end) talks to this; it holds no UI code and
opens nothing until first asked (the journal and the index are opened lazily,
so the app can draw its first screen before either is touched).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from livecheck.authoring.status import PlaybookTranslations
from livecheck.drills.catalogue import DrillCard, drill_cards
from livecheck.i18n import _
from livecheck.journal.store import Journal, RunRecord
from livecheck.playbook.library import load_library
from livecheck.playbook.loader import load_playbook_file
from livecheck.playbook.model import Playbook
from livecheck.reports.build import build_report
from livecheck.reports.model import Report
from livecheck.reports.period import Period
from livecheck.runs.engine import ActionRefused
from livecheck.search.engine import PlaybookVersion, SearchHit, SearchResponse, WhooshSearch
from livecheck.search.log import search_record
from livecheck.search.query import Filters
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

    @property
    def playbook_roots(self) -> tuple[Path, ...]:
        """The playbook folders in use (the bundled library among them or not)."""
        return self.settings.playbook_roots

    def roots_description(self) -> str:
        """The folders in use and where they come from, in one line (for a help screen)."""
        return self.settings.roots_description()

    @cached_property
    def engine(self) -> WhooshSearch:
        return WhooshSearch(
            self.settings.paths.index_dir, self.settings.playbook_roots, today=self.today
        )

    @cached_property
    def journal(self) -> Journal:
        """Opened on first use; raises JournalError with a message fit for the user."""
        journal = Journal.open(self.settings.paths.journal_path)
        days = self.settings.config.get("retention_days")
        if isinstance(days, int) and not isinstance(days, bool) and days > 0:
            journal.purge_older_than(dt.datetime.now(dt.UTC) - dt.timedelta(days=days))
        return journal

    @cached_property
    def runs(self) -> RunService:
        return RunService(self.journal, self.settings.operator)

    def search(
        self, text: str, *, limit: int = 20, filters: Filters | None = None
    ) -> SearchResponse:
        return self.engine.search(text, limit=limit, filters=filters)

    def playbook_at(self, path: str | Path) -> Playbook:
        loaded = load_playbook_file(Path(path))
        if loaded.playbook is None:
            first = loaded.problems[0].format() if loaded.problems else "it could not be read"
            raise ActionRefused(_("this playbook has errors: {problem}").format(problem=first))
        return loaded.playbook

    def versions(self, playbook_id: str) -> list[PlaybookVersion]:
        """Every language version of a playbook, from the index."""
        return self.engine.versions_of(playbook_id)

    def translations_of(self, playbook_id: str) -> PlaybookTranslations:
        """Each language's translation state of one playbook (up to date, steps out of date
        since the source changed, missing), from its files as they are now."""
        from livecheck.authoring.status import status_of_files

        paths = {v.lang: Path(v.path) for v in self.versions(playbook_id)}
        return status_of_files(playbook_id, paths)

    def critical_playbooks(self, limit: int = 10) -> list[SearchHit]:
        return list(self.engine.search("", limit=limit, filters=Filters(severity="critical")).hits)

    def unfinished_runs(self) -> list[RunRecord]:
        """Unfinished real cases (practice runs are never listed with them)."""
        return self.journal.unfinished_runs("case")

    def drill_cards(self) -> list[DrillCard]:
        """The drills of the library as its files are now (read afresh each time)."""
        return drill_cards(load_library(self.settings.playbook_roots).playbooks)

    def drill_service(self, trainee: str | None = None) -> DrillService:
        """Drills for `trainee` (default: the configured operator). Opens the journal."""
        name = (trainee or "").strip() or self.settings.operator
        return DrillService(self.journal, self.drill_cards(), name)

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
        library = load_library(self.settings.playbook_roots)
        return build_report(
            self.journal, library, period=period, category=category, today=self.today
        )
