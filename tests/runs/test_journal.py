"""The SQLite journal (`Journal`) and the run service over it (`RunService`)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from livecheck.journal.store import BUSY_TIMEOUT_MS, Journal, JournalError, JournalWriteError
from livecheck.runs.engine import ActionRefused
from livecheck.runs.events import Event, EventKind
from livecheck.services import runs as service_module
from livecheck.services.runs import NotSaved, RunService
from tests.runs.conftest import PLAYBOOKS, T0, Clock, at, playbook_path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextlib.contextmanager
def umask(value: int) -> Iterator[None]:
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


def snapshot(path: Path) -> dict[str, bytes | None]:
    """The bytes of a database file and of its -wal/-journal companions."""
    out: dict[str, bytes | None] = {}
    for suffix in ("", "-wal", "-journal"):
        companion = Path(f"{path}{suffix}")
        out[suffix] = companion.read_bytes() if companion.exists() else None
    return out


# -- connection settings and permissions ------------------------------------------------


def test_pragmas(journal: Journal) -> None:
    db = journal.connection

    def pragma(name: str) -> object:
        return db.execute(f"PRAGMA {name}").fetchone()[0]

    assert str(pragma("journal_mode")).lower() == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1
    assert pragma("secure_delete") == 1
    assert pragma("busy_timeout") >= 5000
    assert BUSY_TIMEOUT_MS >= 5000
    assert pragma("application_id") != 0
    assert pragma("user_version") >= 1


@pytest.mark.parametrize("mask", [0o022, 0o000], ids=["umask-022", "umask-000"])
def test_files_are_0600_in_a_0700_folder(tmp_path: Path, library: Path, mask: int) -> None:
    data = tmp_path / "deep" / "data"
    path = data / "journal.sqlite3"
    with umask(mask):
        journal = Journal.open(path)
        run = RunService(journal, "ana").start(playbook_path(library, "linear"), variables={})
        assert run.id
        for suffix in ("", "-wal", "-shm"):
            companion = Path(f"{path}{suffix}")
            assert companion.exists(), suffix
            assert mode(companion) == 0o600, (suffix, oct(mode(companion)))
        assert mode(data) == 0o700
        assert mode(data.parent) == 0o700  # created by livecheck too
        journal.close()


def test_an_existing_open_folder_is_made_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    Journal.open(data / "journal.sqlite3").close()
    assert mode(data) == 0o700


def test_an_existing_journal_file_with_loose_permissions_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "data" / "journal.sqlite3"
    Journal.open(path).close()
    os.chmod(path, 0o644)
    Journal.open(path).close()
    assert mode(path) == 0o600


# -- refusing files that are not ours ------------------------------------------------------


def _foreign_sqlite(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    db.execute("INSERT INTO contacts VALUES ('Ana', '+33 6 00 00 00 00')")
    db.commit()
    db.close()


@pytest.mark.parametrize(
    "content",
    [os.urandom(8192), os.urandom(700), b"not a database, just a note\n", b"SQLite format 3\0junk"],
    ids=["random-8k", "random-700", "text", "fake-header"],
)
def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(content)
    with pytest.raises(JournalError, match="not a livecheck journal"):
        Journal.open(path)
    assert path.read_bytes() == content
    assert not Path(f"{path}-wal").exists()


def test_another_apps_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    _foreign_sqlite(path)
    before = snapshot(path)
    with pytest.raises(JournalError, match="not a livecheck journal"):
        Journal.open(path)
    assert snapshot(path) == before
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not switched to WAL
    assert db.execute("SELECT name FROM sqlite_schema").fetchall() == [("contacts",)]
    db.close()


def test_another_apps_empty_database_with_its_application_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA application_id = 305419896")  # 0x12345678: someone else's
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(JournalError):
        Journal.open(path)
    assert path.read_bytes() == before


def test_a_journal_from_a_newer_livecheck_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    Journal.open(path).close()
    db = sqlite3.connect(path)
    version = db.execute("PRAGMA user_version").fetchone()[0]
    db.execute(f"PRAGMA user_version = {version + 1}")
    db.commit()
    db.close()
    before = snapshot(path)
    with pytest.raises(JournalError, match="newer livecheck") as info:
        Journal.open(path)
    assert "untouched" in str(info.value)
    assert snapshot(path) == before


def test_a_journal_in_a_folder_that_cannot_be_created_is_a_journal_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(JournalError, match="cannot open"):
        Journal.open(blocker / "data" / "journal.sqlite3")
    assert blocker.read_text() == "x"


# -- writing and reading ----------------------------------------------------------------------


def test_reopening_keeps_every_run_and_event(journal_path: Path, library: Path) -> None:
    journal = Journal.open(journal_path)
    service = RunService(journal, "ana", clock=Clock())
    run = service.start(playbook_path(library, "linear"), variables={}, case_ref=" CASE-1 ")
    service.act(run, lambda w: w.note("émoji ✓ and 'quotes'", at=at(1)))
    service.act(run, lambda w: w.done(at=at(2)))
    events = list(run.walkthrough.events)
    journal.close()

    again = Journal.open(journal_path)
    record = again.run(run.id)
    assert record is not None
    assert record.case_ref == "CASE-1"
    assert (record.operator, record.playbook_id, record.lang) == ("ana", "linear", "en")
    assert (record.status, record.current_step, record.last_event_at) == ("active", "second", at(2))
    assert record.started_at == T0
    assert record.version == service_module.hashlib.sha256(PLAYBOOKS["linear"].encode()).hexdigest()
    assert again.playbook_content(record.version) == PLAYBOOKS["linear"].encode()
    assert again.events(run.id) == events
    assert again.events(run.id)[1].get("text") == "émoji ✓ and 'quotes'"
    again.close()


def test_the_run_record_follows_the_run_to_its_end(service: RunService, library: Path) -> None:
    service.clock = Clock()
    run = service.start(playbook_path(library, "decision"), variables={})
    service.act(run, lambda w: w.done(at=at(1)))
    service.act(run, lambda w: w.choose("Nothing to do", at=at(2)))
    record = service.journal.run(run.id)
    assert record is not None
    assert (record.status, record.outcome, record.ended_at, record.current_step) == (
        "ended",
        "no-action",
        at(2),
        None,
    )
    assert record.finished


def test_a_refused_action_writes_nothing(service: RunService, library: Path) -> None:
    run = service.start(playbook_path(library, "decision"), variables={})
    with pytest.raises(ActionRefused):
        service.act(run, lambda w: w.choose("Left"))
    with pytest.raises(ActionRefused):
        service.act(run, lambda w: w.skip(""))
    assert len(service.journal.events(run.id)) == 1


def test_events_for_an_unknown_run_are_rejected_by_the_foreign_key(journal: Journal) -> None:
    event = Event(1, EventKind.NOTE, T0, None)
    with pytest.raises(JournalWriteError):
        journal.append("no-such-run", event, current_step=None)
    assert journal.events("no-such-run") == []


def test_unfinished_runs_exclude_ended_and_drill_runs(journal: Journal, library: Path) -> None:
    clock = Clock()
    service = RunService(journal, "ana", clock=clock)
    linear = playbook_path(library, "linear")
    older = service.start(linear, variables={}, case_ref="older")
    clock.now = at(5)
    newer = service.start(linear, variables={}, case_ref="newer")
    clock.now = at(6)
    ended = service.start(linear, variables={}, case_ref="ended")
    service.act(ended, lambda w: w.escalate("lead", at=at(7)))
    abandoned = service.start(linear, variables={}, case_ref="abandoned")
    service.act(abandoned, lambda w: w.abandon("dup", at=at(7)))
    drill = service.start(linear, variables={}, kind="drill")
    assert drill.record.kind == "drill"
    service.act(older, lambda w: w.done(at=at(10)))  # touched last: listed first

    assert [r.id for r in journal.unfinished_runs()] == [older.id, newer.id]
    assert [r.id for r in service.unfinished()] == [older.id, newer.id]
    assert [r.id for r in journal.unfinished_runs("drill")] == [drill.id]
    assert [r.id for r in journal.unfinished_runs(limit=1)] == [older.id]
    assert len(journal.unfinished_runs(limit=None)) == 2


# -- resuming ------------------------------------------------------------------------------


def test_resume_continues_where_the_run_stopped(journal_path: Path, library: Path) -> None:
    journal = Journal.open(journal_path)
    service = RunService(journal, "ana")
    run = service.start(playbook_path(library, "decision"), variables={})
    service.act(run, lambda w: w.done())
    service.act(run, lambda w: w.choose("Left"))
    state = run.state
    journal.close()

    journal = Journal.open(journal_path)
    service = RunService(journal, "ana")
    resumed = service.resume(run.id)
    assert not resumed.playbook_changed
    assert resumed.state == state
    assert resumed.state.current == "left"
    service.act(resumed, lambda w: w.done())
    service.act(resumed, lambda w: w.done())
    assert resumed.state.outcome == "resolved"
    assert journal.unfinished_runs() == []
    journal.close()


def test_resume_by_a_unique_prefix_and_unknown_ids(service: RunService, library: Path) -> None:
    run = service.start(playbook_path(library, "linear"), variables={})
    assert service.resume(run.id[:-2]).id == run.id
    with pytest.raises(JournalError, match="no run"):
        service.resume("19990101-zzzzzz")
    with pytest.raises(JournalError, match="no run"):
        service.resume("%")  # LIKE wildcards are escaped


def test_resume_after_the_playbook_file_changed_uses_the_stored_version(
    journal_path: Path, library: Path
) -> None:
    path = playbook_path(library, "linear")
    journal = Journal.open(journal_path)
    service = RunService(journal, "ana")
    run = service.start(path, variables={})
    service.act(run, lambda w: w.done())
    original_steps = [s.id for s in run.playbook.steps]
    journal.close()

    # the author rewrites the playbook meanwhile: new first step, renamed steps
    path.write_text(
        PLAYBOOKS["linear"]
        .replace("  - id: first\n", "  - id: zero\n    title: A new first step\n  - id: first\n")
        .replace("id: third", "id: last"),
        encoding="utf-8",
    )
    journal = Journal.open(journal_path)
    service = RunService(journal, "ana")
    resumed = service.resume(run.id)
    assert resumed.playbook_changed
    assert [s.id for s in resumed.playbook.steps] == original_steps
    assert resumed.state.current == "second"
    service.act(resumed, lambda w: w.done())
    assert resumed.state.current == "third"
    service.act(resumed, lambda w: w.done())
    assert resumed.state.outcome == "resolved"
    journal.close()


def test_resume_after_the_playbook_file_was_deleted(service: RunService, library: Path) -> None:
    path = playbook_path(library, "linear")
    run = service.start(path, variables={})
    path.unlink()
    resumed = service.resume(run.id)
    assert resumed.playbook_changed
    assert resumed.state.current == "first"


def test_start_refuses_a_broken_playbook_and_records_nothing(
    service: RunService, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.en.yaml"
    broken.write_text(PLAYBOOKS["linear"].replace("steps:", "stepz:"), encoding="utf-8")
    with pytest.raises(ActionRefused, match="errors"):
        service.start(broken, variables={})
    assert service.journal.unfinished_runs() == []


def test_start_refuses_missing_variables_and_records_nothing(
    service: RunService, library: Path
) -> None:
    with pytest.raises(ActionRefused, match="creator_handle"):
        service.start(playbook_path(library, "templated"), variables={"room_id": "R"})
    assert service.journal.unfinished_runs() == []


# -- when the journal cannot be written ------------------------------------------------------


def test_an_unwritable_journal_keeps_actions_in_memory_and_writes_them_later(
    service: RunService, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = service.start(playbook_path(library, "linear"), variables={})
    real_append = service.journal.append
    failing = {"on": True}

    def append(*args: object, **kwargs: object) -> None:
        if failing["on"]:
            raise JournalWriteError("disk full")
        real_append(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(service.journal, "append", append)
    with pytest.raises(NotSaved, match="NOT SAVED") as info:
        service.act(run, lambda w: w.done())
    assert info.value.pending == 1
    assert run.state.current == "second"  # applied, so the user can go on
    with pytest.raises(NotSaved) as info:
        service.act(run, lambda w: w.note("still down"))
    assert info.value.pending == 2
    assert len(service.journal.events(run.id)) == 1
    assert not service.flush(run)

    failing["on"] = False
    service.act(run, lambda w: w.done())  # flushes the two pending actions first, in order
    assert run.unsaved == []
    stored = service.journal.events(run.id)
    assert [e.kind for e in stored] == [
        EventKind.STARTED,
        EventKind.DONE,
        EventKind.NOTE,
        EventKind.DONE,
    ]
    assert stored == run.walkthrough.events
    record = service.journal.run(run.id)
    assert record is not None and record.current_step == "third"


def test_the_service_clock_stamps_every_action(journal: Journal, library: Path) -> None:
    clock = Clock(T0)
    service = RunService(journal, "ana", clock=clock)
    run = service.start(playbook_path(library, "linear"), variables={})
    clock.now = at(3)
    service.act(run, lambda w: w.done())
    clock.now = at(7)
    service.act(run, lambda w: w.escalate("lead"))
    assert [e.at for e in journal.events(run.id)] == [T0, at(3), at(7)]
    record = journal.run(run.id)
    assert record is not None and record.ended_at == at(7)


def test_a_run_id_collision_draws_a_new_id(
    service: RunService, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = iter(["20261102-aaaaaa", "20261102-aaaaaa", "20261102-bbbbbb"])
    monkeypatch.setattr(service_module, "new_run_id", lambda now: next(ids))
    first = service.start(playbook_path(library, "linear"), variables={})
    second = service.start(playbook_path(library, "linear"), variables={})
    assert (first.id, second.id) == ("20261102-aaaaaa", "20261102-bbbbbb")
    assert service.journal.run(second.id) is not None


def test_a_run_that_cannot_be_journaled_is_not_started(
    service: RunService, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service_module, "new_run_id", lambda now: "20261102-aaaaaa")
    service.start(playbook_path(library, "linear"), variables={})
    with pytest.raises(JournalError):
        service.start(playbook_path(library, "decision"), variables={})


def test_a_version_3_journal_is_migrated_with_an_id_for_every_event(tmp_path: Path) -> None:
    import sqlite3

    from livecheck.journal.schema import MIGRATIONS, SQLITE

    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:3]:
        for statement in migration.render(SQLITE):
            db.execute(statement)
    db.execute("PRAGMA application_id = 1279478577")
    db.execute("PRAGMA user_version = 3")
    db.execute("INSERT INTO playbook_versions VALUES ('v', x'00')")
    db.execute(
        "INSERT INTO runs (id, playbook_id, lang, version, path, title, operator, started_at, "
        "last_event_at) VALUES ('r1', 'p', 'en', 'v', 'p.yaml', 'P', 'lea', '2026-01-01', '2026-01-01')"
    )
    for seq in (1, 2):
        db.execute(
            "INSERT INTO events (run_id, seq, kind, at) VALUES ('r1', ?, 'note', '2026-01-01')",
            (seq,),
        )
    db.close()
    journal = Journal.open(path)
    uids = [r[0] for r in journal.connection.execute("SELECT uid FROM events")]
    assert len(set(uids)) == 2 and all(len(u) == 32 for u in uids)
    assert [r.id for r in journal.unfinished_runs()] == ["r1"]
    journal.close()


# Each move's duration (events.step_secs, schema version 5): what the per-step times read.
MOVES_AT = (
    (1, "run-started", "10:00:00", None),
    (2, "note", "10:00:30", "s1"),  # not a move: the time still runs from the start
    (3, "done", "10:01:00", "s1"),
    (4, "pause-acknowledged", "10:02:00", "s2"),
    (5, "skipped", "10:02:45", "s2"),
    (6, "back", "10:03:00", "s2"),
    (7, "chosen", "10:04:15", "s3"),
)


def _old_journal(path: Path, version: int) -> None:
    from livecheck.journal.schema import MIGRATIONS, SQLITE

    db = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:version]:
        for statement in migration.render(SQLITE):
            db.execute(statement)
    db.execute("PRAGMA application_id = 1279478577")
    db.execute(f"PRAGMA user_version = {version}")
    db.execute("INSERT INTO playbook_versions VALUES ('v', x'00')")
    db.execute(
        "INSERT INTO runs (id, playbook_id, lang, version, path, title, operator, started_at, "
        "last_event_at) VALUES ('r1', 'p', 'en', 'v', 'p.yaml', 'P', 'lea', "
        "'2026-01-01T10:00:00.000000+00:00', '2026-01-01T10:04:15.000000+00:00')"
    )
    for seq, kind, clock, step in MOVES_AT:
        db.execute(
            "INSERT INTO events (run_id, seq, kind, at, step_id, uid) VALUES ('r1', ?, ?, ?, ?, ?)",
            (seq, kind, f"2026-01-01T{clock}.000000+00:00", step, f"u{seq}"),
        )
    db.close()


def _durations(db: sqlite3.Connection) -> dict[int, float | None]:
    return dict(db.execute("SELECT seq, step_secs FROM events WHERE run_id = 'r1'").fetchall())


def test_a_version_4_journal_gets_the_duration_of_every_move_and_new_events_too(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    _old_journal(path, 4)
    journal = Journal.open(path)
    db = journal.connection
    # The moves that leave a step, from the previous move (a note or `back` is none).
    expected = {3: 60.0, 5: 45.0, 7: 90.0}
    got = _durations(db)
    assert {seq: secs for seq, secs in got.items() if secs is not None} == pytest.approx(
        expected, abs=1e-3
    )
    assert set(got) == {1, 2, 3, 4, 5, 6, 7}
    db.execute(
        "INSERT INTO events (run_id, seq, kind, at, step_id, uid) "
        "VALUES ('r1', 8, 'done', '2026-01-01T10:05:00.500000+00:00', 's4', 'u8')"
    )
    assert _durations(db)[8] == pytest.approx(45.5, abs=1e-3)  # from the choice at 10:04:15
    journal.close()


# Each run's duration (runs.duration_secs, schema version 6): what the times to
# outcome and the SLA breaches read.
def _run_durations(db: sqlite3.Connection) -> dict[str, float | None]:
    return dict(db.execute("SELECT id, duration_secs FROM runs").fetchall())


def test_a_version_5_journal_gets_every_runs_duration_and_new_ends_too(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _old_journal(path, 5)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(
        "UPDATE runs SET status = 'ended', outcome = 'resolved', "
        "ended_at = '2026-01-01T10:04:15.500000+00:00' WHERE id = 'r1'"
    )
    db.close()
    journal = Journal.open(path)
    db = journal.connection
    assert _run_durations(db) == {"r1": pytest.approx(255.5, abs=1e-3)}
    db.execute(  # a run that arrives ended (a take-over), and one still open
        "INSERT INTO runs (id, playbook_id, lang, version, path, title, operator, started_at, "
        "last_event_at, status, ended_at) VALUES ('r2', 'p', 'en', 'v', 'p.yaml', 'P', 'lea', "
        "'2026-01-01T10:00:00.000000+00:00', '2026-01-01T10:30:00.000000+00:00', 'ended', "
        "'2026-01-01T10:30:00.000000+00:00'), ('r3', 'p', 'en', 'v', 'p.yaml', 'P', 'lea', "
        "'2026-01-01T11:00:00.000000+00:00', '2026-01-01T11:00:00.000000+00:00', 'active', NULL)"
    )
    got = _run_durations(db)
    assert got["r2"] == pytest.approx(1800.0, abs=1e-3) and got["r3"] is None
    db.execute(  # the open run ends: its duration is stored as it ends
        "UPDATE runs SET status = 'abandoned', ended_at = '2026-01-01T11:00:42.000000+00:00' "
        "WHERE id = 'r3'"
    )
    assert _run_durations(db)["r3"] == pytest.approx(42.0, abs=1e-3)
    journal.close()


def test_the_times_to_outcome_and_breaches_read_the_stored_durations(
    service: RunService, library: Path
) -> None:
    from livecheck.reports import queries as q
    from livecheck.reports.period import Period

    service.clock = Clock()
    run = service.start(playbook_path(library, "decision"), variables={})
    service.act(run, lambda w: w.done(at=at(1)))
    service.act(run, lambda w: w.choose("Nothing to do", at=at(2)))
    db = service.journal.connection
    expected = (at(2) - T0).total_seconds()
    assert db.execute("SELECT duration_secs FROM runs").fetchone()[0] == pytest.approx(expected)
    # Stored, not worked out from the times: a duration set by hand is what counts.
    db.execute("UPDATE runs SET duration_secs = 7200.0, sla_minutes = 30")
    scope = q.Scope("case", Period())
    per_playbook, overall = q.times_to_outcome(db, scope)
    assert overall is not None and overall[1:4] == (1, 7200.0, 7200.0) and overall[6] == 1
    assert [row[2] for row in per_playbook] == [7200.0]
    ((operator, _, breaches),) = q.per_operator(db, scope)
    assert (operator, breaches) == (service.operator, 1)


def test_a_shared_start_of_a_run_id_lists_the_runs_it_could_mean(
    service: RunService, library: Path
) -> None:
    runs = [service.start(playbook_path(library, "decision"), variables={}) for _ in range(2)]
    service.act(runs[1], lambda w: w.abandon("duplicate"))
    shared = runs[0].id[:9]  # the day both began
    with pytest.raises(JournalError) as caught:
        service.resume(shared)
    message = str(caught.value)
    assert message.startswith(f"'{shared}' matches 2 runs: ")
    assert f"{runs[0].id} (decision, unfinished)" in message
    assert f"{runs[1].id} (decision, abandoned)" in message
    assert message.endswith("; give more of the id")
    with pytest.raises(JournalError, match="no run '1999' in the journal"):
        service.resume("1999")
