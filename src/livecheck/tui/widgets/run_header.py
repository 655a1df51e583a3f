"""The lines above a walkthrough's checklist: the memory items, the SLA badge (coloured by the time
left), the case line (case reference and variables) and the "not saved" banner.
The words come from the presentation layer; these only style them."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from livecheck.i18n import _, ngettext
from livecheck.playbook.model import Playbook
from livecheck.present.sla import sla_level, sla_line
from livecheck.runs.state import Sla
from livecheck.services.runs import ActiveRun
from livecheck.tui.text import line, plain

_SLA_STATES = {"ok": "ok", "low": "near", "over": "breached"}
_SLA_STYLES = {"ok": "$success", "low": "bold $text on $warning", "over": "bold $text on $error"}


def sla_state(sla: Sla) -> str:
    """ "breached", "near" (the last fifth of the time: amber) or "ok" (CSS classes)."""
    return _SLA_STATES[sla_level(sla)]


def sla_content(sla: Sla) -> Content:
    """The SLA badge: the words of present.sla, coloured by how much time is left."""
    shown = sla_line(sla)
    mark = "⚠ " if shown.level == "low" else ""
    return Content.assemble((f" {mark}{shown.text} ", _SLA_STYLES[shown.level]))


class SlaBadge(Static):
    """The time left under the playbook's SLA; hidden when it has none."""

    def show(self, sla: Sla | None) -> None:
        if sla is None:
            self.display = False
            return
        self.display = True
        state = sla_state(sla)
        for name in ("ok", "near", "breached"):
            self.set_class(name == state, f"-{name}")
        self.update(sla_content(sla))


def memory_content(pb: Playbook) -> Content:
    """The playbook's memory items, kept in view above the run."""
    return Content("\n").join(
        Content.assemble(("! ", "bold $warning"), plain(item.strip())) for item in pb.memory
    )


def case_content(run: ActiveRun) -> Content:
    """The case reference and the run's variables, on one line."""
    parts = [
        Content.assemble((_("Case") + " ", "bold"), line(run.record.case_ref or _("none given")))
    ]
    for variable in run.playbook.variables:
        value = run.state.variables.get(variable.name, "")
        if value:
            parts.append(Content.assemble((f"{variable.name} ", "bold"), line(value)))
    return Content("  ·  ").join(parts)


def unsaved_content(pending: int) -> Content:
    """The banner while actions wait in memory for the journal."""
    return Content.assemble(
        (
            " "
            + ngettext(
                "NOT SAVED: {n} action kept in memory, retrying; do not close livecheck",
                "NOT SAVED: {n} actions kept in memory, retrying; do not close livecheck",
                pending,
            ).format(n=pending)
            + " ",
            "bold $text on $error",
        )
    )
