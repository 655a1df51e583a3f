"""The report as Markdown, ready to paste into a team page."""

from __future__ import annotations

import datetime as dt

from livecheck.i18n import _
from livecheck.present.markdown import md_cell
from livecheck.reports.lines import headline, per_day_line
from livecheck.reports.model import Report
from livecheck.reports.table import Table
from livecheck.reports.tables import tables


def cell(text: str) -> str:
    """One table cell: one line, with the table and emphasis characters Markdown would
    act on escaped (a query `*x*` or a comment `a|b` stays as typed)."""
    return md_cell(text)


def markdown_table(table: Table) -> list[str]:
    lines = [f"## {cell(table.title)}", ""]
    if table.note:
        lines += [f"_{cell(table.note)}_", ""]
    if not table.rows:
        return [*lines, cell(table.empty), ""]
    lines.append("| " + " | ".join(cell(c) for c in table.columns) + " |")
    lines.append(
        "|"
        + "|".join("---:" if i in table.numeric else "---" for i in range(len(table.columns)))
        + "|"
    )
    for i, row in enumerate(table.rows):
        cells = [cell(c) for c in row]
        if i in table.flagged:  # an SLA breach: bold, so it stands out on the page
            cells = [f"**{c}**" if c.strip() else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def render_markdown(report: Report, zone: dt.tzinfo | None = None) -> str:
    lines = ["# " + cell(_("livecheck report")), ""]
    lines += [cell(line) for line in headline(report, zone)]
    spark = per_day_line(report)
    if spark:
        lines += ["", cell(spark)]
    lines.append("")
    for table in tables(report, zone):
        lines += markdown_table(table)
    return "\n".join(lines).rstrip() + "\n"
