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
from livecheck.reports.table import Table
from livecheck.reports.tables import tables


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
        if table.rows:
            console.print(rich_table(table, width))
        else:
            console.print(Text(table.title, style="bold"))
            console.print(Text(f"  {table.empty}"))
    return buffer.getvalue()
