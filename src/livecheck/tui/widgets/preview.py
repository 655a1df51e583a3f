"""A preview of the highlighted playbook: when, memory items, steps."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from livecheck.i18n import _, format_date
from livecheck.playbook.model import Playbook
from livecheck.tui.context import workspace_of
from livecheck.tui.text import join, line, plain, severity_badge


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
    def compose(self) -> ComposeResult:
        yield Static(Content(_("Highlight a playbook to see it here.")), id="preview-body")

    def clear(self) -> None:
        self.query_one("#preview-body", Static).update(Content(_("Nothing to preview.")))

    def show_path(self, path: str) -> None:
        try:
            playbook = workspace_of(self.app).playbook_at(path)
        except Exception as exc:  # a file removed or broken since it was indexed
            self.query_one("#preview-body", Static).update(plain(str(exc)))
            return
        self.query_one("#preview-body", Static).update(preview_content(playbook))
        self.scroll_home(animate=False)
