"""A practice drill: the scenario alone, the normal search to find the playbook, the
practice walkthrough (marked PRACTICE, never listed with real cases) and the score.

Nothing here names the drill's playbook before the score: the trainee sees the
scenario and what the normal search shows, nothing more."""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Collapsible, Footer, Header, Input, Static

from livecheck.drills.catalogue import DrillCard
from livecheck.drills.score import DrillScore
from livecheck.i18n import N_, _, ngettext
from livecheck.journal.store import JournalError
from livecheck.present.drill_score import time_left
from livecheck.present.search_results import corrected_line
from livecheck.runs.engine import ActionRefused
from livecheck.services.drills import Attempt, DrillError, DrillService
from livecheck.services.runs import ActiveRun
from livecheck.tui.language import TranslatedBindings
from livecheck.tui.messages import IndexUpdated
from livecheck.tui.screens.dialogs import ConfirmScreen
from livecheck.tui.screens.walkthrough import WalkthroughScreen
from livecheck.tui.text import line, plain
from livecheck.tui.widgets.drill_score import score_content
from livecheck.tui.widgets.results import ResultList
from livecheck.tui.widgets.search_panel import SearchPanel

DEBOUNCE_SECONDS = 0.15
SEARCH_LIMIT = 20


def drill_placeholder() -> str:
    return _("Find the playbook for this case: describe it in a few words")


def practice_banner(attempt: Attempt, now_seconds: float) -> Content:
    """The PRACTICE mark with the time left before the drill times out."""
    left = max(0.0, (attempt.deadline - attempt.began).total_seconds() - now_seconds)
    return Content.assemble(
        (" " + _("PRACTICE") + " ", "bold $text on $accent"),
        (f"  {time_left(left)}", "bold"),
        ("  ·  " + _("a drill: not a real case, kept apart from case figures"), "$text-muted"),
    )


def _elapsed(service: DrillService, attempt: Attempt) -> float:
    return (service.clock() - attempt.began).total_seconds()


def _finish(screen: Screen[None], service: DrillService, attempt: Attempt, give_up: bool) -> None:
    """Score the attempt and show the score in place of `screen`."""
    try:
        score = service.finish(attempt, give_up=give_up)
    except (JournalError, DrillError) as exc:
        screen.notify(str(exc), title=_("The score was not saved"), severity="error", markup=False)
        return
    screen.app.switch_screen(DrillScoreScreen(service, attempt, score))


async def confirm_give_up(screen: Screen[None], message: str) -> bool:
    """ "Give up this drill?" with what giving up means at this point."""
    yes: bool | None = await screen.app.push_screen_wait(
        ConfirmScreen(
            _("Give up this drill?"),
            message,
            confirm_label=_("Give up"),
            cancel_label=_("Keep going"),
        )
    )
    return bool(yes)


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
        elapsed = _elapsed(self.service, self.attempt)
        self.query_one("#drill-banner", Static).update(practice_banner(self.attempt, elapsed))
        if self.attempt.timed_out(self.service.clock()) and not self._leaving:
            self._leaving = True
            self.notify(_("Time is up."), title=_("Drill"), markup=False)
            _finish(self, self.service, self.attempt, give_up=True)

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
            _finish(self, self.service, self.attempt, give_up=True)


class PracticeWalkthroughScreen(WalkthroughScreen):
    """The walkthrough, marked PRACTICE; its end is the drill's score, not a handoff summary."""

    practice = True  # the command palette offers nothing that would leave the drill

    CSS_PATH: ClassVar[str | PurePath | list[str | PurePath] | None] = [  # Textual reads a list
        "../walkthrough.tcss",
        "../drill.tcss",
    ]
    HELP_TITLE = N_("Practice walkthrough")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "leave",
            N_("Give up"),
            id="practice.give_up",
            tooltip=N_("Give up the drill: the practice run ends and is scored as it stands"),
        ),
        Binding(
            "v",
            "toggle_scenario",
            N_("Case"),
            id="practice.scenario",
            tooltip=N_("Show or fold the drill’s scenario"),
            show=False,
        ),
    ]

    def __init__(self, service: DrillService, attempt: Attempt, run: ActiveRun) -> None:
        super().__init__(run)
        self.service = service
        self.attempt = attempt

    def compose(self) -> ComposeResult:
        yield Static(id="practice-banner")
        with Collapsible(title=_("The case (v folds it)"), collapsed=False, id="practice-scenario"):
            yield Static(plain(self.attempt.scenario.strip()), id="practice-scenario-text")
        yield from super().compose()

    async def relabel(self) -> None:
        folded = self.query_one("#practice-scenario", Collapsible).collapsed
        await super().relabel()
        self.query_one("#practice-scenario", Collapsible).collapsed = folded
        self._show_banner()

    def action_toggle_scenario(self) -> None:
        box = self.query_one("#practice-scenario", Collapsible)
        box.collapsed = not box.collapsed

    def on_mount(self) -> None:
        super().on_mount()
        self._show_banner()

    def _show_banner(self) -> None:
        elapsed = _elapsed(self.service, self.attempt)
        self.query_one("#practice-banner", Static).update(practice_banner(self.attempt, elapsed))

    def _tick(self) -> None:
        super()._tick()
        self._show_banner()
        if (
            not self._finished
            and not self.run.state.over
            and self.attempt.timed_out(self.service.clock())
            and self.app.screen is self
        ):
            self._finished = True
            if self._timer is not None:
                self._timer.stop()
            self.notify(_("Time is up."), title=_("Drill"), markup=False)
            _finish(self, self.service, self.attempt, give_up=True)

    def end_screen(self) -> Screen[None]:
        try:
            score = self.service.finish(self.attempt, give_up=True)
        except (JournalError, DrillError) as exc:
            self.notify(
                str(exc), title=_("The score was not saved"), severity="error", markup=False
            )
            return super().end_screen()
        return DrillScoreScreen(self.service, self.attempt, score)

    def action_leave(self) -> None:
        self.run_flow(self._give_up)

    async def _give_up(self) -> None:
        yes = await confirm_give_up(
            self, _("The practice run ends here and is scored as it stands.")
        )
        if yes and not self._finished:
            self._finished = True
            if self._timer is not None:
                self._timer.stop()
            _finish(self, self.service, self.attempt, give_up=True)


class DrillScoreScreen(TranslatedBindings, Screen[None]):
    CSS_PATH = "../drill.tcss"
    HELP_TITLE = N_("Drill score")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n",
            "next_drill",
            N_("Next drill"),
            id="score.next",
            tooltip=N_("Practise the next drill due"),
        ),
        Binding(
            "escape", "close", N_("Search"), id="score.close", tooltip=N_("Back to the search")
        ),
        Binding(
            "enter",
            "close",
            N_("Search"),
            id="score.done",
            tooltip=N_("Back to the search"),
            show=False,
        ),
    ]

    def __init__(self, service: DrillService, attempt: Attempt, score: DrillScore) -> None:
        super().__init__()
        self.service = service
        self.attempt = attempt
        self.score = score

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            Content.assemble(
                (" " + _("PRACTICE") + " ", "bold $text on $accent"),
                ("  " + _("drill score"), "bold"),
            ),
            id="score-banner",
        )
        with VerticalScroll(id="score-body"):
            yield Static(score_content(self.score), id="score-text")
            yield Static(id="score-progress")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#score-body", VerticalScroll).focus()
        try:
            report = self.service.progress()
        except JournalError:
            return
        certified = ", ".join(report.certified) or _("none yet")
        self.query_one("#score-progress", Static).update(
            Content.assemble(
                "\n",
                line(
                    ngettext(
                        "{trainee}: {passed} of {n} drill passed · certified: {certified}",
                        "{trainee}: {passed} of {n} drills passed · certified: {certified}",
                        len(report.drills),
                    ).format(
                        trainee=report.trainee,
                        passed=report.passed,
                        n=len(report.drills),
                        certified=certified,
                    ),
                    "$text-muted",
                ),
            )
        )

    async def relabel(self) -> None:
        await self.recompose()
        self.on_mount()

    def action_next_drill(self) -> None:
        card = self.service.next_drill()
        if card is None:
            self.notify(_("No drill left to practise."), markup=False)
            return
        self.app.switch_screen(DrillScreen(self.service, card))

    def action_close(self) -> None:
        from livecheck.tui.screens.search import return_to_search

        return_to_search(self)
