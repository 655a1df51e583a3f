"""Quitting with actions NOT SAVED (issue 15, item 8): the plain front end asks
first, keeps them in a recovery file (0600) next to the journal, and the next
start writes them to the journal."""

from __future__ import annotations

import json
from pathlib import Path

from tests.reliability.conftest import fill_up, livecheck, simple_library, small_filesystem
from tests.reliability.driver import PlainRun

PROMPT = "[q]uit ?: "


def test_quit_with_unsaved_notes_asks_keeps_and_replays(tmp_path: Path) -> None:
    with small_filesystem("4m") as where:
        library = simple_library(tmp_path / "lib")
        run = PlainRun(["simple-check", "--case", "T-1", "--playbooks", str(library)], where)
        run.read_until(PROMPT)
        fill_up(where)
        for n in range(3):
            run.send("n")
            run.read_until("Note: ")
            run.send(f"unsaved note {n}")
            assert "NOT SAVED" in run.read_until(PROMPT)
        run.send("q")
        asked = run.read_until("Enter to stay and retry: ")
        assert "3 action(s) are NOT SAVED" in asked
        run.send("")  # stay
        run.read_until(PROMPT)
        run.send("q")
        run.read_until("Enter to stay and retry: ")
        run.send("quit")
        said = run.read_until("Resume it with")
        assert run.close() == 3
        assert "3 action(s) NOT SAVED in the journal are kept in" in said
        pending = list((where / "journal.sqlite3.pending").glob("*.jsonl"))
        assert len(pending) == 1
        assert oct(pending[0].stat().st_mode & 0o777) == "0o600"
        assert oct(pending[0].parent.stat().st_mode & 0o777) == "0o700"
        run_id = pending[0].stem
        # Room again: the next start writes them to the journal, in order.
        (where / "filler").unlink()
        (where / "filler2").unlink()
        resumed = livecheck(
            "run", "--resume", run_id, "--playbooks", str(library), data_dir=where, stdin="q\n"
        )
        assert "3 unsaved action(s) of run" in resumed.stderr, resumed.stderr
        assert not pending[0].exists()
        export = livecheck("log", "export", data_dir=where)
        notes = [
            json.loads(line)["data"]["text"]
            for line in export.stdout.splitlines()
            if json.loads(line)["kind"] == "note"
        ]
        assert notes == ["unsaved note 0", "unsaved note 1", "unsaved note 2"]
