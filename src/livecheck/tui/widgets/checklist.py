"""The checklist of a run: every step of the playbook in file order, with what
happened to it on the path taken (done, skipped, chosen) and the step at hand
highlighted; and the short "path so far" line of the walkthrough header."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from livecheck.i18n import _
from livecheck.playbook.model import Playbook, Step
from livecheck.present.steps import what_happened
from livecheck.runs.state import RunState, StepResult
from livecheck.tui.text import line

MARKS = {
    "done": ("✓", "bold $success"),
    "skipped": ("↷", "bold $warning"),
    "chosen": ("◆", "bold $accent"),
    "current": ("▶", "bold $primary"),
    "todo": ("○", "$text-muted"),
}


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(1, width - 1)].rstrip() + "…"


def result_text(result: StepResult) -> str:
    """What happened at a step, in a few words (the presentation layer's)."""
    return what_happened(result)


def short_path(
    playbook: Playbook, state: RunState, *, keep: int = 5, label_width: int = 22
) -> Content:
    """The path taken so far on one line: `1 ✓ › 2 “label” › 4 ↷`, newest last."""
    if not state.path:
        return Content.assemble((_("Path:") + " ", "bold"), (_("just started"), "$text-muted"))
    parts: list[Content] = []
    for result in state.path[-keep:]:
        index = playbook.step_index(result.step_id)
        number = str(index + 1) if index is not None else "?"
        mark, style = MARKS[result.result]
        if result.result == "chosen":
            parts.append(
                Content.assemble(
                    f"{number} ",
                    (mark, style),
                    " ",
                    line(_("“{choice}”").format(choice=shorten(result.label or "", label_width))),
                )
            )
        else:
            parts.append(Content.assemble(f"{number} ", (mark, style)))
    prefix: list[Content | tuple[str, str] | str] = [(_("Path:") + " ", "bold")]
    if len(state.path) > keep:
        prefix.append(("… › ", "$text-muted"))
    return Content.assemble(*prefix, Content(" › ").join(parts))


def step_marker(number: int, status: str) -> Content:
    mark, style = MARKS[status]
    return Content.assemble(
        (mark, style), (f"{number:>3}.", "$text-muted" if status == "todo" else "")
    )


def step_body(step: Step, status: str, result: StepResult | None) -> Content:
    title_style = "bold" if status == "current" else ("$text-muted" if status == "todo" else "")
    parts: list[Content | tuple[str, str] | str] = [line(step.title, title_style)]
    if step.irreversible and status in ("current", "todo"):
        parts.append((" ⚠", "bold $error"))
    content = Content.assemble(*parts)
    if result is not None and result.result != "done":
        content = Content.assemble(content, "\n", line(result_text(result), "$text-muted italic"))
    return content


class Checklist(VerticalScroll, can_focus=False):
    """One row per step of the playbook (two lines with a choice or a skip reason)."""

    def __init__(self, playbook: Playbook, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.playbook = playbook

    def compose(self) -> ComposeResult:
        for n, step in enumerate(self.playbook.steps, 1):
            with Horizontal(classes="checklist-step -todo"):
                yield Static(step_marker(n, "todo"), classes="checklist-mark")
                yield Static(step_body(step, "todo", None), classes="checklist-title")

    def show(self, state: RunState) -> None:
        latest: dict[str, StepResult] = {}
        result: StepResult | None
        for result in state.path:
            latest[result.step_id] = result  # a step passed twice (a loop): its last result
        current_id = state.current if state.awaiting in ("step", "outcome") else None
        current_row: Horizontal | None = None
        rows = self.query(".checklist-step").results(Horizontal)
        for n, (step, row) in enumerate(zip(self.playbook.steps, rows, strict=False), 1):
            result = latest.get(step.id)
            if step.id == current_id:
                status = "current"
                result = None
                current_row = row
            elif result is not None:
                status = result.result
            else:
                status = "todo"
            row.query_one(".checklist-mark", Static).update(step_marker(n, status))
            row.query_one(".checklist-title", Static).update(step_body(step, status, result))
            row.set_class(status == "current", "-current")
            row.set_class(status == "todo", "-todo")
            row.set_class(result is not None, "-past")
        if current_row is not None:
            self.call_after_refresh(self.scroll_to_center, current_row, animate=False)
