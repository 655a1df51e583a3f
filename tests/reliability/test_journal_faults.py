"""The journal under faults: a read-only data folder, a full disk, a damaged file,
a purge while another connection reads (issue 15, items 6, 7, 9, 13)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from livecheck.journal.integrity import JournalDamaged, JournalReadOnly
from livecheck.journal.recover import recover_journal
from livecheck.journal.store import Journal
from livecheck.services.runs import RunService
from tests.reliability.conftest import (
    BUNDLED,
    fill_up,
    livecheck,
    remount,
    small_filesystem,
    traceback_in,
)

PLAYBOOK = BUNDLED / "operational" / "stream-key-setup.en.yaml"
SECRET = "SECRET-NOTE-4242"


def fill_journal(path: Path, runs: int = 3, notes: int = 3) -> list[str]:
    journal = Journal.open(path)
    service = RunService(journal, "lea")
    ids = []
    for i in range(runs):
        run = service.start(PLAYBOOK, variables={"creator_handle": f"c{i}"}, case_ref=f"T-{i}")
        for n in range(notes):
            service.act(run, lambda w, n=n: w.note(f"{SECRET} {n} " + "x" * 300))
        ids.append(run.id)
    journal.close()
    return ids


READ_COMMANDS = [["runs"], ["log", "export"], ["report"]]


@pytest.mark.reliability_long
def test_read_only_data_dir_still_reads_the_journal(tmp_path: Path) -> None:
    with small_filesystem("16m") as where:
        ids = fill_journal(where / "journal.sqlite3")
        remount(where, "ro")
        for command in [*READ_COMMANDS, ["summary", ids[0]]]:
            result = livecheck(*command, data_dir=where)
            assert result.returncode == 0, (command, result.stderr)
            assert not traceback_in(result.stderr)
        export = livecheck("log", "export", data_dir=where)
        assert export.stdout.count(SECRET) == 9
        assert ids[0] in livecheck("runs", data_dir=where).stdout
        run = livecheck("run", "stream-key-setup", "--case", "X", data_dir=where)
        assert run.returncode != 0 and not traceback_in(run.stderr)
        assert "cannot be written" in run.stderr


def test_read_only_journal_opens_for_reading_in_process(tmp_path: Path) -> None:
    with small_filesystem("8m") as where:
        ids = fill_journal(where / "journal.sqlite3", runs=2, notes=1)
        remount(where, "ro")
        with pytest.raises(JournalReadOnly):
            Journal.open(where / "journal.sqlite3")
        journal = Journal.open_read_only(where / "journal.sqlite3")
        assert {r.id for r in journal.unfinished_runs()} == set(ids)
        with journal.snapshot() as db:  # what the report reads through
            assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 4
        journal.close()


def test_full_disk_says_the_disk_is_full(tmp_path: Path) -> None:
    with small_filesystem("2m") as where:
        fill_journal(where / "journal.sqlite3", runs=1, notes=1)
        for suffix in ("-wal", "-shm"):  # closed cleanly: SQLite must create them again
            assert not Path(f"{where}/journal.sqlite3{suffix}").exists()
        fill_up(where)
        run = livecheck(
            "run", "stream-key-setup", "--case", "X", "--var", "creator_handle=a", data_dir=where,
            stdin="q\n",
        )  # fmt: skip
        assert not traceback_in(run.stderr), run.stderr
        assert "is full" in run.stderr and "not a livecheck journal" not in run.stderr


def corrupt(path: Path, page: int = 20, pages: int = 3) -> None:
    with path.open("r+b") as fh:
        fh.seek(4096 * page)
        fh.write(os.urandom(4096 * pages))


def _event_leaves(path: Path) -> int:
    """The first of three consecutive leaf pages of the events table (1-based), in the
    middle of the table."""
    db = sqlite3.connect(path)
    try:
        pages = [
            p
            for (p,) in db.execute(
                "SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' "
                "ORDER BY pageno"
            )
        ]
    finally:
        db.close()
    triples = [p for p in pages if p + 1 in pages and p + 2 in pages]
    return triples[len(triples) // 2]  # in the middle: rows before and after it are saved


def test_damaged_journal_is_said_and_recovered(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    journal_path = data / "journal.sqlite3"
    fill_journal(journal_path, runs=40, notes=4)
    size = journal_path.stat().st_size
    assert size > 4096 * 30
    # Damage in the events' leaves: three of them in a row, found with SQLite's dbstat
    # (the layout moves with each schema version). A page inside a table's b-tree
    # interior loses its whole subtree to the row-by-row salvage (see
    # docs/reliability.md, "Known limits").
    corrupt(journal_path, page=_event_leaves(journal_path) - 1)
    with pytest.raises(JournalDamaged):
        Journal.open(journal_path)
    for command in (["log", "export"], ["report"], ["runs"]):
        result = livecheck(*command, data_dir=data)
        assert result.returncode == 1, (command, result.stdout[-300:])
        assert not traceback_in(result.stderr), result.stderr
        assert "is damaged" in result.stderr and "livecheck journal recover" in result.stderr
    recovered = livecheck("journal", "recover", data_dir=data)
    assert recovered.returncode == 0, recovered.stderr
    assert "damaged journal is kept as" in recovered.stdout
    kept = list(data.glob("journal.sqlite3.damaged-*"))
    assert any(k.name.endswith(("Z",)) for k in kept)
    export = livecheck("log", "export", data_dir=data)
    assert export.returncode == 0, export.stderr
    rows = export.stdout.count("\n")
    assert 0 < rows <= 40 * 5
    db = sqlite3.connect(journal_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA user_version").fetchone()[0] >= 3
    db.close()
    assert oct(journal_path.stat().st_mode & 0o777) == "0o600"
    # And the recovered journal takes new runs.
    fill_journal(journal_path, runs=1, notes=1)


def test_recover_of_a_sound_journal_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    fill_journal(path, runs=5, notes=2)
    recovery = recover_journal(path)
    assert recovery.saved["runs"] == 5 and recovery.saved["events"] == 15
    assert not recovery.unreadable_spots and not recovery.orphans


def test_recover_refuses_a_journal_open_elsewhere(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "journal.sqlite3"
    fill_journal(path, runs=1, notes=1)
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import sqlite3,sys; d=sqlite3.connect({str(path)!r}); "
         "d.execute('select 1 from runs').fetchall(); print('ready', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        result = livecheck("journal", "recover", data_dir=tmp_path)
        assert result.returncode == 1 and "open in another process" in result.stderr
    finally:
        holder.communicate("", timeout=10)


def _bytes_on_disk(folder: Path, needle: str) -> list[str]:
    found = []
    for path in folder.iterdir():
        if path.is_file() and needle.encode() in path.read_bytes():
            found.append(path.name)
    return found


def test_purge_says_when_a_reader_keeps_the_text_then_wipes_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    path = data / "journal.sqlite3"
    journal = Journal.open(path)  # stays open, like the app in another window
    fill_journal(path, runs=2, notes=2)
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM events").fetchone()  # holds a snapshot
    try:
        result = livecheck(
            "log", "purge", "--older-than", "0", "--include-open", "--yes", data_dir=data
        )
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Deleted 2 runs for good." in result.stdout
        assert "still in its write-ahead log" in result.stderr
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    journal.close()
    again = livecheck("log", "purge", "--older-than", "0", "--include-open", "--yes", data_dir=data)
    assert again.returncode == 0, again.stderr
    assert _bytes_on_disk(data, SECRET) == []


def test_purge_checkpoint_is_retried_not_claimed(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    fill_journal(path, runs=1, notes=1)
    journal = Journal.open(path)
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM events").fetchone()
    try:
        cutoff = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
        assert journal.purge_older_than(cutoff, include_open=True) == 1
        assert journal.freed_pages_wiped is False
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    assert journal.purge_older_than(cutoff, include_open=True) == 0
    assert journal.freed_pages_wiped is True
    journal.close()
