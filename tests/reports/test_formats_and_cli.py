"""Every format parses and carries the figures; `livecheck report`, `feedback` and the
search log of `livecheck search` from the command line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from livecheck.cli import main
from livecheck.journal.store import Journal
from livecheck.reports.build import build_report
from livecheck.reports.render import render
from livecheck.search.log import search_record

from .conftest import T0, TODAY, Filled, fill, write_library

NOW = T0 + dt.timedelta(days=2)


@pytest.fixture
def text_report(filled: Filled) -> object:
    return build_report(filled.journal, filled.library, today=TODAY, now=NOW)


def test_json_has_the_whole_model(text_report: object) -> None:
    data = json.loads(render(text_report, "json"))  # type: ignore[arg-type]
    assert data["totals"]["runs"] == 6 and data["totals"]["resolution_rate"] == 0.6
    assert data["overall_time"]["median_seconds"] == 270
    assert data["period"] == {"since": None, "until": None}
    assert data["missing"][0]["normalized"] == "compte pirate"
    assert data["drills"][0]["pass_rate"] == 0.5


def test_csv_reads_back_in_long_form(text_report: object) -> None:
    rows = list(csv.DictReader(io.StringIO(render(text_report, "csv"))))  # type: ignore[arg-type]
    assert set(rows[0]) == {"section", "playbook", "step", "item", "metric", "value"}

    def value(section: str, metric: str, playbook: str = "", step: str = "", item: str = "") -> str:
        (row,) = [
            r
            for r in rows
            if (r["section"], r["metric"], r["playbook"], r["step"], r["item"])
            == (section, metric, playbook, step, item)
        ]
        return row["value"]

    assert value("totals", "runs") == "6"
    assert value("time_to_outcome", "breaches", "linear") == "1"
    assert value("steps", "skipped", "linear", "second") == "2"
    assert value("skip_reasons", "count", "linear", "second", "creator offline") == "2"
    assert value("per_day", "runs", item="2026-11-02") == "5"


def test_markdown_has_table_rows(text_report: object) -> None:
    md = render(text_report, "md")  # type: ignore[arg-type]
    assert md.startswith("# livecheck report\n")
    assert "## Runs per playbook and outcome" in md
    assert "| linear | 4 | 3 | 0 | — | 1 | 0 | 75 % | 0 % |" in md
    # The breach row is bold.
    assert (
        "| **linear** | **3** | **5 min 00 s** | **15 min 00 s** | **10 min** | **1 of 3** |" in md
    )


def test_text_is_tables_without_markup(filled: Filled) -> None:
    # Markup-looking text typed by a user is shown as typed, never interpreted.
    record = search_record("[bold]x[/] [@click=app.quit]", results=0, operator="x", at=T0)
    assert record is not None
    filled.journal.record_search(record)
    report = build_report(filled.journal, filled.library, today=TODAY, now=NOW)
    text = render(report, "text")
    assert "Runs per playbook and outcome" in text and "linear" in text
    assert "[bold]x[/] [@click=app.quit]" in text
    assert "\x1b" not in text


def test_user_text_cannot_break_a_markdown_table(filled: Filled) -> None:
    record = search_record("a | b <script>", results=0, operator="x", at=T0)
    assert record is not None
    filled.journal.record_search(record)
    md = render(build_report(filled.journal, filled.library, today=TODAY, now=NOW), "md")
    assert "| a \\| b &lt;script&gt; | 1 | 1 |" in md


# -- the command line ----------------------------------------------------------


def run_cli(*args: str, stdin: str = "") -> tuple[int, str, str]:
    import contextlib
    import sys

    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    root = write_library(tmp_path / "playbooks")
    data = tmp_path / "data"
    return root, data


def common(root: Path, data: Path) -> list[str]:
    return ["--playbooks", str(root), "--data-dir", str(data)]


def test_report_on_an_empty_journal(setup: tuple[Path, Path]) -> None:
    root, data = setup
    code, out, err = run_cli("report", *common(root, data))
    assert code == 0, err
    assert "No runs in the whole journal." in out
    code, out, _ = run_cli(
        "report",
        "--since",
        "2026-12-01",
        "--until",
        "2026-12-31",
        "--format",
        "md",
        *common(root, data),
    )
    assert code == 0
    assert "No runs between 1 December 2026 and 31 December 2026." in out


def test_report_cli_formats_and_output_file(setup: tuple[Path, Path], tmp_path: Path) -> None:
    root, data = setup
    journal = Journal.open(data / "journal.sqlite3")
    fill(journal, root)
    journal.close()
    code, out, _ = run_cli(
        "report", "--format", "json", "--category", "trust-safety", *common(root, data)
    )
    assert code == 0
    assert json.loads(out)["totals"]["runs"] == 2
    target = tmp_path / "report.csv"
    code, out, err = run_cli("report", "--format", "csv", "-o", str(target), *common(root, data))
    assert code == 0 and out == "" and "wrote" in err
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert next(csv.reader(target.open(encoding="utf-8"))) == [
        "section", "playbook", "step", "item", "metric", "value"
    ]  # fmt: skip
    code, _, err = run_cli(
        "report", "--since", "2026-12-02", "--until", "2026-12-01", *common(root, data)
    )
    assert code == 2 and "before it begins" in err


def test_feedback_command(setup: tuple[Path, Path]) -> None:
    root, data = setup
    journal = Journal.open(data / "journal.sqlite3")
    ids = fill(journal, root)
    journal.close()
    code, out, err = run_cli(
        "feedback", ids["R2"][:12], "--reason", "missing-step", "--comment", "No step to\x1b[31m call",
        *common(root, data),
    )  # fmt: skip
    assert code == 0, err
    assert "linear" in out
    db = sqlite3.connect(data / "journal.sqlite3")
    row = db.execute(
        "SELECT playbook_id, reason, comment FROM feedback WHERE run_id = ?", (ids["R2"],)
    ).fetchone()
    assert row == ("linear", "missing-step", "No step to[31m call")  # control characters dropped
    code, _, err = run_cli("feedback", "no-such-run", "--reason", "wrong", *common(root, data))
    assert code == 1 and "no run" in err
    code, out, _ = run_cli("report", "--format", "json", *common(root, data))
    feedback = {f["playbook_id"]: f["total"] for f in json.loads(out)["feedback"]}
    assert feedback == {"linear": 2, "decision": 1}


def test_a_plain_run_asks_for_feedback_and_enter_skips_it(setup: tuple[Path, Path]) -> None:
    from livecheck.cli.plain_run import PlainWalkthrough
    from livecheck.services.runs import RunService

    root, data = setup
    journal = Journal.open(data / "journal.sqlite3")
    service = RunService(journal, "intern")
    path = next(root.rglob("linear.en.yaml"))
    answers = {
        # first, second, third done; then feedback 3 (unclear) with a comment.
        "flagged": "d\nd\nd\n3\nstep 2 is vague\n",
        "skipped": "d\nd\nd\n\n",  # Enter: no feedback
        "input ended": "d\nd\nd\n",
    }
    outputs = {}
    for name, text in answers.items():
        out = io.StringIO()
        run = service.start(path, variables={})
        walk = PlainWalkthrough(service, run, io.StringIO(text), out, ask_feedback=True)
        assert walk.walk() == 0
        outputs[name] = out.getvalue()
    assert "Anything wrong with this playbook?" in outputs["skipped"]
    assert "feedback recorded" in outputs["flagged"]
    assert journal.connection.execute("SELECT reason, comment FROM feedback").fetchall() == [
        ("unclear", "step 2 is vague")
    ]
    journal.close()
    # From a pipe (not a terminal), `livecheck run` does not ask at all.
    code, out, err = run_cli("run", "linear", *common(root, data), stdin="d\nd\nd\n")
    assert code == 0, err
    assert "Anything wrong" not in out


def searches(data: Path) -> list[tuple[str, str, int, str | None]]:
    db = sqlite3.connect(data / "journal.sqlite3")
    return db.execute(
        "SELECT query, normalized, results, opened_playbook_id FROM searches ORDER BY id"
    ).fetchall()


def test_cli_search_is_logged_once_per_invocation(setup: tuple[Path, Path]) -> None:
    root, data = setup
    code, _, err = run_cli("search", "Réply", "to", "the", "CREATOR", *common(root, data))
    assert code == 0, err
    code, _, _ = run_cli("search", "zzqx", "plugh", *common(root, data))
    assert code == 0
    logged = searches(data)
    assert [(q, n, opened) for q, n, _, opened in logged] == [
        ("Réply to the CREATOR", "reply to the creator", None),
        ("zzqx plugh", "zzqx plugh", None),
    ]
    assert logged[0][2] > 0  # results found


def test_batch_and_no_journal_searches_are_not_logged(setup: tuple[Path, Path]) -> None:
    root, data = setup
    code, out, _ = run_cli("search", "--json", "-", *common(root, data), stdin="creator\nticket\n")
    assert code == 0 and len(out.splitlines()) == 2
    code, _, _ = run_cli("search", "creator", "--no-journal", *common(root, data))
    assert code == 0
    assert not (data / "journal.sqlite3").exists() or searches(data) == []


def test_the_text_report_never_truncates_a_playbook_id() -> None:
    """Issue 12: `verified-ba…` in the text report; an id must read whole."""
    from rich.console import Console

    from livecheck.reports.render_text import rich_table
    from livecheck.reports.table import Table

    long_id = "verified-badge-request-for-a-creator-agency"
    columns = ("Playbook", "Lang", "Owner", "Reviewed", "Review was due", "Days overdue")
    row = (long_id, "en", "eu-live-creator-ops", "2025-12-01", "2026-05-30", "187")
    table = Table("t", "Stale playbooks", columns, (row,), "none", numeric=frozenset({5}))
    console = Console(width=80, no_color=True, highlight=False, markup=False)
    with console.capture() as captured:
        console.print(rich_table(table))
    out = captured.get()
    assert "…" not in out and "187" in out  # nothing cut short, no column dropped
    body = out[out.index("─") :].splitlines()[1:]
    assert "".join(line.split()[0] for line in body if line.strip()) == long_id


def test_emphasis_typed_by_a_user_stays_as_typed_in_markdown(filled: Filled) -> None:
    """Issue 12.16: `*x*` or `_x_` in a query was read as emphasis in the Markdown report."""
    record = search_record("*urgent* key_reset", results=0, operator="x", at=T0)
    assert record is not None
    filled.journal.record_search(record)
    md = render(build_report(filled.journal, filled.library, today=TODAY, now=NOW), "md")
    assert "| \\*urgent\\* key\\_reset | 1 | 1 |" in md


def test_the_report_names_its_time_zone(filled: Filled) -> None:
    """Issue 12.8: reports showed UTC; they show local time with the zone named."""
    import zoneinfo

    report = build_report(filled.journal, filled.library, today=TODAY, now=NOW)
    text = render(report, "text", zone=zoneinfo.ZoneInfo("Asia/Tokyo"))
    local = NOW.astimezone(zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert f"generated {local.day} November 2026, {local:%H:%M} (JST)" in text


@pytest.mark.parametrize("width", [120, 60])
def test_the_text_tables_read_the_same_with_the_widths_given_to_rich(width: int) -> None:
    """Columns given their widths (to spare rich measuring every cell) when the table
    fits; rich's own layout (folding) when it does not: the same text either way."""
    from rich.console import Console

    from livecheck.reports.render_text import rich_table
    from livecheck.reports.table import Table

    columns = ("Playbook", "Step", "Visits", "Median time", "Top skip reasons")
    rows = tuple(
        (f"playbook-{n}", f"Step {n}", f"{n * 1000:,}", "4 min 00 s", "creator offline (5)")
        for n in range(30)
    )
    table = Table("steps", "Steps: time, skips", columns, rows, "none", numeric=frozenset({2}))
    outputs = []
    for hint in (None, width):
        console = Console(width=width, no_color=True, highlight=False, markup=False)
        with console.capture() as captured:
            console.print(rich_table(table, hint))
        outputs.append(captured.get())
    assert outputs[0] == outputs[1]
    assert "…" not in outputs[1]
    assert ("playbook-29   Step 29" in outputs[1]) == (width == 120)  # else folded


@pytest.mark.parametrize("color", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("width", [120, 80, 50])
def test_the_plain_text_tables_are_rich_s_own_layout(
    filled: Filled, width: int, color: bool
) -> None:
    """A table whose values fit is written line by line (plain_table), not by rich:
    the text is the same as rich's (with colour too), table by table, and the whole
    report reads the same; a table that would fold is left to rich."""
    from rich.console import Console

    from livecheck.reports.render_text import plain_table, render_text, rich_table
    from livecheck.reports.tables import Table, tables

    report = build_report(filled.journal, filled.library, today=TODAY, now=NOW)
    extra = Table(
        "x",
        "A title",
        ("Name", "n", "empty"),
        (("é wide 漢字", "1", ""), ("b", "22", "")),
        "-",
        frozenset({1}),
        frozenset({1}),
        "a note",
    )
    fast_ones = 0
    for table in [*tables(report, dt.UTC), extra]:
        if not table.rows:
            continue
        console = Console(
            width=width,
            color_system="standard" if color else None,
            force_terminal=color,
            no_color=not color,
            highlight=False,
            markup=False,
            emoji=False,
        )
        with console.capture() as captured:
            console.print(rich_table(table, width))
        fast = plain_table(table, width, color=color)
        if fast is not None:
            fast_ones += 1
            assert fast == captured.get(), table.key
    assert fast_ones >= (3 if width >= 80 else 1)
    whole = render_text(report, width=width, color=color, zone=dt.UTC)
    import livecheck.reports.render_text as module

    original = module.plain_table
    try:
        module.plain_table = lambda table, width, color=False: None  # type: ignore[assignment]
        assert render_text(report, width=width, color=color, zone=dt.UTC) == whole
    finally:
        module.plain_table = original
