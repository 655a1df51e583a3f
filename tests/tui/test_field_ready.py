"""Issue 12, the TUI items: what a new intern hit in a full day of use.

Each test fails without its fix: crisis memory items cut at 80x24, the flag
dialog ignoring number keys, fast typing landing in the wrong field, Back
offered where the engine refuses it, and so on.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Button, Input, OptionList, Static

from livecheck.search.engine import WhooshSearch
from livecheck.tui.screens.dialogs import ConfirmScreen, PauseReviewScreen, TextPromptScreen
from livecheck.tui.screens.feedback import REASONS, FeedbackScreen
from livecheck.tui.screens.help import HelpScreen
from livecheck.tui.screens.search import SearchScreen
from livecheck.tui.screens.summary import SummaryScreen
from livecheck.tui.screens.variables import VariablesScreen
from livecheck.tui.screens.walkthrough import WalkthroughScreen
from livecheck.tui.widgets.fields import clean_paste

from .conftest import AppFactory, ready, wait_for
from .test_flows import on_screen, open_first, screen_text, start_walk, static_text, type_text

REPO = Path(__file__).resolve().parents[2]
SELF_HARM = REPO / "playbooks" / "trust-safety" / "self-harm-threat-on-live.en.yaml"
SMALL = (80, 24)


@pytest.fixture
def crisis_library(tmp_path: Path) -> Path:
    root = tmp_path / "crisis"
    (root / "trust-safety").mkdir(parents=True)
    shutil.copy(SELF_HARM, root / "trust-safety" / SELF_HARM.name)
    return root


def memory_items() -> list[str]:
    from livecheck.playbook.loader import load_playbook_file

    playbook = load_playbook_file(SELF_HARM).playbook
    assert playbook is not None
    return [" ".join(item.split()) for item in playbook.memory]


def assert_memory_visible(text: str) -> None:
    """Every memory item, word for word, on screen (lines joined, border and marks removed)."""
    rows = [row.strip(" │╭╮╰╯▊▎█") for row in text.splitlines()]
    flat = " ".join(" ".join(rows).split())
    for item in memory_items():
        assert item in flat, f"not fully on screen: {item!r}\n{text}"


async def test_crisis_memory_is_whole_at_80x24_on_the_playbook_and_run_screens(
    make_app: AppFactory, crisis_library: Path
) -> None:
    app = make_app(root=crisis_library)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await open_first(pilot, "self harm")
        assert_memory_visible(screen_text(app))
        await pilot.press("r")
        await on_screen(pilot, VariablesScreen)
        for value in ("CASE-80", "@nuit", "room1", "Lyon"):
            await type_text(pilot, value)
            await pilot.press("enter")
        await on_screen(pilot, WalkthroughScreen)
        assert_memory_visible(screen_text(app))
        # and the footer keeps what a run cannot do without
        footer = screen_text(app).splitlines()[-1]
        for key in ("Done", "Leave", "Help"):
            assert key in footer, footer


async def test_the_case_reference_and_variables_show_on_the_run_screen(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        walk = await start_walk(pilot, "gift payout", "CASE-7", "@lea.live", "room-9")
        case = static_text(walk.query_one("#walk-case", Static))
        assert "CASE-7" in case
        assert "creator_handle @lea.live" in case
        assert "room_id room-9" in case


async def test_number_keys_choose_the_flag_reason(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        walk = await start_walk(pilot, "audio check", "CASE-1", "@mic")
        await pilot.press("d", "d", "d")
        await on_screen(pilot, SummaryScreen)
        await pilot.press("f")
        dialog = await on_screen(pilot, FeedbackScreen)
        await pilot.press("4")
        assert dialog.query_one("#feedback-reasons", OptionList).highlighted == 3
        await pilot.press("tab")
        await type_text(pilot, "step 2 is gone")
        await pilot.press("enter")
        await on_screen(pilot, SummaryScreen)
        rows = app.workspace.journal.connection.execute(
            "SELECT reason, comment FROM feedback WHERE run_id = ?", (walk.run.id,)
        ).fetchall()
        assert [tuple(r) for r in rows] == [(REASONS[3], "step 2 is gone")]


async def test_no_back_offered_after_a_confirmed_irreversible_step(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        walk = await start_walk(pilot, "gift payout", "CASE-7", "@lea.live", "")
        await pilot.press("d", "d")
        await wait_for(pilot, lambda: walk.run.state.current == "payout-state")
        await pilot.press("2")  # -> freeze-wallet: irreversible, then a pause point
        await wait_for(pilot, lambda: walk.run.state.current == "freeze-wallet")
        await pilot.press("d")
        confirm = await on_screen(pilot, ConfirmScreen)
        confirm.query_one("#confirm", Button).press()
        review = await on_screen(pilot, PauseReviewScreen)
        assert not review.query("#back")
        text = screen_text(app)
        assert "Back undoes" not in text
        assert "cannot be undone" in text
        await pilot.press("escape")
        await on_screen(pilot, WalkthroughScreen)
        assert "to undo the last step" not in static_text(walk.query_one("#step-hint", Static))


async def test_the_sla_turns_amber_in_its_last_fifth(
    make_app: AppFactory, crisis_library: Path, monkeypatch: Any
) -> None:
    app = make_app(root=crisis_library)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        walk = await start_walk(pilot, "self harm", "CASE-80", "@nuit", "room1", "Lyon")
        sla = walk.query_one("#walk-sla", Static)
        assert sla.has_class("-ok")
        started = walk.run.state.started_at
        clock = {"now": started + dt.timedelta(minutes=8, seconds=30)}  # 10-minute SLA
        monkeypatch.setattr(walk.walkthrough, "clock", lambda: clock["now"])
        walk._update_sla()
        assert sla.has_class("-near") and not sla.has_class("-ok")
        assert "1 min 30 s left" in static_text(sla) or "left" in static_text(sla)
        clock["now"] = started + dt.timedelta(minutes=10, seconds=5)
        walk._update_sla()
        assert sla.has_class("-breached")


async def test_f1_opens_help_from_the_search_box_and_its_footer_says_so(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "f1 Help" in footer, footer
        assert "^s Stats" in footer, footer
        await pilot.press("f1")
        await on_screen(pilot, HelpScreen)
        await pilot.press("f1")
        await on_screen(pilot, SearchScreen)


async def test_the_missing_fields_message_follows_what_is_filled(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await open_first(pilot, "gift payout")
        await pilot.press("r")
        dialog = await on_screen(pilot, VariablesScreen)
        dialog.query_one("#start", Button).press()
        await pilot.pause()
        error = dialog.query_one("#variables-error", Static)
        assert error.display and "Creator handle" in static_text(error)
        await type_text(pilot, "@lea")  # the focus went to the empty required field
        await pilot.pause()
        assert not error.display


async def test_keys_typed_in_one_burst_land_in_their_fields(make_app: AppFactory) -> None:
    """tmux send-keys 'CASE-80' Tab '@x' Tab 'room1': every key arrives at once."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await open_first(pilot, "gift payout")
        await pilot.press("r")
        await on_screen(pilot, VariablesScreen)
        burst = [*"CASE-80", "tab", "@", "x", "enter", *"room1", "enter"]
        for key in burst:
            char = key if len(key) == 1 else None
            name = {"@": "at", "-": "minus"}.get(key, key)
            app.post_message(events.Key(name, char))
        walk = await on_screen(pilot, WalkthroughScreen)
        assert walk.run.record.case_ref == "CASE-80"
        assert dict(walk.run.state.variables) == {"creator_handle": "@x", "room_id": "room1"}


async def test_a_paste_with_escape_sequences_keeps_only_the_text(make_app: AppFactory) -> None:
    assert clean_paste("AB \x1b[31mCD\x1b[0m") == "AB CD"
    assert clean_paste("a\u0007b\nsecond line") == "ab"
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        box = app.screen.query_one("#query", Input)
        box.focus()
        await pilot.pause()
        app.post_message(events.Paste("AB \x1b[31mCD"))
        await wait_for(pilot, lambda: box.value != "")
        assert box.value == "AB CD"


def test_index_refreshes_never_overlap(tmp_path: Path, library: Path) -> None:
    """The app checks the library every 2 s; a slow first build must not run twice at once."""
    engine = WhooshSearch(tmp_path / "index", [library])
    inside, most = 0, 0
    real = engine.store.refresh
    guard = threading.Lock()

    def slow_refresh(*args: Any, **kwargs: Any) -> Any:
        nonlocal inside, most
        with guard:
            inside += 1
            most = max(most, inside)
        time.sleep(0.2)
        try:
            return real(*args, **kwargs)
        finally:
            with guard:
                inside -= 1

    engine.store.refresh = slow_refresh  # type: ignore[method-assign]
    threads = [threading.Thread(target=engine.refresh) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most == 1
    assert engine.search("gift payout").hits


async def test_the_app_skips_a_refresh_while_one_runs(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app._refreshing.acquire()
        try:
            assert app.refresh_library() is None
        finally:
            app._refreshing.release()
        worker = app.refresh_library()
        assert worker is not None
        await worker.wait()


async def test_the_figures_fit_80x24_and_wide_tables_scroll_sideways(make_app: AppFactory) -> None:
    from textual.widgets import DataTable

    from livecheck.tui.screens.stats import StatsScreen

    app = make_app()
    for path in sorted((Path(app.workspace.settings.playbook_roots[0])).rglob("*.yaml")):
        playbook = app.workspace.playbook_at(path)
        values = {v.name: "x" for v in playbook.variables}
        app.workspace.runs.start(path, variables=values, case_ref="C-1")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+s")
        stats = await on_screen(pilot, StatsScreen)
        await pilot.press("0")  # all time: the runs were started today, the app's day is fixed
        await wait_for(pilot, lambda: stats.report is not None and stats.query(DataTable))
        await pilot.pause()
        text = screen_text(app)
        assert "reload" in text  # the scope line wraps instead of being cut
        bars = static_text(stats.query_one("#stats-bars", Static)).splitlines()
        assert len(bars) == len(stats.report.playbooks) + 1  # one line per bar, and the legend
        width = stats.query_one("#stats-bars", Static).content_region.width
        assert all(len(bar) <= width for bar in bars)
        table = stats.query(DataTable).first()
        assert table.region.right <= 80
        assert table.max_scroll_x > 0  # wider than the screen: it scrolls sideways


async def test_the_palette_keeps_only_entries_that_work(make_app: AppFactory) -> None:
    from textual.command import CommandList, CommandPalette

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        names = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" not in names and "Keys" in names
        await pilot.press("ctrl+p")
        palette = await on_screen(pilot, CommandPalette)
        commands = palette.query_one(CommandList)
        await type_text(pilot, "keys")

        def keys_index() -> int | None:
            for i in range(commands.option_count):
                if str(commands.get_option_at_index(i).prompt).startswith("Keys"):
                    return i
            return None

        await wait_for(pilot, lambda: keys_index() is not None, what="Keys")
        commands.highlighted = keys_index()
        await pilot.press("enter")
        await on_screen(pilot, HelpScreen)  # ours, which Esc closes
        await pilot.press("escape")
        await on_screen(pilot, SearchScreen)


async def test_help_shows_descriptions_not_action_names(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        help_screen = await on_screen(pilot, HelpScreen)
        joined = "\n".join(static_text(s) for s in help_screen.query(Static))
        assert "move(" not in joined and "pick(" not in joined and "focus_next" not in joined
        assert "Previous button" in joined


async def test_skipped_playbook_files_are_counted_and_listed(
    make_app: AppFactory, library: Path
) -> None:
    from livecheck.tui.screens.problems import LibraryProblemsScreen

    bad = library / "operational" / "broken.en.yaml"
    bad.write_text("id: broken\nlang: en\ntitle: [unclosed\n", encoding="utf-8")
    app = make_app()
    errors = app.workspace.library_errors()
    assert errors and all(p.path == bad for p in errors)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        banner = static_text(app.screen.query_one("#library-errors", Static))
        assert "1 playbook file has errors and was skipped" in banner
        await pilot.press("ctrl+l")
        dialog = await on_screen(pilot, LibraryProblemsScreen)
        listed = dialog.query_one("#problems-text", Static)
        await wait_for(pilot, lambda: "broken.en.yaml:" in static_text(listed))
        assert f"{bad}:{errors[0].line}:{errors[0].col}:" in static_text(listed)


async def test_unfinished_runs_show_the_step_title_and_a_moving_age_and_can_be_discarded(
    make_app: AppFactory, library: Path
) -> None:
    from livecheck.runs.events import EventKind
    from livecheck.tui.widgets.results import ResultList

    app = make_app()
    run = app.workspace.runs.start(
        library / "campaign" / "gift-payout-missing.en.yaml",
        variables={"creator_handle": "@a"},
        case_ref="CASE-9",
    )
    app.workspace.runs.act(run, lambda w: w.done())  # now at check-dashboard
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        results = app.screen.query_one(ResultList)
        await wait_for(pilot, lambda: results.highlighted_run() == run.id)
        prompt = str(results.get_option(f"run:{run.id}").prompt)
        assert "Check the gifts dashboard for the room" in prompt
        assert "check-dashboard" not in prompt
        # the age moves on without anything being typed
        before = str(results.get_option(f"run:{run.id}").prompt)
        await wait_for(
            pilot,
            lambda: str(results.get_option(f"run:{run.id}").prompt) != before,
            timeout=12,
            what="the age to move on",
        )
        # discard: asked first, then journalled as abandoned, never deleted
        results.focus()
        await pilot.pause()
        await pilot.press("delete")
        dialog = await on_screen(pilot, ConfirmScreen)
        dialog.query_one("#confirm", Button).press()
        await on_screen(pilot, SearchScreen)
        await wait_for(pilot, lambda: app.workspace.unfinished_runs() == [])
        events = app.workspace.journal.events(run.id)
        assert events[-1].kind is EventKind.ABANDONED
        record = app.workspace.journal.run(run.id)
        assert record is not None and record.status == "abandoned"


async def test_no_results_clears_the_preview(make_app: AppFactory) -> None:
    from livecheck.tui.widgets.preview import PlaybookPreview

    from .conftest import search

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await search(pilot, "gift payout")
        await wait_for(pilot, lambda: "Gift payout" in screen_text(app))
        await search(pilot, "zzqxw")
        await pilot.pause()
        preview = app.screen.query_one(PlaybookPreview)
        assert "Gift payout" not in static_text(preview.query_one("#preview-body", Static))


def test_a_yaml_block_message_becomes_paragraphs() -> None:
    from livecheck.tui.clipboard import as_paragraphs

    block = (
        "Hi @nuit, we saw your LIVE and we are worried about you.\n"
        "You are not alone.\n"
        "\n"
        "In France you can call 3114\n"
        "any time.\n"
        "- first item\n"
        "- second item\n"
    )
    assert as_paragraphs(block) == (
        "Hi @nuit, we saw your LIVE and we are worried about you. You are not alone.\n\n"
        "In France you can call 3114 any time.\n- first item\n- second item"
    )


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_tmux_with_set_clipboard_off_is_detected(tmp_path: Path) -> None:
    import subprocess

    from livecheck.tui.clipboard import clipboard_reach

    socket = str(tmp_path / "s")
    base = ["tmux", "-S", socket, "-f", "/dev/null"]
    subprocess.run([*base, "new-session", "-d", "-s", "ftui-clip"], check=True, timeout=10)
    try:
        subprocess.run([*base, "set", "-g", "set-clipboard", "off"], check=True, timeout=10)
        env = {"PATH": os.environ.get("PATH", ""), "TMUX": f"{socket},1,0"}
        reach = clipboard_reach(env)
        assert reach.works is False and "set-clipboard" in reach.note
        subprocess.run([*base, "set", "-g", "set-clipboard", "on"], check=True, timeout=10)
        assert clipboard_reach(env).works is None
    finally:
        subprocess.run([*base, "kill-server"], check=False, timeout=10)
    assert "OSC 52" in clipboard_reach({}).note


async def walk_to_the_message(pilot: Any) -> WalkthroughScreen:
    walk = await start_walk(pilot, "self harm", "CASE-80", "@nuit", "room1", "Lyon")
    await pilot.press("d")
    await wait_for(pilot, lambda: walk.run.state.current == "assess-risk")
    await pilot.press("2")
    await wait_for(pilot, lambda: walk.run.state.current == "send-resources")
    await pilot.pause()
    return walk


async def test_copy_joins_lines_and_its_toast_stays_off_the_choices(
    make_app: AppFactory, crisis_library: Path, monkeypatch: Any
) -> None:
    from textual.widgets._toast import Toast

    app = make_app(root=crisis_library)
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await ready(pilot)
        walk = await walk_to_the_message(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert len(copied) == 1
        assert "worried about you. You are not alone." in copied[0]
        assert "\n" not in copied[0]  # one paragraph, as the creator should read it
        status = static_text(walk.query_one("#step-copy-status", Static))
        assert "Copied" in status and "OSC 52" in status
        # The toast (a few seconds) sits over the checklist, never over the step pane,
        # where the next step's choices come up.
        await wait_for(pilot, lambda: app.screen.query(Toast), what="the toast")
        pane = walk.query_one("#walk-step").region
        for toast in app.screen.query(Toast):
            assert toast.region.height <= 2
            assert not toast.region.overlaps(pane)
        await pilot.press("d")  # the next step is a decision
        await wait_for(pilot, lambda: walk.run.state.current == "follow-up")
        await pilot.pause()
        assert walk.query_one("#walk-step").region == pane


async def test_when_the_terminal_cannot_copy_the_message_goes_to_a_private_file(
    make_app: AppFactory, crisis_library: Path, data_dir: Path, monkeypatch: Any
) -> None:
    from livecheck.tui.clipboard import ClipboardReach

    app = make_app(root=crisis_library)
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    monkeypatch.setattr(
        "livecheck.tui.screens.walkthrough.clipboard_reach",
        lambda: ClipboardReach(False, "tmux has set-clipboard off"),
    )
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        walk = await walk_to_the_message(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert copied == []
        assert "Not copied" in static_text(walk.query_one("#step-copy-status", Static))
        await pilot.press("w")
        await pilot.pause()
        saved = list((data_dir / "messages").glob("*.txt"))
        assert len(saved) == 1
        assert saved[0].stat().st_mode & 0o777 == 0o600
        assert (data_dir / "messages").stat().st_mode & 0o777 == 0o700
        assert "worried about you. You are not alone." in saved[0].read_text(encoding="utf-8")


async def test_a_run_purged_while_open_is_said_so_and_saved_as_a_new_run(
    make_app: AppFactory,
) -> None:
    from livecheck.runs.events import EventKind

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        walk = await start_walk(pilot, "gift payout", "CASE-7", "@lea.live", "")
        old_id = walk.run.id
        await pilot.press("d")
        await wait_for(pilot, lambda: walk.run.state.current == "check-dashboard")
        # `livecheck log purge` from another terminal
        app.workspace.journal.purge_older_than(
            dt.datetime.now(dt.UTC) + dt.timedelta(days=1), include_open=True
        )
        await pilot.press("n")
        await on_screen(pilot, TextPromptScreen)
        await type_text(pilot, "typed after the purge")
        await pilot.press("enter")
        offer = await on_screen(pilot, ConfirmScreen)
        text = screen_text(app)
        assert "purged" in text and "FOREIGN KEY" not in text
        offer.query_one("#confirm", Button).press()
        await on_screen(pilot, WalkthroughScreen)
        await wait_for(pilot, lambda: walk.run.id != old_id)
        assert not walk.run.unsaved
        assert not walk.query_one("#walk-unsaved", Static).display
        kinds = [e.kind for e in app.workspace.journal.events(walk.run.id)]
        assert kinds == [EventKind.STARTED, EventKind.DONE, EventKind.NOTE]
        assert app.workspace.journal.events(walk.run.id)[-1].get("text") == "typed after the purge"


async def test_the_confirmation_sits_under_the_memory_and_left_enter_confirms_at_once(
    make_app: AppFactory, crisis_library: Path
) -> None:
    from livecheck.runs.events import EventKind

    app = make_app(root=crisis_library)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        walk = await start_walk(pilot, "self harm", "CASE-80", "@nuit", "room1", "Lyon")
        await pilot.press("d")
        await wait_for(pilot, lambda: walk.run.state.current == "assess-risk")
        await pilot.press("1")
        await wait_for(pilot, lambda: walk.run.state.current == "page-oncall")
        await pilot.press("d")
        await wait_for(pilot, lambda: walk.run.state.current == "end-live-show-resources")
        await pilot.press("d")
        await on_screen(pilot, ConfirmScreen)
        text = screen_text(app)
        assert_memory_visible(text)  # the dialog does not cover the memory items
        assert "This cannot be undone: End the LIVE with the crisis resources screen" in text
        assert "You will not be able to go back" in text
        for key in ("left", "enter"):  # sent at once, as a fast typist does
            app.post_message(events.Key(key, None))
        await on_screen(pilot, WalkthroughScreen)
        await wait_for(pilot, lambda: walk.run.state.current != "end-live-show-resources")
        done = app.workspace.journal.events(walk.run.id)[-1]
        assert done.kind is EventKind.DONE and done.get("confirmed")


async def test_the_first_build_shows_progress_and_title_search_works_meanwhile(
    make_app: AppFactory, monkeypatch: Any
) -> None:
    from livecheck.tui.widgets.results import ResultList

    app = make_app()
    engine = app.workspace.engine
    real = engine.refresh
    release = threading.Event()

    def slow_first_build(**kwargs: Any) -> Any:
        if not release.is_set():
            for path in sorted(Path(engine.roots[0]).rglob("*.yaml")):
                playbook = app.workspace.playbook_at(path)
                kwargs["on_playbook"](playbook, str(path))
            kwargs["progress"](4, 30)
            release.wait(20)
        return real(**kwargs)

    monkeypatch.setattr(engine, "refresh", slow_first_build)
    async with app.run_test(size=(80, 24)) as pilot:
        status = app.screen.query_one("#status", Static)
        await wait_for(pilot, lambda: "4 of 30" in static_text(status), what="progress")
        assert "Building the search index" in static_text(status)
        assert "title works meanwhile" in static_text(status)
        await type_text(pilot, "gift")
        results = app.screen.query_one(ResultList)
        await wait_for(pilot, lambda: results.option_count > 0, what="title matches")
        assert "Titles only for now" in static_text(status)
        assert "Gift payout missing" in screen_text(app)
        release.set()
        await wait_for(pilot, lambda: app.index_ready, what="the index")


# -- issue 13: one way to do each thing ------------------------------------------------


def test_the_tui_is_typed_without_ignores_nor_reaching_into_the_app_by_name() -> None:
    tui = REPO / "src" / "livecheck" / "tui"
    for path in tui.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "type: ignore" not in text, path
        assert "getattr(self.app" not in text and "getattr(app" not in text, path
        assert "._keymap" not in text, path
    assert 'exclude = ["src/livecheck/tui/"]' not in (REPO / "pyproject.toml").read_text()


async def test_the_run_screen_checks_links_as_the_playbook_screen_does(
    make_app: AppFactory, monkeypatch: Any
) -> None:
    from textual.widgets import Markdown

    app = make_app()
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        walk = await start_walk(pilot, "gift payout", "CASE-7", "@lea.live", "")
        detail = walk.query_one("#step-detail", Markdown)
        for bad in ("https://", "https:///etc/passwd", "https://evil.example/a b"):
            detail.post_message(Markdown.LinkClicked(detail, bad))
            await pilot.pause(0.1)
            assert isinstance(app.screen, WalkthroughScreen), bad  # refused, nothing asked
        assert opened == []


async def test_the_start_dialog_answers_with_a_run_request(make_app: AppFactory) -> None:
    from livecheck.tui.screens.variables import RunRequest

    app = make_app()
    answers: list[RunRequest | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        playbook = app.workspace.playbook_at(
            next(Path(app.workspace.settings.playbook_roots[0]).rglob("quick-audio-check*"))
        )
        app.push_screen(VariablesScreen(playbook), callback=answers.append)
        await on_screen(pilot, VariablesScreen)
        await type_text(pilot, "CASE-5")
        await pilot.press("enter")
        await type_text(pilot, "@mic")
        await pilot.press("enter")
        await wait_for(pilot, lambda: answers)
    assert answers == [RunRequest("CASE-5", {"creator_handle": "@mic"})]
