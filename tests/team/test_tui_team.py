"""The app on a team journal: h hands the run over, another person's home list shows it
and Enter takes it over with its whole history; the header says when the server is away."""

from __future__ import annotations

from pathlib import Path

from livecheck.services.runs import RunService
from livecheck.services.settings import resolve_settings
from livecheck.services.workspace import Workspace
from livecheck.tui.app import LivecheckApp
from livecheck.tui.screens.walkthrough import WalkthroughScreen
from livecheck.tui.widgets.results import ResultList
from tests.pg_server import PgServer, free_port
from tests.team.helpers import server_rows, write_playbook
from tests.tui.conftest import TODAY, wait_for

SIZE = (100, 30)


def option_ids(results: ResultList) -> list[str]:
    return [results.get_option_at_index(i).id or "" for i in range(results.option_count)]


def app_for(tmp_path: Path, name: str, library: Path, url: str) -> LivecheckApp:
    config = tmp_path / f"{name}.toml"
    config.write_text(f'operator = "{name}"\n', encoding="utf-8")
    settings = resolve_settings(
        playbooks=[str(library)],
        data_dir=str(tmp_path / name),
        config=str(config),
        journal=url,
    )
    return LivecheckApp(Workspace(settings, today=TODAY))


async def test_hand_over_with_h_and_take_from_the_home_list(tmp_path: Path, team_url: str) -> None:
    library = tmp_path / "library"
    path = write_playbook(library)
    lea = app_for(tmp_path, "lea", library, team_url)
    async with lea.run_test(size=SIZE) as pilot:
        run = lea.workspace.runs.start(path, variables={}, case_ref="T-7")
        lea.workspace.runs.act(run, lambda w: w.done())
        lea.push_screen(WalkthroughScreen(run))
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        await pilot.press(*"creator asleep, call back at 9", "enter")
        await wait_for(pilot, lambda: not isinstance(lea.screen, WalkthroughScreen), what="back")
    assert server_rows(team_url, "SELECT holder, handoff_note FROM runs") == [
        (None, "creator asleep, call back at 9")
    ]
    bo = app_for(tmp_path, "bo", library, team_url)
    async with bo.run_test(size=SIZE) as pilot:
        results = bo.screen.query_one(ResultList)
        await wait_for(pilot, lambda: f"take:{run.id}" in option_ids(results), what="team run")
        results.focus()
        results.highlighted = option_ids(results).index(f"take:{run.id}")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(bo.screen, WalkthroughScreen), what="taken")
        taken = bo.screen.run  # type: ignore[attr-defined]
        assert taken.state.current == "second"  # the exact step
        assert [e.kind.value for e in taken.walkthrough.events][-1] == "note"
    assert server_rows(team_url, "SELECT holder FROM runs") == [("bo",)]


async def test_the_header_says_the_server_is_away(tmp_path: Path, pg_server: PgServer) -> None:
    library = tmp_path / "library"
    path = write_playbook(library)
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/nothing"
    app = app_for(tmp_path, "lea", library, url)
    async with app.run_test(size=SIZE) as pilot:
        RunService(app.workspace.journal, "lea").start(path, variables={})
        await wait_for(pilot, lambda: "offline" in app.sub_title, what="the offline line")
        assert app.sub_title == "team journal offline — 1 action waiting"


async def test_h_hands_the_run_to_one_named_person(tmp_path: Path, team_url: str) -> None:
    from livecheck.tui.screens.handoff import HandoffScreen

    library = tmp_path / "library"
    path = write_playbook(library)
    lea = app_for(tmp_path, "lea", library, team_url)
    async with lea.run_test(size=(80, 24)) as pilot:
        run = lea.workspace.runs.start(path, variables={}, case_ref="T-8")
        lea.push_screen(WalkthroughScreen(run))
        await pilot.pause()
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(lea.screen, HandoffScreen), what="the dialog")
        await pilot.press("enter")  # no note yet: refused, the dialog stays
        await pilot.pause()
        assert isinstance(lea.screen, HandoffScreen)
        await pilot.press(*"payout pending", "tab", *"bo", "enter")
        await wait_for(pilot, lambda: not isinstance(lea.screen, WalkthroughScreen), what="back")
        assert any("handed over to bo" in str(n.message) for n in lea._notifications)
    assert server_rows(team_url, "SELECT holder, handed_to, handoff_note FROM runs") == [
        (None, "bo", "payout pending")
    ]
    cy = app_for(tmp_path, "cy", library, team_url)
    async with cy.run_test(size=SIZE):
        assert [r.record.id for r in cy.workspace.team_runs()] == []  # only for bo
    bo = app_for(tmp_path, "bo", library, team_url)
    async with bo.run_test(size=SIZE):
        assert [r.record.id for r in bo.workspace.team_runs()] == [run.id]
