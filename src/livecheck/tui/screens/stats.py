"""The figures screen: the report of `livecheck report`, with charts where a
person would rather look than read (outcomes per playbook as bars, cases per
day as a sparkline) and SLA breaches highlighted.

The report is built in a thread worker (it reads the whole period); every text
shown goes through the tui/text.py helpers, never through markup.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Sparkline, Static

from livecheck.i18n import N_, _, format_date, format_integer, ngettext
from livecheck.playbook.spec import CATEGORIES
from livecheck.reports.model import Report
from livecheck.reports.period import Period
from livecheck.reports.table import Table
from livecheck.reports.tables import headline, tables
from livecheck.tui.context import workspace_of
from livecheck.tui.handback import hand_back
from livecheck.tui.language import TranslatedBindings
from livecheck.tui.text import cell, line

BAR_WIDTH = 36
MAX_BARS = 12
# Outcome segments of a bar, in order, and how they are drawn.
SEGMENTS = (
    ("resolved", "$success"),
    ("escalated", "$warning"),
    ("other", "$secondary"),
    ("abandoned", "$error"),
    ("unfinished", "$text-muted"),
)
BREACH_STYLE = "bold red"  # an SLA breach in a table
NARROW = 110  # below this many columns the charts are stacked
PERIODS = {
    0: N_("all time"),
    7: N_("last 7 days"),
    30: N_("last 30 days"),
    90: N_("last 90 days"),
}
OUTCOME_WORDS = {
    "resolved": N_("resolved"),
    "escalated": N_("escalated"),
    "other": N_("other"),
    "abandoned": N_("abandoned"),
    "unfinished": N_("unfinished"),
}


def outcome_bars(report: Report, width: int = 0) -> Content:
    """One bar per playbook (most runs first), a coloured segment per kind of outcome,
    each on one line of `width` cells (0: names up to 30 cells, bars of BAR_WIDTH)."""
    if not report.playbooks:
        return line(report.no_runs_message(), "$text-muted")
    shown = report.playbooks[:MAX_BARS]
    top = max(pb.rates.runs for pb in shown)
    name_width = min(30, max(len(pb.playbook_id) for pb in shown))
    bar_width = BAR_WIDTH
    if width:
        count_width = len(str(top)) + 1
        name_width = max(8, min(name_width, width // 2))
        bar_width = max(4, width - name_width - 1 - count_width - len(SEGMENTS))
    rows: list[Content] = []
    for pb in shown:
        r = pb.rates
        counts = {
            "resolved": r.resolved,
            "escalated": r.escalated,
            "abandoned": r.abandoned,
            "unfinished": r.unfinished,
        }
        counts["other"] = r.runs - sum(counts.values())
        name = line(
            pb.playbook_id
            if len(pb.playbook_id) <= name_width
            else pb.playbook_id[: name_width - 1] + "…"
        )
        # Padded after line(): it collapses runs of spaces.
        parts: list[Content | tuple[str, str] | str] = [name, " " * (name_width - len(name) + 1)]
        for key, style in SEGMENTS:
            cells = round(counts[key] * bar_width / top)
            if counts[key] and not cells:
                cells = 1  # never hide an outcome that happened
            parts.append(("█" * cells, style))
        parts.append(f" {format_integer(r.runs)}")
        rows.append(Content.assemble(*parts))
    if len(report.playbooks) > MAX_BARS:
        more = len(report.playbooks) - MAX_BARS
        rows.append(
            line(
                ngettext("… and {n} more playbook", "… and {n} more playbooks", more).format(
                    n=format_integer(more)
                ),
                "$text-muted",
            )
        )
    legend = Content(" ").join(
        Content.assemble(("█", style), " " + _(OUTCOME_WORDS[key])) for key, style in SEGMENTS
    )
    rows.append(legend)
    return Content("\n").join(rows)


def table_widget(table: Table) -> DataTable[Text]:
    widget: DataTable[Text] = DataTable(
        id=f"stats-table-{table.key}", zebra_stripes=True, cursor_type="row", fixed_columns=1
    )
    widget.add_columns(*(cell(c, "bold") for c in table.columns))
    for i, row in enumerate(table.rows):
        style = BREACH_STYLE if i in table.flagged else ""
        widget.add_row(*(cell(value, style) for value in row))
    return widget


class StatsScreen(TranslatedBindings, Screen[None]):
    CSS_PATH = "../stats.tcss"
    HELP_TITLE = N_("Figures")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Back"), id="stats.close", tooltip=N_("Back to the search")),
        Binding(
            "r", "reload", N_("Reload"), id="stats.reload", tooltip=N_("Read the journal again")
        ),
        # Said on the scope line rather than in the footer, which has no room for them at 80.
        Binding(
            "1",
            "period(7)",
            N_("7 days"),
            id="stats.week",
            tooltip=N_("The last 7 days"),
            show=False,
        ),
        Binding(
            "2",
            "period(30)",
            N_("30 days"),
            id="stats.month",
            tooltip=N_("The last 30 days"),
            show=False,
        ),
        Binding(
            "3",
            "period(90)",
            N_("90 days"),
            id="stats.quarter",
            tooltip=N_("The last 90 days"),
            show=False,
        ),
        Binding(
            "0", "period(0)", N_("All"), id="stats.all", tooltip=N_("The whole journal"), show=False
        ),
        Binding(
            "c",
            "category",
            N_("Category"),
            id="stats.category",
            tooltip=N_("Next category filter"),
        ),
    ]

    def __init__(self, days: int = 30, category: str | None = None) -> None:
        super().__init__()
        self.days = days
        self.category = category
        self.report: Report | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="stats-scope")
        with VerticalScroll(id="stats-body"):
            yield Static(id="stats-headline")
            with Horizontal(id="stats-charts"):
                with Vertical(id="stats-bars-box") as bars:
                    bars.border_title = Content(_("Outcomes per playbook"))
                    yield Static(id="stats-bars")
                with Vertical(id="stats-days-box") as days:
                    days.border_title = Content(_("Cases per day"))
                    yield Sparkline([], id="stats-sparkline")
                    yield Static(id="stats-days")
            yield Vertical(id="stats-tables")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#stats-body").focus()
        self.action_reload()

    def period(self) -> Period:
        if not self.days:
            return Period()
        today = workspace_of(self.app).today or dt.datetime.now(dt.UTC).date()
        return Period.last_days(self.days, today)

    def _scope_line(self) -> Content:
        period = PERIODS.get(self.days)
        what = (
            _(period)
            if period
            else ngettext("last {n} day", "last {n} days", self.days).format(n=self.days)
        )
        category = (
            _("category {category}").format(category=self.category)
            if self.category
            else _("every category")
        )
        return Content.assemble(
            (_("Figures:") + " ", "bold"),
            line(f"{what}, {category}"),
            (
                "   "
                + _(
                    "(1 / 2 / 3 / 0: 7, 30, 90 days or all; c: category; r: reload; "
                    "Tab to a table, ← → to scroll it sideways)"
                ),
                "$text-muted",
            ),
        )

    async def relabel(self) -> None:
        """After a language switch: the same period and category, read again."""
        await self.recompose()
        self.query_one("#stats-body").focus()
        self.on_resize()
        self.action_reload()

    def action_reload(self) -> None:
        self.query_one("#stats-scope", Static).update(self._scope_line())
        self.query_one("#stats-headline", Static).update(line(_("Reading the journal…")))
        self.load_report(self.period(), self.category)

    def action_period(self, days: int) -> None:
        self.days = days
        self.action_reload()

    def action_category(self) -> None:
        order: list[str | None] = [None, *CATEGORIES]
        self.category = order[(order.index(self.category) + 1) % len(order)]
        self.action_reload()

    def action_close(self) -> None:
        self.dismiss(None)

    def _draw_bars(self) -> None:
        if self.report is not None:
            bars = self.query_one("#stats-bars", Static)
            width = bars.content_region.width or self.size.width // 2
            bars.update(outcome_bars(self.report, width))

    def on_resize(self) -> None:
        self.query_one("#stats-charts").set_class(self.size.width < NARROW, "-narrow")
        self.call_after_refresh(self._draw_bars)

    @work(thread=True, exclusive=True, group="stats")
    def load_report(self, period: Period, category: str | None) -> None:
        try:
            report = workspace_of(self.app).report(period, category)
        except Exception as exc:  # the journal may be unreadable; say so on the screen
            hand_back(self, self.show_error, str(exc))
            return
        hand_back(self, self._deliver, report)

    def _deliver(self, report: Report) -> None:
        self.call_later(self.show_report, report)

    def show_error(self, message: str) -> None:
        self.query_one("#stats-headline", Static).update(
            line(_("Could not read the figures: {error}").format(error=message), "bold $error")
        )

    async def show_report(self, report: Report) -> None:
        self.report = report
        self.query_one("#stats-headline", Static).update(
            Content("\n").join(line(text) for text in headline(report))
        )
        self._draw_bars()
        values = [float(day.runs) for day in report.per_day]
        self.query_one("#stats-sparkline", Sparkline).data = values
        if report.per_day:
            first, last = report.per_day[0].day, report.per_day[-1].day
            total, most = int(sum(values)), int(max(values))
            days = line(
                ngettext(
                    "{first} → {last}: {n} case, at most {most} a day",
                    "{first} → {last}: {n} cases, at most {most} a day",
                    total,
                ).format(
                    first=format_date(first),
                    last=format_date(last),
                    n=format_integer(total),
                    most=format_integer(most),
                )
            )
        else:
            days = line(_("No cases in this period."), "$text-muted")
        self.query_one("#stats-days", Static).update(days)
        holder = self.query_one("#stats-tables", Vertical)
        await holder.remove_children()
        widgets: list[Static | DataTable[Text]] = []
        for table in tables(report):
            widgets.append(Static(line(table.title, "bold $accent"), classes="stats-title"))
            if table.note:
                widgets.append(Static(line(table.note, "$text-muted"), classes="stats-note"))
            if table.rows:
                widgets.append(table_widget(table))
            else:
                widgets.append(Static(line(table.empty, "$text-muted"), classes="stats-empty"))
        await holder.mount_all(widgets)
