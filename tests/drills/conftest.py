"""Shared set-up for the drill tests: a small inline library with drills, a journal, a
clock the test moves, the drill service, and the CLI run in-process.

`payout-late` has two decisions and two drills; `stream-lag` has a drill with no
`expect` (its outcome is worth the decisions' points too); `quiet-check` has no
drills. Every file is reviewed with a very long interval, so nothing turns stale.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from livecheck.cli import main
from livecheck.drills.catalogue import DrillCard, drill_cards
from livecheck.journal.store import Journal
from livecheck.playbook.library import load_library
from livecheck.services.drills import DrillService

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def header(pb_id: str, title: str, category: str, extra: str = "") -> str:
    return f"""\
id: {pb_id}
lang: en
title: {title}
summary: The playbook {title.lower()}, written for the drill tests.
when: Use when the drill tests need it.
category: {category}
severity: medium
owner: qa-team
reviewed: 2026-01-15
review_every_days: 36500
{extra}"""


PAYOUT = (
    header(
        "payout-late",
        "Gift payout arrives late",
        "campaign",
        "sla_minutes: 10\nkeywords: [diamonds missing, wallet empty]\n"
        'variables:\n  - {name: creator_handle, prompt: Creator handle, required: true, example: "@lea.live"}\n',
    )
    + """\
steps:
  - id: check-ledger
    title: Check the payout ledger
    detail: Open the ledger for {creator_handle}.
  - id: ledger-state
    title: What does the ledger show?
    detail: Compare the payout date in the ledger with today.
    choices:
      - {label: Delayed, goto: tell-creator}
      - {label: Blocked, goto: hand-to-fraud}
  - id: tell-creator
    title: Tell the creator the new payout date
  - id: reaction
    title: How did the creator take it?
    choices:
      - {label: Accepted, outcome: resolved}
      - {label: Angry, outcome: escalated}
  - id: hand-to-fraud
    title: Hand the case to fraud review
    outcome: escalated
drills:
  - id: late-by-a-day
    scenario: >-
      A streamer says yesterday's diamonds are still not in her wallet. The ledger runs a
      day behind, and she is happy to wait.
    expect: {ledger-state: Delayed, reaction: Accepted}
    outcome: resolved
  - id: blocked
    scenario: A creator's wallet is empty after a big LIVE and the ledger shows a hold.
    expect: {ledger-state: Blocked}
    outcome: escalated
"""
)

LAG = (
    header("stream-lag", "Viewers report stream lag", "operational", "keywords: [buffering]\n")
    + """\
outcomes: [resolved, escalated, no-action]
steps:
  - id: check-bitrate
    title: Check the stream bitrate
  - id: advise
    title: Advise the creator on their connection
drills:
  - id: buffering
    scenario: Viewers complain in the comments that the picture keeps freezing and buffering.
    outcome: resolved
"""
)

QUIET = (
    header("quiet-check", "Quiet audio check", "onboarding", "keywords: [microphone]\n")
    + """\
steps:
  - id: unmute
    title: Ask the creator to unmute
"""
)

LIBRARY = {
    "campaign/payout-late.en.yaml": PAYOUT,
    "operational/stream-lag.en.yaml": LAG,
    "onboarding/quiet-check.en.yaml": QUIET,
}


def write_library(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


class Clock:
    """Returns `now`, which the test moves with `advance`."""

    def __init__(self, now: dt.datetime = T0) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> dt.datetime:
        self.now += dt.timedelta(seconds=seconds)
        return self.now


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return write_library(tmp_path / "library", LIBRARY)


@pytest.fixture
def cards(library: Path) -> list[DrillCard]:
    return drill_cards(load_library([library]).playbooks)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def journal(data_dir: Path) -> Iterator[Journal]:
    j = Journal.open(data_dir / "journal.sqlite3")
    yield j
    j.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def drills(journal: Journal, cards: list[DrillCard], clock: Clock) -> DrillService:
    return DrillService(journal, cards, "ana", clock)


def card(cards: list[DrillCard], playbook_id: str, drill_id: str) -> DrillCard:
    return next(c for c in cards if c.key == (playbook_id, drill_id))


Cli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text('operator = "ana"\n', encoding="utf-8")
    return path


@pytest.fixture
def cli(
    library: Path,
    data_dir: Path,
    config_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Cli:
    """`livecheck --data-dir DATA --playbooks LIB --config CFG ARGS` in-process, stdin from a pipe."""

    def run(
        *args: str | Path, stdin: str = "", root: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        argv = [
            "--data-dir",
            str(data_dir),
            "--playbooks",
            str(root or library),
            "--config",
            str(config_file),
            *map(str, args),
        ]
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        try:
            code, crash = main(argv), ""
        except SystemExit as exc:
            code, crash = (exc.code if isinstance(exc.code, int) else 2), ""
        except Exception:
            code, crash = 1, traceback.format_exc()
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(argv, code, out, err + crash)

    return run
