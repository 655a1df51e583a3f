"""One entry point for every report format."""

from __future__ import annotations

from livecheck.reports.model import Report
from livecheck.reports.render_data import render_csv, render_json
from livecheck.reports.render_markdown import render_markdown
from livecheck.reports.render_text import render_text

FORMATS = ("text", "md", "csv", "json")


def render(report: Report, fmt: str, *, width: int = 120, color: bool = False) -> str:
    if fmt == "text":
        return render_text(report, width=width, color=color)
    if fmt == "md":
        return render_markdown(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "json":
        return render_json(report)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
