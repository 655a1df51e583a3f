"""A practice drill: the scenario alone and the normal search to find the playbook;
picking it starts the practice walkthrough (livecheck.tui.screens.practice), which
ends with the score (livecheck.tui.screens.drill_score).

Nothing here names the drill's playbook before the score: the trainee sees the
scenario and what the normal search shows, nothing more."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static

from livecheck.drills.catalogue import DrillCard
from livecheck.i18n import N_, _, ngettext
from livecheck.journal.store import JournalError
from livecheck.present.search_results import corrected_line
from livecheck.runs.engine import ActionRefused
from livecheck.services.drills import DrillError, DrillService
from livecheck.tui.language import TranslatedBindings
from livecheck.tui.messages import IndexUpdated
from livecheck.tui.screens.drill_score import finish_drill
from livecheck.tui.screens.practice import (
    PracticeWalkthroughScreen,
    confirm_give_up,
    practice_banner,
    seconds_into,
)
from livecheck.tui.text import plain
from livecheck.tui.widgets.results import ResultList
from livecheck.tui.widgets.search_panel import SearchPanel

DEBOUNCE_SECONDS = 0.15
SEARCH_LIMIT = 20


def drill_placeholder() -> str:
    return _("Find the playbook for this case: describe it in a few words")


class DrillScreen(TranslatedBindings, Screen[None]):
    """The scenario and a search box: find the playbook, pick it to start the practice run."""

    practice = True  # the command palette offers nothing that would leave the drill

    CSS_PATH = "../drill.tcss"
    HELP_TITLE = N_("Drill")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "down",
            "focus_results",
            N_("Results"),
            id="drill.results",
            tooltip=N_("Move into the results"),
            show=False,
        ),
        Binding(
            "escape",
            "give_up",
            N_("Give up"),
            id="drill.give_up",
            tooltip=N_("Give up this drill: it is scored as it stands"),
        ),
    ]

    def __init__(self, service: DrillService, card: DrillCard) -> None:
        super().__init__()
        self.service = service
        self.attempt = service.begin(card)
        self.paths: list[str] = []  # the playbooks shown, in rank order
        self.shown_query: str | None = None
        self._clock: Timer | None = None
        self._leaving = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="drill-banner")
        with VerticalScroll(id="drill-scenario", can_focus=False) as box:
            box.border_title = Content(_("The case"))
            yield Static(plain(self.attempt.scenario.strip()))
        yield SearchPanel(
            placeholder=drill_placeholder(),
            debounce=DEBOUNCE_SECONDS,
            limit=SEARCH_LIMIT,
            prefix="drill-",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SearchPanel).box.focus()
        self.panel.say(_("Search as usual; Enter or a click on a result starts its practice run."))
        self._clock = self.set_interval(1, self._tick)
        self._tick()

    async def relabel(self) -> None:
        """After a language switch: the same search again, in the new words."""
        self.query_one("#drill-scenario", VerticalScroll).border_title = Content(_("The case"))
        self.panel.box.placeholder = drill_placeholder()
        self.panel.search(self.panel.box.value)
        self._tick()

    def _tick(self) -> None:
        elapsed = seconds_into(self.service, self.attempt)
        self.query_one("#drill-banner", Static).update(practice_banner(self.attempt, elapsed))
        if self.attempt.timed_out(self.service.clock()) and not self._leaving:
            self._leaving = True
            self.notify(_("Time is up."), title=_("Drill"), markup=False)
            finish_drill(self, self.service, self.attempt, give_up=True)

    # -- searching ---------------------------------------------------------------------

    @property
    def panel(self) -> SearchPanel:
        return self.query_one(SearchPanel)

    @on(SearchPanel.Emptied)
    def _emptied(self) -> None:
        self.paths = []
        self.shown_query = ""
        self.panel.results.clear_options()
        self.panel.say(_("Type a few words about the case."))

    @on(SearchPanel.Answered)
    def _answered(self, event: SearchPanel.Answered) -> None:
        response = event.response
        self.attempt.note_search(response.query)
        self.paths = [hit.path for hit in response.hits]
        self.shown_query = response.query
        if response.corrected:
            self.panel.say(corrected_line(response))
        elif not response.hits:
            self.panel.say(
                _("No playbook matches “{query}”. Try other words.").format(query=response.query)
            )
        else:
            self.panel.say(
                ngettext(
                    "{n} playbook. Enter starts the highlighted one as a practice run.",
                    "{n} playbooks. Enter starts the highlighted one as a practice run.",
                    len(response.hits),
                ).format(n=len(response.hits))
            )

    @on(IndexUpdated)
    def _index_updated(self) -> None:
        boxes = self.query("#drill-query").results(Input)
        box = next(boxes, None)
        if box is not None and box.value.strip():  # not composed yet: nothing typed to redo
            self.panel.search(box.value)

    def action_focus_results(self) -> None:
        self.panel.focus_results()

    # -- choosing ------------------------------------------------------------------------

    @on(ResultList.PlaybookChosen)
    def _chosen(self, event: ResultList.PlaybookChosen) -> None:
        if self._leaving:
            return
        rank = self.paths.index(event.path) + 1 if event.path in self.paths else None
        try:
            run = self.service.choose(self.attempt, Path(event.path), rank)
        except (ActionRefused, DrillError, JournalError, OSError) as exc:
            self.notify(
                str(exc),
                title=_("Could not start the practice run"),
                severity="error",
                markup=False,
            )
            return
        self._leaving = True
        if self._clock is not None:
            self._clock.stop()
        self.app.switch_screen(PracticeWalkthroughScreen(self.service, self.attempt, run))

    @work(group="drill-dialog")
    async def action_give_up(self) -> None:
        if self._leaving:
            return
        yes = await confirm_give_up(
            self, _("It is scored as it stands (no playbook chosen) and comes back soon.")
        )
        if yes and not self._leaving:
            self._leaving = True
            finish_drill(self, self.service, self.attempt, give_up=True)
