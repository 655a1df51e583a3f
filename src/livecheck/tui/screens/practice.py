"""A drill's practice run: the walkthrough marked PRACTICE (never listed with real
cases) with the drill's scenario and time left; its end is the drill's score, not a
handoff summary. Also the PRACTICE banner and the "give up?" question the drill
screen shares."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Collapsible, Static

from livecheck.i18n import N_, _
from livecheck.journal.store import JournalError
from livecheck.present.drill_score import time_left
from livecheck.services.drills import Attempt, DrillError, DrillService
from livecheck.services.runs import ActiveRun
from livecheck.tui.screens.dialogs import ConfirmScreen
from livecheck.tui.screens.drill_score import DrillScoreScreen, finish_drill
from livecheck.tui.screens.walkthrough import WalkthroughScreen
from livecheck.tui.text import plain


def practice_banner(attempt: Attempt, now_seconds: float) -> Content:
    """The PRACTICE mark with the time left before the drill times out."""
    left = max(0.0, (attempt.deadline - attempt.began).total_seconds() - now_seconds)
    return Content.assemble(
        (" " + _("PRACTICE") + " ", "bold $text on $accent"),
        (f"  {time_left(left)}", "bold"),
        ("  ·  " + _("a drill: not a real case, kept apart from case figures"), "$text-muted"),
    )


def seconds_into(service: DrillService, attempt: Attempt) -> float:
    """How long the attempt has been under way, by the drill service's clock."""
    return (service.clock() - attempt.began).total_seconds()


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
        elapsed = seconds_into(self.service, self.attempt)
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
            finish_drill(self, self.service, self.attempt, give_up=True)

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
            finish_drill(self, self.service, self.attempt, give_up=True)
