"""The words of late actions and runs taken over (present/team.py)."""

from __future__ import annotations

import datetime as dt

from livecheck.journal.late_store import LateAction, RunTaken
from livecheck.present.team import (
    late_action_lines,
    late_action_text,
    read_only_banner,
    run_taken_notice,
)

AT = dt.datetime(2026, 12, 3, 15, 4, tzinfo=dt.UTC)


def action(kind: str, step: str | None = "s1", **data: str) -> LateAction:
    return LateAction("r1", f"u-{kind}", 3, kind, AT, step, dict(data), "lea", "sam")


def test_each_kind_of_late_action_reads_as_what_it_did() -> None:
    assert late_action_text(action("done"), None) == "done: s1"
    assert late_action_text(action("skipped", reason="offline"), None) == "skipped s1: offline"
    assert late_action_text(action("chosen", label="Yes"), None) == "chose “Yes” at s1"
    assert late_action_text(action("note", None, text="called\nher"), None) == "note: called her"
    assert late_action_text(action("back"), None) == "went back a step"
    assert late_action_text(action("ended", None, outcome="resolved"), None) == (
        "ended the run: resolved"
    )


def test_the_lines_name_who_when_and_what() -> None:
    lines = late_action_lines([action("done"), action("note", None, text="hi")], None, dt.UTC)
    assert lines[0] == (
        "2 late actions by lea, recorded after the run was taken over (not in its history):"
    )
    assert lines[1].startswith("  3 December 2026") and lines[1].endswith("lea  done: s1")
    assert late_action_lines([], None) == []


def test_the_previous_holder_is_told_who_took_the_run_and_why() -> None:
    taken = RunTaken("r1", "sam", "sam", "lea is off sick", AT, True)
    assert run_taken_notice(taken).startswith("sam took over run r1: “lea is off sick”.")
    assert read_only_banner(taken) == "Read-only: sam took over this run."
    nobody = RunTaken("r1", "", None, None, None, False)
    assert run_taken_notice(nobody).startswith("Run r1 was taken over.")
    assert read_only_banner(nobody) == "Read-only: this run was taken over."
