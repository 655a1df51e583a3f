"""The playbook screen shows each language's translation state, and a banner over an
out-of-date translation naming the steps that changed in the source (refusing nothing)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from livecheck.cli import main
from livecheck.tui.screens.playbook import PlaybookScreen

from .conftest import LAG, SIZE, AppFactory, ready, search, wait_for, write_library

LAG_FR = (
    LAG.replace("lang: en", "lang: fr")
    .replace(
        "title: Viewers report lag during a LIVE", "title: Les spectateurs voient le LIVE saccader"
    )
    .replace("title: Check the stream bitrate", "title: Vérifier le débit du stream")
    .replace(
        "title: Advise the creator on their connection",
        "title: Conseiller le créateur sur sa connexion",
    )
)


def lag_library(root: Path) -> Path:
    write_library(
        root, {"operational/stream-lag.en.yaml": LAG, "operational/stream-lag.fr.yaml": LAG_FR}
    )
    assert (
        main(
            ["translate", "stream-lag", "--to", "fr", "--mark-up-to-date", "--playbooks", str(root)]
        )
        == 0
    )
    en = root / "operational" / "stream-lag.en.yaml"
    en.write_text(
        LAG.replace("Check the stream bitrate", "Check the stream bitrate and the encoder")
    )
    return root


async def test_an_out_of_date_translation_shows_a_banner_naming_the_changed_step(
    make_app: AppFactory, tmp_path: Path
) -> None:
    root = lag_library(tmp_path / "lag")
    app = make_app(root=root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search(pilot, "saccader spectateurs")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PlaybookScreen))
        screen = pilot.app.screen
        assert screen.playbook.lang == "fr"
        drift = screen.query_one("#pb-drift", Static)
        await wait_for(pilot, lambda: drift.has_class("-shown"), what="the drift banner")
        banner = str(drift.render())
        assert "out of date" in banner and "check-bitrate" in banner
        assert "Check the stream bitrate and the encoder" in banner
        states = str(screen.query_one("#pb-translations", Static).render())
        assert "Français: 1 step out of date" in states
        # nothing is refused: the run can start
        assert screen.check_action("start_run", ()) is not False


async def test_the_source_page_lists_the_states_without_a_banner(
    make_app: AppFactory, tmp_path: Path
) -> None:
    root = lag_library(tmp_path / "lag")
    app = make_app(root=root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search(pilot, "viewers lag bitrate")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PlaybookScreen))
        screen = pilot.app.screen
        assert screen.playbook.lang == "en"
        states = screen.query_one("#pb-translations", Static)
        await wait_for(pilot, lambda: "Translations" in str(states.render()), what="the states")
        assert "English: source · Français: 1 step out of date" in str(states.render())
        assert not screen.query_one("#pb-drift", Static).has_class("-shown")
