"""The TUI driven with Textual's Pilot: search, read, start, walk, end, resume.

Each action taken on the walkthrough screen is checked in the journal as soon
as the screen shows it: the screen is only ever a view of what was committed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.command import CommandList, CommandPalette
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from livecheck.runs.events import EventKind
from livecheck.tui.app import LivecheckApp
from livecheck.tui.screens.dialogs import ConfirmScreen, PauseReviewScreen, TextPromptScreen
from livecheck.tui.screens.help import HelpScreen
from livecheck.tui.screens.playbook import PlaybookScreen
from livecheck.tui.screens.search import SearchScreen
from livecheck.tui.screens.summary import SummaryScreen
from livecheck.tui.screens.variables import VariablesScreen
from livecheck.tui.screens.walkthrough import WalkthroughScreen
from livecheck.tui.widgets.preview import PlaybookPreview
from livecheck.tui.widgets.results import ResultList

from .conftest import LAG, SIZE, AppFactory, ready, search, wait_for

# -- helpers ---------------------------------------------------------------------


def screen_text(app: LivecheckApp) -> str:
    """What the terminal shows now, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def option_ids(results: ResultList) -> list[str]:
    return [results.get_option_at_index(i).id or "" for i in range(results.option_count)]


def first_prompt(results: ResultList) -> str:
    options = results.options
    return str(options[0].prompt) if options else ""


def static_text(widget: Static) -> str:
    return str(widget.render())


def kinds(app: LivecheckApp, run_id: str) -> list[EventKind]:
    return [event.kind for event in app.workspace.journal.events(run_id)]


async def on_screen(pilot: Pilot[Any], cls: type, timeout: float = 5.0) -> Any:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, cls), timeout, cls.__name__)
    await pilot.pause()
    return pilot.app.screen


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))


async def leave_run(pilot: Pilot[Any]) -> None:
    """Escape out of a run, then back to the search screen."""
    await pilot.press("escape")
    await wait_for(pilot, lambda: not isinstance(pilot.app.screen, WalkthroughScreen))
    await pilot.pause()
    if isinstance(pilot.app.screen, PlaybookScreen):  # where escape lands today (see below)
        await pilot.press("escape")
    await on_screen(pilot, SearchScreen)


async def open_first(pilot: Pilot[Any], query: str) -> PlaybookScreen:
    await search(pilot, query)
    await pilot.press("enter")
    return await on_screen(pilot, PlaybookScreen)  # type: ignore[no-any-return]


async def start_walk(pilot: Pilot[Any], query: str, *fields: str) -> WalkthroughScreen:
    """Search, open the first result, `r`, fill the case ref then each variable in order."""
    await open_first(pilot, query)
    await pilot.press("r")
    dialog = await on_screen(pilot, VariablesScreen)
    for value in fields:
        await type_text(pilot, value)
        await pilot.press("enter")
    if len(fields) < 1 + len(dialog.playbook.variables):
        await pilot.click("#start")
    return await on_screen(pilot, WalkthroughScreen)  # type: ignore[no-any-return]


# -- search and the playbook screen -------------------------------------------------


async def test_search_lists_the_best_match_first_and_previews_it(
    make_app: AppFactory, library: Path
) -> None:
    posted: list[Message] = []
    app = make_app()
    gift = str(library / "campaign/gift-payout-missing.en.yaml")
    async with app.run_test(size=SIZE, message_hook=posted.append) as pilot:
        await ready(pilot)
        await search(pilot, "gift payout", keys=True)
        results = app.screen.query_one(ResultList)
        assert option_ids(results)[0] == f"pb:{gift}"
        assert results.highlighted == 0
        await wait_for(
            pilot,
            lambda: (
                "Freeze the creator's wallet"
                in static_text(app.screen.query_one("#preview-body", Static))
            ),
            what="the preview",
        )
        preview = static_text(app.screen.query_one(PlaybookPreview).query_one(Static))
        assert preview.startswith("Gift payout missing after a LIVE")
        assert "Never promise a payout date." in preview
        assert any(isinstance(m, ResultList.PlaybookHighlighted) and m.path == gift for m in posted)

        # another query, another first result
        await pilot.press("escape")
        await search(pilot, "viewers lag")
        assert option_ids(results)[0].endswith("stream-lag.en.yaml")

        await pilot.press("escape")
        await search(pilot, "gift payout")
        await pilot.press("enter")
        screen = await on_screen(pilot, PlaybookScreen)
        assert screen.playbook.id == "gift-payout-missing"
        # one message (seen at each level it bubbles through), for the first result
        chosen = {id(m): m for m in posted if isinstance(m, ResultList.PlaybookChosen)}
        assert [m.path for m in chosen.values()] == [gift]
        assert "Gift payout missing after a LIVE" in screen_text(app)
        assert "CANNOT BE UNDONE" in static_text(screen.query_one("#step-5 .pb-step-title", Static))

        # escape goes back to the search, with the query kept
        await pilot.press("escape")
        await on_screen(pilot, SearchScreen)
        assert app.screen.query_one("#query", Input).value == "gift payout"


async def test_nothing_found_says_so(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search(pilot, "zzzqqq")
        assert app.screen.query_one(ResultList).option_count == 0
        assert "No playbook matches" in static_text(app.screen.query_one("#status", Static))


async def test_a_required_variable_left_empty_refuses_to_start(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_first(pilot, "gift payout")
        await pilot.press("r")
        dialog = await on_screen(pilot, VariablesScreen)
        await type_text(pilot, "CASE-42")
        await pilot.press("enter", "enter", "enter")  # creator handle (required) left empty
        await pilot.pause()
        assert app.screen is dialog
        error = dialog.query_one("#variables-error", Static)
        assert error.display
        assert "Creator handle" in static_text(error)
        assert app.focused is dialog.query_one("#var-creator_handle", Input)
        assert app.workspace.unfinished_runs() == []
        await pilot.click("#start")  # the button refuses too
        await pilot.pause()
        assert app.screen is dialog

        await type_text(pilot, "@lea.live")
        await pilot.press("enter", "enter")
        walk = await on_screen(pilot, WalkthroughScreen)
        record = app.workspace.journal.run(walk.run.id)
        assert record is not None
        assert record.case_ref == "CASE-42"
        assert record.playbook_id == "gift-payout-missing"
        started = app.workspace.journal.events(walk.run.id)
        assert [e.kind for e in started] == [EventKind.STARTED]
        assert dict(started[0].get("variables")) == {"creator_handle": "@lea.live"}


async def test_cancelling_the_variables_starts_nothing(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_first(pilot, "gift payout")
        await pilot.press("r")
        await on_screen(pilot, VariablesScreen)
        await pilot.press("escape")
        await on_screen(pilot, PlaybookScreen)
        assert app.workspace.unfinished_runs() == []


# -- the walkthrough, every kind of action ------------------------------------------


async def test_walk_every_kind_of_step_to_the_summary(
    make_app: AppFactory, monkeypatch: Any
) -> None:
    app = make_app()
    copied: list[str] = []
    opened: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        walk = await start_walk(pilot, "gift payout", "CASE-7", "@lea.live", "")
        run_id = walk.run.id
        assert kinds(app, run_id) == [EventKind.STARTED]
        text = screen_text(app)
        assert "Never promise a payout date." in text  # memory kept in view
        assert "Step 1 of 6" in text
        assert "Open the payout ticket" in static_text(walk.query_one("#step-title", Static))

        # done
        await pilot.press("d")
        await pilot.pause()
        assert walk.run.state.current == "check-dashboard"
        assert kinds(app, run_id)[-1] is EventKind.DONE
        assert "Step 2 of 6" in screen_text(app)

        # skip, with a reason typed into the dialog
        await pilot.press("s")
        prompt = await on_screen(pilot, TextPromptScreen)
        await pilot.press("enter")  # an empty reason is refused
        await pilot.pause()
        assert app.screen is prompt
        assert prompt.query_one("#prompt-error", Static).display
        await type_text(pilot, "no access")
        await pilot.press("enter")
        await on_screen(pilot, WalkthroughScreen)
        assert walk.run.state.current == "payout-state"
        skipped = app.workspace.journal.events(run_id)[-1]
        assert skipped.kind is EventKind.SKIPPED
        assert skipped.get("reason") == "no access"
        assert "skipped: no access" in screen_text(app)

        # a decision: `d` does not decide, the number key does
        await pilot.press("d")
        await pilot.pause()
        assert walk.run.state.current == "payout-state"
        assert kinds(app, run_id)[-1] is EventKind.SKIPPED
        await pilot.press("1")
        await pilot.pause()
        chosen = app.workspace.journal.events(run_id)[-1]
        assert chosen.kind is EventKind.CHOSEN
        assert chosen.get("label") == "Payout delayed"
        assert walk.run.state.current == "send-update"

        # the template, filled in, with the empty optional variable flagged; copy it
        template = static_text(walk.query_one("#step-template", Static))
        assert "Hi @lea.live, your gift payout for room [room id: not given]" in template
        assert walk.query_one("#step-template-warning", Static).display
        await pilot.press("c")
        await pilot.pause()
        assert copied == [
            "Hi @lea.live, your gift payout for room [room id: not given] is on its way."
        ]

        # a note
        await pilot.press("n")
        await on_screen(pilot, TextPromptScreen)
        await type_text(pilot, "upset")
        await pilot.press("enter")
        await on_screen(pilot, WalkthroughScreen)
        note = app.workspace.journal.events(run_id)[-1]
        assert note.kind is EventKind.NOTE
        assert (note.get("text"), note.step_id) == ("upset", "send-update")
        assert "upset" in static_text(walk.query_one("#step-notes", Static))

        # back undoes the choice; decide again
        await pilot.press("b")
        await pilot.pause()
        assert kinds(app, run_id)[-1] is EventKind.BACK
        assert walk.run.state.current == "payout-state"
        await pilot.press("1")
        await pilot.pause()
        assert walk.run.state.current == "send-update"
        await pilot.press("d")
        await pilot.pause()
        assert walk.run.state.current == "freeze-wallet"
        assert kinds(app, run_id)[-1] is EventKind.DONE

        # an irreversible step: Cancel keeps it open, Confirm marks it done
        await pilot.press("d")
        dialog = await on_screen(pilot, ConfirmScreen)
        assert app.focused is dialog.query_one("#cancel", Button)  # Enter alone never confirms
        await pilot.press("enter")
        await on_screen(pilot, WalkthroughScreen)
        assert walk.run.state.current == "freeze-wallet"
        assert kinds(app, run_id)[-1] is EventKind.DONE  # still the send-update one
        assert len(app.workspace.journal.events(run_id)) == 8

        await pilot.press("d")
        await on_screen(pilot, ConfirmScreen)
        await pilot.press("left", "enter")
        # the step is a pause point: the review opens by itself
        review = await on_screen(pilot, PauseReviewScreen)
        confirmed = app.workspace.journal.events(run_id)[-1]
        assert confirmed.kind is EventKind.DONE
        assert confirmed.step_id == "freeze-wallet"
        assert confirmed.get("confirmed") is True
        review_text = screen_text(app)
        assert "Freeze the creator's wallet" in review_text
        assert "skipped: no access" in review_text
        assert app.focused is review.query_one("#continue", Button)
        await pilot.press("enter")
        await on_screen(pilot, WalkthroughScreen)
        assert kinds(app, run_id)[-1] is EventKind.PAUSE_ACKNOWLEDGED
        assert walk.run.state.current == "close-ticket"

        # a confirmed irreversible step cannot be undone
        await pilot.press("b")
        await pilot.pause()
        assert kinds(app, run_id)[-1] is EventKind.PAUSE_ACKNOWLEDGED
        assert walk.run.state.current == "close-ticket"

        # the last step ends the run with its outcome: the summary
        await pilot.press("d")
        summary = await on_screen(pilot, SummaryScreen)
        record = app.workspace.journal.run(run_id)
        assert record is not None
        assert (record.status, record.outcome) == ("ended", "resolved")
        assert record.ended_at is not None
        assert kinds(app, run_id)[-1] is EventKind.DONE
        head = static_text(summary.query_one("#summary-outcome", Static))
        assert "Run ended: resolved" in head
        assert run_id in head
        text = screen_text(app)
        assert "Handoff: Gift payout missing after a LIVE" in text

        await pilot.press("c")
        await pilot.pause()
        assert copied[-1] == summary.text
        assert "chose “Payout delayed”" in copied[-1]
        assert "upset" in copied[-1]  # the note
        assert "skipped: no access" in copied[-1]
        assert "done, confirmed (cannot be undone)" in copied[-1]
        assert opened == []

        # back to the search; the run is no longer offered for resuming
        await pilot.press("escape")
        await on_screen(pilot, SearchScreen)
        assert app.workspace.unfinished_runs() == []


async def test_the_decision_list_takes_enter_too(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        walk = await start_walk(pilot, "gift payout", "", "@x", "")
        await pilot.press("d", "d")
        await pilot.pause()
        assert walk.run.state.current == "payout-state"
        await pilot.press("down", "enter")  # the second choice
        await pilot.pause()
        event = app.workspace.journal.events(walk.run.id)[-1]
        assert event.get("label") == "Payout blocked for fraud review"
        assert walk.run.state.current == "freeze-wallet"


async def test_escalate_ends_the_run(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        walk = await start_walk(pilot, "viewers lag", "")
        await pilot.press("e")
        await on_screen(pilot, TextPromptScreen)
        await type_text(pilot, "to tier 2")
        await pilot.press("enter")
        await on_screen(pilot, SummaryScreen)
        record = app.workspace.journal.run(walk.run.id)
        assert record is not None
        assert record.outcome == "escalated"
        assert kinds(app, walk.run.id)[-1] is EventKind.ESCALATED


# -- leaving and resuming -------------------------------------------------------------


async def test_quit_mid_run_then_a_new_app_resumes_it(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        walk = await start_walk(pilot, "audio check", "CASE-9", "@mic")
        run_id = walk.run.id
        await pilot.press("d")
        await pilot.pause()
        assert walk.run.state.current == "level-check"
        await leave_run(pilot)
        assert any(n.title == "Run kept" for n in app._notifications)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code in (None, 0)  # no crash (a crash sets 1)
    assert app._exit_renderables == []

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        results = again.screen.query_one(ResultList)
        await wait_for(pilot, lambda: f"run:{run_id}" in option_ids(results), what="the run")
        assert option_ids(results)[results.highlighted or 0] == f"run:{run_id}"
        text = screen_text(again)
        assert "Unfinished runs" in text
        assert "Quick audio check before a LIVE" in text
        assert "CASE-9" in text
        await pilot.press("down", "enter")
        walk = await on_screen(pilot, WalkthroughScreen)
        assert walk.run.id == run_id
        assert walk.run.state.current == "level-check"
        assert "Step 2 of 3" in screen_text(again)
        assert "Watch the audio level meter" in static_text(walk.query_one("#step-title", Static))
        await pilot.press("d")
        await pilot.pause()
        assert kinds(again, run_id) == [EventKind.STARTED, EventKind.DONE, EventKind.DONE]


async def test_escape_from_a_run_goes_back_to_the_search(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await start_walk(pilot, "audio check", "", "@mic")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, WalkthroughScreen))
        await pilot.pause(0.1)
        assert isinstance(app.screen, SearchScreen), type(app.screen).__name__


async def test_ctrl_q_in_the_middle_of_a_step_keeps_the_run(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        walk = await start_walk(pilot, "audio check", "", "@mic")
        run_id = walk.run.id
        await pilot.press("d", "ctrl+q")
        await pilot.pause()
    assert not app.is_running

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+r")  # resume the latest unfinished run
        walk = await on_screen(pilot, WalkthroughScreen)
        assert walk.run.id == run_id
        assert walk.run.state.current == "level-check"


async def test_a_recently_used_critical_playbook_does_not_crash_the_home_screen(
    make_app: AppFactory, library: Path
) -> None:
    first = make_app()
    first.workspace.runs.start(library / "trust-safety/account-taken-over.en.yaml", variables={})
    first.workspace.journal.close()

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        results = app.screen.query_one(ResultList)
        await wait_for(pilot, lambda: any(i.startswith("run:") for i in option_ids(results)))
        await pilot.pause(0.2)
        text = screen_text(app)
        assert "Recently used" in text
        # a critical playbook already listed under "Recently used" is not listed again
        paths = [i for i in option_ids(results) if i.startswith("pb:")]
        assert len(paths) == len(set(paths))
        assert app.is_running
    assert app.return_code in (None, 0)  # no crash (a crash sets 1)


async def test_a_changed_file_refreshes_results_but_not_a_run_in_progress(
    make_app: AppFactory, library: Path
) -> None:
    app = make_app()
    path = library / "operational/stream-lag.en.yaml"
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        walk = await start_walk(pilot, "viewers lag", "")
        run_id = walk.run.id
        assert walk.run.playbook.title == "Viewers report lag during a LIVE"

        new_text = (
            LAG.replace("Viewers report lag during a LIVE", "Viewers report stutter and lag")
            .replace("Check the stream bitrate", "Check the encoder settings")
            .replace("steps:\n", "steps:\n  - id: ask\n    title: Ask which device they watch on\n")
        )
        path.write_text(new_text, encoding="utf-8")

        # the library recheck (every 2 s) picks it up without anyone asking
        search_screen = next(s for s in app.screen_stack if isinstance(s, SearchScreen))
        results = search_screen.query_one(ResultList)

        await wait_for(
            pilot, lambda: "Viewers report stutter and lag" in first_prompt(results), 8, "new title"
        )

        # the run keeps the version it began with
        assert app.screen is walk
        assert walk.run.playbook.title == "Viewers report lag during a LIVE"
        assert "Viewers report lag during a LIVE" in screen_text(app)
        assert "Check the stream bitrate" in static_text(walk.query_one("#step-title", Static))
        await pilot.press("d")
        await pilot.pause()
        assert app.workspace.journal.events(run_id)[-1].step_id == "check-bitrate"
        assert walk.run.state.current == "advise"

        # back on the search screen, the new title is what is listed
        await leave_run(pilot)
        assert "Viewers report stutter and lag" in screen_text(app)

        # resuming it later: still the old version, and the user is told the file changed
        await pilot.press("ctrl+r")
        walk = await on_screen(pilot, WalkthroughScreen)
        assert walk.run.id == run_id
        assert walk.run.playbook_changed
        assert walk.run.playbook.title == "Viewers report lag during a LIVE"
        assert walk.run.state.current == "advise"
        assert any(n.title == "Playbook changed" for n in app._notifications)


async def test_refresh_library_on_demand(make_app: AppFactory, library: Path) -> None:
    app = make_app()
    path = library / "trust-safety/account-taken-over.en.yaml"
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await search(pilot, "account taken over")
        results = app.screen.query_one(ResultList)
        assert "A creator's account was taken over" in first_prompt(results)
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "title: A creator's account was taken over",
                "title: A hijacked account, someone took it over",
            ),
            encoding="utf-8",
        )
        worker = app.refresh_library()
        await worker.wait()
        await wait_for(
            pilot,
            lambda: "A hijacked account" in first_prompt(results),
            5,
            "the refreshed results",
        )


# -- help, the command palette, the keymap -----------------------------------------


async def test_help_lists_the_keys(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_first(pilot, "gift payout")
        await pilot.press("question_mark")
        help_screen = await on_screen(pilot, HelpScreen)
        texts = [static_text(s) for s in help_screen.query(Static)]
        joined = "\n".join(texts)
        assert "Playbook (this screen)" in joined
        for expected in ("^q", "Quit", "walk.done", "Start run", "playbook.run", "Skip"):
            assert expected in joined, expected
        # the walkthrough's keys are listed with their key
        keys = [
            (texts[i], texts[i + 1])
            for i in range(len(texts) - 1)
            if texts[i + 1] in ("Done", "Skip", "Note")
        ]
        assert ("d", "Done") in keys
        assert ("s", "Skip") in keys
        await pilot.press("question_mark")  # ? closes it again
        await on_screen(pilot, PlaybookScreen)


async def test_question_mark_types_into_the_search_box(make_app: AppFactory) -> None:
    """On the search screen the box has the focus: `?` is text there (help is not in its footer)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#query", Input).value == "?"
        assert "? Help" not in screen_text(app)


async def test_the_palette_offers_to_resume_an_unfinished_run(
    make_app: AppFactory, library: Path
) -> None:
    first = make_app()
    run = first.workspace.runs.start(
        library / "onboarding/quick-audio-check.en.yaml",
        variables={"creator_handle": "@mic"},
        case_ref="CASE-77",
    )
    first.workspace.journal.close()

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        palette = await on_screen(pilot, CommandPalette)
        commands = palette.query_one(CommandList)

        def prompts() -> list[str]:
            return [str(option.prompt) for option in commands.options]

        await wait_for(pilot, lambda: any("Resume run" in p for p in prompts()), what="Resume")
        assert any(
            "Resume run: Quick audio check before a LIVE (CASE-77)" in p for p in prompts()
        ), prompts()

        await type_text(pilot, "resume")
        await wait_for(
            pilot,
            lambda: bool(prompts()) and "Resume run" in prompts()[0],
            what="Resume first",
        )
        await pilot.press("enter")
        walk = await on_screen(pilot, WalkthroughScreen)
        assert walk.run.id == run.id


async def test_the_palette_starts_a_run(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        palette = await on_screen(pilot, CommandPalette)
        commands = palette.query_one(CommandList)
        await type_text(pilot, "viewers lag")

        def start_index() -> int | None:
            for i in range(commands.option_count):
                if str(commands.get_option_at_index(i).prompt).startswith(
                    "Start: Viewers report lag"
                ):
                    return i
            return None

        await wait_for(pilot, lambda: start_index() is not None, what="Start: …")
        index = start_index()
        assert index is not None
        commands.highlighted = index
        await pilot.press("enter")
        await on_screen(pilot, VariablesScreen)
        await pilot.press("enter")
        walk = await on_screen(pilot, WalkthroughScreen)
        assert walk.run.playbook.id == "stream-lag"


async def test_a_keymap_from_the_config_changes_the_done_key(make_app: AppFactory) -> None:
    app = make_app(keymap={"walk.done": "enter", "playbook.run": "ctrl+g"})
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await open_first(pilot, "audio check")
        await pilot.press("r")  # no longer starts a run
        await pilot.pause()
        assert isinstance(app.screen, PlaybookScreen)
        await pilot.press("ctrl+g")
        await on_screen(pilot, VariablesScreen)
        await type_text(pilot, "")
        await pilot.press("enter")
        await type_text(pilot, "@mic")
        await pilot.press("enter")
        walk = await on_screen(pilot, WalkthroughScreen)
        await pilot.press("d")  # the old key does nothing now
        await pilot.pause()
        assert walk.run.state.current == "mute-check"
        assert kinds(app, walk.run.id) == [EventKind.STARTED]
        await pilot.press("enter")
        await pilot.pause()
        assert walk.run.state.current == "level-check"
        assert kinds(app, walk.run.id) == [EventKind.STARTED, EventKind.DONE]
        assert "⏎ Done" in screen_text(app)  # the footer shows the new key
        assert "d Done" not in screen_text(app)
        # the step's hint names the new key too (it said "press d" whatever the keymap)
        hint = static_text(walk.query_one("#step-hint", Static))
        assert "Press Enter when it is done" in hint, hint

        # help shows the key as remapped
        await pilot.press("question_mark")
        help_screen = await on_screen(pilot, HelpScreen)
        texts = [static_text(s) for s in help_screen.query(Static)]
        done_keys = [texts[i] for i in range(len(texts) - 1) if texts[i + 1] == "Done"]
        assert done_keys
        assert all(k == "⏎" for k in done_keys), done_keys
