"""The result list: playbooks (title, badges, snippet) or, for an empty query,
unfinished runs, recently used and critical playbooks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from livecheck.search.hits import SearchHit
from livecheck.tui.text import highlighted, join, line, severity_badge

if TYPE_CHECKING:  # not for the first frame: the journal (sqlite3) loads after it
    from livecheck.journal.store import RunRecord
    from livecheck.services.workspace import RecentPlaybook


def hit_prompt(hit: SearchHit) -> Content:
    badges: list[Content | str] = [severity_badge(hit.severity), hit.category, hit.lang]
    if hit.other_langs:
        badges.append(f"also {', '.join(hit.other_langs)}")
    if hit.stale:
        badges.append(Content.assemble((" STALE ", "bold $warning-muted")))
    title = line(hit.title, "bold")
    snippet = highlighted(hit.snippet.text, hit.snippet.highlights)
    return Content("\n").join([title, join(badges), snippet.stylize("$text-muted")])


def run_prompt(run: RunRecord, now: dt.datetime) -> Content:
    from livecheck.present.summary import duration

    age = duration((now - run.last_event_at).total_seconds())
    case = run.case_ref or "no case ref"
    return Content("\n").join(
        [
            Content.assemble(("↻ Resume: ", "bold $success"), line(run.title, "bold")),
            line(f"{case} · at {run.current_step or 'the outcome'} · {age} ago · {run.id}"),
        ]
    )


class ResultList(OptionList):
    """Options are "pb:<path>" for playbooks and "run:<id>" for runs."""

    class PlaybookHighlighted(Message):
        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    class PlaybookChosen(Message):
        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    class RunChosen(Message):
        def __init__(self, run_id: str) -> None:
            super().__init__()
            self.run_id = run_id

    def show_hits(self, hits: Sequence[SearchHit]) -> None:
        self.clear_options()
        options: list[Option | None] = []
        for hit in hits:
            if options:
                options.append(None)  # a separator line between results
            options.append(Option(hit_prompt(hit), id=f"pb:{hit.path}"))
        self.add_options(options)
        if hits:
            self.highlighted = 0

    def show_home(
        self,
        runs: Sequence[RunRecord],
        recent: Sequence[tuple[RecentPlaybook, str]],
        critical: Sequence[SearchHit],
    ) -> None:
        """`recent`: playbooks with the path of their file."""
        now = dt.datetime.now(dt.UTC)
        self.clear_options()
        if runs:
            self.add_option(
                Option(Content.assemble(("Unfinished runs", "bold underline")), disabled=True)
            )
            self.add_options(Option(run_prompt(r, now), id=f"run:{r.id}") for r in runs[:10])
        if recent:
            self.add_option(
                Option(Content.assemble(("Recently used", "bold underline")), disabled=True)
            )
            self.add_options(Option(line(pb.title, "bold"), id=f"pb:{path}") for pb, path in recent)
        listed = {path for _, path in recent}
        critical = [h for h in critical if h.path not in listed]  # option ids must be unique
        if critical:
            self.add_option(
                Option(Content.assemble(("Critical playbooks", "bold underline")), disabled=True)
            )
            self.add_options(Option(hit_prompt(h), id=f"pb:{h.path}") for h in critical)
        first = next(
            (i for i in range(self.option_count) if not self.get_option_at_index(i).disabled), None
        )
        self.highlighted = first

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("pb:"):
            self.post_message(self.PlaybookHighlighted(option_id[3:]))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith("pb:"):
            self.post_message(self.PlaybookChosen(option_id[3:]))
        elif option_id.startswith("run:"):
            self.post_message(self.RunChosen(option_id[4:]))
