"""Shared set-up for the TUI tests: a small inline library, an app factory, waiting helpers.

Every test gets its own playbook folder and data dir under `tmp_path`. The
playbooks are written inline (the walkthrough ones cover every kind of step:
plain, skipped, decision, template, irreversible + pause, outcome) and are
reviewed long ago with a very long review interval, so nothing turns stale as
the calendar moves on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from livecheck.services.settings import resolve_settings
from livecheck.services.workspace import Workspace
from livecheck.tui.app import LivecheckApp

TODAY = dt.date(2026, 11, 2)
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
SIZE = (100, 30)


def header(
    pb_id: str,
    title: str,
    *,
    category: str = "operational",
    severity: str = "medium",
    summary: str = "A playbook written for the TUI tests.",
    when: str = "Use when the TUI tests need it.",
    extra: str = "",
) -> str:
    return f"""\
id: {pb_id}
lang: en
title: {title}
summary: {summary}
when: {when}
category: {category}
severity: {severity}
owner: qa-team
reviewed: 2026-01-15
review_every_days: 36500
{extra}"""


# The walkthrough playbook: every kind of step, in the order a test walks them.
GIFT = (
    header(
        "gift-payout-missing",
        "Gift payout missing after a LIVE",
        category="campaign",
        severity="high",
        summary="The creator's gift earnings from a LIVE did not arrive in their wallet.",
        when="A creator reports that gifts received during a LIVE were never paid out.",
        extra="""\
tags: [gifts, payout]
keywords: [diamonds missing, wallet empty]
variables:
  - {name: creator_handle, prompt: Creator handle, required: true, example: "@lea.live"}
  - {name: room_id, prompt: LIVE room ID}
memory:
  - Never promise a payout date.
""",
    )
    + """\
steps:
  - id: open-ticket
    title: Open the payout ticket
    detail: Read the creator's message in full.
  - id: check-dashboard
    title: Check the gifts dashboard for the room
  - id: payout-state
    title: What does the payout ledger show?
    choices:
      - {label: Payout delayed, goto: send-update}
      - {label: Payout blocked for fraud review, goto: freeze-wallet}
  - id: send-update
    title: Send the creator an update
    template: "Hi {creator_handle}, your gift payout for room {room_id} is on its way."
  - id: freeze-wallet
    title: Freeze the creator's wallet
    irreversible: true
    pause: true
  - id: close-ticket
    title: Close the payout ticket
    outcome: resolved
"""
)

LAG = (
    header(
        "stream-lag",
        "Viewers report lag during a LIVE",
        summary="Viewers say the stream stutters or freezes.",
        when="Viewers complain about buffering in the comments.",
    )
    + """\
steps:
  - id: check-bitrate
    title: Check the stream bitrate
  - id: advise
    title: Advise the creator on their connection
"""
)

HACKED = (
    header(
        "account-taken-over",
        "A creator's account was taken over",
        category="trust-safety",
        severity="critical",
        summary="Someone else controls the creator's account.",
        when="The creator lost access to their account and someone is streaming on it.",
    )
    + """\
steps:
  - id: lock
    title: Lock the account
  - id: verify
    title: Verify the owner's identity
"""
)

# A short playbook for resuming and for the real terminal.
QUICK = (
    header(
        "quick-audio-check",
        "Quick audio check before a LIVE",
        category="onboarding",
        severity="low",
        summary="A three-step audio check with a new creator.",
        when="A new creator asks whether their microphone works before going live.",
        extra="""\
variables:
  - {name: creator_handle, prompt: Creator handle, required: true}
""",
    )
    + """\
steps:
  - id: mute-check
    title: Ask the creator to unmute
  - id: level-check
    title: Watch the audio level meter
  - id: confirm-audio
    title: Confirm the audio works
"""
)

LIBRARY: dict[str, str] = {
    "campaign/gift-payout-missing.en.yaml": GIFT,
    "operational/stream-lag.en.yaml": LAG,
    "trust-safety/account-taken-over.en.yaml": HACKED,
    "onboarding/quick-audio-check.en.yaml": QUICK,
}


def write_library(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return write_library(tmp_path / "playbooks", LIBRARY)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


AppFactory = Callable[..., LivecheckApp]


@pytest.fixture
def make_app(library: Path, data_dir: Path) -> AppFactory:
    """A new app on the test's library and data dir (call it again for a restart)."""

    def make(*, keymap: Mapping[str, str] | None = None, root: Path | None = None) -> LivecheckApp:
        settings = resolve_settings(playbooks=[str(root or library)], data_dir=str(data_dir))
        settings = dataclasses.replace(settings, operator="intern")
        return LivecheckApp(Workspace(settings, today=TODAY), keymap=keymap)

    return make


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], dt.datetime]]:
    """Every event of a run happens at T0 (the engine's clock and the service's)."""

    def clock() -> dt.datetime:
        return T0

    monkeypatch.setattr("livecheck.runs.engine.utc_now", clock)
    monkeypatch.setattr("livecheck.runs.events.utc_now", clock)
    monkeypatch.setattr("livecheck.services.runs.utc_now", clock)
    yield clock


# -- waiting ----------------------------------------------------------------------


async def wait_for(
    pilot: Pilot[Any], condition: Callable[[], object], timeout: float = 10.0, what: str = ""
) -> None:
    """Let the app run until `condition()` is true (workers, timers and messages included)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await pilot.pause(0.02)


async def ready(pilot: Pilot[Any]) -> None:
    """The first index build is done and the search screen is up."""
    from livecheck.tui.screens.search import SearchScreen

    app = pilot.app
    await wait_for(pilot, lambda: app.index_ready, what="the index")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen), what="the search screen")
    await pilot.pause()


async def search(
    pilot: Pilot[Any], text: str, *, keys: bool = False, preview: bool = False
) -> None:
    """Put `text` in the search box (`keys`: typed key by key) and wait for its results
    (`preview`: and for the first result's preview, read once the typing pauses)."""
    from livecheck.tui.screens.search import SearchScreen

    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    box = screen.query_one("#query", Input)
    box.focus()
    if keys:
        await pilot.press(*("space" if ch == " " else ch for ch in text))
    else:
        box.value = text
        box.cursor_position = len(text)
    await wait_for(pilot, lambda: screen.shown_query == text, what=f"results for {text!r}")
    from livecheck.tui.widgets.preview import PlaybookPreview
    from livecheck.tui.widgets.results import ResultList

    results = screen.query_one(ResultList)
    if preview and results.highlighted is not None:
        option = (results.get_option_at_index(results.highlighted).id or "").split(":", 1)
        if option[0] == "pb":
            preview = screen.query_one(PlaybookPreview)
            await wait_for(pilot, lambda: preview.shown_path == option[1], what="the preview")
    await pilot.pause()
