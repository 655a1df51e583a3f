"""A drill's end: the attempt scored and saved, and the score screen (with the
trainee's progress), whence the next drill or back to the search."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from livecheck.drills.score import DrillScore
from livecheck.i18n import N_, _, ngettext
from livecheck.journal.store import JournalError
from livecheck.services.drills import Attempt, DrillError, DrillService
from livecheck.tui.context import livecheck_app
from livecheck.tui.language import TranslatedBindings
from livecheck.tui.text import line
from livecheck.tui.widgets.drill_score import score_content


def finish_drill(
    screen: Screen[None], service: DrillService, attempt: Attempt, give_up: bool
) -> None:
    """Score the attempt and show the score in place of `screen`."""
    try:
        score = service.finish(attempt, give_up=give_up)
    except (JournalError, DrillError) as exc:
        screen.notify(str(exc), title=_("The score was not saved"), severity="error", markup=False)
        return
    screen.app.switch_screen(DrillScoreScreen(service, attempt, score))


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
        livecheck_app(self.app).continue_drills(self.service)

    def action_close(self) -> None:
        from livecheck.tui.screens.search import return_to_search

        return_to_search(self)
