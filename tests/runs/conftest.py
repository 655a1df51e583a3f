"""Shared set-up for the walkthrough and journal tests.

Every fixture playbook is written inline (one per graph shape) into a temporary
library at `<root>/<category>/<id>.<lang>.yaml`. Engine tests build the model
from the same text with `load_playbook_bytes`, so they touch no disk at all;
service, CLI and durability tests use the files and a journal under `tmp_path`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from livecheck.cli import main
from livecheck.journal.store import Journal
from livecheck.playbook.loader import load_playbook_bytes
from livecheck.playbook.model import Playbook, Source
from livecheck.services.runs import RunService

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src"
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def header(pb_id: str, *, category: str = "operational", extra: str = "") -> str:
    return f"""\
id: {pb_id}
lang: en
title: Fixture playbook {pb_id}
summary: A playbook written for the walkthrough tests.
when: Use when the walkthrough tests need this graph shape.
category: {category}
severity: medium
owner: qa-team
reviewed: 2026-10-01
{extra}"""


PLAYBOOKS: dict[str, str] = {
    # a -> b -> c -> (resolved)
    "linear": header("linear", extra="sla_minutes: 30\n")
    + """\
steps:
  - id: first
    title: Open the case
  - id: second
    title: Read the report
  - id: third
    title: Reply to the creator
""",
    # intro -> kind? {left -> wrap | right -> wrap | nothing: no-action}
    "decision": header("decision", category="trust-safety")
    + """\
steps:
  - id: intro
    title: Read the ticket
  - id: kind
    title: Which kind of case is it?
    choices:
      - {label: Left, goto: left}
      - {label: Right, goto: right}
      - {label: Nothing to do, outcome: no-action}
  - id: left
    title: Handle the left case
    goto: wrap
  - id: right
    title: Handle the right case
  - id: wrap
    title: Close the ticket
""",
    # attempt -> works? {try again -> attempt | yes -> verify | give up: unresolved}
    "loop": header("loop")
    + """\
steps:
  - id: attempt
    title: Ask the creator to restart the app
  - id: works
    title: Does the stream work now?
    choices:
      - {label: Try again, goto: attempt}
      - {label: It works, goto: verify}
      - {label: Give up, outcome: unresolved}
  - id: verify
    title: Watch the stream for a minute
""",
    # check -> handoff (outcome: escalated)
    "outcome-step": header("outcome-step")
    + """\
steps:
  - id: check
    title: Check the account
  - id: handoff
    title: Hand the case to the payments team
    outcome: escalated
""",
    # prep -> ban (irreversible) -> report? (irreversible decision) {yes -> file | no -> wrap}
    "irreversible": header("irreversible", category="trust-safety")
    + """\
steps:
  - id: prep
    title: Collect the evidence
  - id: ban
    title: Ban the account
    irreversible: true
  - id: report
    title: Report to the authorities?
    irreversible: true
    choices:
      - {label: Report, goto: file}
      - {label: Do not report, goto: wrap}
  - id: file
    title: File the report
  - id: wrap
    title: Write the case note
""",
    # one -> two (pause) -> three (pause, last: ends after the review)
    "pause": header("pause")
    + """\
steps:
  - id: one
    title: Do the first thing
  - id: two
    title: Do the second thing
    pause: true
  - id: three
    title: Do the last thing
    pause: true
""",
    # custom outcomes without resolved: every path ends at an explicit outcome
    "custom-outcomes": header("custom-outcomes", category="campaign")
    + """\
outcomes: [handed-over, closed]
steps:
  - id: look
    title: Look at the campaign
  - id: route
    title: Who takes it?
    choices:
      - {label: Brand team, outcome: handed-over}
      - {label: Us, goto: close}
  - id: close
    title: Close it ourselves
    outcome: closed
""",
    # variables: one required, one optional; a template with {{literal}} braces
    "templated": header("templated", category="trust-safety")
    + """\
variables:
  - {name: creator_handle, prompt: Creator handle, required: true, example: "@lea.live"}
  - {name: room_id, prompt: LIVE room ID}
steps:
  - id: greet
    title: Send the greeting
    detail: Write to {creator_handle} about room {room_id}.
    template: |
      Hi {creator_handle}, about room {room_id}: type {{literal}} in the box.
  - id: follow
    title: Follow up
""",
    # a bit of everything, for the handoff summary
    "handoff": header("handoff", category="trust-safety", extra="sla_minutes: 45\n")
    + """\
variables:
  - {name: creator_handle, prompt: Creator handle, required: true, example: "@lea.live"}
  - {name: room_id, prompt: LIVE room ID}
memory:
  - Do not promise that the ban will be lifted.
steps:
  - id: find-notice
    title: Find the enforcement notice
    detail: Look up room {room_id} in the enforcement history.
  - id: violation
    title: Which policy was it?
    choices:
      - {label: Minor safety, outcome: escalated}
      - {label: Anything else, goto: explain}
  - id: explain
    title: Send the appeal instructions
    template: |
      Hi {creator_handle}, about room {room_id}: appeal within 30 days {{link}}.
  - id: follow-up
    title: Schedule a follow-up
""",
    # seven plain steps with one decision, for the crash tests
    "seven": header("seven")
    + """\
steps:
  - id: s1
    title: Step one
  - id: s2
    title: Step two
  - id: s3
    title: Pick a way
    choices:
      - {label: Way A, goto: s4}
      - {label: Way B, goto: s5}
  - id: s4
    title: Step four
  - id: s5
    title: Step five
  - id: s6
    title: Step six
  - id: s7
    title: Step seven
""",
}

CATEGORY = {
    "decision": "trust-safety",
    "irreversible": "trust-safety",
    "custom-outcomes": "campaign",
    "templated": "trust-safety",
    "handoff": "trust-safety",
}


def playbook_path(root: Path, pb_id: str) -> Path:
    return root / CATEGORY.get(pb_id, "operational") / f"{pb_id}.en.yaml"


def write_library(root: Path) -> Path:
    for pb_id, text in PLAYBOOKS.items():
        path = playbook_path(root, pb_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def model(pb_id: str) -> Playbook:
    """The playbook model, straight from the text (no file involved)."""
    data = PLAYBOOKS[pb_id].encode()
    source = Source(Path(f"{pb_id}.en.yaml"), hashlib.sha256(data).hexdigest(), len(data), 0)
    loaded = load_playbook_bytes(data, source)
    assert loaded.playbook is not None, [p.format() for p in loaded.problems]
    assert not [p for p in loaded.problems if p.is_error]
    return loaded.playbook


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


class Clock:
    """A clock for RunService: returns `now`, which the test moves."""

    def __init__(self, now: dt.datetime = T0) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return write_library(tmp_path / "library")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def journal_path(data_dir: Path) -> Path:
    return data_dir / "journal.sqlite3"


@pytest.fixture
def journal(journal_path: Path) -> Iterator[Journal]:
    j = Journal.open(journal_path)
    yield j
    j.close()


@pytest.fixture
def service(journal: Journal) -> RunService:
    return RunService(journal, "intern-ana")


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("LIVECHECK_PLAYBOOKS", None)
    return env


Cli = Callable[..., subprocess.CompletedProcess[str]]


def _argv(library: Path, data: Path, config: Path, args: tuple[str | Path, ...]) -> list[str]:
    return [
        "--data-dir",
        str(data),
        "--playbooks",
        str(library),
        "--config",
        str(config),
        *map(str, args),
    ]


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text('operator = "intern-ana"\n', encoding="utf-8")
    return path


@pytest.fixture
def cli(
    library: Path,
    data_dir: Path,
    config_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Cli:
    """`livecheck --data-dir DATA --playbooks LIB --config CFG ARGS`, in-process, with
    `stdin` as a non-terminal input (as from a pipe). An exception escaping `main` is
    reported like the interpreter would: exit 1 and a traceback on stderr."""

    def run(
        *args: str | Path, stdin: str | io.StringIO = "", data: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        argv = _argv(library, data or data_dir, config_file, args)
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin) if isinstance(stdin, str) else stdin)
        try:
            code = main(argv)
            crash = ""
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
            crash = ""
        except Exception:
            code, crash = 1, traceback.format_exc()
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(argv, code, out, err + crash)

    return run


@pytest.fixture
def real_cli(library: Path, data_dir: Path, config_file: Path) -> Cli:
    """The same, as a real `python -m livecheck` process reading a pipe."""

    def run(
        *args: str | Path, stdin: str = "", data: Path | None = None, timeout: float = 30
    ) -> subprocess.CompletedProcess[str]:
        argv = [
            sys.executable,
            "-m",
            "livecheck",
            *_argv(library, data or data_dir, config_file, args),
        ]
        return subprocess.run(
            argv,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=REPO,
            env=cli_env(),
        )

    return run
