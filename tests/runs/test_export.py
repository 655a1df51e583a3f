"""`livecheck log export` and `livecheck log purge`, over a journal filled through RunService."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from livecheck.journal.export import neutralise_cell, redact
from livecheck.journal.store import Journal
from livecheck.services.runs import ActiveRun, RunService
from tests.runs.conftest import Cli, Clock, playbook_path

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
# three days in the past, well apart, so that --since/--until can pick each
DAY1 = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)
DAY2 = dt.datetime(2026, 3, 5, 23, 30, tzinfo=dt.UTC)
DAY3 = dt.datetime(2026, 3, 9, 0, 15, tzinfo=dt.UTC)


@pytest.fixture
def filled(journal_path: Path, library: Path) -> Iterator[tuple[Journal, dict[str, ActiveRun]]]:
    """A journal with three case runs on three days and one drill run."""
    journal = Journal.open(journal_path)
    clock = Clock(DAY1)
    service = RunService(journal, "intern-ana", clock=clock)
    minute = dt.timedelta(minutes=1)

    def tick(n: float = 1) -> dt.datetime:
        clock.now += n * minute
        return clock.now

    runs: dict[str, ActiveRun] = {}
    runs["linear"] = run = service.start(playbook_path(library, "linear"), variables={})
    service.act(run, lambda w: w.note("plain note", at=tick()))
    service.act(run, lambda w: w.done(at=tick()))
    service.act(run, lambda w: w.skip("not needed", at=tick()))
    service.act(run, lambda w: w.done(at=tick(9.5)))  # ends: 12.5 minutes

    clock.now = DAY2
    runs["templated"] = run = service.start(
        playbook_path(library, "templated"),
        variables={"creator_handle": "@lea.live", "room_id": "call +33 6 12 34 56 78"},
        case_ref="ana.client@example.com",
    )
    service.act(
        run,
        lambda w: w.note("@lea.live wrote from lea@mail.fr, phone 06 12 34 56 78", at=tick()),
    )
    service.act(run, lambda w: w.done(at=tick()))
    service.act(run, lambda w: w.escalate("passed to @agency_boss", at=tick()))

    clock.now = DAY3
    runs["open"] = run = service.start(
        playbook_path(library, "decision"), variables={}, case_ref="OPEN-3"
    )
    service.act(run, lambda w: w.done(at=tick()))

    runs["drill"] = run = service.start(
        playbook_path(library, "linear"), variables={}, case_ref="DRILL-1", kind="drill"
    )
    service.act(run, lambda w: w.note("drill note", at=tick()))
    yield journal, runs
    journal.close()


def jsonl(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# -- JSON lines ------------------------------------------------------------------------


def test_jsonl_export_round_trips_every_event(cli: Cli, filled: tuple) -> None:  # type: ignore[type-arg]
    journal, runs = filled
    result = cli("log", "export")
    assert result.returncode == 0, result.stderr
    rows = jsonl(result.stdout)
    case_runs = [r for name, r in runs.items() if name != "drill"]
    expected = [(run, e) for run in case_runs for e in journal.events(run.id)]
    assert len(rows) == len(expected)
    by_key = {(row["run_id"], row["seq"]): row for row in rows}
    for run, event in expected:
        row = by_key[(run.id, event.seq)]
        assert row["kind"] == event.kind.value
        assert row["step_id"] == event.step_id
        assert dt.datetime.fromisoformat(str(row["at"])) == event.at
        assert row["data"] == dict(event.data)
        assert row["playbook_id"] == run.record.playbook_id
        assert row["lang"] == "en"
        assert row["version"] == run.record.version
        assert row["case_ref"] == run.record.case_ref
        assert row["operator"] == "intern-ana"
        assert row["run_kind"] == "case"
    # in time order
    times = [dt.datetime.fromisoformat(str(r["at"])) for r in rows]
    assert times == sorted(times)
    # variables and texts come back intact
    started = by_key[(runs["templated"].id, 1)]
    assert started["data"] == {
        "variables": {"creator_handle": "@lea.live", "room_id": "call +33 6 12 34 56 78"}
    }


def test_runs_export_has_one_row_per_run(cli: Cli, filled: tuple) -> None:  # type: ignore[type-arg]
    _, runs = filled
    result = cli("log", "export", "--runs")
    assert result.returncode == 0
    rows = {row["run_id"]: row for row in jsonl(result.stdout)}
    assert len(jsonl(result.stdout)) == 3
    assert set(rows) == {runs[n].id for n in ("linear", "templated", "open")}
    linear = rows[runs["linear"].id]
    assert (linear["status"], linear["outcome"], linear["minutes"]) == ("ended", "resolved", 12.5)
    assert (linear["sla_minutes"], linear["current_step"]) == (30, None)
    assert linear["title"] == "Fixture playbook linear"
    escalated = rows[runs["templated"].id]
    assert (escalated["status"], escalated["outcome"]) == ("ended", "escalated")
    opened = rows[runs["open"].id]
    assert (opened["status"], opened["ended_at"], opened["minutes"]) == ("active", None, None)
    assert opened["current_step"] == "kind"


def test_since_and_until_filter_by_day(cli: Cli, filled: tuple) -> None:  # type: ignore[type-arg]
    _, runs = filled
    only_day2 = jsonl(cli("log", "export", "--since", "2026-03-05", "--until", "2026-03-05").stdout)
    assert {r["run_id"] for r in only_day2} == {runs["templated"].id}
    assert len(only_day2) == 4  # started, note, done, escalated: 23:30 to 23:33 that day

    from_day2 = jsonl(cli("log", "export", "--since", "2026-03-05").stdout)
    assert {r["run_id"] for r in from_day2} == {runs["templated"].id, runs["open"].id}
    until_day1 = jsonl(cli("log", "export", "--until", "2026-03-04").stdout)
    assert {r["run_id"] for r in until_day1} == {runs["linear"].id}
    assert jsonl(cli("log", "export", "--since", "2026-04-01").stdout) == []

    run_rows = jsonl(cli("log", "export", "--runs", "--since", "2026-03-02").stdout)
    assert {r["run_id"] for r in run_rows} == {runs["templated"].id, runs["open"].id}
    run_rows = jsonl(cli("log", "export", "--runs", "--until", "2026-03-05").stdout)
    assert {r["run_id"] for r in run_rows} == {runs["linear"].id, runs["templated"].id}


def test_a_bad_date_is_a_usage_error(cli: Cli) -> None:
    result = cli("log", "export", "--since", "2026-13-01")
    assert result.returncode == 2
    assert "not a date" in result.stderr and "Traceback" not in result.stderr


PERSONAL = [
    "lea.live",
    "example.com",
    "ana.client",
    "mail.fr",
    "12 34 56 78",
    "agency_boss",
]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_redact_hides_emails_phones_and_handles(cli: Cli, filled: tuple, fmt: str) -> None:  # type: ignore[type-arg]
    plain = cli("log", "export", "--format", fmt).stdout
    for text in PERSONAL:
        assert text in plain, text
    redacted = cli("log", "export", "--format", fmt, "--redact").stdout
    for text in PERSONAL:
        assert text not in redacted, text
    for mark in ("[email]", "[phone]", "[handle]"):
        assert mark in redacted
    assert "plain note" in redacted and "not needed" in redacted
    runs = cli("log", "export", "--runs", "--format", fmt, "--redact").stdout
    assert "example.com" not in runs and "[email]" in runs


def test_redact_function() -> None:
    assert redact("mail ana@example.com now") == "mail [email] now"
    assert redact("call +33 6 12 34 56 78.") == "call [phone]."
    assert redact("call (415) 555-2671") == "call [phone]"
    assert redact("ask @lea.live or @a_b") == "ask [handle] or [handle]"
    assert redact("room 42, 3 items") == "room 42, 3 items"


# -- CSV ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://evil","x")', "+33 bonus", "-2+3", "@SUM(A1:A9)"],
)
def test_csv_cells_that_look_like_formulas_are_neutralised(
    cli: Cli, journal_path: Path, library: Path, value: str
) -> None:
    journal = Journal.open(journal_path)
    service = RunService(journal, "@ops-team")
    run = service.start(playbook_path(library, "linear"), variables={}, case_ref=value)
    service.act(run, lambda w: w.note(value))
    journal.close()

    events = csv_rows(cli("log", "export", "--format", "csv").stdout)
    assert len(events) == 2
    for row in events:
        assert row["case_ref"] == "'" + value
        assert row["operator"] == "'@ops-team"
        assert row["run_id"] == run.id
        for cell in row.values():
            assert cell[:1] not in ("=", "+", "-", "@")
    assert json.loads(events[1]["data"]) == {"text": value}

    runs = csv_rows(cli("log", "export", "--format", "csv", "--runs").stdout)
    (row,) = runs
    assert row["case_ref"] == "'" + value
    assert row["status"] == "active"
    for cell in row.values():
        assert cell[:1] not in ("=", "+", "-", "@")


def test_csv_header_and_plain_cells(cli: Cli, filled: tuple) -> None:  # type: ignore[type-arg]
    text = cli("log", "export", "--format", "csv").stdout
    header = text.splitlines()[0]
    assert header.startswith("run_id,seq,at,kind,step_id,playbook_id")
    rows = csv_rows(text)
    assert {r["case_ref"] for r in rows} >= {"OPEN-3", "ana.client@example.com"}
    assert len(rows) == len(jsonl(cli("log", "export").stdout))


def test_neutralise_cell() -> None:
    assert neutralise_cell("=1+1") == "'=1+1"
    assert neutralise_cell("a=1") == "a=1"
    assert neutralise_cell("") == ""


# -- output file ----------------------------------------------------------------------------


def test_output_is_written_atomically_with_mode_0600(
    cli: Cli,
    filled: tuple,
    tmp_path: Path,  # type: ignore[type-arg]
) -> None:
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    target = out_dir / "journal.jsonl"
    target.write_text("old content\n")
    os.chmod(target, 0o644)
    old_view = out_dir / "old-link"
    os.link(target, old_view)  # a second name for the old file
    old = os.umask(0)
    try:
        result = cli("log", "export", "--output", target)
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    expected = cli("log", "export").stdout
    assert target.read_text() == expected
    assert f"({len(expected.splitlines())} lines)" in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    # replaced by a rename, not rewritten in place: the old file is intact
    assert old_view.read_text() == "old content\n"
    assert target.stat().st_ino != old_view.stat().st_ino
    assert sorted(p.name for p in out_dir.iterdir()) == ["journal.jsonl", "old-link"]


def test_output_csv_runs(cli: Cli, filled: tuple, tmp_path: Path) -> None:  # type: ignore[type-arg]
    target = tmp_path / "runs.csv"
    assert cli("log", "export", "--runs", "--format", "csv", "--output", target).returncode == 0
    assert len(csv_rows(target.read_text())) == 3
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("where", ["missing-folder", "a-folder"])
def test_output_to_an_impossible_place_is_a_clear_error(
    cli: Cli,
    filled: tuple,
    tmp_path: Path,
    where: str,  # type: ignore[type-arg]
) -> None:
    target = tmp_path / "nope" / "x.jsonl" if where == "missing-folder" else tmp_path
    result = cli("log", "export", "--output", target)
    assert result.returncode in (1, 2)
    assert result.stderr.startswith("livecheck: error: ")
    assert "Traceback" not in result.stderr


# -- drill runs -------------------------------------------------------------------------------


def test_drill_runs_are_left_out_unless_asked_for(cli: Cli, filled: tuple) -> None:  # type: ignore[type-arg]
    _, runs = filled
    drill_id = runs["drill"].id
    for args in (
        ["log", "export"],
        ["log", "export", "--runs"],
        ["log", "export", "--format", "csv"],
    ):
        out = cli(*args).stdout
        assert drill_id not in out and "drill note" not in out and "DRILL-1" not in out
    with_drills = jsonl(cli("log", "export", "--include-drills").stdout)
    drill_rows = [r for r in with_drills if r["run_id"] == drill_id]
    assert [r["kind"] for r in drill_rows] == ["run-started", "note"]
    assert {r["run_kind"] for r in drill_rows} == {"drill"}
    run_rows = jsonl(cli("log", "export", "--runs", "--include-drills").stdout)
    assert len(run_rows) == 4
    assert drill_id not in cli("runs").stdout


# -- purge ----------------------------------------------------------------------------------

SECRET = "SECRET-note-7f3a9c-creator-home-address"


def _journal_bytes(journal_path: Path) -> bytes:
    data = b""
    for suffix in ("", "-wal"):
        companion = Path(f"{journal_path}{suffix}")
        if companion.exists():
            data += companion.read_bytes()
    return data


def _old_and_new_runs(journal_path: Path, library: Path) -> tuple[str, str]:
    journal = Journal.open(journal_path)
    clock = Clock(NOW - dt.timedelta(days=400))
    service = RunService(journal, "intern-ana", clock=clock)
    old = service.start(playbook_path(library, "linear"), variables={}, case_ref="OLD-1")
    # (actions are stamped with `at=`: RunService's clock only stamps the start)
    service.act(old, lambda w: w.note(SECRET + " (first)", at=clock.now))
    service.act(old, lambda w: w.escalate(SECRET + " (escalation)", at=clock.now))
    clock.now = NOW - dt.timedelta(minutes=5)
    recent = service.start(playbook_path(library, "decision"), variables={}, case_ref="NEW-1")
    service.act(recent, lambda w: w.note("keep-this-note", at=clock.now))
    service.act(recent, lambda w: w.abandon("duplicate", at=clock.now))
    journal.close()
    return old.id, recent.id


def test_purge_deletes_old_runs_for_good(cli: Cli, journal_path: Path, library: Path) -> None:
    old_id, recent_id = _old_and_new_runs(journal_path, library)
    assert SECRET.encode() in _journal_bytes(journal_path)

    result = cli("log", "purge", "--older-than", "30", "--yes")
    assert result.returncode == 0, result.stderr
    assert "Deleted 1 run for good." in result.stdout

    raw = _journal_bytes(journal_path)
    assert SECRET.encode() not in raw
    assert b"OLD-1" not in raw
    assert b"keep-this-note" in raw
    journal = Journal.open(journal_path)
    try:
        assert journal.run(old_id) is None
        assert journal.events(old_id) == []  # the events went with the run
        assert journal.run(recent_id) is not None
        count = journal.connection.execute(
            "SELECT count(*) FROM events WHERE run_id = ?", (old_id,)
        ).fetchone()[0]
        assert count == 0
    finally:
        journal.close()
    assert SECRET not in cli("log", "export", "--include-drills").stdout


def test_purge_older_than_zero_deletes_every_ended_run(
    cli: Cli, journal_path: Path, library: Path
) -> None:
    _old_and_new_runs(journal_path, library)
    result = cli("log", "purge", "--older-than", "0", "--yes")
    assert result.returncode == 0
    assert "Deleted 2 runs for good." in result.stdout
    raw = _journal_bytes(journal_path)
    assert SECRET.encode() not in raw and b"keep-this-note" not in raw
    assert cli("log", "export", "--runs", "--include-drills").stdout == ""
    assert "nothing to delete" in cli("log", "purge", "--older-than", "0").stdout


def test_purge_of_text_still_in_the_wal(cli: Cli, journal_path: Path, library: Path) -> None:
    """The note was never checkpointed into the database file: only the WAL has it."""
    journal = Journal.open(journal_path)
    journal.connection.execute("PRAGMA wal_autocheckpoint = 0")
    clock = Clock(NOW - dt.timedelta(days=90))
    service = RunService(journal, "intern-ana", clock=clock)
    run = service.start(playbook_path(library, "linear"), variables={})
    service.act(run, lambda w: w.note(SECRET, at=clock.now))
    service.act(run, lambda w: w.abandon("test", at=clock.now))
    assert SECRET.encode() in Path(f"{journal_path}-wal").read_bytes()
    try:
        result = cli("log", "purge", "--older-than", "30", "--yes")
        assert "Deleted 1 run for good." in result.stdout
        assert SECRET.encode() not in _journal_bytes(journal_path)
    finally:
        journal.close()
    assert SECRET.encode() not in _journal_bytes(journal_path)


class _Terminal(io.StringIO):
    """Typed answers, from what looks like a terminal."""

    def isatty(self) -> bool:
        return True


def _open_run_minutes_ago(journal_path: Path, library: Path) -> str:
    journal = Journal.open(journal_path)
    try:
        clock = Clock(NOW - dt.timedelta(minutes=10))
        service = RunService(journal, "intern-ana", clock=clock)
        run = service.start(playbook_path(library, "linear"), variables={}, case_ref="OPEN-1")
        return run.id
    finally:
        journal.close()


def _run_ids(journal_path: Path) -> set[str]:
    journal = Journal.open(journal_path)
    try:
        return {row[0] for row in journal.connection.execute("SELECT id FROM runs")}
    finally:
        journal.close()


def test_purge_keeps_unfinished_runs_unless_asked(
    cli: Cli, journal_path: Path, library: Path
) -> None:
    """Issue 12.3: `--older-than 0` deleted a run started minutes ago and still open."""
    _old_and_new_runs(journal_path, library)
    open_id = _open_run_minutes_ago(journal_path, library)
    result = cli("log", "purge", "--older-than", "0", "--yes")
    assert result.returncode == 0 and "Deleted 2 runs for good." in result.stdout
    assert _run_ids(journal_path) == {open_id}
    assert open_id in cli("runs").stdout
    result = cli("log", "purge", "--older-than", "0", "--include-open", "--yes")
    assert "Deleted 1 run for good." in result.stdout
    assert _run_ids(journal_path) == set()


def test_purge_dry_run_counts_and_deletes_nothing(
    cli: Cli, journal_path: Path, library: Path
) -> None:
    _old_and_new_runs(journal_path, library)
    _open_run_minutes_ago(journal_path, library)
    result = cli("log", "purge", "--older-than", "0", "--dry-run", "--include-open")
    assert result.returncode == 0
    assert "3 runs (1 of them unfinished) older than 0 days will be deleted" in result.stdout
    assert len(_run_ids(journal_path)) == 3


def test_purge_without_a_terminal_or_yes_refuses(
    cli: Cli, journal_path: Path, library: Path
) -> None:
    _old_and_new_runs(journal_path, library)
    result = cli("log", "purge", "--older-than", "0", stdin="yes\n")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--yes" in result.stderr
    assert len(_run_ids(journal_path)) == 2


def test_purge_asks_at_a_terminal_and_takes_only_yes(
    cli: Cli, journal_path: Path, library: Path
) -> None:
    _old_and_new_runs(journal_path, library)
    result = cli("log", "purge", "--older-than", "0", stdin=_Terminal("y\n"))
    assert "2 runs older than 0 days will be deleted for good" in result.stdout
    assert "Nothing deleted." in result.stdout and len(_run_ids(journal_path)) == 2
    result = cli("log", "purge", "--older-than", "0", stdin=_Terminal("yes\n"))
    assert "Deleted 2 runs for good." in result.stdout and _run_ids(journal_path) == set()


def test_retention_days_never_purges_unfinished_runs(
    cli: Cli, journal_path: Path, library: Path, config_file: Path
) -> None:
    journal = Journal.open(journal_path)
    try:
        clock = Clock(NOW - dt.timedelta(days=400))
        service = RunService(journal, "intern-ana", clock=clock)
        stale_open = service.start(playbook_path(library, "linear"), variables={})
        ended = service.start(playbook_path(library, "linear"), variables={})
        service.act(ended, lambda w: w.abandon("duplicate", at=clock.now))
    finally:
        journal.close()
    config_file.write_text('operator = "intern-ana"\nretention_days = 30\n', encoding="utf-8")
    assert stale_open.id in cli("runs").stdout  # opening the journal applied the retention
    assert _run_ids(journal_path) == {stale_open.id}


def test_purge_needs_a_non_negative_number(cli: Cli) -> None:
    result = cli("log", "purge", "--older-than", "-1")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert cli("log", "purge").returncode == 2


def test_jsonl_values_have_no_control_characters() -> None:
    """JSON would only escape them (\\u001b); whoever decodes the export gets them back."""
    from livecheck.journal.export import render

    row = {"operator": "ev\x1b[31mil\x07", "data": {"note": ["a\x9bb", "line\nnext"]}, "n": 3}
    (line,) = list(render([row], tuple(row), "jsonl"))
    assert "\\u001b" not in line and "\\u0007" not in line and "\\u009b" not in line
    assert json.loads(line) == {
        "operator": "ev[31mil",
        "data": {"note": ["ab", "line\nnext"]},
        "n": 3,
    }
