"""The end of a run: its outcome and the handoff summary to paste into the ticket."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static, TextArea

from livecheck.i18n import N_, _, ngettext
from livecheck.journal.store import JournalError
from livecheck.present.steps import outcome_label
from livecheck.present.summary import handoff_summary
from livecheck.runs.engine import ActionRefused
from livecheck.services.runs import ActiveRun
from livecheck.tui.context import workspace_of
from livecheck.tui.language import TranslatedBindings
from livecheck.tui.screens.dialogs import leave_unsaved_screen
from livecheck.tui.screens.feedback import FeedbackScreen
from livecheck.tui.screens.purged import purged_banner, run_is_gone, save_as_new_run
from livecheck.tui.text import line

RETRY_SECONDS = 5


def outcome_line(run: ActiveRun) -> Content:
    state = run.state
    if state.status == "abandoned":
        head = Content.assemble((_("Run abandoned"), "bold $warning"))
    elif state.status == "active":
        head = Content.assemble((_("Run not finished"), "bold $warning"))
    else:
        style = "bold $warning" if state.outcome == "escalated" else "bold $success"
        head = Content.assemble(
            (_("Run ended:") + " ", "bold"), line(outcome_label(state.outcome or "—"), style)
        )
    parts = [head]
    if state.end_reason:
        parts.append(line(state.end_reason))
    parts.append(line(_("run {run}").format(run=run.id), "$text-muted"))
    return Content("  ·  ").join(parts)


class SummaryScreen(TranslatedBindings, Screen[None]):
    CSS_PATH = "../walkthrough.tcss"
    HELP_TITLE = N_("Summary")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy", N_("Copy"), id="summary.copy", tooltip=N_("Copy the handoff summary")),
        Binding(
            "r",
            "raw",
            N_("Raw text"),
            id="summary.raw",
            tooltip=N_("Show the summary as plain text, to select it by hand"),
        ),
        Binding(
            "f",
            "feedback",
            N_("Flag playbook"),
            id="summary.feedback",
            tooltip=N_("Flag the playbook: wrong, missing a step, unclear, outdated"),
        ),
        Binding(
            "ctrl+s",
            "save_as_new",
            N_("Save as new run"),
            id="summary.save_as_new",
            tooltip=N_("Save a run purged from the journal while it was open as a new run"),
            show=False,
        ),
        Binding(
            "escape", "close", N_("Search"), id="summary.close", tooltip=N_("Back to the search")
        ),
        Binding(
            "enter",
            "close",
            N_("Search"),
            id="summary.done",
            tooltip=N_("Back to the search"),
            show=False,
        ),
    ]

    def __init__(self, run: ActiveRun) -> None:
        super().__init__()
        self.run = run
        self.text = handoff_summary(run.record, run.walkthrough)

    def compose(self) -> ComposeResult:
        yield Static(outcome_line(self.run), id="summary-outcome")
        yield Static(id="summary-unsaved")
        with VerticalScroll(id="summary-body"):
            yield Markdown(self.text, id="summary-markdown", open_links=False)
        yield TextArea(self.text, read_only=True, id="summary-raw", soft_wrap=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#summary-raw", TextArea).display = False
        self.query_one("#summary-body", VerticalScroll).focus()
        self._retry_saving()
        self.set_interval(RETRY_SECONDS, self._retry_saving)

    async def relabel(self) -> None:
        """After a language switch: the outcome line and banners in the new words; the
        summary itself follows `summary_language` (the playbook's, by default)."""
        raw = self.query_one("#summary-raw", TextArea).display
        self.text = handoff_summary(self.run.record, self.run.walkthrough)
        await self.recompose()
        self.query_one("#summary-raw", TextArea).display = raw
        self.query_one("#summary-body", VerticalScroll).display = not raw
        self.query_one("#summary-raw" if raw else "#summary-body").focus()
        self._retry_saving()

    def _retry_saving(self) -> None:
        banner = self.query_one("#summary-unsaved", Static)
        if not self.run.unsaved:
            banner.display = False
            return
        try:
            saved = workspace_of(self.app).runs.flush(self.run)
        except Exception:  # keep the actions in memory and retry later
            saved = False
        banner.display = not saved
        if not saved and run_is_gone(self, self.run):
            banner.update(purged_banner())
        elif not saved:
            banner.update(
                Content.assemble(
                    (
                        " "
                        + ngettext(
                            "NOT SAVED: {n} action is not in the journal yet; "
                            "retrying. Copy the summary (c) and do not close livecheck.",
                            "NOT SAVED: {n} actions are not in the journal yet; "
                            "retrying. Copy the summary (c) and do not close livecheck.",
                            len(self.run.unsaved),
                        ).format(n=len(self.run.unsaved))
                        + " ",
                        "bold $text on $error",
                    )
                )
            )

    @work(group="summary-dialog")
    async def action_save_as_new(self) -> None:
        if not self.run.unsaved or not run_is_gone(self, self.run):
            self.notify(_("This run is in the journal: nothing to save again."), markup=False)
            return
        saved = await save_as_new_run(self, self.run)
        if saved is not None:
            self.run = saved
            self._retry_saving()

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()  # the summary holds typed text: links in it are never opened

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.text)
        lines = self.text.count("\n")
        self.notify(
            ngettext(
                "The handoff summary ({n} line of Markdown) is on the clipboard, if your "
                "terminal allows it. If nothing pastes, press r and select the text by hand.",
                "The handoff summary ({n} lines of Markdown) is on the clipboard, if your "
                "terminal allows it. If nothing pastes, press r and select the text by hand.",
                lines,
            ).format(n=lines),
            title=_("Copied"),
            markup=False,
        )

    def action_raw(self) -> None:
        raw = self.query_one("#summary-raw", TextArea)
        body = self.query_one("#summary-body", VerticalScroll)
        raw.display = not raw.display
        body.display = not raw.display
        (raw if raw.display else body).focus()

    @work(group="summary-dialog")
    async def action_feedback(self) -> None:
        answer = await self.app.push_screen_wait(FeedbackScreen(self.run.playbook.title))
        if answer is None:
            return
        reason, comment = answer
        try:  # committed before the screen says so
            workspace_of(self.app).runs.give_feedback(self.run.id, reason, comment)
        except (ActionRefused, JournalError) as exc:
            self.notify(str(exc), title=_("Feedback not recorded"), severity="error", markup=False)
            return
        self.notify(
            _("Thanks: the playbook’s owner will see it in the report."),
            title=_("Feedback recorded"),
            markup=False,
        )

    @work(group="summary-dialog")
    async def action_close(self) -> None:
        from livecheck.tui.screens.search import return_to_search

        if self.run.unsaved:
            self._retry_saving()
        if self.run.unsaved:
            leave = await self.app.push_screen_wait(
                leave_unsaved_screen(len(self.run.unsaved), summary_shown=True)
            )
            if not leave:
                return
        return_to_search(self)
