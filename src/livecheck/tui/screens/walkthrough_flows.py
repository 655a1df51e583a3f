"""The dialog flows of a walkthrough: confirm an irreversible step, skip, note,
escalate, abandon, pick an outcome, review a pause point, hand over, open a link,
leave. Each asks with a dialog, then acts through the screen (so every action
goes through the run service and is journalled before its effect shows).

The screen runs each flow in a worker of its "walk-dialog" group
(`@work(group="walk-dialog")`), which is what `push_screen_wait` needs."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.content import Content
from textual.screen import Screen

from livecheck.i18n import _
from livecheck.journal.store import JournalError
from livecheck.playbook.model import Step
from livecheck.present.steps import outcome_label
from livecheck.runs.engine import ActionRefused, Walkthrough
from livecheck.runs.events import Event
from livecheck.tui.context import workspace_of
from livecheck.tui.links import refuse_link, safe_https_url
from livecheck.tui.screens.dialogs import (
    ChoiceScreen,
    ConfirmScreen,
    PauseReviewScreen,
    TextPromptScreen,
    leave_unsaved_screen,
)
from livecheck.tui.text import line
from livecheck.tui.widgets.checklist import MARKS, result_text

if TYPE_CHECKING:
    from livecheck.tui.screens.run_view import RunView

DialogT = TypeVar("DialogT", bound=Screen[Any])


def below_memory(dialog: DialogT) -> DialogT:
    """A dialog at the bottom of the screen, so the memory items above stay in view."""
    dialog.add_class("-below-memory")
    return dialog


async def confirm_then(
    screen: RunView,
    step: Step,
    plan: Callable[[Walkthrough], Event],
    choice: str | None = None,
) -> None:
    """An irreversible step: only Confirm passes `confirm=True`."""
    message = [
        Content.assemble(
            (_("This cannot be undone:") + " ", "bold $error"), line(step.title, "bold")
        )
    ]
    if choice is not None:
        message.append(
            Content.assemble(
                _("Your choice:") + " ", line(_("“{choice}”").format(choice=choice), "bold")
            )
        )
    message.append(
        Content(
            _(
                "Confirm only once it is really done. "
                "You will not be able to go back past this step."
            )
        )
    )
    confirmed = await screen.app.push_screen_wait(
        below_memory(
            ConfirmScreen(
                _("Irreversible step"),
                Content("\n\n").join(message),
                confirm_label=_("Confirm"),
                cancel_label=_("Cancel"),
            )
        )
    )
    if confirmed:
        screen.act(plan)
    else:
        screen.notify(_("Not confirmed: the step is still open."), markup=False)


async def skip(screen: RunView) -> None:
    step = screen.step_at_hand()
    if screen.refused(lambda w: w.skip("reason")) or step is None:
        return
    reason = await screen.app.push_screen_wait(
        TextPromptScreen(
            Content.assemble(_("Skip:") + " ", line(step.title)),
            _("Why skip this step? The reason goes into the handoff summary."),
        )
    )
    if reason:
        screen.act(lambda w: w.skip(reason))


async def note(screen: RunView) -> None:
    if screen.refused(lambda w: w.note("note")):
        return
    step = screen.walkthrough.current_step()
    about = (
        Content.assemble(_("Note on:") + " ", line(step.title))
        if step
        else Content(_("Note on the run"))
    )
    text = await screen.app.push_screen_wait(
        TextPromptScreen(about, _("What should the next person know? (one line)"))
    )
    if text and screen.act(lambda w: w.note(text)):
        screen.notify(_("Note added."), markup=False)


async def hand_off(screen: RunView) -> None:
    workspace = workspace_of(screen.app)
    if workspace.settings.team is None:
        screen.notify(
            _("No team journal is set (--journal, LIVECHECK_JOURNAL or `journal` in the config)."),
            title=_("Cannot hand over"),
            severity="warning",
            markup=False,
        )
        return
    from livecheck.present.team import handed_over
    from livecheck.tui.screens.handoff import HandoffScreen

    asked = await screen.app.push_screen_wait(HandoffScreen())
    if asked is None:
        return
    try:
        await asyncio.to_thread(workspace.hand_off, screen.run, asked.note, asked.to)
    except (ActionRefused, JournalError) as exc:
        screen.notify(str(exc), title=_("Not handed over"), severity="error", markup=False)
        screen.refresh_view()
        return
    screen.stop_clock()
    screen.notify(handed_over(screen.run.id, asked.to), title=_("Handed over"), markup=False)
    screen.back_to_search()


async def escalate(screen: RunView) -> None:
    if screen.refused(lambda w: w.escalate("")):
        return
    text = await screen.app.push_screen_wait(
        TextPromptScreen(
            _("Escalate: this ends the run as “escalated”"),
            _("Who did you hand it to, and why? (goes into the handoff summary)"),
            required=False,
        )
    )
    if text is not None:
        screen.act(lambda w: w.escalate(text))


async def abandon(screen: RunView) -> None:
    if screen.refused(lambda w: w.abandon("reason")):
        return
    reason = await screen.app.push_screen_wait(
        TextPromptScreen(
            _("Abandon this run"),
            _("Why is the run abandoned? (it ends the run; the reason is kept)"),
        )
    )
    if reason:
        screen.act(lambda w: w.abandon(reason))


async def ask_outcome(screen: RunView, title: str) -> None:
    if screen.refused(lambda w: w.end(w.playbook.outcomes[0])):
        return
    outcomes = list(screen.run.playbook.outcomes)
    label = await screen.app.push_screen_wait(
        below_memory(
            ChoiceScreen(
                title, [outcome_label(o) for o in outcomes], prompt=_("This ends the run.")
            )
        )
    )
    if label is not None:
        outcome = outcomes[[outcome_label(o) for o in outcomes].index(label)]
        screen.act(lambda w: w.end(outcome))


async def review_pause(screen: RunView) -> None:
    state = screen.run.state
    if state.awaiting != "pause":
        return
    pb = screen.run.playbook
    lines: list[Content] = []
    for n, result in enumerate(state.path, 1):
        step = pb.step(result.step_id)
        mark, style = MARKS[result.result]
        lines.append(
            Content.assemble(
                f"{n:>2}. ",
                (mark, style),
                " ",
                line(step.title if step else result.step_id, "bold"),
                ("  — ", "$text-muted"),
                line(result_text(result)),
            )
        )
    review = below_memory(PauseReviewScreen(lines, can_go_back=screen.can_go_back()))
    go_on = await screen.app.push_screen_wait(review)
    if go_on:
        screen.act(lambda w: w.acknowledge_pause())
    elif review.went_back:
        screen.act(lambda w: w.back())


async def open_link(screen: RunView, href: str) -> None:
    if not safe_https_url(href):
        refuse_link(screen, href)
        return
    yes = await screen.app.push_screen_wait(
        ConfirmScreen(
            _("Open this link in your browser?"),
            line(href),
            confirm_label=_("Yes, open"),
            cancel_label=_("No"),
            danger=False,
        )
    )
    if yes:
        screen.app.open_url(href)


async def leave(screen: RunView) -> None:
    runs = workspace_of(screen.app).runs
    try:
        saved = runs.flush(screen.run)
    except Exception:
        saved = False
    if not saved:
        go = await screen.app.push_screen_wait(
            leave_unsaved_screen(len(screen.run.unsaved), summary_shown=False)
        )
        if not go:
            return
    screen.stop_clock()
    screen.notify(
        _(
            "Run {run} is kept unfinished. Resume it from the start screen "
            "(ctrl+r, or under “Unfinished runs”)."
        ).format(run=screen.run.id),
        title=_("Run kept"),
        markup=False,
    )
    screen.back_to_search()
