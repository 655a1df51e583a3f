"""The real app in a real terminal (tmux): search, open, start, walk to the summary.

tmux runs on a private socket (`-S`, in a temporary folder), so its server is
started by this test with this test's environment (temporary config and data
dir) and is killed, and its socket removed, at the end whatever happens.
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

from livecheck.journal.store import Journal

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

KEY_PAUSE = 0.05


class Terminal:
    def __init__(self, socket: str, session: str) -> None:
        self.socket = socket
        self.session = session

    def tmux(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["tmux", "-S", self.socket, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=check,
        )
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session, check=False)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{text!r} did not appear on the screen:\n{shown}")

    def key(self, key: str) -> None:
        """One logical key (a tmux key name such as Enter or C-q)."""
        self.tmux("send-keys", "-t", self.session, key)
        time.sleep(KEY_PAUSE)

    def type(self, text: str) -> None:
        for char in text:
            self.tmux("send-keys", "-t", self.session, "-l", char)
            time.sleep(KEY_PAUSE)


@pytest.fixture
def terminal(library: Path, data_dir: Path) -> Iterator[Terminal]:
    name = f"livecheck-test-{uuid.uuid4().hex[:10]}"
    folder = tempfile.mkdtemp(prefix="lc-tmux-")  # short: socket paths are limited in length
    socket = os.path.join(folder, "sock")
    term = Terminal(socket=socket, session=name)
    # (Textual draws on stderr: nothing may be redirected here.)
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
    new = ["new-session", "-d", "-s", name, "-x", "100", "-y", "30", command]
    try:
        subprocess.run(
            ["tmux", "-S", socket, "-f", os.devnull, *new],
            check=True,
            env=env,
            timeout=10,
        )
        yield term
    finally:
        subprocess.run(
            ["tmux", "-S", socket, "kill-server"], capture_output=True, timeout=10, check=False
        )
        shutil.rmtree(folder, ignore_errors=True)


def test_walk_a_playbook_to_the_summary_in_tmux(terminal: Terminal, data_dir: Path) -> None:
    terminal.wait_for("Type to search")  # the index is built
    terminal.type("audio check")
    terminal.wait_for("3. Confirm the audio works")  # the preview of the first result
    terminal.key("Enter")
    terminal.wait_for("r Start run")
    terminal.key("r")
    terminal.wait_for("Case reference")
    terminal.type("CASE-123")
    terminal.key("Enter")
    terminal.type("@mic.check")
    terminal.key("Enter")
    terminal.wait_for("Step 1 of 3")
    terminal.wait_for("Ask the creator to unmute")
    terminal.key("d")
    terminal.wait_for("Step 2 of 3")
    terminal.key("d")
    terminal.wait_for("Step 3 of 3")
    terminal.key("d")
    shown = terminal.wait_for("Run ended: resolved")
    assert "Handoff: Quick audio check before a LIVE" in shown
    assert "CASE-123" in shown

    journal = Journal.open(data_dir / "journal.sqlite3")
    try:
        rows = journal.connection.execute(
            "SELECT playbook_id, case_ref, status, outcome, ended_at FROM runs"
        ).fetchall()
        assert len(rows) == 1
        playbook_id, case_ref, status, outcome, ended_at = rows[0]
        assert (playbook_id, case_ref, status, outcome) == (
            "quick-audio-check",
            "CASE-123",
            "ended",
            "resolved",
        )
        assert ended_at
        assert journal.unfinished_runs() == []
    finally:
        journal.close()

    terminal.key("C-q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        sessions = terminal.tmux("list-sessions", check=False)
        if terminal.session not in sessions:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("livecheck did not quit on ctrl+q")
