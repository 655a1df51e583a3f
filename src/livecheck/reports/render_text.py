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


BOLD, FLAGGED, RESET = "\x1b[1m", "\x1b[1;31m", "\x1b[0m"  # rich's, colour_system "standard"


def plain_table(table: Table, width: int, *, color: bool = False) -> str | None:
    """`table` laid out as rich lays it out (box.SIMPLE_HEAD, one space of padding a
    side, the title and note left-justified to the table's width; with `color`, the
    title and header bold and flagged rows bold red, in rich's escape sequences),
    when every value, the title and the note fit on one line; None when something
    would fold (rich then does it). Writing the lines here costs a tenth of rich's
    rendering of a long table; tests/reports check that the text is rich's."""
    widths = [max(map(cell_len, values)) for values in zip(table.columns, *table.rows, strict=True)]
    total = sum(w + 2 for w in widths) + len(widths) + 1
    if total > width or cell_len(table.title) > total or cell_len(table.note) > total:
        return None
    if any("\n" in cell for row in (table.columns, *table.rows) for cell in row):
        return None

    def paint(text: str, style: str) -> str:
        return f"{style}{text}{RESET}" if color and style and text else text

    def line(cells: tuple[str, ...], style: str = "", *, header: bool = False) -> str:
        space = paint(" ", style) if header else " "
        out = []
        for i, (cell, w) in enumerate(zip(cells, widths, strict=True)):
            pad = " " * (w - cell_len(cell))
            text = f"{pad}{cell}" if i in table.numeric else f"{cell}{pad}"
            out.append(f"{space}{paint(text, style)}{space}")
        return " " + " ".join(out) + " "

    def full(text: str) -> str:
        return text + " " * (total - cell_len(text))

    lines = [paint(full(table.title), BOLD), " " * total, line(table.columns, BOLD, header=True)]
    lines.append(" " + "─".join("─" * (w + 2) for w in widths) + " ")
    lines += [line(row, FLAGGED if i in table.flagged else "") for i, row in enumerate(table.rows)]
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
        fast = plain_table(table, width, color=color) if table.rows else None
        if fast is not None:
            console.file.write(fast)
        elif table.rows:
            console.print(rich_table(table, width))
        else:
            console.print(Text(table.title, style="bold"))
            console.print(Text(f"  {table.empty}"))
    return buffer.getvalue()
