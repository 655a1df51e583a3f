"""Everything a front end needs, in one object: the library, search, runs.

Both front ends (the TUI and the command line) build this one object; it holds
no UI code and opens nothing until first asked: the journal and the index are
opened lazily, and even the modules behind them are imported on first use, so
the app draws its first screen, and a command starts, before either is touched.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from livecheck.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from livecheck.authoring.status import PlaybookTranslations
    from livecheck.drills.catalogue import DrillCard
    from livecheck.journal.store import Journal, RecentPlaybook, RunRecord
    from livecheck.journal.team.server import TeamRun
    from livecheck.playbook.model import Playbook
    from livecheck.playbook.problems import Problem
    from livecheck.reports.model import Report
    from livecheck.reports.period import Period
    from livecheck.search.engine import WhooshSearch
    from livecheck.search.hits import Filters, PlaybookVersion, SearchHit, SearchResponse
    from livecheck.services.drills import DrillService
    from livecheck.services.runs import ActiveRun, RunService
    from livecheck.services.settings import Settings
    from livecheck.services.team import TeamService

DISCARDED = "discarded from the list of unfinished runs"


class Workspace:
    def __init__(
        self,
        settings: Settings,
        today: dt.date | None = None,
        *,
        reading: bool = False,
        say: Callable[[str], None] | None = None,
    ) -> None:
        """`reading`: the journal is only read (a read-only or full disk opens it
        read-only); `say`: where to tell what replaying recovery files did (default:
        kept in `replayed`, for the app to show)."""
        self.settings = settings
        self.today = today
        self.reading = reading
        self.replayed: list[str] = []  # what replaying recovery files did, to tell the user
        self.say: Callable[[str], None] = say or self.replayed.append

    @property
    def playbook_roots(self) -> tuple[Path, ...]:
        """The playbook folders in use (the bundled library among them or not)."""
        return self.settings.playbook_roots

    def roots_description(self) -> str:
        """The folders in use and where they come from, in one line (for a help screen)."""
        return self.settings.roots_description()

    @cached_property
    def engine(self) -> WhooshSearch:
        from livecheck.search.engine import WhooshSearch

        return WhooshSearch(
            self.settings.paths.index_dir, self.settings.playbook_roots, today=self.today
        )

    @cached_property
    def journal(self) -> Journal:
        """Opened on first use; raises JournalError with a message fit for the user."""
        from livecheck.services.journal_access import open_journal

        # Replays what a full disk kept out last time, applies retention, falls back to
        # read-only for a reader, queues writes for the team journal.
        return open_journal(self.settings, reading=self.reading, say=self.say)

    @cached_property
    def runs(self) -> RunService:
        from livecheck.services.runs import RunService

        return RunService(self.journal, self.settings.operator)

    # -- the team journal (None without one) ---------------------------------------------

    @cached_property
    def team(self) -> TeamService | None:
        """The team journal's service (opens the local journal), None without one."""
        if self.settings.team is None:
            return None
        from livecheck.services.team import TeamService

        return TeamService.maybe(self.settings, self.journal)

    def team_runs(self) -> list[TeamRun]:
        """Runs handed over that this person may take (slow: from a worker)."""
        team = self.team
        if team is None or team.replicator.status().online is False:
            return []  # no team journal, or it is away: the home list does not wait for it
        me = self.settings.operator
        return [r for r in team.open_runs() if r.holder is None and r.handed_to in (None, me)]

    def take_run(self, run_id: str) -> ActiveRun:
        """Take a team run over and reopen it here (slow: from a worker)."""
        team = self.team
        if team is None:
            from livecheck.journal.store import JournalError

            raise JournalError("there is no team journal to take runs from")
        taken = team.take(run_id)
        return self.runs.resume(taken.run_id)

    def hand_off(self, run: ActiveRun, note: str, to: str | None = None) -> None:
        """Hand an open run over to the team (slow: from a worker)."""
        team = self.team
        if team is None:
            from livecheck.journal.store import JournalError

            raise JournalError("there is no team journal: set one to hand runs over")
        team.hand_off(self.runs, run, note, to)

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
        from livecheck.search.hits import Filters

        return list(self.engine.search("", limit=limit, filters=Filters(severity="critical")).hits)

    def library_errors(self) -> list[Problem]:
        """The errors that keep playbook files out of the library (read afresh; slow:
        call it from a worker), sorted by file and position."""
        from livecheck.playbook.library import load_library

        return [p for p in load_library(self.settings.playbook_roots).problems if p.is_error]

    def unfinished_runs(self) -> list[RunRecord]:
        """Unfinished real cases (practice runs are never listed with them)."""
        return self.journal.unfinished_runs("case")

    def current_step_title(self, run: RunRecord) -> str | None:
        """The title of the step `run` stopped at, in the playbook version it runs on
        (None at an outcome, or when that version cannot be read)."""
        from livecheck.runs.engine import ActionRefused
        from livecheck.services.runs import playbook_from_bytes

        if not run.current_step:
            return None
        content = self.journal.playbook_content(run.version)
        if content is None:
            return None
        try:
            step = playbook_from_bytes(content, Path(run.path)).step(run.current_step)
        except ActionRefused:
            return None
        return step.title if step else None

    def discard_run(self, run_id: str, reason: str = DISCARDED) -> None:
        """End an unfinished run as abandoned (journalled, never deleted)."""
        runs = self.runs
        run = runs.resume(run_id)
        runs.act(run, lambda w: w.abandon(reason))

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
        return self.journal.recent_playbooks(limit)

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
        from livecheck.services.team import figures_source

        library = load_library(self.settings.playbook_roots)
        # With a team journal: the whole team's figures (this machine's if it is away).
        source, _ = figures_source(self.settings, self.journal)
        return build_report(source, library, period=period, category=category, today=self.today)
