"""The message to send at a walkthrough's step: copy it (OSC 52, saying how far the
copy reaches) or, when copying cannot work, save it to a private file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from livecheck.i18n import _
from livecheck.present.steps import step_text
from livecheck.tui.clipboard import ClipboardReach, save_copy
from livecheck.tui.context import workspace_of
from livecheck.tui.widgets.step_pane import StepPane

if TYPE_CHECKING:
    from livecheck.tui.screens.run_view import RunView

COPY_NOTICE_SECONDS = 4  # short: the next step's choices come up under the toasts


def message_text(screen: RunView) -> str | None:
    """The step's message as the creator should receive it (None: no message)."""
    step = screen.step_at_hand()
    if step is None or not step.template:
        return None
    return step_text(step, screen.run.state.variables).message


def copy_message(screen: RunView, reach: ClipboardReach) -> None:
    """Copy the step's message, unless `reach` says the copy cannot reach the clipboard."""
    text = message_text(screen)
    if text is None:
        screen.notify(_("This step has no message to copy."), markup=False)
        return
    pane = screen.query_one("StepPane", StepPane)
    if reach.works is False:
        pane.show_copy_status(reach, copied=False)
        screen.notify(_("Not copied: w saves it to a file."), severity="warning", markup=False)
        return
    screen.app.copy_to_clipboard(text)
    pane.show_copy_status(reach, copied=True)
    screen.notify(_("Message copied."), timeout=COPY_NOTICE_SECONDS, markup=False)
    step = screen.step_at_hand()
    warning = step_text(step, screen.run.state.variables).message_warning if step else None
    if warning:
        screen.notify(warning, title=_("Check the message"), severity="warning", markup=False)


def save_message(screen: RunView) -> None:
    """Write the step's message to a private file in the data folder."""
    text = message_text(screen)
    if text is None:
        screen.notify(_("This step has no message to save."), markup=False)
        return
    step_id = screen.run.state.current or "step"
    folder = workspace_of(screen.app).settings.paths.data_dir / "messages"
    try:
        path = save_copy(text, folder, f"{screen.run.id}-{step_id}")
    except OSError as exc:
        screen.notify(str(exc), title=_("Not saved"), severity="error", markup=False)
        return
    screen.notify(
        _("Message saved to {path} (only you can read it).").format(path=path), markup=False
    )
