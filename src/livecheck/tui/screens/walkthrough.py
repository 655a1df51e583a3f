"""A run, step by step: memory items, header (position, path, SLA), the checklist, the
step at hand and its keys. Every action goes through the run service, so it is in the
journal before the screen shows it. Widgets: widgets/step_pane.py, run_header.py,
team_news.py; dialog flows, the message to send, unsaved actions: walkthrough_*.py."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Markdown, Static

from livecheck.i18n import N_, _
from livecheck.journal.store import JournalError
from livecheck.playbook.model import Step
from livecheck.present.steps import outcome_needed, position
from livecheck.runs.engine import ActionRefused, Walkthrough
from livecheck.runs.events import Event
from livecheck.safety.text import one_line, strip_control
from livecheck.services.runs import ActiveRun, NotSaved
from livecheck.tui.clipboard import clipboard_reach
from livecheck.tui.context import livecheck_app, workspace_of
from livecheck.tui.language import TranslatedBindings
from livecheck.tui.screens import walkthrough_flows as flows
from livecheck.tui.screens.walkthrough_copy import copy_message, message_text, save_message
from livecheck.tui.screens.walkthrough_saving import UnsavedActions
from livecheck.tui.text import line
from livecheck.tui.widgets.checklist import Checklist, short_path
from livecheck.tui.widgets.run_header import SlaBadge, case_content, memory_content
from livecheck.tui.widgets.step_pane import StepPane
from livecheck.tui.widgets.team_news import ACTING, TeamNews

FLUSH_EVERY_TICKS = 5  # retry writing unsaved actions every 5 seconds


def _binding(
    key: str, action: str, description: str, tooltip: str, *, show: bool = True
) -> Binding:
    """A key of the walkthrough: its id is "walk." and the action's name
    ("walk.choose3" for "choose(3)")."""
    name = action.replace("(", "").replace(")", "")
    return Binding(key, action, description, show=show, id=f"walk.{name}", tooltip=tooltip)


class WalkthroughScreen(TranslatedBindings, Screen[None]):
    CSS_PATH: ClassVar[str | PurePath | list[str | PurePath] | None] = "../walkthrough.tcss"
    HELP_TITLE = N_("Walkthrough")
    BINDINGS: ClassVar[list[BindingType]] = [
        _binding(
            "d",
            "done",
            N_("Done"),
            N_("Mark the step done (asks to confirm if it cannot be undone)"),
        ),
        _binding("s", "skip", N_("Skip"), N_("Skip the step (asks why)")),
        _binding("n", "note", N_("Note"), N_("Add a note to the step")),
        _binding("b", "back", N_("Back"), N_("Undo the last step"), show=False),
        _binding("c", "copy", N_("Copy"), N_("Copy the message to send")),
        _binding(
            "w",
            "save_message",
            N_("Save msg"),
            N_("Write the message to a private file in the data folder (when copying fails)"),
            show=False,
        ),
        _binding(
            "e",
            "escalate",
            N_("Escalate"),
            N_("End the run as escalated (asks for a note)"),
            show=False,
        ),
        _binding("a", "abandon", N_("Abandon"), N_("Abandon the run (asks why)"), show=False),
        _binding(
            "h",
            "handoff",
            N_("Hand over"),
            N_("Hand the run over to the team journal (asks for a note)"),
            show=False,
        ),
        _binding("o", "outcome", N_("Outcome"), N_("End the run with one of its outcomes")),
        _binding(
            "ctrl+s",
            "save_as_new",
            N_("Save as new run"),
            N_("Save a run purged from the journal while it was open as a new run"),
            show=False,
        ),
        _binding(
            "escape",
            "leave",
            N_("Leave"),
            N_("Back to the search; the run stays unfinished and can be resumed"),
        ),
        # "{key}" is the binding's key, filled in where the words are shown.
        *(
            _binding(
                str(n), f"choose({n})", N_("Choice {key}"), N_("Take choice {key}"), show=False
            )
            for n in range(1, 10)
        ),
    ]

    def __init__(self, run: ActiveRun) -> None:
        super().__init__()
        self.run = run
        self._timer: Timer | None = None
        self._ticks = 0
        self._shown: tuple[str, str | None, int] | None = None  # what the step pane shows
        self._prompted_at = -1  # events count when a pause/outcome dialog last opened by itself
        self._finished = False
        self.unsaved = UnsavedActions(self)  # actions the journal has not taken yet

    # -- layout ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        pb = self.run.playbook
        if pb.memory:  # never scrolled away nor cut: it takes the height it needs
            with Vertical(id="walk-memory") as memory:
                memory.border_title = Content(_("Remember"))
                yield Static(memory_content(pb))
        with Horizontal(id="walk-header"):
            yield Static(line(pb.title, "bold"), id="walk-title")
            yield SlaBadge(id="walk-sla")
        yield Static(id="walk-position")
        yield Static(case_content(self.run), id="walk-case")
        yield Static(id="walk-unsaved")
        yield TeamNews(self.run, id="walk-team-news")
        with Horizontal(id="walk-body"):
            yield Checklist(pb, id="walk-checklist")
            yield StepPane(id="walk-step")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._timer = self.set_interval(1, self._tick)
        self._update_sla()
        self.refresh_view()

    async def relabel(self) -> None:
        """After a language switch: the same run at the same step, in the new words."""
        await self.recompose()
        self._shown = None
        self._update_sla()
        self.refresh_view()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.refresh_view()

    # -- showing the state ----------------------------------------------------------

    @property
    def walkthrough(self) -> Walkthrough:
        return self.run.walkthrough

    def step_at_hand(self) -> Step | None:
        """The step the keys act on (None at a pause point, an outcome or the end)."""
        state = self.run.state
        return self.walkthrough.current_step() if state.awaiting == "step" else None

    def refresh_view(self) -> None:
        """Show `self.run.state`; open the pause or outcome dialog when the run waits for one."""
        state = self.run.state
        if state.over:
            self._finish()
            return
        pb = self.run.playbook
        self.query_one(Checklist).show(state)
        current = pb.step(state.current or "")
        where = position(pb, state)
        self.query_one("#walk-position", Static).update(
            Content.assemble((where, "bold $primary"), "  ·  ", short_path(pb, state))
        )
        self.unsaved.show_banner()
        pane = self.query_one(StepPane)
        key = (state.awaiting, state.current, len(state.path))
        if key != self._shown:
            self._shown = key
            pane.show(state, current, self.keymap(), can_go_back=self.can_go_back())
        pane.show_notes(state)
        self.refresh_bindings()
        events = len(self.walkthrough.events)
        if state.awaiting in ("pause", "outcome") and self._prompted_at != events:
            self._prompted_at = events
            if self.app.screen is self:
                if state.awaiting == "pause":
                    self.review_pause()
                else:
                    self.ask_outcome(outcome_needed())

    def keymap(self) -> dict[str, str]:
        """The config's [keymap], for hints that name a key."""
        return dict(livecheck_app(self.app).keymap)

    def _tick(self) -> None:
        self._ticks += 1
        self._update_sla()
        if self.run.unsaved and self._ticks % FLUSH_EVERY_TICKS == 0:
            self.unsaved.retry()

    def _update_sla(self) -> None:
        self.query_one("#walk-sla", SlaBadge).show(self.walkthrough.sla())

    def action_save_as_new(self) -> None:
        self.run_flow(self.unsaved.save_as_new)

    def _finish(self) -> None:
        if self._finished or self.app.screen is not self:
            return
        self._finished = True
        if self._timer is not None:
            self._timer.stop()
        self.app.switch_screen(self.end_screen())

    def end_screen(self) -> Screen[None]:
        """The screen that replaces this one when the run is over."""
        from livecheck.tui.screens.summary import SummaryScreen

        return SummaryScreen(self.run)

    # -- acting ---------------------------------------------------------------------

    def act(self, plan: Callable[[Walkthrough], Event]) -> bool:
        """Run one action through the service; False when refused (nothing changed)."""
        try:
            workspace_of(self.app).runs.act(self.run, plan)
        except ActionRefused as exc:
            self._not_possible(exc)
            return False
        except NotSaved as exc:
            self.unsaved.not_saved(exc)
        except JournalError as exc:
            self.notify(
                strip_control(str(exc)), title=_("Journal error"), severity="error", markup=False
            )
            return False
        self.refresh_view()
        return True

    def refused(self, plan: Callable[[Walkthrough], Event]) -> bool:
        """Would the engine refuse this action now? (planning changes nothing) Tell why."""
        try:
            plan(self.walkthrough)
        except ActionRefused as exc:
            self._not_possible(exc)
            return True
        return False

    def _not_possible(self, exc: ActionRefused) -> None:
        self.notify(
            strip_control(str(exc)), title=_("Not possible"), severity="warning", markup=False
        )

    def can_go_back(self) -> bool:
        """Would the engine take `back` now? (asked, never guessed)"""
        try:
            self.walkthrough.back()
        except ActionRefused:
            return False
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action in ACTING and self.query_one(TeamNews).taken is not None:
            return False  # taken over by someone else: read-only (TeamNews says so)
        step = self.step_at_hand()
        if action in ("copy", "save_message"):
            return bool(step and step.template)
        if action == "choose":
            return bool(step and step.is_decision)
        if action == "handoff":  # only with a team journal
            return workspace_of(self.app).settings.team is not None
        return True

    def action_done(self) -> None:
        state = self.run.state
        if state.awaiting == "pause":
            self.review_pause()
            return
        if state.awaiting == "outcome":
            self.ask_outcome(_("How does this run end?"))
            return
        step = self.step_at_hand()
        if step is None:
            return
        if step.is_decision:
            self.query_one(StepPane).focus_choices()
        if self.refused(lambda w: w.done(confirm=True)):
            return
        if step.irreversible:
            self.confirm_then(step, lambda w: w.done(confirm=True))
        else:
            self.act(lambda w: w.done())

    def action_choose(self, number: int) -> None:
        step = self.step_at_hand()
        if step is None or not step.is_decision:
            return
        if 1 <= number <= len(step.choices):
            self.take_choice(step.choices[number - 1].label)

    @on(StepPane.ChoicePicked)
    def _choice_picked(self, event: StepPane.ChoicePicked) -> None:
        step = self.step_at_hand()
        if step is not None and step.is_decision and event.index < len(step.choices):
            self.take_choice(step.choices[event.index].label)

    def take_choice(self, label: str) -> None:
        step = self.step_at_hand()
        if step is None:
            return
        if step.irreversible:
            self.confirm_then(step, lambda w: w.choose(label, confirm=True), choice=label)
        else:
            self.act(lambda w: w.choose(label))

    def action_back(self) -> None:
        self.act(lambda w: w.back())

    def action_outcome(self) -> None:
        self.ask_outcome(_("End the run now: which outcome?"))

    # -- the dialog flows (walkthrough_flows.py) ----------------------------------------

    @work(group="walk-dialog")
    async def run_flow(self, flow: Callable[[], Awaitable[None]]) -> None:
        """Run a dialog flow in a worker (push_screen_wait needs one)."""
        await flow()

    def confirm_then(
        self, step: Step, plan: Callable[[Walkthrough], Event], choice: str | None = None
    ) -> None:
        self.run_flow(partial(flows.confirm_then, self, step, plan, choice))

    def action_skip(self) -> None:
        self.run_flow(partial(flows.skip, self))

    def action_note(self) -> None:
        self.run_flow(partial(flows.note, self))

    def action_handoff(self) -> None:
        self.run_flow(partial(flows.hand_off, self))

    def action_escalate(self) -> None:
        self.run_flow(partial(flows.escalate, self))

    def action_abandon(self) -> None:
        self.run_flow(partial(flows.abandon, self))

    def ask_outcome(self, title: str) -> None:
        self.run_flow(partial(flows.ask_outcome, self, title))

    def review_pause(self) -> None:
        self.run_flow(partial(flows.review_pause, self))

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.run_flow(partial(flows.open_link, self, one_line(event.href)))

    def action_leave(self) -> None:
        self.run_flow(partial(flows.leave, self))

    def stop_clock(self) -> None:
        """The run leaves this screen (handed over, left): the SLA timer stops."""
        if self._timer is not None:
            self._timer.stop()

    def back_to_search(self) -> None:
        from livecheck.tui.screens.search import return_to_search

        return_to_search(self)

    # -- the message to send (walkthrough_copy.py) -------------------------------------

    def message_text(self) -> str | None:
        """The step's message as the creator should receive it (None: no message)."""
        return message_text(self)

    def action_copy(self) -> None:
        copy_message(self, clipboard_reach())

    def action_save_message(self) -> None:
        save_message(self)


if TYPE_CHECKING:
    from livecheck.tui.screens.run_view import RunView

    _helpers_see_it_as: type[RunView] = WalkthroughScreen  # mypy checks it is one
