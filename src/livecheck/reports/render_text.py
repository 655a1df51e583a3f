"""The report as text: rich tables, for a terminal or a plain file.

Every cell is a rich `Text`, never a str, so nothing typed by a user or an
author (queries, skip reasons, comments, titles) is read as rich markup.
"""

from __future__ import annotations

import datetime as dt
import io

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from livecheck.reports.lines import headline, per_day_line
from livecheck.reports.model import Report
from livecheck.reports.tables import Table, tables


def rich_table(table: Table, width: int | None = None) -> RichTable:
    """`table` for rich. With the console's `width`: when every value fits on one
    line, each column is given its width (its longest value's), which is what rich
    would work out, so rich does not measure every cell again (a third of the time
    of a long table); when it does not fit, rich folds values as before."""
    out = RichTable(
        title=Text(table.title, style="bold"),
        title_justify="left",
        caption=Text(table.note) if table.note else None,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for i, column in enumerate(table.columns):
        # Never cut a value short with "…" (a playbook id must read whole): a value too
        # long for its column folds onto the next line.
        out.add_column(
            Text(column), justify="right" if i in table.numeric else "left", overflow="fold"
        )
    for i, row in enumerate(table.rows):
        style = "bold red" if i in table.flagged else ""
        out.add_row(*(Text(cell, style=style) for cell in row))
    if width is not None and table.rows:
        widths = [
            max(map(cell_len, values)) for values in zip(table.columns, *table.rows, strict=True)
        ]
        # Each column padded by one space a side, a divider between two, an edge a side.
        if sum(w + 2 for w in widths) + len(widths) + 1 <= width:
            for rich_column, fixed in zip(out.columns, widths, strict=True):
                rich_column.width = fixed
    return out


def plain_table(table: Table, width: int) -> str | None:
    """`table` laid out as rich lays it out without colour (box.SIMPLE_HEAD, one space
    of padding a side, the title and note left-justified to the table's width), when
    every value, the title and the note fit on one line; None when something would
    fold (rich then does it). Writing the lines here costs a tenth of rich's
    rendering of a long table; tests/reports check that the text is rich's."""
    widths = [max(map(cell_len, values)) for values in zip(table.columns, *table.rows, strict=True)]
    total = sum(w + 2 for w in widths) + len(widths) + 1
    if total > width or cell_len(table.title) > total or cell_len(table.note) > total:
        return None
    if any("\n" in cell for row in (table.columns, *table.rows) for cell in row):
        return None

    def line(cells: tuple[str, ...]) -> str:
        out = []
        for i, (cell, w) in enumerate(zip(cells, widths, strict=True)):
            pad = " " * (w - cell_len(cell))
            out.append(f" {pad}{cell} " if i in table.numeric else f" {cell}{pad} ")
        return " " + " ".join(out) + " "

    def full(text: str) -> str:
        return text + " " * (total - cell_len(text))

    lines = [full(table.title), " " * total, line(table.columns)]
    lines.append(" " + "─".join("─" * (w + 2) for w in widths) + " ")
    lines += [line(row) for row in table.rows]
    lines.append(" " * total)
    if table.note:
        lines.append(full(table.note))
    return "\n".join(lines) + "\n"


def render_text(
    report: Report, *, width: int = 120, color: bool = False, zone: dt.tzinfo | None = None
) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        emoji=False,
        markup=False,
    )
    for line in headline(report, zone):
        console.print(Text(line))
    spark = per_day_line(report)
    if spark:
        console.print(Text(spark))
    for table in tables(report, zone):
        console.print()
        fast = None if color or not table.rows else plain_table(table, width)
        if fast is not None:
            console.file.write(fast)
        elif table.rows:
            console.print(rich_table(table, width))
        else:
            console.print(Text(table.title, style="bold"))
            console.print(Text(f"  {table.empty}"))
    return buffer.getvalue()
