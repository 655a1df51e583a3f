"""A whole crisis case in a real 80x24 terminal (tmux): search, open, start a run,
fill the variables, walk to the end. On every run screen each memory item is on
screen word for word, and the footer shows Done, Leave and Help.

tmux runs on a private socket in a temporary folder, killed at the end.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from .test_field_ready import SELF_HARM, assert_memory_visible
from .test_tmux import Terminal

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

FIRST_WAIT = 90.0  # the first index build, on a loaded machine
WAIT = 30.0


@pytest.fixture
def small_terminal(tmp_path: Path, data_dir: Path) -> Iterator[Terminal]:
    library = tmp_path / "crisis"
    (library / "trust-safety").mkdir(parents=True)
    shutil.copy(SELF_HARM, library / "trust-safety" / SELF_HARM.name)
    name = f"ftui-case-{uuid.uuid4().hex[:8]}"
    folder = tempfile.mkdtemp(prefix="lc-tmux-")
    socket = os.path.join(folder, "sock")
    command = shlex.join(
        [
            sys.executable,
            "-m",
            "livecheck",
            "--data-dir",
            str(data_dir),
            "--playbooks",
            str(library),
        ]
    )
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("TMUX", None)
    try:
        subprocess.run(
            [
                "tmux",
                "-S",
                socket,
                "-f",
                os.devnull,
                "new-session",
                "-d",
                "-s",
                name,
                "-x",
                "80",
                "-y",
                "24",
                command,
            ],
            check=True,
            env=env,
            timeout=10,
        )
        yield Terminal(socket=socket, session=name)
    finally:
        subprocess.run(
            ["tmux", "-S", socket, "kill-server"], capture_output=True, timeout=10, check=False
        )
        shutil.rmtree(folder, ignore_errors=True)


def run_screen(terminal: Terminal, text: str) -> str:
    """Wait for `text` and a finished frame, then check what every run screen must
    show at 80x24: each memory item whole, and Done, Leave and Help in the footer."""
    keys = ("d Done", "esc Leave", "f1 Help")
    terminal.wait_for(text, WAIT)
    deadline = time.monotonic() + WAIT
    shown = terminal.screen()
    while time.monotonic() < deadline:  # the footer is drawn last on a loaded machine
        shown = terminal.screen()
        rows = shown.rstrip("\n").splitlines()
        if text in shown and rows and all(key in rows[-1] for key in keys):
            break
        time.sleep(0.1)
    assert_memory_visible(shown)
    footer = shown.rstrip("\n").splitlines()[-1]
    for key in keys:
        assert key in footer, f"{key!r} not in the footer: {footer!r}\n{shown}"
    return shown


def test_a_whole_crisis_case_at_80x24(small_terminal: Terminal) -> None:
    terminal = small_terminal
    terminal.wait_for("Type to search", FIRST_WAIT)
    terminal.type("self harm")
    terminal.wait_for("Respond to a suicide", WAIT)
    terminal.key("Enter")
    shown = terminal.wait_for("r Start run", WAIT)
    assert_memory_visible(shown)  # the playbook screen keeps the box whole too
    terminal.key("r")
    terminal.wait_for("Case reference", WAIT)
    terminal.type("CASE-80")
    terminal.key("Tab")
    terminal.type("@nuit.blanche")
    terminal.key("Tab")
    terminal.type("room1")
    terminal.key("Tab")
    terminal.type("Lyon")
    terminal.key("Enter")  # the last field: starts the run

    shown = run_screen(terminal, "Step 1 of 9")
    assert "CASE-80" in shown and "@nuit.blanche" in shown
    terminal.key("d")
    run_screen(terminal, "Step 2 of 9")
    terminal.key("2")  # distress without a plan
    shown = run_screen(terminal, "Step 6 of 9")
    assert "Message to send" in shown
    terminal.key("c")
    terminal.wait_for("Copied", WAIT)
    terminal.key("d")
    run_screen(terminal, "Step 7 of 9")
    terminal.key("1")  # the creator calms down
    shown = terminal.wait_for("Run ended", WAIT)
    assert "wellbeing-support" in shown
