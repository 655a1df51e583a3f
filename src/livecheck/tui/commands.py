"""Command palette provider (ctrl+p): search, start, open, resume, switch language.

Every prompt is built as Content, never as markup: playbook titles and case
references come from outside, and the palette parses a plain `str` (and the
`help` text) as markup. `help` is only ever one of the fixed strings below.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from livecheck.i18n import N_, _
from livecheck.runs.engine import ActionRefused
from livecheck.safety.text import one_line
from livecheck.tui.context import livecheck_app, workspace_of

if TYPE_CHECKING:
    from livecheck.journal.store import RunRecord
    from livecheck.search.hits import SearchHit
    from livecheck.services.workspace import Workspace

SEARCH_LIMIT = 8
DRILL_HELP = N_("Practise: find and walk the playbook for a scenario, then see your score")
DISCOVER_CRITICAL = 4
STATS_TEXT = N_("Show the figures (stats, report)")
STATS_HELP = N_("Outcomes, time against the SLA, where runs stall, searches that found nothing")
DRILL_TEXT = N_("Start a drill")
SWITCH_TEXT = N_("Switch language")
SWITCH_HELP = N_("Show this playbook in its other language")
RESUME_HELP = N_("Continue this unfinished run where it stopped")


def highlight(matcher: Matcher, prefix: str, text: str) -> tuple[Content, str]:
    """`prefix` + `text` as Content, with the fuzzy match styled, and as plain text.

    Unlike `Matcher.highlight`, which parses its argument as markup, the text
    here is never parsed."""
    plain_text = prefix + one_line(text)
    content = Content(plain_text).stylize("bold", 0, len(prefix))
    score, offsets = matcher.fuzzy_search.match(matcher.query, plain_text)
    if score:
        for offset in offsets:
            if not plain_text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content, plain_text


def highlight_words(prefix: str, text: str, query: str, style: Any) -> tuple[Content, str]:
    """`prefix` + `text` with the query's words styled where they occur as typed
    (case aside): for playbooks found by the search engine, whose match is by
    words, a scatter of fuzzy-matched letters would mislead."""
    plain_text = prefix + one_line(text)
    content = Content(plain_text).stylize("bold", 0, len(prefix))
    lowered = plain_text.lower()
    if len(lowered) != len(plain_text):  # lower() changed the length: offsets unusable
        return content, plain_text
    for word in {w for w in query.lower().split() if len(w) > 1}:
        start = lowered.find(word, len(prefix))
        while start != -1:
            content = content.stylize(style, start, start + len(word))
            start = lowered.find(word, start + len(word))
    return content, plain_text


def run_label(run: RunRecord) -> str:
    return f"{one_line(run.title)} ({one_line(run.case_ref or _('no case ref'))})"


class LivecheckCommands(Provider):
    # -- what the app offers ------------------------------------------------------------

    @property
    def _workspace(self) -> Workspace:
        return workspace_of(self.app)

    @property
    def _index_ready(self) -> bool:
        return livecheck_app(self.app).index_ready

    async def _unfinished_runs(self) -> list[RunRecord]:
        try:
            return await asyncio.to_thread(self._workspace.unfinished_runs)
        except Exception:  # the journal may be unavailable; the rest still works
            return []

    async def _search_hits(self, text: str) -> Sequence[SearchHit]:
        try:
            if self._index_ready:
                response = await asyncio.to_thread(self._workspace.search, text, limit=SEARCH_LIMIT)
                return response.hits
            titles = livecheck_app(self.app).titles  # read so far by a first build
            if titles is None:  # the first build has not started yet
                return []
            return await asyncio.to_thread(titles.search, text, SEARCH_LIMIT)
        except Exception:
            return []

    async def _critical(self) -> Sequence[SearchHit]:
        if not self._index_ready:
            return []
        try:
            return await asyncio.to_thread(self._workspace.critical_playbooks, DISCOVER_CRITICAL)
        except Exception:
            return []

    def _playbook_screen(self) -> Any | None:
        from livecheck.tui.screens.playbook import PlaybookScreen

        screen = self.screen
        if isinstance(screen, PlaybookScreen) and screen.has_translation():
            return screen
        return None

    # -- the palette ---------------------------------------------------------------------

    def _practising(self) -> bool:
        """A drill is under way: opening or starting anything would leave it unscored."""
        return bool(getattr(self.screen, "practice", False))

    async def discover(self) -> Hits:
        if self._practising():
            return
        yield DiscoveryHit(
            Content.assemble((_(DRILL_TEXT), "bold")),
            self._drill,
            text=_(DRILL_TEXT),
            help=_(DRILL_HELP),
        )
        screen = self._playbook_screen()
        if screen is not None:
            yield DiscoveryHit(
                Content.assemble((_(SWITCH_TEXT), "bold")),
                screen.action_switch_language,
                text=_(SWITCH_TEXT),
                help=_(SWITCH_HELP),
            )
        yield DiscoveryHit(
            Content.assemble((_(STATS_TEXT), "bold")),
            self._stats,
            text=_(STATS_TEXT),
            help=_(STATS_HELP),
        )
        for run in await self._unfinished_runs():
            label = run_label(run)
            prefix = _("Resume run:") + " "
            yield DiscoveryHit(
                Content.assemble((prefix, "bold"), Content(label)),
                partial(self._resume, run.id),
                text=prefix + label,
                help=_(RESUME_HELP),
            )
        for hit in await self._critical():
            title = one_line(hit.title)
            prefix = _("Open:") + " "
            yield DiscoveryHit(
                Content.assemble(
                    (prefix, "bold"), Content(title), ("  " + _("critical"), "$error")
                ),
                partial(self._open, hit.path),
                text=prefix + title,
                help=_("Read this critical playbook"),
            )

    async def search(self, query: str) -> Hits:
        if self._practising():
            return
        matcher = self.matcher(query)
        text = one_line(query)

        screen = self._playbook_screen()
        if screen is not None:
            display, plain_text = highlight(matcher, "", _(SWITCH_TEXT))
            score = matcher.match(plain_text)
            if score > 0:
                yield Hit(
                    score,
                    display,
                    screen.action_switch_language,
                    text=plain_text,
                    help=_(SWITCH_HELP),
                )

        display, plain_text = highlight(matcher, "", _(DRILL_TEXT))
        score = matcher.match(plain_text)
        if score > 0:
            yield Hit(score, display, self._drill, text=plain_text, help=_(DRILL_HELP))

        display, plain_text = highlight(matcher, "", _(STATS_TEXT))
        score = matcher.match(plain_text)
        if score > 0:
            yield Hit(score, display, self._stats, text=plain_text, help=_(STATS_HELP))

        for run in await self._unfinished_runs():
            display, plain_text = highlight(matcher, _("Resume run:") + " ", run_label(run))
            score = matcher.match(plain_text)
            if score > 0:
                yield Hit(
                    score,
                    display,
                    partial(self._resume, run.id),
                    text=plain_text,
                    help=_(RESUME_HELP),
                )

        if not text:
            return
        prefix = _("Search:") + " "
        yield Hit(
            0.93,  # after the best playbook's Open and Start, before the others
            Content.assemble((prefix, "bold"), Content(text)),
            partial(self._go_search, text),
            text=prefix + text,
            help=_("Show every matching playbook on the search screen"),
        )

        for rank, hit in enumerate(await self._search_hits(text)):
            # Ranked by the search engine (typos, French, synonyms), not the fuzzy matcher.
            base = max(0.55, 0.95 - 0.04 * rank)
            lang = one_line(hit.lang)
            style = matcher.match_style
            display, plain_text = highlight_words(_("Open:") + " ", hit.title, text, style)
            yield Hit(
                base,
                Content.assemble(display, f" ({lang})"),
                partial(self._open, hit.path),
                text=f"{plain_text} ({lang})",
                help=_("Read the playbook"),
            )
            display, plain_text = highlight_words(_("Start:") + " ", hit.title, text, style)
            yield Hit(
                base - 0.01,
                Content.assemble(display, f" ({lang})"),
                partial(self._start, hit.path),
                text=f"{plain_text} ({lang})",
                help=_("Start a guided run of this playbook"),
            )

    # -- commands -------------------------------------------------------------------------

    def _open(self, path: str) -> None:
        livecheck_app(self.app).open_playbook(path)

    def _stats(self) -> None:
        livecheck_app(self.app).open_stats()

    def _resume(self, run_id: str) -> None:
        livecheck_app(self.app).resume_run(run_id)

    def _start(self, path: str) -> None:
        try:
            playbook = self._workspace.playbook_at(path)
        except ActionRefused as exc:
            self.app.notify(str(exc), title=_("Cannot start"), severity="error", markup=False)
            return
        livecheck_app(self.app).start_run(playbook)

    def _drill(self) -> None:
        livecheck_app(self.app).start_drill()

    def _go_search(self, text: str) -> None:
        """Back to the search screen (closing the screens above it), with `text` typed in."""
        from textual.widgets import Input

        from livecheck.tui.screens.search import SearchScreen

        app = self.app
        stack = app.screen_stack
        index = next(
            (i for i in range(len(stack) - 1, -1, -1) if isinstance(stack[i], SearchScreen)),
            None,
        )
        if index is None:
            app.notify(_("The search screen is not open."), severity="warning")
            return
        search_screen = stack[index]
        while app.screen is not search_screen:
            app.pop_screen()
        box = search_screen.query_one("#query", Input)
        box.value = text
        box.cursor_position = len(text)
        box.focus()
