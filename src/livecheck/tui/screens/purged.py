"""A run purged from the journal (`livecheck log purge`) while it is open here:
say so plainly, and offer to journal it again as a new run, losing nothing."""

from __future__ import annotations

import sqlite3

from textual.content import Content

from livecheck.i18n import _
from livecheck.journal.store import JournalError
from livecheck.services.runs import ActiveRun
from livecheck.tui.context import OnScreen, workspace_of
from livecheck.tui.screens.dialogs import ConfirmScreen

SAVE_KEY = "ctrl+s"


def purged_banner() -> Content:
    return Content.assemble(
        (
            " "
            + _(
                "This run was deleted from the journal (purged) while it was open. Nothing you "
                "did is lost: ctrl+s saves it as a new run."
            )
            + " ",
            "bold $text on $error",
        )
    )


def run_is_gone(screen: OnScreen, run: ActiveRun) -> bool:
    try:
        return bool(workspace_of(screen.app).runs.is_gone(run))
    except (JournalError, OSError, sqlite3.Error):
        return False  # the journal cannot be read: not the same problem


async def save_as_new_run(screen: OnScreen, run: ActiveRun) -> ActiveRun | None:
    """Ask, then journal `run` again under a new id; None when not done."""
    yes = await screen.app.push_screen_wait(
        ConfirmScreen(
            _("This run was purged from the journal"),
            _(
                "Run {run} was deleted from the journal (livecheck log purge) while it was "
                "open here. Everything you did is still on this screen. Save it as a new run "
                "to keep it (every action, with its time)?"
            ).format(run=run.id),
            confirm_label=_("Save as a new run"),
            cancel_label=_("Not now"),
            danger=False,
        )
    )
    if not yes:
        return None
    try:
        saved: ActiveRun = workspace_of(screen.app).runs.save_as_new(run)
    except (JournalError, OSError, sqlite3.Error) as exc:
        screen.notify(str(exc), title=_("Not saved"), severity="error", markup=False)
        return None
    screen.app.clear_notifications()  # the "not saved" ones no longer hold
    screen.notify(
        _("Saved as run {run}: nothing was lost.").format(run=saved.id),
        title=_("Saved"),
        markup=False,
    )
    return saved
