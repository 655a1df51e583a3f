"""The start screen: search as you type, results with snippets, a preview.

Its home lists (the empty query) are read by livecheck.tui.screens.search_home;
what it records in the search log, and when, is livecheck.tui.screens.search_log.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar
from textual.worker import get_current_worker

from livecheck.i18n import N_, _, format_integer, ngettext
from livecheck.present.search_results import corrected_line
from livecheck.tui.context import livecheck_app, workspace_of
from livecheck.tui.handback import alive, hand_back
from livecheck.tui.language import TranslatedBindings
from livecheck.tui.messages import IndexProgress, IndexUpdated
from livecheck.tui.screens.search_home import HomeLists, read_home_lists
from livecheck.tui.screens.search_log import ShownSearch
from livecheck.tui.widgets.library_errors import LibraryErrors
from livecheck.tui.widgets.results import ResultList
from livecheck.tui.widgets.search_panel import SearchPanel

if TYPE_CHECKING:
    from livecheck.search.hits import SearchResponse

DEBOUNCE_SECONDS = 0.1
SEARCH_LIMIT = 20
BUILDING = N_("Building the search index (first launch, or the library changed):")


def search_placeholder() -> str:
    return _("Describe the case: a few words, typos and French are fine")


class SearchScreen(TranslatedBindings, Screen[None]):
    HELP_TITLE = N_("Search")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "down",
            "focus_results",
            N_("Results"),
            id="search.results",
            tooltip=N_("Move into the results"),
            show=False,
        ),
        Binding(
            "escape", "clear", N_("Clear"), id="search.clear", tooltip=N_("Clear the search box")
        ),
        Binding(
            "ctrl+r",
            "resume_latest",
            N_("Resume"),
            id="search.resume",
            tooltip=N_("Resume the latest unfinished run"),
        ),
        Binding(
            "ctrl+s",
            "stats",
            N_("Stats"),
            id="search.stats",
            tooltip=N_("Open the figures screen"),
        ),
        Binding(
            "delete",
            "discard_run",
            N_("Discard run"),
            id="search.discard",
            tooltip=N_(
                "Discard the highlighted unfinished run (asks first; journalled as abandoned)"
            ),
        ),
        Binding(
            "ctrl+l",
            "library_errors",
            N_("Errors"),
            id="search.errors",
            tooltip=N_("List the playbook files left out for their errors (file:line:col)"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown_query: str | None = None  # what the results on screen are for
        self.shown_at = 0.0  # when they were put there (monotonic, for benchmarks)
        self.shown_search: ShownSearch | None = None
        self._building = ""  # the index build's latest progress line, while it runs

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchPanel(
            placeholder=search_placeholder(),
            debounce=DEBOUNCE_SECONDS,
            limit=SEARCH_LIMIT,
            titles_while_building=True,
            progress=True,
            notices=[LibraryErrors(id="library-errors")],
        )
        yield Footer()

    def on_mount(self) -> None:
        self._show_broken()
        self.query_one("#index-progress", ProgressBar).display = False
        self.query_one(SearchPanel).box.focus()
        # After the first frame: the home lists open the journal (in a worker, which
        # would compete with drawing the screen).
        self.call_after_refresh(self.show_home)

    @property
    def panel(self) -> SearchPanel:
        return self.query_one(SearchPanel)

    @on(SearchPanel.NothingToOpen)
    def _nothing_to_open(self, event: SearchPanel.NothingToOpen) -> None:
        shown = self.shown_search
        if shown and not shown.logged and shown.results == 0 and shown.query == event.query:
            shown.logged = True  # Enter on nothing found: the user gave up on this query
            self.log_search(shown.query, 0, None)

    def action_focus_results(self) -> None:
        self.panel.focus_results()

    def action_clear(self) -> None:
        box = self.panel.box
        box.value = ""
        box.focus()

    def action_resume_latest(self) -> None:
        runs = workspace_of(self.app).unfinished_runs()
        if runs:
            livecheck_app(self.app).resume_run(runs[0].id)
        else:
            self.notify(_("No unfinished run."))

    def _broken(self) -> int:
        return livecheck_app(self.app).broken_files

    def _show_broken(self) -> None:
        """How many playbook files the library left out, as the CLI says it."""
        if not alive(self):  # the screen is being taken down: nothing to show it on
            return
        key = self.app.get_key_display(self._errors_binding())
        self.query_one("#library-errors", LibraryErrors).show_broken(self._broken(), key)
        self.refresh_bindings()

    def _errors_binding(self) -> Binding:
        return next(b for b in Binding.make_bindings(self.BINDINGS) if b.id == "search.errors")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "library_errors":
            return self._broken() > 0
        if action == "discard_run":  # (the list is gone while the app closes)
            results = next(self.query(ResultList).results(ResultList), None)
            return (
                results is not None
                and self.focused is results
                and results.highlighted_run() is not None
            )
        return True

    @work(group="search-dialog")
    async def action_discard_run(self) -> None:
        from livecheck.tui.screens.dialogs import ConfirmScreen

        run_id = self.query_one(ResultList).highlighted_run()
        if run_id is None:
            return
        yes = await self.app.push_screen_wait(
            ConfirmScreen(
                _("Discard this unfinished run?"),
                _(
                    "Run {run} ends as abandoned (“discarded”). Nothing is deleted: "
                    "the journal keeps every action, and reports count it as abandoned."
                ).format(run=run_id),
                confirm_label=_("Discard"),
                cancel_label=_("Keep it"),
            )
        )
        if not yes:
            return
        try:
            workspace_of(self.app).discard_run(run_id)
        except Exception as exc:  # the journal refused: say so, the run stays listed
            self.notify(str(exc), title=_("Not discarded"), severity="error", markup=False)
            return
        self.notify(
            _("Run {run} discarded (journalled as abandoned).").format(run=run_id), markup=False
        )
        self.show_home()

    def action_library_errors(self) -> None:
        from livecheck.tui.screens.problems import LibraryProblemsScreen

        self.app.push_screen(LibraryProblemsScreen())

    def action_stats(self) -> None:
        livecheck_app(self.app).open_stats()

    # -- the search log -----------------------------------------------------------

    def _left_search(self) -> None:
        """The user moved on from the query on screen: record it if it was read."""
        shown = self.shown_search
        if shown and not shown.logged and shown.settled():
            shown.logged = True
            self.log_search(shown.query, shown.results, None)

    @work(thread=True, group="search-log")
    def log_search(self, query: str, results: int, opened: str | None) -> None:
        self.record_search(query, results, opened)

    def record_search(self, query: str, results: int, opened: str | None) -> None:
        try:
            workspace_of(self.app).record_search(query, results=results, opened_playbook_id=opened)
        except Exception:  # the log must never get in the way of searching
            self.log.warning("could not record a search in the journal")

    def on_screen_suspend(self) -> None:
        self._left_search()

    def on_unmount(self) -> None:
        shown = self.shown_search
        if shown and not shown.logged and shown.settled():  # quitting: no worker would finish
            shown.logged = True
            self.record_search(shown.query, shown.results, None)

    # -- searching ----------------------------------------------------------------

    @on(SearchPanel.Emptied)
    def _emptied(self) -> None:
        self.show_home()

    @on(SearchPanel.Answered)
    def _answered(self, event: SearchPanel.Answered) -> None:
        self.show_response(event.response)

    def show_response(self, response: SearchResponse) -> None:
        """Note the query on screen (for the search log) and say what was found."""
        self.shown_query, self.shown_at = response.query, time.perf_counter()
        ids = {hit.path: hit.id for hit in response.hits}
        shown = self.shown_search
        if shown is not None and shown.query == response.query:  # the same query, re-run
            shown.results, shown.ids = len(response.hits), ids
        else:
            self._left_search()
            self.shown_search = ShownSearch(response.query, len(response.hits), ids)
        if not response.hits:
            self.panel.preview.clear()  # never the previous query's playbook
        if response.corrected:
            self.panel.say(corrected_line(response))
        elif not response.hits:
            hint = (
                " " + _("Did you mean “{suggestion}”?").format(suggestion=response.suggestion)
                if response.suggestion
                else ""
            )
            self.panel.say(
                _(
                    "No playbook matches “{query}”.{hint} "
                    "Try fewer or other words, or French/English."
                ).format(query=response.query, hint=hint)
            )
        else:
            note = " " + _("(search took too long; partial results)") if response.timed_out else ""
            found = ngettext("{n} playbook", "{n} playbooks", len(response.hits)).format(
                n=format_integer(len(response.hits))
            )
            took = _("{ms} ms").format(ms=format_integer(round(response.took_ms)))
            self.panel.say(f"{found} · {took}{note}")

    @on(SearchPanel.TitlesFound)
    def _titles_found(self, event: SearchPanel.TitlesFound) -> None:
        if not event.hits:
            self.panel.preview.clear()
        self.panel.say(
            _(BUILDING)
            + " "
            + ngettext(
                "Titles only for now: {n} title match among the playbooks read so far.",
                "Titles only for now: {n} title matches among the playbooks read so far.",
                len(event.hits),
            ).format(n=format_integer(len(event.hits)))
        )

    def show_home(self) -> None:
        """Empty query: unfinished runs, recently used playbooks, critical playbooks."""
        self.shown_query = ""
        self._left_search()
        self.shown_search = None
        self.panel.load(self._load_home)

    def _load_home(self) -> None:
        """(In the panel's search worker) the lists of the start screen."""
        ready = livecheck_app(self.app).index_ready
        home = read_home_lists(workspace_of(self.app), ready)
        if get_current_worker().is_cancelled:
            return
        hand_back(self, self._show_home_lists, home)

    def _show_home_lists(self, home: HomeLists) -> None:
        """(On the app's thread) the home lists, unless the screen went meanwhile (the
        worker's answer can arrive while the app closes: its widgets are gone)."""
        panels = self.query(SearchPanel)
        if not self.is_attached or not panels or not panels.first().query(ResultList):
            return
        self.panel.results.show_home(home.runs, home.recent, home.critical, home.team, home.steps)
        self.panel.say(
            _("Type to search. Enter opens, ↓ moves into the results.")
            if livecheck_app(self.app).index_ready
            # the build's progress, once known, is said rather than overwritten
            else self._building or _(BUILDING) + " " + _("Search by title works meanwhile."),
        )

    # -- results ------------------------------------------------------------------

    @on(ResultList.PlaybookChosen)
    def _open(self, event: ResultList.PlaybookChosen) -> None:
        shown = self.shown_search
        if shown is not None and event.path in shown.ids:  # a result, not a home entry
            shown.logged = True
            self.log_search(shown.query, shown.results, shown.ids[event.path])
        livecheck_app(self.app).open_playbook(event.path)

    @on(ResultList.RunChosen)
    def _resume(self, event: ResultList.RunChosen) -> None:
        if event.take:
            livecheck_app(self.app).take_run(event.run_id)
        else:
            livecheck_app(self.app).resume_run(event.run_id)

    # -- the library changing underneath -------------------------------------------

    @on(IndexProgress)
    def _progress(self, event: IndexProgress) -> None:
        if not self.query(SearchPanel):  # the screen's widgets are gone (the app closes)
            return
        bar = self.query_one("#index-progress", ProgressBar)
        bar.display = event.done < event.total
        bar.update(total=event.total, progress=event.done)
        self._building = (
            _(BUILDING)
            + " "
            + ngettext(
                "{done} of {total} playbook read; search by title works meanwhile.",
                "{done} of {total} playbooks read; search by title works meanwhile.",
                event.total,
            ).format(done=format_integer(event.done), total=format_integer(event.total))
        )
        self.panel.say(self._building)

    async def relabel(self) -> None:
        """After a language switch: the box's placeholder, the banner, and the search
        (or the home lists) shown again in the new language, from the same text."""
        self.panel.box.placeholder = search_placeholder()
        self._show_broken()
        self.shown_search = None  # the same query again is not a new search to log
        self.panel.search(self.panel.box.value)

    @on(IndexUpdated)
    def _index_updated(self) -> None:
        if not self.query(SearchPanel):  # the screen's widgets are gone (the app closes)
            return
        self._show_broken()
        self.query_one("#index-progress", ProgressBar).display = False
        self.panel.search(self.panel.box.value)


def return_to_search(screen: Screen[None]) -> None:
    """Back to the search screen under `screen`, or just close `screen` when the
    app was opened straight onto it (a drill, a resumed run)."""
    search = next(
        (s for s in reversed(screen.app.screen_stack) if isinstance(s, SearchScreen)), None
    )
    if search is not None:
        search.pop_until_active()
    elif len(screen.app.screen_stack) > 1:
        screen.dismiss(None)
