"""A preview of the highlighted playbook: when, memory items, steps."""

from __future__ import annotations

import os
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from livecheck.i18n import _, format_date, interface_language
from livecheck.tui.context import workspace_of
from livecheck.tui.handback import hand_back
from livecheck.tui.text import join, line, plain, severity_badge

if TYPE_CHECKING:
    from livecheck.playbook.model import Playbook


def preview_content(pb: Playbook, other_langs: list[str] | None = None) -> Content:
    parts: list[Content] = [
        line(pb.title, "bold"),
        join(
            [
                severity_badge(pb.severity),
                pb.category,
                pb.lang,
                _("owner {owner}").format(owner=pb.owner),
            ]
        ),
    ]
    if pb.is_stale():
        parts.append(
            Content.assemble(
                (
                    " "
                    + _("STALE: review was due {date}").format(
                        date=format_date(pb.due_for_review())
                    )
                    + " ",
                    "bold $warning",
                )
            )
        )
    parts += [Content(""), Content.assemble((_("When:") + " ", "bold"), plain(pb.when))]
    if pb.memory:
        parts += [Content(""), Content.assemble((_("Remember"), "bold $warning"))]
        parts += [Content.assemble(("  ! ", "bold $warning"), plain(item)) for item in pb.memory]
    parts += [Content(""), Content.assemble((_("Steps"), "bold"))]
    for n, step in enumerate(pb.steps, 1):
        marks = " ⚠ " + _("cannot be undone") if step.irreversible else ""
        parts.append(Content.assemble(f"{n:>2}. ", line(step.title), (marks, "$error")))
        for choice in step.choices:
            parts.append(Content.assemble("      → ", line(choice.label, "$text-muted")))
    return Content("\n").join(parts)


class PlaybookPreview(VerticalScroll, can_focus=False):
    """The highlighted playbook, read from its file in a worker: reading and checking
    a playbook on the app's thread held the results of each keystroke back (the
    first result is highlighted, so previewed, at every keystroke)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._wanted: str | None = None  # the path the preview is for (None: cleared)
        self.shown_path: str | None = None  # the playbook previewed (None: none)
        self._timer: Timer | None = None  # a preview asked for later
        # The path, mtime, size and interface language of the preview on screen.
        self._shown: tuple[str, int, int, str] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content(_("Highlight a playbook to see it here.")), id="preview-body")

    def _body(self, content: Content) -> None:
        for body in self.query("#preview-body").results(Static):
            body.update(content)

    def clear(self) -> None:
        self._wait()
        self._wanted, self._shown, self.shown_path = None, None, None
        self._body(Content(_("Nothing to preview.")))

    def show_path(self, path: str, *, after: float = 0.0) -> None:
        """Preview the playbook at `path` once it is read (nothing to do if it is on
        screen already and its file did not change); `after` seconds from now, unless
        another playbook (or none) is asked for meanwhile."""
        self._wait()
        self._wanted = path
        if after > 0:
            self._timer = self.set_timer(after, partial(self._read, path))
        else:
            self._read(path)

    def _wait(self) -> None:
        """Forget a preview asked for later."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    @work(thread=True, exclusive=True, group="preview")
    def _read(self, path: str) -> None:
        try:
            stat = os.stat(path)
            key: tuple[str, int, int, str] | None = (
                path,
                stat.st_mtime_ns,
                stat.st_size,
                interface_language(),
            )
        except OSError:
            key = None
        if key is not None and key == self._shown:
            return  # the same file, unchanged: the preview on screen is right
        try:
            content = preview_content(workspace_of(self.app).playbook_at(path))
        except Exception as exc:  # a file removed or broken since it was indexed
            content, key = plain(str(exc)), None
        if not get_current_worker().is_cancelled:
            hand_back(self, self._show, path, key, content)

    def _show(self, path: str, key: tuple[str, int, int, str] | None, content: Content) -> None:
        """(On the app's thread, while the widget lives) unless another playbook (or
        none) was asked for since."""
        if path != self._wanted:
            return
        self._shown, self.shown_path = key, path
        self._body(content)
        self.scroll_home(animate=False)
