"""Handing a run over and taking it on another machine, through the command line,
against a real PostgreSQL server."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from livecheck.cli import main
from tests.team.helpers import server_rows, write_playbook

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def as_person(
    tmp_path: Path,
    team_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[[str], Cli]:
    """`livecheck` as one person on their own machine (data dir, config) on the team journal."""
    library = tmp_path / "library"
    write_playbook(library)

    def person(name: str) -> Cli:
        home = tmp_path / name
        home.mkdir(exist_ok=True)
        config = home / "config.toml"
        config.write_text(f'operator = "{name}"\n', encoding="utf-8")

        def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
            capsys.readouterr()
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
            code = main(
                [
                    *args,
                    "--data-dir",
                    str(home / "data"),
                    "--playbooks",
                    str(library),
                    "--config",
                    str(config),
                    "--journal",
                    team_url,
                ]
            )
            out, err = capsys.readouterr()
            return code, out, err

        return run

    return person


def test_hand_over_and_take_with_the_whole_history(
    as_person: Callable[[str], Cli], team_url: str
) -> None:
    lea, bo, cy = as_person("lea"), as_person("bo"), as_person("cy")
    code, out, _ = lea("run", "linear", "--case", "T-9", stdin="d\nn\ncalled the creator\nq\n")
    assert code == 3, out
    [(run_id,)] = server_rows(team_url, "SELECT id FROM runs")
    code, out, _ = lea("runs", "--team")
    assert code == 0 and run_id in out and "lea" in out and "second" in out
    code, out, err = lea("run", "--handoff", run_id, "--note", "waiting on payments", "--to", "bo")
    assert code == 0, err
    code, out, _ = lea("runs")
    assert run_id not in out  # no longer this machine's
    code, out, _ = lea("runs", "--team")
    assert "handed to bo" in out
    # Only the person it was handed to (or a lead) may take it.
    code, _, err = cy("run", "--take", run_id)
    assert code == 1 and "handed to bo" in err
    code, out, err = bo("run", "--take", run_id, stdin="d\nd\n")
    assert code == 0, err + out
    assert "taken over from" not in out or "lea" in out
    assert "called the creator" in out and "waiting on payments" in out  # the whole history
    rows = server_rows(
        team_url, "SELECT seq, kind FROM events WHERE run_id = %s ORDER BY seq", (run_id,)
    )
    assert [k for _, k in rows] == ["run-started", "done", "note", "note", "done", "done"]
    assert [s for s, _ in rows] == list(range(1, 7))
    [(status, holder)] = server_rows(team_url, "SELECT status, holder FROM runs")
    assert (status, holder) == ("ended", "bo")
    kinds = server_rows(team_url, "SELECT kind, by_operator FROM handovers ORDER BY id")
    assert kinds == [("handoff", "lea"), ("take", "bo")]


def test_taking_a_held_run_says_who_has_it(as_person: Callable[[str], Cli], team_url: str) -> None:
    lea, bo = as_person("lea"), as_person("bo")
    lea("run", "linear", stdin="d\nq\n")
    [(run_id,)] = server_rows(team_url, "SELECT id FROM runs")
    code, _, err = bo("run", "--take", run_id)
    assert code == 1 and "held by lea" in err
    code, _, err = bo("run", "--take", run_id, "--force")
    assert code == 2 and "--reason" in err
    # The server's superuser is no intern: the forced take goes through, journaled.
    code, out, err = bo("run", "--take", run_id, "--force", "--reason", "lea is ill", stdin="q\n")
    assert code == 3, err
    assert "taken over from lea" in out
    rows = server_rows(team_url, "SELECT kind, previous_holder, note FROM handovers")
    assert rows == [("force-take", "lea", "lea is ill")]


def _shortest_unique(run_id: str, others: list[str]) -> str:
    for n in range(1, len(run_id) + 1):
        if not any(o.startswith(run_id[:n]) for o in others):
            return run_id[:n]
    return run_id


def test_take_and_handoff_accept_a_unique_start_of_the_run_id(
    as_person: Callable[[str], Cli], team_url: str
) -> None:
    lea, bo = as_person("lea"), as_person("bo")
    for case in ("T-1", "T-2"):
        assert lea("run", "linear", "--case", case, stdin="q\n")[0] == 3
    first, second = (r[0] for r in server_rows(team_url, "SELECT id FROM runs ORDER BY case_ref"))
    shared = first[:9]  # the day, YYYYMMDD-: both runs began today
    assert second.startswith(shared)
    # --handoff reads this machine's journal: ambiguous, unknown, then unique.
    code, _, err = lea("run", "--handoff", shared, "--note", "n")
    assert code == 1 and "matches 2 runs" in err and "give more of the id" in err
    assert first in err and second in err and "unfinished" in err
    code, _, err = lea("run", "--handoff", "1999", "--note", "n")
    assert code == 1 and "no run '1999'" in err
    for run_id, other in ((first, second), (second, first)):
        code, out, err = lea("run", "--handoff", _shortest_unique(run_id, [other]), "--note", "n")
        assert code == 0 and f"Run {run_id} handed over" in out, err
    # --take reads the team journal: the candidates listed with how each stands.
    code, _, err = bo("run", "--take", shared)
    assert code == 1 and "matches 2 runs" in err, err
    assert f"{first} (linear, handed to the team)" in err and second in err
    code, _, err = bo("run", "--take", "1999")
    assert code == 1 and "no run '1999' on the team journal" in err
    code, out, err = bo("run", "--take", _shortest_unique(second, [first]), stdin="q\n")
    assert code == 3 and f"Run {second} is yours." in out, err
    assert server_rows(team_url, "SELECT holder FROM runs WHERE id = %s", (second,)) == [("bo",)]
    # What bo holds now stands so in the list of candidates.
    code, _, err = lea("run", "--take", shared)
    assert code == 1 and f"{second} (linear, held by bo)" in err
