"""One playbook, all of it: header, memory items kept in view, every step,
related playbooks. Start a run from here, or switch to the translation."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Header, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from livecheck.authoring.status import PlaybookTranslations
from livecheck.i18n import N_, _, format_integer, ngettext
from livecheck.playbook.model import Playbook
from livecheck.present.authoring import drift_banner, translation_line
from livecheck.runs.engine import ActionRefused
from livecheck.search.hits import PlaybookVersion
from livecheck.tui.context import livecheck_app, workspace_of
from livecheck.tui.handback import hand_back
from livecheck.tui.language import TranslatedBindings
from livecheck.tui.links import refuse_link, safe_https_url
from livecheck.tui.messages import IndexUpdated
from livecheck.tui.text import line, plain
from livecheck.tui.widgets.playbook_page import (
    StepView,
    header_content,
    intro_content,
    language_name,
    memory_content,
)

CSS = "../playbook.tcss"

# -- the link confirmation -------------------------------------------------------------


class LinkConfirmScreen(TranslatedBindings, ModalScreen[bool]):
    """ "Open <url>?" Yes / No. Only https links get this far."""

    CSS_PATH = CSS
    HELP_TITLE = N_("Open a link")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "y",
            "answer(True)",
            N_("Yes"),
            id="link.yes",
            tooltip=N_("Open the link in the browser"),
        ),
        Binding(
            "n,escape", "answer(False)", N_("No"), id="link.no", tooltip=N_("Do not open the link")
        ),
    ]

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def compose(self) -> ComposeResult:
        with Vertical(id="link-dialog"):
            yield Static(Content.assemble((_("Open this link in your browser?"), "bold")))
            yield Static(plain(self.url), id="link-url")
            with Horizontal(id="link-buttons"):
                yield Button(Content(_("Yes, open it")), id="link-yes", variant="primary")
                yield Button(Content(_("No")), id="link-no")

    def on_mount(self) -> None:
        self.query_one("#link-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "link-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


# -- the screen ----------------------------------------------------------------------------


class PlaybookScreen(TranslatedBindings, Screen[None]):
    CSS_PATH = CSS
    HELP_TITLE = N_("Playbook")
    AUTO_FOCUS = "#pb-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r",
            "start_run",
            N_("Start run"),
            id="playbook.run",
            tooltip=N_("Start a guided run of this playbook"),
        ),
        Binding(
            "l",
            "switch_language",
            N_("Language"),
            id="playbook.language",
            tooltip=N_("Show this playbook in its other language"),
        ),
        Binding(
            "escape",
            "back",
            N_("Back"),
            id="playbook.back",
            tooltip=N_("Back to the previous screen"),
        ),
    ]

    def __init__(self, playbook: Playbook) -> None:
        super().__init__()
        self.playbook = playbook
        self.versions: list[PlaybookVersion] | None = None  # None until looked up
        self.related: dict[str, list[PlaybookVersion]] = {}

    # -- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        pb = self.playbook
        yield Header()
        yield Static(header_content(pb), id="pb-header")
        yield Static("", id="pb-translations", markup=False)
        yield Static("", id="pb-drift", markup=False)
        if pb.memory:
            memory = Static(memory_content(pb), id="pb-memory")
            memory.border_title = _("Remember")
            yield memory
        with VerticalScroll(id="pb-body"):
            yield Static(intro_content(pb), id="pb-intro")
            yield Static(
                Content.assemble(
                    (_("Steps ({n})").format(n=format_integer(len(pb.steps))), "bold")
                ),
                classes="pb-h",
            )
            for number, step in enumerate(pb.steps, 1):
                yield StepView(pb, number, step)
            if pb.related:
                yield Static(
                    Content.assemble(
                        (_("Related playbooks") + " ", "bold"),
                        (_("(Tab to the list, Enter opens)"), "$text-muted"),
                    ),
                    classes="pb-h",
                )
                yield OptionList(
                    *[Option(line(rid), id=rid) for rid in pb.related], id="pb-related"
                )
            yield Static(self._drills_content(), id="pb-drills")
        yield Footer()

    def _drills_content(self) -> Content:
        count = len(self.playbook.drills)
        if not count:
            return plain(_("No practice drill for this playbook."), "$text-muted")
        return plain(
            ngettext(
                "{n} practice drill for this playbook.",
                "{n} practice drills for this playbook.",
                count,
            ).format(n=format_integer(count)),
            "$text-muted",
        )

    def on_mount(self) -> None:
        self._show_sub_title()
        self._look_up_versions()

    def _show_sub_title(self) -> None:
        others = [
            language_name(v.lang) for v in self.versions or [] if v.lang != self.playbook.lang
        ]
        here = f"{self.playbook.id} · {language_name(self.playbook.lang)}"
        if others:
            here += " · " + _("also in {languages} (l)").format(languages=", ".join(others))
        self.sub_title = here

    async def relabel(self) -> None:
        """After a language switch: the page again, scrolled where it was."""
        body = self.query_one("#pb-body", VerticalScroll)
        scrolled = body.scroll_y
        await self.recompose()
        self._show_sub_title()
        if self.versions is not None:
            self._show_versions(self.versions, self.related)
        self.query_one("#pb-body", VerticalScroll).scroll_to(y=scrolled, animate=False)
        self._look_up_versions()

    # -- other languages and related playbooks (from the index, in a thread) ------------

    @work(thread=True, exclusive=True, group="playbook-versions")
    def _look_up_versions(self) -> None:
        app = self.app
        if not livecheck_app(app).index_ready:
            return  # looked up again when the index is ready (IndexUpdated)
        workspace = workspace_of(app)
        try:
            versions = workspace.versions(self.playbook.id)
            related = {rid: workspace.versions(rid) for rid in self.playbook.related}
        except Exception:  # a damaged index: the page is still readable
            return
        hand_back(self, self._show_versions, versions, related)
        try:
            translations = workspace.translations_of(self.playbook.id)
        except Exception:  # a file changed under us: the page is still readable
            return
        hand_back(self, self._show_translations, translations)

    def _show_translations(self, report: PlaybookTranslations) -> None:
        """Each language's state; over an out-of-date translation, which steps changed."""
        self.query_one("#pb-translations", Static).update(plain(translation_line(report)))
        mine = next((t for t in report.translations if t.lang == self.playbook.lang), None)
        banner = drift_banner(mine) if mine is not None else None
        drift = self.query_one("#pb-drift", Static)
        drift.update(plain(banner or ""))
        drift.set_class(banner is not None, "-shown")

    def _show_versions(
        self, versions: list[PlaybookVersion], related: dict[str, list[PlaybookVersion]]
    ) -> None:
        self.versions = versions
        self.related = related
        self._show_sub_title()
        self.refresh_bindings()
        if not self.playbook.related:
            return
        options = self.query_one("#pb-related", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for rid in self.playbook.related:
            found = related.get(rid, [])
            if found:
                best = self._pick_version(found)
                langs = ", ".join(v.lang for v in found)
                prompt = Content.assemble(
                    line(best.title, "bold"), "\n", (f"{rid} · {langs}", "$text-muted")
                )
                options.add_option(Option(prompt, id=rid))
            else:
                prompt = Content.assemble(line(rid), (" · " + _("not in the library"), "italic"))
                options.add_option(Option(prompt, id=rid, disabled=True))
        if highlighted is not None and highlighted < options.option_count:
            options.highlighted = highlighted

    def _pick_version(self, versions: list[PlaybookVersion]) -> PlaybookVersion:
        """The version in this playbook's language when there is one."""
        return next((v for v in versions if v.lang == self.playbook.lang), versions[0])

    @on(IndexUpdated)
    def _index_updated(self) -> None:
        self._look_up_versions()

    def other_version(self) -> PlaybookVersion | None:
        """The next language version after this one, if the library has one."""
        versions = self.versions or []
        langs = [v.lang for v in versions]
        if self.playbook.lang not in langs:
            others = [v for v in versions if v.lang != self.playbook.lang]
            return others[0] if others else None
        if len(versions) < 2:
            return None
        return versions[(langs.index(self.playbook.lang) + 1) % len(versions)]

    def has_translation(self) -> bool:
        return self.other_version() is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_language" and self.versions is not None:
            return True if self.has_translation() else None  # None: shown dimmed
        return True

    # -- actions --------------------------------------------------------------------------

    def action_start_run(self) -> None:
        livecheck_app(self.app).start_run(self.playbook)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_switch_language(self) -> None:
        if self.versions is None:
            if not livecheck_app(self.app).index_ready:
                self.notify(_("The search index is still being built; try again in a moment."))
                return
            try:
                self.versions = workspace_of(self.app).versions(self.playbook.id)
            except Exception as exc:
                self.notify(
                    _("Could not look up translations: {error}").format(error=exc), markup=False
                )
                return
        other = self.other_version()
        if other is None:
            self.notify(_("This playbook has no other language version in the library."))
            return
        try:
            playbook = workspace_of(self.app).playbook_at(other.path)
        except ActionRefused as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if self.is_current:
            self.app.switch_screen(PlaybookScreen(playbook))
        else:
            self.app.push_screen(PlaybookScreen(playbook))

    @on(OptionList.OptionSelected, "#pb-related")
    def _open_related(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        rid = event.option.id or ""
        found = self.related.get(rid)
        if not found:
            if not livecheck_app(self.app).index_ready:
                self.notify(_("The search index is still being built; try again in a moment."))
            else:
                self.notify(
                    _("“{id}” is not in the library.").format(id=rid),
                    severity="warning",
                    markup=False,
                )
            return
        livecheck_app(self.app).open_playbook(self._pick_version(found).path)

    # -- links in step details ---------------------------------------------------------

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        url = event.href
        if not safe_https_url(url):
            refuse_link(self, url)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.open_url(url)

        self.app.push_screen(LinkConfirmScreen(url), callback=answered)
