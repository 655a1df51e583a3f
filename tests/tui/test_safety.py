"""Hostile text in a playbook or typed by the user is shown literally, never run.

Textual parses a plain `str` as markup: `[/]` crashes a Static, `[@click=app.quit]`
turns into a live action, `[link=…]` into a hyperlink. Terminal control
characters could clear the screen. Every place such text reaches must show
it as written, minus the control characters, and keep the app running.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from rich.segment import Segment
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Markdown, Static

from livecheck.runs.events import EventKind
from livecheck.tui.app import LivecheckApp
from livecheck.tui.screens.dialogs import ChoiceScreen, ConfirmScreen, TextPromptScreen
from livecheck.tui.screens.playbook import LinkConfirmScreen, PlaybookScreen
from livecheck.tui.screens.search import SearchScreen
from livecheck.tui.screens.summary import SummaryScreen
from livecheck.tui.screens.variables import VariablesScreen
from livecheck.tui.screens.walkthrough import WalkthroughScreen
from livecheck.tui.widgets.results import ResultList

from .conftest import AppFactory, ready, search, wait_for, write_library

BOLD = "[bold]x[/]"
CLOSE = "[@click=app.quit]Close[/]"
LINK = "[link=https://evil]z[/link]"
# In YAML double quotes: ESC [2J (clear the screen) and the 8-bit CSI.
NASTY = rf"{BOLD} [/] {CLOSE} {LINK} \e[2J\x9b"
SHOWN = f"{BOLD} [/] {CLOSE} {LINK} [2J"  # what is left once the controls are stripped

HOSTILE = f"""\
id: hostile-markup
lang: en
title: "Hostile banner {NASTY}"
summary: "Summary {NASTY}"
when: "When {NASTY}"
category: trust-safety
severity: high
owner: "owner {BOLD}"
reviewed: 2026-01-15
review_every_days: 36500
variables:
  - {{name: handle, prompt: "Handle {BOLD} [/]", required: true, example: "{CLOSE}"}}
memory:
  - "Memory {NASTY}"
steps:
  - id: first
    title: "Step one {NASTY}"
    detail: "Detail {NASTY} and [the docs](https://evil.example/phish)"
    template: "Template {NASTY} for {{handle}}"
  - id: decide
    title: "Decide {BOLD}"
    choices:
      - {{label: "Choice {BOLD} [/] {CLOSE}", goto: last}}
      - {{label: "Other {LINK} \\e[2J\\x9b", goto: last}}
  - id: last
    title: "Last [/]"
"""

NOTE = "[/] [@click=app.quit]q[/]"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def hostile_library(library: Path) -> Path:
    return write_library(library, {"trust-safety/hostile-markup.en.yaml": HOSTILE})


# -- looking at what is on the screen -------------------------------------------------


def segments(app: LivecheckApp) -> list[Segment]:
    return [seg for strip in app.screen._compositor.render_strips() for seg in strip]


def screen_text(app: LivecheckApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def visible_text(app: LivecheckApp, skip: tuple[str, ...] = ()) -> str:
    """The screen as text, leaving out the cells of the widgets in `skip` (selectors)."""
    regions = [app.screen.query_one(selector).region for selector in skip]
    lines = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        text = strip.text
        for region in regions:  # (side by side widgets are not handled: one is enough here)
            if region.y <= y < region.bottom:
                text = strip.crop(0, region.x).text + strip.crop(region.right).text
        lines.append(text)
    return "\n".join(lines)


def assert_safe_screen(app: LivecheckApp, skip: tuple[str, ...] = ()) -> None:
    """No control character reaches the terminal, and nothing from the playbook became a
    link or an action (a Markdown link is allowed: it asks before opening).
    `skip`: widgets left out (a known bug, tested on its own)."""
    text = visible_text(app, skip)
    assert not CONTROL.search(text), repr(CONTROL.findall(text))
    for seg in segments(app):
        style = seg.style
        if style is None:
            continue
        assert not style.link or "evil" not in style.link, seg
        click = str(style.meta.get("@click", ""))
        assert "quit" not in click, seg
        assert "evil" not in click or "link" in click, seg  # only a Markdown link (confirmed)


def rendered(widget: Static) -> str:
    return str(widget.render())


def find_on_screen(app: LivecheckApp, needle: str, from_x: int = 0) -> tuple[int, int]:
    for y, line in enumerate(screen_text(app).splitlines()):
        x = line.find(needle, from_x)
        if x != -1:
            return x, y
    raise AssertionError(f"{needle!r} is not on the screen:\n{screen_text(app)}")


async def on_screen(pilot: Any, cls: type) -> Any:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, cls), 5, cls.__name__)
    await pilot.pause()
    return pilot.app.screen


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))


async def paste_text(pilot: Any, text: str) -> None:
    """Put `text` in the focused box at once (typing every key is slow under Pilot)."""
    box = pilot.app.focused
    assert isinstance(box, Input), box
    box.insert_text_at_cursor(text)
    await pilot.pause()


async def click_text(pilot: Any, needle: str, inside: int = 0, from_x: int = 0) -> None:
    """Click on the screen where `needle` is written (`inside` characters into it)."""
    x, y = find_on_screen(pilot.app, needle, from_x)
    await pilot.click(offset=(x + inside, y))
    await pilot.pause()


def still_running(app: LivecheckApp) -> None:
    assert app.is_running
    assert app.return_code is None


# -- the tests ----------------------------------------------------------------------


def test_the_fixture_keeps_its_control_characters(hostile_library: Path) -> None:
    """The hostile text reaches the model unchanged, so the screens are what is tested."""
    from livecheck.playbook.loader import load_playbook_file

    loaded = load_playbook_file(hostile_library / "trust-safety/hostile-markup.en.yaml")
    assert loaded.playbook is not None, [p.format() for p in loaded.problems]
    pb = loaded.playbook
    assert "\x1b[2J" in pb.title
    assert "\x9b" in pb.title
    assert CLOSE in pb.steps[0].title
    assert "\x1b" in (pb.steps[0].detail or "")


async def test_hostile_playbook_from_search_to_summary(
    make_app: AppFactory, hostile_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    opened: list[str] = []
    copied: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)

        # the search: result and preview
        await search(pilot, "hostile banner")
        results = app.screen.query_one(ResultList)
        first = str(results.options[0].prompt)
        assert f"Hostile banner {SHOWN}" in first
        assert CLOSE in first
        await wait_for(
            pilot, lambda: "Memory" in rendered(app.screen.query_one("#preview-body", Static))
        )
        preview = rendered(app.screen.query_one("#preview-body", Static))
        for expected in (f"Memory {SHOWN}", f"Step one {SHOWN}", f"Choice {BOLD} [/] {CLOSE}"):
            assert expected in preview, expected
        assert_safe_screen(app)
        preview_x = app.screen.query_one("#preview").region.x
        await click_text(pilot, CLOSE, inside=len("[@click=app.quit]"), from_x=preview_x)
        still_running(app)
        assert isinstance(app.screen, SearchScreen)

        # the playbook screen
        await pilot.press("enter")
        page = await on_screen(pilot, PlaybookScreen)
        header = rendered(page.query_one("#pb-header", Static))
        assert f"Hostile banner {SHOWN}" in header
        assert f"owner {BOLD}" in header
        assert f"Memory {SHOWN}" in rendered(page.query_one("#pb-memory", Static))
        intro = rendered(page.query_one("#pb-intro", Static))
        assert f"When {SHOWN}" in intro
        assert f"Summary {SHOWN}" in intro
        assert f"Template {SHOWN}" in rendered(page.query_one(".pb-template", Static))
        assert f"Choice {BOLD} [/] {CLOSE}" in rendered(page.query_one(".pb-choices", Static))
        assert_safe_screen(app)
        await click_text(pilot, CLOSE, inside=len("[@click=app.quit]"))
        still_running(app)

        # a link in the detail (Markdown) asks first, and No opens nothing
        await click_text(pilot, "the docs", inside=2)
        await on_screen(pilot, LinkConfirmScreen)
        assert opened == []
        await pilot.press("n")
        await on_screen(pilot, PlaybookScreen)
        assert opened == []

        # the run: variables prompt and example shown literally
        await pilot.press("r")
        dialog = await on_screen(pilot, VariablesScreen)
        labels = screen_text(app)
        assert f"Handle {BOLD} [/]" in labels
        assert dialog.query_one("#var-handle", Input).placeholder == f"e.g. {CLOSE}"
        await paste_text(pilot, NOTE)  # the case reference
        await pilot.press("enter")
        await paste_text(pilot, BOLD)
        await pilot.press("enter")
        walk = await on_screen(pilot, WalkthroughScreen)
        run_id = walk.run.id
        record = app.workspace.journal.run(run_id)
        assert record is not None
        assert record.case_ref == NOTE
        assert walk.run.state.variables == {"handle": BOLD}

        assert f"Hostile banner {SHOWN}" in rendered(walk.query_one("#walk-title", Static))
        assert f"Step one {SHOWN}" in rendered(walk.query_one("#step-title", Static))
        assert f"Template {SHOWN} for {BOLD}" in rendered(walk.query_one("#step-template", Static))
        memory = walk.query_one("#walk-memory").query_one(Static)
        assert f"Memory {SHOWN}" in rendered(memory)
        text = screen_text(app)
        assert f"Detail {BOLD} [/] {CLOSE}" in text
        assert_safe_screen(app)
        await click_text(pilot, CLOSE, inside=len("[@click=app.quit]"))
        still_running(app)

        # a link in the step detail asks first too
        detail = walk.query_one("#step-detail", Markdown)
        detail.post_message(Markdown.LinkClicked(detail, "https://evil.example/phish"))
        await on_screen(pilot, ConfirmScreen)
        assert opened == []
        await pilot.press("escape")
        await on_screen(pilot, WalkthroughScreen)
        # and a link that is not https is refused outright
        detail.post_message(Markdown.LinkClicked(detail, "file:///etc/passwd"))
        await pilot.pause(0.1)
        assert isinstance(app.screen, WalkthroughScreen)
        assert opened == []

        # copying the template: the notification shows the text literally
        await pilot.press("c")
        await pilot.pause()
        assert copied == [f"Template {SHOWN} for {BOLD}"]
        still_running(app)

        # a note with markup in it
        await pilot.press("n")
        await on_screen(pilot, TextPromptScreen)
        await type_text(pilot, NOTE)
        await pilot.press("enter")
        await on_screen(pilot, WalkthroughScreen)
        event = app.workspace.journal.events(run_id)[-1]
        assert (event.kind, event.get("text")) == (EventKind.NOTE, NOTE)
        assert NOTE in rendered(walk.query_one("#step-notes", Static))
        assert_safe_screen(app)
        await click_text(pilot, NOTE, inside=len("[/] [@click=app.quit]"))
        still_running(app)

        # the decision: labels literal
        await pilot.press("d")
        await pilot.pause()
        assert walk.run.state.current == "decide"
        text = screen_text(app)
        assert f"Choice {BOLD} [/] {CLOSE}" in text
        assert f"Other {LINK} [2J" in text
        assert_safe_screen(app)
        await pilot.press("1")
        await pilot.pause()

        # skip the last step with a reason full of markup, end the run: the summary shows it
        await pilot.press("s")
        await on_screen(pilot, TextPromptScreen)
        await paste_text(pilot, f"{BOLD} {CLOSE}")
        await pilot.press("enter")
        await on_screen(pilot, ChoiceScreen)  # a skipped last step: which outcome?
        await pilot.press("1")
        summary = await on_screen(pilot, SummaryScreen)
        assert summary.run.state.outcome == "resolved"
        assert "Hostile banner" in summary.text
        assert "\x1b" not in summary.text
        assert "\x9b" not in summary.text
        text = screen_text(app)
        assert f"{BOLD} {CLOSE}" in text
        assert_safe_screen(app)
        await pilot.press("c")
        await pilot.pause()
        assert copied[-1] == summary.text
        still_running(app)
        assert opened == []


async def test_the_walkthrough_step_detail_has_no_control_characters(
    make_app: AppFactory, hostile_library: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await search(pilot, "hostile banner")
        await pilot.press("enter")
        await on_screen(pilot, PlaybookScreen)
        assert_safe_screen(app)  # the same detail on the playbook screen: fine
        await pilot.press("r")
        await on_screen(pilot, VariablesScreen)
        await pilot.press("enter")
        await type_text(pilot, "h")
        await pilot.press("enter")
        walk = await on_screen(pilot, WalkthroughScreen)
        assert f"Detail {BOLD}" in screen_text(app)
        assert_safe_screen(app, skip=())
        assert not CONTROL.search(walk.query_one("#step-detail", Markdown).source)


async def test_the_link_confirmation_is_what_opens_a_link(
    make_app: AppFactory, hostile_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await search(pilot, "hostile banner")
        await pilot.press("enter")
        await on_screen(pilot, PlaybookScreen)
        await click_text(pilot, "the docs", inside=2)
        await on_screen(pilot, LinkConfirmScreen)
        assert opened == []
        await pilot.press("y")
        await on_screen(pilot, PlaybookScreen)
        assert opened == ["https://evil.example/phish"]


async def test_hostile_text_in_the_palette_and_the_unfinished_runs(
    make_app: AppFactory, hostile_library: Path
) -> None:
    first = make_app()
    first.workspace.runs.start(
        hostile_library / "trust-safety/hostile-markup.en.yaml",
        variables={"handle": BOLD},
        case_ref=f"{NOTE} \x1b[2J",
    )
    first.workspace.journal.close()

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        results = app.screen.query_one(ResultList)
        await wait_for(pilot, lambda: any((o.id or "").startswith("run:") for o in results.options))
        text = screen_text(app)
        assert f"Hostile banner {BOLD}" in text
        assert NOTE in text
        assert_safe_screen(app)

        await pilot.press("ctrl+p")
        palette = await on_screen(pilot, CommandPalette)
        commands = palette.query_one(CommandList)
        await type_text(pilot, "hostile")

        def prompts() -> list[str]:
            return [str(option.prompt) for option in commands.options]

        await wait_for(pilot, lambda: any(p.startswith("Open: Hostile") for p in prompts()))
        joined = "\n".join(prompts())
        assert f"Open: Hostile banner {BOLD} [/] {CLOSE}" in joined
        assert f"Resume run: Hostile banner {BOLD}" in joined
        assert NOTE in joined
        assert_safe_screen(app)
        await pilot.press("escape")
        await on_screen(pilot, SearchScreen)
        still_running(app)
