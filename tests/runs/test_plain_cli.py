"""The plain, line-based `livecheck run` (and `runs`, `summary`) with answers from a pipe.

Most tests call the CLI in-process with a non-terminal stdin (see `cli` in
conftest.py); the last ones, marked slow, run the real process through a pipe.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from livecheck.journal.store import Journal
from tests.runs.conftest import PLAYBOOKS, Cli, playbook_path


def answers(*lines: str) -> str:
    return "".join(f"{line}\n" for line in lines)


def run_id_of(stdout: str) -> str:
    match = re.search(r"^Run (\S+): ", stdout, re.MULTILINE)
    assert match, stdout
    return match.group(1)


def no_traceback(result: object) -> None:
    for stream in (result.stdout, result.stderr):  # type: ignore[attr-defined]
        assert "Traceback" not in stream
        assert 'File "' not in stream


HANDOFF_ANSWERS = answers(
    "R-77",  # room_id, asked because it was not given
    "n",
    "notice found in history",
    "d",
    "2",  # Anything else
    "d",
    "s",
    "creator declined a follow-up",
    "1",  # the last step was skipped: the outcome is asked; 1) resolved
)


def test_a_whole_run_from_a_pipe_prints_the_handoff_summary(cli: Cli, library: Path) -> None:
    result = cli(
        "run", "handoff", "--case", "CASE-42", "--var", "creator_handle=@lea.live",
        stdin=HANDOFF_ANSWERS,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    no_traceback(result)
    out = result.stdout
    version = hashlib.sha256(playbook_path(library, "handoff").read_bytes()).hexdigest()
    summary = out[out.index("# Handoff: Fixture playbook handoff") :]
    assert "Run ended: resolved." in out
    assert "| Case | CASE-42 |" in summary
    assert f"`handoff` (en), version `{version[:12]}`" in summary
    assert "| Operator | intern-ana |" in summary
    assert "| Outcome | resolved |" in summary
    assert "| SLA | 45 min: met" in summary
    assert "- creator_handle: @lea.live" in summary
    assert "- room_id: R-77" in summary
    steps = summary[summary.index("## Steps") :].splitlines()
    assert steps[2].startswith("1. **Find the enforcement notice**: done (")
    assert re.fullmatch(r"   - Note \d\d:\d\d: notice found in history", steps[3])
    assert steps[4].startswith("2. **Which policy was it?**: chose “Anything else” (")
    assert steps[5].startswith("3. **Send the appeal instructions**: done (")
    assert steps[6] == "   - Message sent:"
    assert steps[7] == "     > Hi @lea.live, about room R-77: appeal within 30 days {link}."
    assert steps[8].startswith(
        "4. **Schedule a follow-up**: skipped: creator declined a follow-up ("
    )
    # the walkthrough itself showed the filled detail, template and memory
    assert "Look up room R-77 in the enforcement history." in out
    assert "\nHi @lea.live, about room R-77: appeal within 30 days {link}.\n" in out
    assert "! Do not promise that the ban will be lifted." in out

    # the same summary, later, from the journal
    run_id = run_id_of(out)
    later = run_id and cli("summary", run_id)
    assert later.returncode == 0, later.stderr
    assert later.stdout == summary


def test_input_ending_early_keeps_the_run(cli: Cli) -> None:
    result = cli("run", "linear", "--case", "T-9", stdin=answers("d"))
    assert result.returncode == 3, result.stderr
    no_traceback(result)
    run_id = run_id_of(result.stdout)
    assert f"Resume it with: livecheck run --resume {run_id}" in result.stdout
    listed = cli("runs")
    assert listed.returncode == 0
    (line,) = [x for x in listed.stdout.splitlines() if run_id in x]
    assert "linear (en)" in line and "case T-9" in line and "at second" in line

    resumed = cli("run", "--resume", run_id, stdin=answers("d", "d"))
    assert resumed.returncode == 0, resumed.stderr
    assert "Step 2 of 3: Read the report" in resumed.stdout
    assert "Run ended: resolved." in resumed.stdout
    assert "No unfinished runs." in cli("runs").stdout


def test_quit_keeps_the_run(cli: Cli) -> None:
    result = cli("run", "decision", stdin=answers("d", "q", "d", "d"))
    assert result.returncode == 3
    assert "Step 3" not in result.stdout
    assert run_id_of(result.stdout) in cli("runs").stdout


def test_summary_of_an_open_run(cli: Cli) -> None:
    result = cli("run", "linear", "--case", "OPEN-1", stdin=answers("d"))
    summary = cli("summary", run_id_of(result.stdout))
    assert summary.returncode == 0
    assert "| Status | open, at: Read the report" in summary.stdout
    assert "| Outcome | none yet |" in summary.stdout


def test_summary_of_an_unknown_run(cli: Cli) -> None:
    result = cli("summary", "20000101-abcdef")
    assert result.returncode == 1
    assert "no run" in result.stderr
    no_traceback(result)


def test_resume_of_a_changed_playbook_says_so(cli: Cli, library: Path) -> None:
    result = cli("run", "linear", stdin=answers("d"))
    path = playbook_path(library, "linear")
    path.write_text(PLAYBOOKS["linear"].replace("Read the report", "Read it all"), "utf-8")
    resumed = cli("run", "--resume", run_id_of(result.stdout), stdin=answers("d", "d"))
    assert resumed.returncode == 0
    assert "the playbook file has changed" in resumed.stdout
    assert "Read the report" in resumed.stdout and "Read it all" not in resumed.stdout


def test_unknown_playbook_suggests_the_closest_id(cli: Cli) -> None:
    result = cli("run", "lienar")
    assert result.returncode == 1
    assert "did you mean" in result.stderr and "linear" in result.stderr
    no_traceback(result)


def test_missing_language_version(cli: Cli) -> None:
    result = cli("run", "linear", "--lang", "fr")
    assert result.returncode == 1
    assert "en" in result.stderr
    no_traceback(result)


def test_a_required_variable_left_empty_is_asked_again(cli: Cli) -> None:
    result = cli("run", "templated", stdin=answers("", "   ", "@lea", "", "d", "d"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("Creator handle (e.g. @lea.live) [required]: ") == 3
    assert result.stdout.count("LIVE room ID [optional, Enter to leave empty]: ") == 1
    assert "Warning: Left empty: room_id (the message shows “[room id: not given]”)" in (
        result.stdout
    )
    assert "Hi @lea, about room [room id: not given]: type {literal} in the box." in result.stdout
    assert "(left empty: room\\_id)" in result.stdout
    assert "{room_id}" not in result.stdout


def test_input_ending_while_asking_variables_records_nothing(cli: Cli, journal_path: Path) -> None:
    result = cli("run", "templated", stdin=answers(""))
    assert result.returncode == 2
    assert "nothing was recorded" in result.stderr
    no_traceback(result)
    assert "No unfinished runs." in cli("runs").stdout


@pytest.mark.parametrize("bad", ["creator_handle", "=x", "  =x"])
def test_a_var_without_name_and_value_is_a_usage_error(cli: Cli, bad: str) -> None:
    result = cli("run", "templated", "--var", bad, stdin=answers("d"))
    assert result.returncode == 2
    assert "NAME=VALUE" in result.stderr
    no_traceback(result)


def test_an_unknown_variable_is_a_usage_error(cli: Cli) -> None:
    result = cli(
        "run", "templated", "--var", "creator_handle=@x", "--var", "room=1", stdin=answers("d")
    )
    assert result.returncode == 2
    assert "room" in result.stderr and "creator_handle, room_id" in result.stderr
    no_traceback(result)
    assert "No unfinished runs." in cli("runs").stdout


def test_run_needs_an_id_or_resume(cli: Cli) -> None:
    assert cli("run").returncode == 2
    assert cli("run", "linear", "--resume", "x").returncode == 2


def test_resume_of_an_unknown_run_is_an_error(cli: Cli) -> None:
    result = cli("run", "--resume", "nope")
    assert result.returncode == 1
    assert "no run" in result.stderr
    no_traceback(result)


@pytest.mark.parametrize("command", [["run", "linear"], ["runs"], ["summary", "x"]])
def test_a_journal_that_is_not_a_database_is_a_clear_error(
    cli: Cli, journal_path: Path, command: list[str]
) -> None:
    journal_path.parent.mkdir(parents=True)
    garbage = os.urandom(4096)
    journal_path.write_bytes(garbage)
    result = cli(*command, stdin=answers("d", "d", "d"))
    assert result.returncode in (1, 2)
    assert result.stderr.startswith("livecheck: error: ")
    assert "not a livecheck journal" in result.stderr
    no_traceback(result)
    assert journal_path.read_bytes() == garbage


def test_a_data_dir_that_cannot_be_created_is_a_clear_error(cli: Cli, tmp_path: Path) -> None:
    # Running as root ignores permission bits, so the "read-only" place is a path
    # below a regular file: no directory can ever be created there.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("keep me")
    result = cli("run", "linear", data=blocker / "data", stdin=answers("d", "d", "d"))
    assert result.returncode in (1, 2)
    assert result.stderr.startswith("livecheck: error: ")
    assert "journal" in result.stderr
    no_traceback(result)
    assert blocker.read_text() == "keep me"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permission bits")
def test_a_read_only_data_dir_is_a_clear_error(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "ro"
    data.mkdir()
    os.chmod(data, 0o500)
    try:
        result = cli("run", "linear", data=data, stdin=answers("d", "d", "d"))
    finally:
        os.chmod(data, 0o700)
    assert result.returncode in (1, 2)
    assert result.stderr.startswith("livecheck: error: ")
    no_traceback(result)


def test_a_journal_path_that_is_a_folder_is_a_clear_error(cli: Cli, journal_path: Path) -> None:
    journal_path.mkdir(parents=True)
    result = cli("run", "linear", stdin=answers("d"))
    assert result.returncode in (1, 2)
    assert result.stderr.startswith("livecheck: error: ")
    no_traceback(result)


# -- the commands, shape by shape --------------------------------------------------------


def test_decision_numbers_and_wrong_answers(cli: Cli) -> None:
    result = cli("run", "decision", stdin=answers("d", "9", "x", "d", "1", "d", "d"))
    assert result.returncode == 0, result.stdout
    assert result.stdout.count("Not a command here") == 2
    assert "This step is a decision: type the number of a choice." in result.stdout
    assert "chose “Left”" in result.stdout
    assert "Handle the right case" not in result.stdout.split("# Handoff")[1]


def test_back_across_a_decision(cli: Cli) -> None:
    result = cli("run", "decision", stdin=answers("d", "1", "b", "2", "d", "d"))
    assert result.returncode == 0, result.stdout
    summary = result.stdout.split("# Handoff")[1]
    assert "chose “Right”" in summary and "chose “Left”" not in summary
    assert "Handle the right case" in summary


def test_back_at_the_first_step_is_refused(cli: Cli) -> None:
    result = cli("run", "linear", stdin=answers("b", "d", "d", "d"))
    assert result.returncode == 0
    assert "Not done: nothing to go back to" in result.stdout


def test_irreversible_steps_need_yes(cli: Cli) -> None:
    result = cli(
        "run",
        "irreversible",
        stdin=answers("d", "d", "no", "d", "yes", "b", "1", "", "1", "yes", "d", "d"),
    )
    assert result.returncode == 0, result.stdout
    out = result.stdout
    assert "(CANNOT BE UNDONE)" in out
    assert out.count("Not confirmed; the step is still open.") == 2
    assert "Not done: cannot go back past a confirmed irreversible step" in out
    summary = out.split("# Handoff")[1]
    assert "**Ban the account**: done, confirmed (cannot be undone)" in summary
    assert "chose “Report”" in summary and "**File the report**: done" in summary


def test_pause_points_continue_on_enter_or_d(cli: Cli) -> None:
    """Issue 12.15: `d` goes on at a pause point, as in the app (`c` was plain's own key)."""
    result = cli("run", "pause", stdin=answers("d", "d", "", "d", "n", "all good", "d"))
    assert result.returncode == 0, result.stdout
    out = result.stdout
    assert out.count("Pause point. Done so far:") == 3  # the note re-shows the final review
    assert "  3. Do the last thing: done" in out
    assert "Run ended: resolved." in out


def test_input_ending_at_the_final_pause_keeps_the_run_open(cli: Cli, journal_path: Path) -> None:
    result = cli("run", "pause", stdin=answers("d", "d", "c", "d"))
    assert result.returncode == 3
    journal = Journal.open(journal_path)
    try:
        (run,) = journal.unfinished_runs()
        assert run.current_step == "three"
    finally:
        journal.close()


def test_escalate_ends_the_run_with_the_note(cli: Cli) -> None:
    result = cli("run", "loop", stdin=answers("d", "e", "handed to the app team"))
    assert result.returncode == 0
    assert "Run ended: escalated." in result.stdout
    assert "| Outcome | escalated: handed to the app team |" in result.stdout


def test_abandon_asks_why(cli: Cli) -> None:
    result = cli("run", "loop", stdin=answers("a", "", "a", "wrong playbook"))
    assert result.returncode == 0
    assert "Not done: abandoning a run needs a reason" in result.stdout
    assert "Run ended: abandoned (wrong playbook)." in result.stdout
    assert "| Outcome | abandoned: wrong playbook |" in result.stdout


def test_skip_without_a_reason_is_refused(cli: Cli) -> None:
    result = cli("run", "linear", stdin=answers("s", "", "s", "dup", "d", "d"))
    assert result.returncode == 0
    assert "Not done: skipping a step needs a reason" in result.stdout
    assert "**Open the case**: skipped: dup" in result.stdout


def test_outcome_command_with_custom_outcomes(cli: Cli) -> None:
    result = cli("run", "custom-outcomes", stdin=answers("o", "", "o", "2"))
    assert result.returncode == 0, result.stdout
    assert "  1) handed-over\n  2) closed\n" in result.stdout
    assert "resolved" not in result.stdout.split("Run ended")[0].split("1) handed-over")[1]
    assert "Run ended: closed." in result.stdout


def test_skipping_an_outcome_step_then_going_back(cli: Cli) -> None:
    result = cli("run", "outcome-step", stdin=answers("d", "s", "x", "b", "d"))
    assert result.returncode == 0, result.stdout
    assert "The step that would end the run was skipped: how does the run end?" in result.stdout
    assert "Run ended: escalated." in result.stdout


def test_enter_at_the_outcome_prompt_goes_back_as_it_says(cli: Cli) -> None:
    result = cli("run", "outcome-step", stdin=answers("d", "s", "x", "", "d"))
    assert "Enter to go back" in result.stdout
    assert result.returncode == 0, result.stdout
    assert "Run ended: escalated." in result.stdout


def test_help_and_notes(cli: Cli) -> None:
    result = cli("run", "linear", stdin=answers("?", "n", "", "n", "looked", "d", "d", "d"))
    assert result.returncode == 0
    assert "Commands:" in result.stdout
    assert "Not done: a note needs some text" in result.stdout
    assert "   - Note " in result.stdout and ": looked" in result.stdout


def test_terminal_control_characters_in_answers_are_not_echoed(cli: Cli) -> None:
    result = cli(
        "run", "linear", "--case", "C\x1b[31m", stdin=answers("n", "red\x1b[2Jtext", "d", "q")
    )
    assert result.returncode == 3
    assert "\x1b" not in result.stdout
    summary = cli("summary", run_id_of(result.stdout))
    assert "\x1b" not in summary.stdout
    assert "red\\[2Jtext" in summary.stdout  # `[` escaped for Markdown, the ESC gone


# -- notes in the handoff summary --------------------------------------------------------


def test_a_note_at_the_step_where_the_run_was_escalated_is_in_the_summary(cli: Cli) -> None:
    result = cli("run", "linear", stdin=answers("d", "n", "evidence in ticket 991", "e", "lead"))
    assert result.returncode == 0
    assert "evidence in ticket 991" in result.stdout.split("# Handoff")[1]


def test_a_note_at_the_current_step_is_in_the_summary_of_an_open_run(cli: Cli) -> None:
    result = cli("run", "linear", stdin=answers("d", "n", "waiting for the creator", "q"))
    assert result.returncode == 3
    summary = cli("summary", run_id_of(result.stdout))
    assert "waiting for the creator" in summary.stdout


def test_a_note_in_a_loop_is_listed_once(cli: Cli) -> None:
    result = cli("run", "loop", stdin=answers("n", "first try note", "d", "1", "d", "2", "d"))
    assert result.returncode == 0
    assert result.stdout.split("# Handoff")[1].count("first try note") == 1


# -- the same, through a real process and a real pipe -------------------------------------


@pytest.mark.slow
def test_real_process_whole_run_and_early_end(real_cli: Cli, library: Path) -> None:
    result = real_cli(
        "run", "handoff", "--case", "CASE-42", "--var", "creator_handle=@lea.live",
        stdin=HANDOFF_ANSWERS,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert "| Case | CASE-42 |" in result.stdout
    assert "     > Hi @lea.live, about room R-77: appeal within 30 days {link}." in result.stdout

    early = real_cli("run", "linear", stdin=answers("d"))
    assert early.returncode == 3
    run_id = run_id_of(early.stdout)
    assert run_id in real_cli("runs").stdout
    assert real_cli("run", "--resume", run_id, stdin=answers("d", "d")).returncode == 0


@pytest.mark.slow
def test_real_process_errors_are_clear(real_cli: Cli, journal_path: Path, tmp_path: Path) -> None:
    unknown = real_cli("run", "lienar")
    assert unknown.returncode == 1 and "did you mean" in unknown.stderr
    bad_var = real_cli("run", "templated", "--var", "oops")
    assert bad_var.returncode == 2
    blocker = tmp_path / "file"
    blocker.write_text("x")
    blocked = real_cli("run", "linear", data=blocker / "data", stdin=answers("d"))
    assert blocked.returncode in (1, 2)
    journal_path.parent.mkdir(parents=True, exist_ok=True)
    journal_path.unlink(missing_ok=True)
    journal_path.write_bytes(os.urandom(2048))
    garbage = real_cli("run", "linear", stdin=answers("d"))
    assert garbage.returncode in (1, 2)
    assert "not a livecheck journal" in garbage.stderr
    for result in (unknown, bad_var, blocked, garbage):
        assert result.stderr.startswith("livecheck: error: ")
        no_traceback(result)


def test_resuming_an_ended_run_prints_its_summary(cli: Cli) -> None:
    result = cli("run", "linear", stdin=answers("e", "lead"))
    assert result.returncode == 0
    again = cli("run", "--resume", run_id_of(result.stdout))
    assert again.returncode == 0
    assert "| Outcome | escalated: lead |" in again.stdout
