"""One entry point for every report format. Text and Markdown are in the current
language (livecheck.i18n); CSV and JSON, for programs, always in English."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from livecheck.reports.model import Report

FORMATS = ("text", "md", "csv", "json")


def render(
    report: Report,
    fmt: str,
    *,
    width: int = 120,
    color: bool = False,
    zone: dt.tzinfo | None = None,
) -> str:
    """`report` as `fmt`; times a person reads are in `zone` (None: the machine's)."""
    # Each renderer is imported when asked for: the command line imports this
    # module for FORMATS on every start, and the text renderer loads rich.
    if fmt == "text":
        from livecheck.reports.render_text import render_text

        return render_text(report, width=width, color=color, zone=zone)
    if fmt == "md":
        from livecheck.reports.render_markdown import render_markdown

        return render_markdown(report, zone=zone)
    if fmt in ("csv", "json"):
        from livecheck.i18n import SOURCE_LANGUAGE, use_language
        from livecheck.reports.render_data import render_csv, render_json

        # Data for programs: the same words (the scope) whatever the interface language.
        with use_language(SOURCE_LANGUAGE):
            return render_csv(report) if fmt == "csv" else render_json(report)
    from livecheck.i18n import _

    raise ValueError(
        _("unknown report format {format}; use one of {formats}").format(
            format=repr(fmt), formats=", ".join(FORMATS)
        )
    )
