"""The app in French: a whole case, a drill and the figures screen show no English word
of the interface; the language switches live without losing what is on screen; and
pictures of the search, run and summary screens in French.

"No English word" is checked against the catalogue itself: every English msgid whose
French differs is looked for on the screen (its literal pieces, between placeholders).
What stays English on purpose is listed in ALLOWED.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static

from livecheck.i18n import LOCALE_DIR, interface_language, set_language
from livecheck.tui.app import LivecheckApp
from livecheck.tui.screens.dialogs import ConfirmScreen, PauseReviewScreen
from livecheck.tui.screens.drill import DrillScreen
from livecheck.tui.screens.drill_score import DrillScoreScreen
from livecheck.tui.screens.playbook import PlaybookScreen
from livecheck.tui.screens.practice import PracticeWalkthroughScreen
from livecheck.tui.screens.stats import StatsScreen
from livecheck.tui.screens.summary import SummaryScreen
from livecheck.tui.screens.variables import VariablesScreen
from livecheck.tui.screens.walkthrough import WalkthroughScreen

from .conftest import SIZE, AppFactory, ready, search, wait_for, write_library

# English that stays on a French screen on purpose: language names written in their own
# language (the playbook page says "English" for the English version), and "playbook",
# the team’s word in French too; "source" and "version", French words as well.
ALLOWED = {"English", "playbook", "playbooks", "Playbook", "Playbooks", "source", "version"}

PAIEMENT = """\
id: paiement-cadeaux
lang: fr
title: Paiement des cadeaux manquant après un LIVE
summary: Les gains de cadeaux d'un LIVE ne sont pas arrivés sur le portefeuille.
when: Un créateur signale que les cadeaux reçus pendant un LIVE n'ont jamais été payés.
category: campaign
severity: high
owner: equipe-qa
reviewed: 2026-01-15
review_every_days: 36500
variables:
  - {name: pseudo, prompt: Pseudo du créateur, required: true, example: "@lea.live"}
  - {name: room, prompt: Identifiant de la room}
memory:
  - Ne jamais promettre de date de paiement.
steps:
  - id: ouvrir
    title: Ouvrir le ticket de paiement
  - id: etat
    title: Que montre le registre des paiements ?
    choices:
      - {label: Paiement retardé, goto: message}
      - {label: Paiement bloqué, goto: geler}
  - id: message
    title: Envoyer un point au créateur
    template: "Bonjour {pseudo}, votre paiement est en route."
  - id: geler
    title: Geler le portefeuille du créateur
    irreversible: true
    pause: true
  - id: fermer
    title: Fermer le ticket
    outcome: resolved
drills:
  - id: retard
    scenario: Une créatrice dit que ses gains d'hier soir ne sont jamais arrivés.
    expect: {etat: Paiement retardé}
    outcome: resolved
"""


@pytest.fixture
def french() -> Iterator[None]:
    before = interface_language()
    set_language("fr")
    yield
    set_language(before)


@pytest.fixture
def fr_app(make_app: AppFactory, tmp_path: Path, french: None) -> LivecheckApp:
    root = write_library(tmp_path / "fr-library", {"campaign/paiement-cadeaux.fr.yaml": PAIEMENT})
    return make_app(root=root)


@cache
def english_pieces() -> tuple[str, ...]:
    """The literal pieces of every msgid whose French is different."""
    path = LOCALE_DIR / "fr" / "LC_MESSAGES" / "livecheck.po"
    with path.open("rb") as po:
        catalogue = read_po(po)
    pieces: set[str] = set()
    french = {  # words French shares with English ("Note", "Source"): not a leftover
        text.strip()
        for message in catalogue
        if message.id
        for text in (message.string if isinstance(message.string, tuple) else (message.string,))
    }
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if msgid in strings:
                continue
            for piece in re.split(r"\{[^}]*\}|%\(\w+\)s", msgid):
                piece = piece.strip(" .,:;()“”—·→")
                if len(piece) >= 4 and re.search(r"[A-Za-z]{3}", piece):
                    pieces.add(piece)
    return tuple(sorted(pieces - ALLOWED - french, key=len, reverse=True))


def screen_text(app: LivecheckApp) -> str:
    """What the terminal shows, as text (the screen and the ones seen under it)."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def english_left(app: LivecheckApp) -> list[str]:
    text = " ".join(screen_text(app).split())
    return [
        piece
        for piece in english_pieces()
        if re.search(rf"(?<![\w.-]){re.escape(' '.join(piece.split()))}(?![\w-]|[.:]\w)", text)
    ]


async def on_screen(pilot: Pilot[Any], cls: type) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, cls), 5, cls.__name__)
    await pilot.pause()


async def no_english(pilot: Pilot[Any], where: str) -> None:
    await pilot.pause()
    left = english_left(pilot.app)  # type: ignore[arg-type]
    assert not left, f"English on the {where} screen: {left}\n{screen_text(pilot.app)}"  # type: ignore[arg-type]


async def walk_to_the_end(pilot: Pilot[Any], screen: type, check: bool = True) -> None:
    """From the first step of PAIEMENT: the delayed payout path, then the irreversible
    step, its pause point and the outcome."""
    await pilot.press("d")
    await wait_for(pilot, lambda: pilot.app.screen.run.state.current == "etat")  # type: ignore[attr-defined]
    if check:
        await no_english(pilot, "walkthrough (decision)")
    await pilot.press("1", "d", "d")
    await on_screen(pilot, ConfirmScreen)
    if check:
        await no_english(pilot, "confirmation")
    await pilot.press("left", "enter")
    await on_screen(pilot, PauseReviewScreen)
    if check:
        await no_english(pilot, "pause review")
    await pilot.press("enter")
    await on_screen(pilot, screen)
    await pilot.press("d")


async def test_a_whole_case_in_french_shows_no_english(fr_app: LivecheckApp) -> None:
    async with fr_app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await no_english(pilot, "search (home)")
        await search(pilot, "paiement cadeaux")
        await no_english(pilot, "search (results)")
        await pilot.press("enter")
        await on_screen(pilot, PlaybookScreen)
        await no_english(pilot, "playbook")
        await pilot.press("f1")
        await pilot.pause()
        await no_english(pilot, "help")
        await pilot.press("escape", "r")
        await on_screen(pilot, VariablesScreen)
        await pilot.press("enter", "enter")  # Start with the required field empty
        await no_english(pilot, "variables (missing field)")
        await pilot.press(*"CASE-7", "enter", *"@lea", "enter", "enter")
        await on_screen(pilot, WalkthroughScreen)
        await no_english(pilot, "walkthrough")
        await walk_to_the_end(pilot, WalkthroughScreen)
        await on_screen(pilot, SummaryScreen)
        await no_english(pilot, "summary")
        await pilot.press("escape")
        fr_app.open_stats()
        await on_screen(pilot, StatsScreen)
        headline = pilot.app.screen.query_one("#stats-headline", Static)
        await wait_for(pilot, lambda: "Lecture" not in str(headline.render()), what="figures")
        await no_english(pilot, "figures")


async def test_a_drill_in_french_shows_no_english(fr_app: LivecheckApp) -> None:
    async with fr_app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        fr_app.start_drill()
        await on_screen(pilot, DrillScreen)
        await no_english(pilot, "drill")
        box = pilot.app.screen.query_one("#drill-query", Input)
        box.value = "paiement cadeaux"
        await wait_for(pilot, lambda: pilot.app.screen.shown_query == "paiement cadeaux")  # type: ignore[attr-defined]
        await no_english(pilot, "drill (results)")
        await pilot.press("down", "enter")
        await on_screen(pilot, PracticeWalkthroughScreen)
        await no_english(pilot, "practice walkthrough")
        await walk_to_the_end(pilot, PracticeWalkthroughScreen, check=False)
        await on_screen(pilot, DrillScoreScreen)
        await no_english(pilot, "drill score")


async def test_the_language_switches_live_and_keeps_the_screens_state(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search(pilot, "gift payout")
        await pilot.press("enter")
        await on_screen(pilot, PlaybookScreen)
        await pilot.press("r")
        await on_screen(pilot, VariablesScreen)
        await pilot.press(*"CASE-7", "tab", *"@le")  # half filled in
        assert "Case reference" in screen_text(app)
        try:
            await app.run_action("switch_ui_language")
            await pilot.pause()
            assert interface_language() == "fr"
            form = app.screen
            assert isinstance(form, VariablesScreen)
            assert form.query_one("#case-ref", Input).value == "CASE-7"
            assert form.query_one("#var-creator_handle", Input).value == "@le"
            assert form.focused is form.query_one("#var-creator_handle", Input)
            shown = screen_text(app)
            assert "Référence du cas" in shown and "Case reference" not in shown
            await pilot.press("a", "enter", "enter")  # typing goes on where it was
            await on_screen(pilot, WalkthroughScreen)
            assert app.screen.run.state.variables["creator_handle"] == "@lea"  # type: ignore[attr-defined]
            await pilot.press("d")
            await wait_for(pilot, lambda: app.screen.run.state.current == "check-dashboard")  # type: ignore[attr-defined]
            assert "Fait" in screen_text(app)  # the footer, in French
            # From the help screen's key, back to English: the run is where it was.
            await pilot.press("f1")
            await pilot.pause()
            await pilot.press("l")
            await pilot.pause()
            assert interface_language() == "en"
            await pilot.press("escape")
            await on_screen(pilot, WalkthroughScreen)
            assert app.screen.run.state.current == "check-dashboard"  # type: ignore[attr-defined]
            shown = screen_text(app)
            assert "Done" in shown and "Fait" not in shown
            # The search screen under it kept its text and its results.
            await pilot.press("escape")
            await pilot.pause()
            box = app.screen.query_one("#query", Input)
            assert box.value == "gift payout"
        finally:
            set_language("en")


# -- pictures (pytest-textual-snapshot), as tests/tui/test_snapshots.py takes them -------


def snap_fr(
    snap_compare: Callable[..., bool], app: LivecheckApp, before: Callable[[Pilot[Any]], Any]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await before(pilot)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.fixture
def snap_app(
    fr_app: LivecheckApp, monkeypatch: pytest.MonkeyPatch, frozen_clock: Any
) -> LivecheckApp:
    import dataclasses

    from livecheck.search.engine import SearchResponse

    from .conftest import T0

    workspace = fr_app.workspace
    real_search = workspace.search

    def search_in_fixed_time(text: str, **kw: Any) -> SearchResponse:
        return dataclasses.replace(real_search(text, **kw), took_ms=3.0)

    monkeypatch.setattr(workspace, "search", search_in_fixed_time)
    monkeypatch.setattr("livecheck.services.runs.new_run_id", lambda now: "20261102-f2a1c0")
    workspace.runs.clock = lambda: T0
    return fr_app


async def start_paiement(pilot: Pilot[Any]) -> None:
    await ready(pilot)
    await search(pilot, "paiement cadeaux")
    await pilot.press("enter")
    await on_screen(pilot, PlaybookScreen)
    await pilot.press("r")
    await on_screen(pilot, VariablesScreen)
    await pilot.press(*"CASE-7", "enter", *"@lea", "enter", "enter")
    await on_screen(pilot, WalkthroughScreen)


def test_french_search_screen(snap_compare: Callable[..., bool], snap_app: LivecheckApp) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        await search(pilot, "paiement cadeaux", preview=True)

    snap_fr(snap_compare, snap_app, before)


def test_french_walkthrough_screen(
    snap_compare: Callable[..., bool], snap_app: LivecheckApp
) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await start_paiement(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: pilot.app.screen.run.state.current == "etat")  # type: ignore[attr-defined]

    snap_fr(snap_compare, snap_app, before)


def test_french_summary_screen(snap_compare: Callable[..., bool], snap_app: LivecheckApp) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await start_paiement(pilot)
        await walk_to_the_end(pilot, WalkthroughScreen, check=False)
        await on_screen(pilot, SummaryScreen)

    snap_fr(snap_compare, snap_app, before)
