"""The team's figures: the report, the per-operator table and drill progress of every
trainee, aggregated on the team server; --operator and --local narrow them."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest

from livecheck.cli import main
from livecheck.journal.store import DrillAttemptRecord, Journal
from livecheck.services.runs import RunService
from tests.reports.conftest import path_of, write_library

NOW = dt.datetime.now(dt.UTC)


def machine(tmp_path: Path, name: str, library: Path, runs: int, attempts: list[int]) -> Path:
    """`name`'s machine: `runs` resolved cases and drill attempts with these scores."""
    data = tmp_path / name
    journal = Journal.open(data / "journal.sqlite3", replicate=True)
    service = RunService(journal, name)
    for _ in range(runs):
        run = service.start(path_of(library, "linear"), variables={})
        for _ in range(3):
            service.act(run, lambda w: w.done())
    for score in attempts:
        journal.record_drill_attempt(
            DrillAttemptRecord(
                None,
                name,
                "drilled",
                "basic",
                "campaign",
                "drilled",
                1,
                1,
                NOW,
                NOW,
                score,
                score >= 80,
                {},
            )
        )
    journal.close()
    return data


def livecheck(
    args: list[str], data: Path, library: Path, url: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([*args, "--data-dir", str(data), "--playbooks", str(library), "--journal", url])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_report_and_drill_progress_cover_the_team(
    tmp_path: Path,
    team_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    library = write_library(tmp_path / "library")
    lea = machine(tmp_path, "lea", library, runs=2, attempts=[60, 90])
    bo = machine(tmp_path, "bo", library, runs=3, attempts=[40])
    for data in (lea, bo):
        code, _, err = livecheck(["journal", "push"], data, library, team_url, capsys)
        assert code == 0, err
    code, out, _ = livecheck(["report", "--format", "json"], lea, library, team_url, capsys)
    report = json.loads(out)
    assert report["totals"]["runs"] == 5
    assert [(o["operator"], o["rates"]["runs"]) for o in report["operators"]] == [
        ("bo", 3),
        ("lea", 2),
    ]
    code, out, _ = livecheck(
        ["report", "--format", "json", "--operator", "lea"], bo, library, team_url, capsys
    )
    assert json.loads(out)["totals"]["runs"] == 2
    code, out, _ = livecheck(
        ["report", "--format", "json", "--local"], bo, library, team_url, capsys
    )
    assert json.loads(out)["totals"]["runs"] == 3
    code, out, _ = livecheck(["report"], bo, library, team_url, capsys)
    assert "Per operator" in out and "the team journal" in out
    code, out, _ = livecheck(["drill", "--progress", "--all"], bo, library, team_url, capsys)
    assert code == 0
    lines = {line.split()[0]: line.split() for line in out.splitlines()[1:]}
    assert lines["lea"][1:3] == ["1/1", "2"] and lines["lea"][-1] == "campaign"
    assert lines["bo"][1:3] == ["0/1", "1"] and lines["bo"][-1] == "-"
    code, out, _ = livecheck(
        ["drill", "--progress", "--all", "--local"], bo, library, team_url, capsys
    )
    assert "lea" not in out and "bo" in out
