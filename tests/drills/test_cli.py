"""`livecheck drill` end to end, and practice runs kept apart from real cases in every
list and export."""

from __future__ import annotations

import json
from pathlib import Path

from livecheck.journal.store import Journal

from .conftest import QUIET, Cli, write_library

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"


def test_plain_drill_end_to_end(cli: Cli, data_dir: Path) -> None:
    result = cli(
        "drill",
        "--plain",
        "--playbook",
        "payout-late",
        stdin="wallet empty hold\n7\n1\nd\n2\nd\n",
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    # The scenario alone: the playbook is not named before the trainee picks it.
    head = out.split("Search words")[0]
    assert "ledger shows a hold" in head
    assert "payout-late" not in head and "Gift payout" not in head
    assert " 1. payout-late  Gift payout arrives late" in out  # the normal search results
    assert "Pick a result from 1 to" in out  # 7 is not a result
    assert "PRACTICE run (not a real case): Gift payout arrives late" in out
    assert "Score 100/100: PASSED" in out
    assert "Correct path (payout-late: Gift payout arrives late):" in out
    assert "1. What does the ledger show? → Blocked" in out and "Outcome: escalated" in out
    journal = Journal.open(data_dir / "journal.sqlite3")
    [attempt] = journal.drill_attempts("ana")
    assert (attempt.drill_id, attempt.score, attempt.found_rank) == ("blocked", 100, 1)
    run = journal.run(attempt.run_id or "")
    assert run is not None and run.kind == "drill" and run.outcome == "escalated"
    journal.close()


def test_plain_drill_wrong_choice_shows_where_it_diverged(cli: Cli) -> None:
    result = cli(
        "drill",
        "--plain",
        "--playbook",
        "payout-late",
        "--as",
        "bo",
        stdin="wallet empty hold\n1\nd\n1\nd\n1\n",
    )
    out = result.stdout
    assert "DRILL (practice) for bo" in out
    assert "NOT PASSED (pass mark 80)" in out
    assert (
        "At “What does the ledger show?” you chose “Delayed”; the correct choice is “Blocked”."
        in " ".join(out.split())  # one sentence, wrapped to the terminal
    )
    assert "Compare the payout date in the ledger with today." in out  # the step's text
    progress = cli("drill", "--progress", "--as", "bo").stdout
    assert "payout-late/blocked" in progress and "Certified categories: none yet" in progress


def test_giving_up_at_the_end_of_input_is_scored(cli: Cli, data_dir: Path) -> None:
    result = cli("drill", "--plain", "--playbook", "stream-lag", stdin="freezing buffering\n1\nd\n")
    assert result.returncode == 0
    assert ": NOT PASSED (pass mark 80), given up" in result.stdout
    journal = Journal.open(data_dir / "journal.sqlite3")
    [attempt] = journal.drill_attempts()
    run = journal.run(attempt.run_id or "")
    assert run is not None and run.status == "abandoned"
    journal.close()


def test_progress_table(cli: Cli) -> None:
    cli("drill", "--plain", "--playbook", "payout-late", stdin="wallet empty hold\n1\nd\n2\nd\n")
    out = cli("drill", "--progress").stdout
    lines = out.splitlines()
    assert lines[0] == "Drill progress for ana: 1 of 3 drills passed (pass mark 80)"
    header = next(line for line in lines if line.startswith("DRILL"))
    assert header.split() == ["DRILL", "CATEGORY", "ATTEMPTS", "BEST", "PASSED", "LAST", "ATTEMPT"]
    blocked = next(line for line in lines if line.startswith("payout-late/blocked"))
    assert blocked.split()[:5] == ["payout-late/blocked", "campaign", "1", "100", "yes"]
    never = next(line for line in lines if line.startswith("stream-lag/buffering"))
    assert never.split()[2:] == ["0", "-", "no", "never"]
    assert "Certified categories: none yet" in out
    assert "Not yet certified: campaign 1/2, operational 0/1" in out
    cli(
        "drill",
        "--plain",
        "--playbook",
        "payout-late",
        stdin="diamonds late a day\n1\nd\n1\nd\n1\n",
    )
    assert "Certified categories: campaign (2/2)" in cli("drill", "--progress").stdout


def test_a_library_without_drills_says_so(cli: Cli, tmp_path: Path) -> None:
    root = write_library(tmp_path / "nodrills", {"onboarding/quiet-check.en.yaml": QUIET})
    for args in (("drill", "--plain"), ("drill", "--progress"), ("drill",)):
        result = cli(*args, root=root)
        assert result.returncode == 1
        assert "this library has no drills" in result.stderr
        assert "`drills` key" in result.stderr and "playbook-format" in result.stderr


def test_unknown_playbook_category_and_empty_name(cli: Cli) -> None:
    result = cli("drill", "--plain", "--playbook", "payout-lat")
    assert result.returncode == 1 and "did you mean payout-late" in result.stderr
    result = cli("drill", "--plain", "--playbook", "quiet-check")
    assert result.returncode == 1 and "'quiet-check' has no drills" in result.stderr
    result = cli("drill", "--plain", "--category", "trust-safety")
    assert result.returncode == 1 and "no drills in category 'trust-safety'" in result.stderr
    assert cli("drill", "--as", " ").returncode == 2


def test_lint_reports_bad_expect_with_its_line(cli: Cli) -> None:
    result = cli(
        "lint",
        BAD / "drill-expect-step-not-decision.yaml",
        BAD / "drill-expect-step-missing.yaml",
        BAD / "drill-expect-label.yaml",
    )
    assert result.returncode == 1
    out = result.stdout
    assert (
        "drill-expect-step-not-decision.yaml:22:14: error: drill 'practice' expects a choice at 'second', but that step is not a decision [drill-expect-step]"
        in out
    )
    assert (
        "drill-expect-step-missing.yaml:24:7: error: drill 'practice' expects a choice at 'thrid', but no step has this id [drill-expect-step]"
        in out
    )
    assert (
        "drill-expect-label.yaml:23:14: error: drill 'practice': step 'first' has no choice 'Not Done'"
        in out
    )


# -- practice never mixes with real cases ---------------------------------------------------


def _drill_left_open(cli: Cli, data_dir: Path, library: Path) -> str:
    """A practice run left unfinished in the journal (as after a crash mid-drill)."""
    from livecheck.drills.catalogue import drill_cards
    from livecheck.playbook.library import load_library
    from livecheck.services.drills import DrillService

    cli("index")
    journal = Journal.open(data_dir / "journal.sqlite3")
    drills = DrillService(journal, drill_cards(load_library([library]).playbooks), "ana")
    attempt = drills.begin(drills.cards[0])
    run = drills.choose(attempt, library / "campaign" / "payout-late.en.yaml", 1)
    drills.runs.act(run, lambda w: w.note("practice note SECRET-DRILL"))
    journal.close()
    return run.id


def test_drill_runs_are_absent_from_case_lists_and_exports(
    cli: Cli, data_dir: Path, library: Path
) -> None:
    case = cli("run", "stream-lag", "--case", "CASE-1", stdin="d\n")
    assert case.returncode == 3  # left unfinished
    drill_id = _drill_left_open(cli, data_dir, library)
    listed = cli("runs").stdout
    assert "CASE-1" in listed and drill_id not in listed
    for args in (
        ("log", "export"),
        ("log", "export", "--runs"),
        ("log", "export", "--format", "csv"),
    ):
        out = cli(*args).stdout
        assert "CASE-1" in out
        assert drill_id not in out and "SECRET-DRILL" not in out and '"drill"' not in out
    rows = [
        json.loads(line) for line in cli("log", "export", "--include-drills").stdout.splitlines()
    ]
    assert {r["run_kind"] for r in rows if r["run_id"] == drill_id} == {"drill"}
    runs = [
        json.loads(line)
        for line in cli("log", "export", "--runs", "--include-drills").stdout.splitlines()
    ]
    assert drill_id in {r["run_id"] for r in runs}
    resumed = cli("run", "--resume", drill_id, stdin="")
    assert resumed.returncode == 2 and "practice run of a drill" in resumed.stderr


def test_the_workspace_lists_no_drill_runs(cli: Cli, data_dir: Path, library: Path) -> None:
    import dataclasses

    from livecheck.services.settings import resolve_settings
    from livecheck.services.workspace import Workspace

    drill_id = _drill_left_open(cli, data_dir, library)
    settings = resolve_settings(playbooks=[str(library)], data_dir=str(data_dir))
    workspace = Workspace(dataclasses.replace(settings, operator="ana"))
    assert workspace.unfinished_runs() == []
    assert [r.id for r in workspace.journal.unfinished_runs("drill")] == [drill_id]
    assert workspace.recent_playbooks() == []
    assert [c.label for c in workspace.drill_cards()] == [
        "payout-late/blocked",
        "payout-late/late-by-a-day",
        "stream-lag/buffering",
    ]
