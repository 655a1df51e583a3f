"""The presentation layer's words: each checks one sentence or layout the front ends share."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from livecheck.i18n import use_language
from livecheck.present.keys import DEFAULT_KEYS, key_for
from livecheck.present.markdown import md_cell, md_text
from livecheck.present.sla import sla_line, sla_verdict
from livecheck.present.steps import hint_pause, hint_step
from livecheck.present.text import (
    blocks,
    filled,
    for_creator,
    markdown_as_plain,
    message_to_send,
    wrap_item,
    wrap_text,
)
from livecheck.present.times import clock_text, duration, moment_text
from livecheck.runs.state import Sla

MESSAGE = """\
Hi {creator_handle}, open LIVE Studio. You'll
get a Server URL and a Stream key.

Then:
- paste the URL in OBS,
  under Settings
- paste the key
"""


def test_a_message_reads_as_the_creator_should_receive_it() -> None:
    """Issue 12.12: the YAML block's line breaks mid-sentence are not the message's."""
    assert for_creator(MESSAGE) == (
        "Hi {creator_handle}, open LIVE Studio. You'll get a Server URL and a Stream key.\n\n"
        "Then:\n- paste the URL in OBS, under Settings\n- paste the key"
    )


def test_an_empty_optional_variable_reads_not_given_never_as_a_placeholder() -> None:
    """Issue 12.4: `any location signal ({location_signal})` showed the raw placeholder."""
    done = filled("any location signal ({location_signal}); {{literal}}", {})
    assert done.text == "any location signal ([location signal: not given]); {literal}"
    assert done.missing == ("location_signal",)
    sent = message_to_send(MESSAGE, {"creator_handle": ""})
    assert "{creator_handle}" not in sent.text and "[creator handle: not given]" in sent.text


def test_plain_text_is_joined_once_wrapped_once_and_markdown_reads_plain() -> None:
    """Issue 12.13: the playbook's own breaks were kept and re-wrapped on top, and
    `**LIVE → Settings**` showed raw."""
    detail = (
        "In the admin\nconsole, open **LIVE → Settings** and check `Access`.\n"
        "See [the guide](https://example.org/g)."
    )
    lines = wrap_text(detail, 40, "  ", markdown=True)
    assert lines == [
        "  In the admin console, open LIVE →",
        "  Settings and check Access. See the",
        "  guide (https://example.org/g).",
    ]
    assert markdown_as_plain("a *b* c_d_e __f__ \\*g") == "a b c_d_e f *g"


def test_list_items_stay_lines_and_paragraphs_stay_apart() -> None:
    kinds = [(b.marker, b.gap) for b in blocks(MESSAGE)]
    assert kinds == [("", False), ("", True), ("-", False), ("-", False)]


def test_each_wrapped_line_of_a_memory_item_has_one_mark() -> None:
    lines = wrap_item("Never leave a live risk unattended; stay until someone accepts.", 30, "! ")
    assert lines[0].startswith("  ! ") and all(line.startswith("    ") for line in lines[1:])
    assert sum(line.count("!") for line in lines) == 1


def test_durations_one_way() -> None:
    assert [duration(s) for s in (0.4, 59, 61, 3599, 3600, 7500)] == [
        "0 s",
        "59 s",
        "1 min 01 s",
        "59 min 59 s",
        "1 h 00 min",
        "2 h 05 min",
    ]


def test_moments_are_local_with_the_zone_named() -> None:
    """Issue 12.8: summaries showed UTC; the journal keeps UTC, people read local time."""
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    winter = dt.datetime(2026, 12, 3, 14, 5, tzinfo=dt.UTC)
    summer = dt.datetime(2026, 7, 3, 14, 5, tzinfo=dt.UTC)
    assert moment_text(winter, paris) == "3 December 2026, 15:05 (Paris time)"
    assert moment_text(summer, paris) == "3 July 2026, 16:05 (Paris time)"
    assert clock_text(winter, paris) == "15:05"
    assert moment_text(winter, dt.timezone(dt.timedelta(hours=5, minutes=30))) == (
        "3 December 2026, 19:35 (UTC+05:30)"
    )
    with use_language("fr"):
        assert moment_text(winter, paris).replace("\u00a0", " ") == (
            "3 décembre 2026, 15:05 (heure de Paris)"
        )


def _sla(minutes: int, elapsed_minutes: float) -> Sla:
    elapsed = dt.timedelta(minutes=elapsed_minutes)
    return Sla(minutes, elapsed, dt.timedelta(minutes=minutes) - elapsed)


def test_the_sla_line_turns_amber_in_the_last_fifth() -> None:
    """Issue 12.11: an amber state during the last 20 % of the time."""
    assert sla_line(_sla(10, 7)).level == "ok"
    assert sla_line(_sla(10, 7)).text == "SLA 10 min: 3 min 00 s left"
    low = sla_line(_sla(10, 8.5))
    assert low.level == "low" and low.text == "SLA 10 min: only 1 min 30 s left"
    over = sla_line(_sla(10, 12))
    assert over.level == "over" and over.text == "SLA 10 min: OVER by 2 min 00 s"


def test_an_abandoned_run_has_no_sla_verdict() -> None:
    """Issue 12.11: an abandoned run said "SLA: met"."""
    assert sla_verdict(_sla(10, 3), "abandoned") == (
        "10 min: no verdict, the run was abandoned after 3 min 00 s"
    )
    assert sla_verdict(_sla(10, 3), "ended") == "10 min: met (3 min 00 s)"
    assert sla_verdict(_sla(10, 13), "ended") == "10 min: breached by 3 min 00 s (13 min 00 s)"


def test_user_text_is_inert_in_markdown() -> None:
    """Issue 12.16: `CASE|1` broke the summary's table."""
    assert md_cell("CASE|1") == "CASE\\|1"
    assert md_text("*urgent* _x_ `y` [a](b) <b> a\\b ~z~") == (
        "\\*urgent\\* \\_x\\_ \\`y\\` \\[a\\](b) &lt;b&gt; a\\\\b \\~z\\~"
    )
    assert md_cell("") == " "


def test_keys_in_hints_follow_the_keymap() -> None:
    assert key_for("walk.done") == "d"
    assert key_for("walk.done", {"walk.done": "enter,x"}) == "Enter/x"
    assert str(hint_pause({"walk.done": "x", "walk.back": "u"})) == (
        "Review what was done before going on: press x to review and continue, "
        "u to undo the last step."
    )
    assert set(DEFAULT_KEYS) >= {"walk.done", "walk.skip", "walk.back", "walk.copy"}


def test_a_hint_splits_into_words_and_keys() -> None:
    from livecheck.playbook.model import Step

    step = Step(id="s", title="Do it", irreversible=True)
    hint = hint_step(step, {"walk.skip": "k"})
    assert ("d", True) in hint.parts() and ("k", True) in hint.parts()
    assert "".join(text for text, _ in hint.parts()) == str(hint)


def test_a_drill_score_writes_durations_the_one_way() -> None:
    """Durations were written by present/summary.py and drills/scoring.py separately."""
    from livecheck.drills.score import ScorePart
    from livecheck.present.drill_score import part_reason

    part = ScorePart("time", 0, 10, "time-gave-up", {"seconds": 3700.0})
    assert part_reason(part) == f"given up after {duration(3700)}" == "given up after 1 h 01 min"


def test_a_runs_age_is_written_the_one_way_and_never_negative() -> None:
    """`livecheck runs` wrote an age itself (cli/plain_run.describe_age), without the
    TUI's guard against a last action stamped after `now` by a clock that disagrees."""
    from livecheck.present.times import age

    now = dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC)
    assert age(now - dt.timedelta(minutes=3, seconds=5), now) == duration(185)
    assert age(now + dt.timedelta(minutes=2), now) == duration(0)


def test_the_team_progress_table_speaks_the_interface_language() -> None:
    """`drill --progress --all` wrote its headings in English only (TRAINEE, PASSED…),
    while the trainee's own table had the same headings through gettext."""
    from livecheck.present.drill_progress import (
        no_attempts_yet,
        progress_columns,
        team_progress_columns,
    )

    with use_language("fr"):
        team, own = team_progress_columns(), progress_columns()
        empty = no_attempts_yet()
    assert (team[1], team[2], team[3]) == (own[4], own[2], own[5])
    assert not {"TRAINEE", "PASSED", "ATTEMPTS", "LAST ATTEMPT", "CERTIFIED"} & set(team)
    assert empty != "No drill attempts yet."
