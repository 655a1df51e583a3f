"""Quitting the app: actions NOT SAVED in the journal are kept in the recovery
file first, and a second ctrl+q is asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

from livecheck.i18n import _

if TYPE_CHECKING:
    from livecheck.services.workspace import Workspace


class QuitKeepingUnsaved(App[None]):
    """The quit action of LivecheckApp (which sets these attributes)."""

    workspace: Workspace
    _quit_confirmed: bool  # ctrl+q pressed once with actions not saved

    async def action_quit(self) -> None:
        """Quit; with actions NOT SAVED, keep them in the recovery file and ask for
        a second ctrl+q (they are written to the journal at the next start)."""
        from livecheck.services.recovery import keep_unsaved

        runs = [
            run for screen in self.screen_stack if (run := getattr(screen, "run", None)) is not None
        ]
        unsaved = [run for run in runs if getattr(run, "unsaved", None)]
        if unsaved and not self._quit_confirmed:
            kept: list[str] = []
            for run in unsaved:
                try:
                    path = keep_unsaved(self.workspace.runs, run)
                except OSError as exc:
                    kept.append(_("NOT kept ({error})").format(error=exc.strerror or exc))
                    continue
                if path is not None:
                    kept.append(str(path))
            if kept:
                self._quit_confirmed = True
                self.notify(
                    _(
                        "Actions are NOT SAVED in the journal. Kept in: {places}; they are "
                        "written at the next start. Press ctrl+q again to quit."
                    ).format(places=", ".join(kept)),
                    severity="error",
                    markup=False,
                    timeout=15,
                )
                return
        self.exit()
