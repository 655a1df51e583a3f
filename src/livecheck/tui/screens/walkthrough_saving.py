"""A walkthrough while the journal is in trouble: actions kept in memory (the
"NOT SAVED" banner, a sticky warning once, retries), and a run purged from the
journal while open here (said once; ctrl+s saves it again as a new run)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from livecheck.i18n import _
from livecheck.safety.text import strip_control
from livecheck.services.runs import NotSaved
from livecheck.tui.context import workspace_of
from livecheck.tui.screens.purged import purged_banner, run_is_gone, save_as_new_run
from livecheck.tui.widgets.run_header import unsaved_content

if TYPE_CHECKING:
    from livecheck.tui.screens.run_view import RunView

STICKY_SECONDS = 3600  # an error that must not slip by unnoticed


class UnsavedActions:
    """The state of a walkthrough's unsaved actions, and what it shows about them."""

    def __init__(self, screen: RunView) -> None:
        self.screen = screen
        self.warned = False  # the sticky "not saved" notice is up
        self.purged = False  # the run was deleted from the journal while open here

    def show_banner(self) -> None:
        screen = self.screen
        banner = screen.query_one("#walk-unsaved", Static)
        pending = len(screen.run.unsaved)
        banner.display = pending > 0
        if pending and self.purged:
            banner.update(purged_banner())
        elif pending:
            banner.update(unsaved_content(pending))

    def not_saved(self, exc: NotSaved) -> None:
        """An action was kept in memory: warn once (unless the run was purged)."""
        if self.check_purged():
            pass
        elif not self.warned:
            self.warned = True
            self.screen.notify(
                strip_control(str(exc)),
                title=_("Not saved"),
                severity="error",
                timeout=STICKY_SECONDS,
                markup=False,
            )

    def check_purged(self) -> bool:
        """Tell, once, that the run was purged from the journal, and offer to save it."""
        if self.purged:
            return True
        if not run_is_gone(self.screen, self.screen.run):
            return False
        self.purged = True
        self.show_banner()
        self.screen.action_save_as_new()
        return True

    async def save_as_new(self) -> None:
        screen = self.screen
        if not self.purged:
            screen.notify(_("This run is in the journal: nothing to save again."), markup=False)
            return
        saved = await save_as_new_run(screen, screen.run)
        if saved is not None:
            screen.run = saved
            self.purged = False
            self.warned = False
            screen.refresh_view()

    def retry(self) -> None:
        screen = self.screen
        if self.purged:
            return  # retrying cannot help: the run is gone; ctrl+s saves it as a new one
        try:
            saved = workspace_of(screen.app).runs.flush(screen.run)
        except Exception:  # the journal in a bad way: keep the actions in memory, retry later
            saved = False
        if not saved and self.check_purged():
            return
        if saved and self.warned:
            self.warned = False
            screen.app.clear_notifications()  # the sticky "not saved" one no longer holds
            screen.notify(_("Every action is now written to the journal."), title=_("Saved"))
        self.show_banner()
