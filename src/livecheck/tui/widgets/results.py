"""The result list: playbooks (title, badges, snippet) or, for an empty query,
unfinished runs, recently used and critical playbooks."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from livecheck.i18n import _, interface_language
from livecheck.tui.text import highlighted, join, line, severity_badge

if TYPE_CHECKING:  # not for the first frame: the journal (sqlite3) loads after it
    from livecheck.journal.store import RecentPlaybook, RunRecord
    from livecheck.journal.team.server import TeamRun
    from livecheck.search.hits import SearchHit


def hit_prompt(hit: SearchHit) -> Content:
    badges: list[Content | str] = [severity_badge(hit.severity), hit.category, hit.lang]
    if hit.other_langs:
        badges.append(_("also {languages}").format(languages=", ".join(hit.other_langs)))
    if hit.stale:
        badges.append(Content.assemble((" " + _("STALE") + " ", "bold $warning-muted")))
    title = line(hit.title, "bold")
    snippet = highlighted(hit.snippet.text, hit.snippet.highlights)
    return Content("\n").join([title, join(badges), snippet.stylize("$text-muted")])


AGE_REFRESH_SECONDS = 5
PROMPTS_KEPT = 400


def _shown_as(hit: SearchHit) -> tuple[SearchHit, str]:
    """What a hit's lines depend on: the hit but its score, and the interface language."""
    return replace(hit, score=0.0), interface_language()


def run_prompt(
    run: RunRecord, now: dt.datetime, step_title: str | None = None, verb: str = ""
) -> Content:
    """An unfinished run: its playbook, case, the step it stopped at (by title), its age."""
    from livecheck.present.times import age as age_of

    age = age_of(run.last_event_at, now)
    case = run.case_ref or _("no case ref")
    at = step_title or run.current_step or _("the outcome")
    verb = verb or "↻ " + _("Resume:") + " "
    return Content("\n").join(
        [
            Content.assemble((verb, "bold $success"), line(run.title, "bold")),
            line(
                _("{case} · at “{step}” · {age} ago · {run}").format(
                    case=case, step=at, age=age, run=run.id
                )
            ),
        ]
    )


class ResultList(OptionList):
    """Options are "pb:<path>" for playbooks, "run:<id>" for runs and "take:<id>" for
    runs handed over by the team."""

    class PlaybookHighlighted(Message):
        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    class PlaybookChosen(Message):
        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    class RunChosen(Message):
        def __init__(self, run_id: str, *, take: bool = False) -> None:
            super().__init__()
            self.run_id = run_id
            self.take = take  # a team run to take over first

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._runs: list[RunRecord] = []  # unfinished runs shown, for their ages
        self._step_titles: Mapping[str, str] = {}
        # What show_hits put in the list (None: something else is listed), and the
        # prompts of recent hits.
        self._shown_hits: tuple[tuple[SearchHit, str], ...] | None = None
        self._prompts: dict[tuple[SearchHit, str], Content] = {}

    def on_mount(self) -> None:
        self.set_interval(AGE_REFRESH_SECONDS, self.refresh_ages)

    def refresh_ages(self) -> None:
        """ "N s ago" moves on while the list stays on screen."""
        now = dt.datetime.now(dt.UTC)
        for run in self._runs:
            with contextlib.suppress(OptionDoesNotExist):
                self.replace_option_prompt(
                    f"run:{run.id}", run_prompt(run, now, self._step_titles.get(run.id))
                )

    def highlighted_run(self) -> str | None:
        """The id of the unfinished run under the highlight, if one is."""
        if self.highlighted is None:
            return None
        option_id = self.get_option_at_index(self.highlighted).id or ""
        return option_id[4:] if option_id.startswith("run:") else None

    def show_hits(self, hits: Sequence[SearchHit]) -> None:
        """The results of a search, in place of what the list shows. Results the list
        shows already (typing on often keeps them) are left as they are: rebuilding
        the options and laying them out again held each keystroke's results back."""
        shown = tuple(_shown_as(hit) for hit in hits)
        if shown == self._shown_hits:
            if hits and self.highlighted != 0:
                self.highlighted = 0
            return
        self._runs = []
        self._shown_hits = shown
        options: list[Option | None] = []
        for hit, key in zip(hits, shown, strict=True):
            if options:
                options.append(None)  # a separator line between results
            options.append(Option(self._prompt(hit, key), id=f"pb:{hit.path}"))
        self.set_options(options)
        if hits:
            self.highlighted = 0

    def _prompt(self, hit: SearchHit, key: tuple[SearchHit, str]) -> Content:
        """The hit's lines, built once per hit and interface language."""
        prompt = self._prompts.get(key)
        if prompt is None:
            if len(self._prompts) >= PROMPTS_KEPT:
                self._prompts.clear()
            prompt = self._prompts[key] = hit_prompt(hit)
        return prompt

    def show_home(
        self,
        runs: Sequence[RunRecord],
        recent: Sequence[tuple[RecentPlaybook, str]],
        critical: Sequence[SearchHit],
        team: Sequence[TeamRun] = (),
        step_titles: Mapping[str, str] | None = None,
    ) -> None:
        """`recent`: playbooks with the path of their file; `team`: runs handed over;
        `step_titles`: run id -> the title of the step it stopped at."""
        now = dt.datetime.now(dt.UTC)
        self.clear_options()
        self._shown_hits = None
        self._runs = list(runs[:10])
        self._step_titles = dict(step_titles or {})
        if runs:
            self.add_option(
                Option(
                    Content.assemble(
                        (_("Unfinished runs"), "bold underline"),
                        ("  " + _("(Enter resumes, Delete discards)"), "$text-muted"),
                    ),
                    disabled=True,
                )
            )
            self.add_options(
                Option(run_prompt(r, now, self._step_titles.get(r.id)), id=f"run:{r.id}")
                for r in self._runs
            )
        mine = {r.id for r in runs}
        team = [t for t in team if t.record.id not in mine]
        if team:
            self.add_option(
                Option(
                    Content.assemble(
                        (_("Handed over by the team (Enter takes it)"), "bold underline")
                    ),
                    disabled=True,
                )
            )
            self.add_options(
                Option(
                    run_prompt(t.record, now, verb="⇄ " + _("Take over:") + " "),
                    id=f"take:{t.record.id}",
                )
                for t in team[:10]
            )
        if recent:
            self.add_option(
                Option(Content.assemble((_("Recently used"), "bold underline")), disabled=True)
            )
            self.add_options(Option(line(pb.title, "bold"), id=f"pb:{path}") for pb, path in recent)
        listed = {path for _, path in recent}
        critical = [h for h in critical if h.path not in listed]  # option ids must be unique
        if critical:
            self.add_option(
                Option(Content.assemble((_("Critical playbooks"), "bold underline")), disabled=True)
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
        elif option_id.startswith("take:"):
            self.post_message(self.RunChosen(option_id[5:], take=True))
