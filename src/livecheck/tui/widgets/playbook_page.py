"""The pieces of the playbook page: the header (badges, stale warning), the memory
items, the introduction, and one `StepView` per step (heading, detail, message,
choices and where each leads)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Markdown, Static

from livecheck.i18n import _, format_date, format_integer
from livecheck.playbook.model import RESOLVED, Playbook, Step
from livecheck.present.steps import outcome_label
from livecheck.safety.text import strip_control
from livecheck.tui.text import join, line, plain, severity_badge

LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


def language_name(lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, lang)


# -- pieces of the page ----------------------------------------------------------------


def header_content(pb: Playbook) -> Content:
    badges: list[Content | str] = [
        severity_badge(pb.severity),
        line(pb.category),
        language_name(pb.lang),
        Content.assemble(_("owner") + " ", line(pb.owner)),
        _("reviewed {date}").format(date=format_date(pb.reviewed)),
    ]
    if pb.sla_minutes:
        badges.append(_("SLA {minutes} min").format(minutes=format_integer(pb.sla_minutes)))
    parts = [line(pb.title, "bold"), join(badges)]
    if pb.is_stale():
        parts.append(
            Content.assemble(
                (" " + _("STALE") + " ", "bold reverse $warning"),
                (
                    " "
                    + _("review was due {date}: check with the owner before trusting it.").format(
                        date=format_date(pb.due_for_review())
                    ),
                    "$warning",
                ),
            )
        )
    return Content("\n").join(parts)


def memory_content(pb: Playbook) -> Content:
    return Content("\n").join(
        Content.assemble(("! ", "bold $warning"), plain(item)) for item in pb.memory
    )


def intro_content(pb: Playbook) -> Content:
    parts = [Content.assemble((_("When:") + " ", "bold"), plain(pb.when))]
    if pb.summary:
        parts += [Content(""), plain(pb.summary)]
    if pb.variables:
        names = [
            Content.assemble(line(v.name), ("*" if v.required else "", "$error"))
            for v in pb.variables
        ]
        parts += [
            Content(""),
            Content.assemble(
                (_("A run asks for:") + " ", "$text-muted"),
                join(names, ", "),
                ("  " + _("(* required)"), "dim"),
            ),
        ]
    return Content("\n").join(parts)


def step_target(pb: Playbook, goto: str | None, outcome: str | None) -> Content:
    """Where a choice or a step leads: another step, or the end of the run."""
    if outcome is not None:
        return Content.assemble(
            (_("ends the run:") + " ", "$text-muted"), line(outcome_label(outcome), "bold")
        )
    if goto is not None:
        index = pb.step_index(goto)
        if index is None:
            return Content.assemble((_("unknown step") + " ", "$error"), line(goto))
        return Content.assemble(
            (_("step") + " ", "$text-muted"),
            (f"{index + 1}", "bold"),
            ("  ", ""),
            line(pb.steps[index].title, "$text-muted"),
        )
    return Content("")


def step_heading(number: int, step: Step) -> Content:
    marks: list[tuple[str, str]] = []
    if step.irreversible:
        marks.append((" ⚠ " + _("CANNOT BE UNDONE") + " ", "bold reverse $error"))
    if step.pause:
        marks.append((" " + _("PAUSE: review before going on") + " ", "bold reverse $accent"))
    if step.mode == "do-confirm":
        marks.append((_("(do it, then confirm)"), "italic $text-muted"))
    pieces: list[Content | tuple[str, str] | str] = [(f"{number:>2}. ", "bold $primary")]
    pieces.append(line(step.title, "bold"))
    for mark in marks:
        pieces += ["  ", mark]
    return Content.assemble(*pieces)


def choices_content(pb: Playbook, step: Step) -> Content:
    rows = []
    for choice in step.choices:
        rows.append(Content.assemble(("• ", "bold $accent"), line(choice.label)))
        rows.append(
            Content.assemble(("    → ", "$accent"), step_target(pb, choice.goto, choice.outcome))
        )
    return Content("\n").join(rows)


def next_content(pb: Playbook, number: int, step: Step) -> Content | None:
    """Where a step without choices leads, when that is not simply the next step."""
    if step.is_decision:
        return None
    if step.outcome is not None or step.goto is not None:
        return Content.assemble(
            (_("Then →") + " ", "bold"), step_target(pb, step.goto, step.outcome)
        )
    if number == len(pb.steps):
        return Content.assemble((_("Then →") + " ", "bold"), step_target(pb, None, RESOLVED))
    return None


class StepView(Vertical):
    """One numbered step: heading, detail (Markdown), template, choices."""

    def __init__(self, playbook: Playbook, number: int, step: Step) -> None:
        classes = "pb-step"
        if step.irreversible:
            classes += " -irreversible"
        if step.is_decision:
            classes += " -decision"
        super().__init__(classes=classes, id=f"step-{number}")
        self.playbook = playbook
        self.number = number
        self.step = step

    def compose(self) -> ComposeResult:
        pb, step = self.playbook, self.step
        yield Static(step_heading(self.number, step), classes="pb-step-title")
        if step.detail:
            yield Markdown(strip_control(step.detail), open_links=False, classes="pb-detail")
        if step.template:
            template = Static(plain(step.template), classes="pb-template")
            template.border_title = _("Message to send (as written; {…} are filled in)")
            yield template
        if step.choices:
            yield Static(Content(_("Decide:")), classes="pb-decide")
            yield Static(choices_content(pb, step), classes="pb-choices")
        after = next_content(pb, self.number, step)
        if after is not None:
            yield Static(after, classes="pb-next")
