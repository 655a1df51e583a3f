"""Every rule of the playbook format page, checked against a fixture that breaks it.

Each file in `fixtures/bad/` breaks exactly one rule (it is named after the
problem code); each folder in `fixtures/bad_library/` breaks one rule that
needs more than one file to see. Every playbook in `fixtures/good/` must lint
without a single problem. Positions are 1-based line and column, counted in
characters (code points), of the offending node.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from livecheck.playbook.library import find_playbook_files, load_library
from livecheck.playbook.loader import LoadedFile, load_playbook_file
from livecheck.playbook.problems import Severity
from livecheck.playbook.spec import DEFAULT_OUTCOMES
from livecheck.playbook.yaml_reader import MAX_BYTES, MAX_DEPTH

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOOD = FIXTURES / "good"
BAD = FIXTURES / "bad"
BAD_LIBRARY = FIXTURES / "bad_library"
FORMAT_PAGE = Path("/work/shared/playbook-format.md")

E, W = Severity.ERROR, Severity.WARNING

# The valid playbook every bad fixture starts from: 12 lines, `steps:` on line 10.
BASE = """\
id: broken-example
lang: en
title: Broken example
summary: A playbook that breaks exactly one rule.
when: Use when testing lint.
category: operational
severity: low
owner: livecheck-tests
reviewed: 2026-01-15
steps:
  - id: first
    title: Do the first thing
"""


def where(result: LoadedFile) -> list[tuple[Path, int, int, Severity, str]]:
    return [(p.path, p.line, p.col, p.severity, p.code) for p in result.problems]


def write(tmp_path: Path, text: str | bytes, name: str = "playbook.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


# --------------------------------------------------------------------------
# Good playbooks
# --------------------------------------------------------------------------

GOOD_FILES = sorted(f.path for f in find_playbook_files([GOOD]))


def test_the_good_fixtures_are_all_there() -> None:
    names = {p.relative_to(GOOD).as_posix() for p in GOOD_FILES}
    assert names == {
        "campaign/gift-campaign-payout.en.yaml",
        "onboarding/first-live-setup.en.yaml",
        "onboarding/first-live-setup.fr.yaml",
        "operational/minimal-check.en.yaml",
        "operational/stream-lag-report.en.yml",
        "trust-safety/live-ended-by-ban.en.yaml",
        "trust-safety/a-playbook-id-of-exactly-sixty-four-characters-the-longest-valid.fr.yaml",
    }


@pytest.mark.parametrize("path", GOOD_FILES, ids=lambda p: p.name)
def test_good_fixture_loads_without_any_problem(path: Path) -> None:
    result = load_playbook_file(path)
    assert result.problems == ()
    assert result.playbook is not None
    assert path.parent.name == result.playbook.category
    assert path.name.startswith(f"{result.playbook.id}.{result.playbook.lang}.")


def test_good_library_has_no_problem_at_all() -> None:
    library = load_library([GOOD])
    assert [p.format() for p in library.problems] == []
    assert library.file_count == len(GOOD_FILES)
    assert len(library.playbooks) == len(GOOD_FILES)
    assert library.languages_of("first-live-setup") == ["en", "fr"]


def test_good_file_named_directly_has_no_file_name_warning() -> None:
    library = load_library([GOOD / "operational" / "minimal-check.en.yaml"])
    assert library.problems == ()
    assert [p.key for p in library.playbooks] == [("minimal-check", "en")]


def test_format_page_example_is_copied_verbatim() -> None:
    if not FORMAT_PAGE.exists():
        pytest.skip("the format page is not available here")
    page = FORMAT_PAGE.read_text(encoding="utf-8")
    example = page.split("## Example\n\n```yaml\n", 1)[1].split("```", 1)[0]
    fixture = GOOD / "trust-safety" / "live-ended-by-ban.en.yaml"
    assert fixture.read_text(encoding="utf-8") == example


def test_format_page_example_reads_as_expected() -> None:
    pb = load_playbook_file(GOOD / "trust-safety" / "live-ended-by-ban.en.yaml").playbook
    assert pb is not None
    assert pb.key == ("live-ended-by-ban", "en")
    assert pb.reviewed == dt.date(2026, 10, 1)
    assert pb.keywords == ("stream cut", "banned mid-live", "live coupé", "suspension")
    assert pb.outcomes == DEFAULT_OUTCOMES
    assert [s.id for s in pb.steps] == [
        "find-notice",
        "violation-type",
        "escalate-minor-safety",
        "explain-appeal",
    ]
    assert pb.steps[2].irreversible and pb.steps[2].outcome == "escalated"


def test_minimal_playbook_gets_the_defaults() -> None:
    pb = load_playbook_file(GOOD / "operational" / "minimal-check.en.yaml").playbook
    assert pb is not None
    assert len(pb.steps) == 1
    step = pb.steps[0]
    assert (step.mode, step.irreversible, step.pause, step.choices) == ("read-do", False, False, ())
    assert pb.review_every_days == 180
    assert pb.outcomes == DEFAULT_OUTCOMES
    assert (pb.tags, pb.keywords, pb.variables, pb.memory, pb.related, pb.drills) == (
        (),
        (),
        (),
        (),
        (),
        (),
    )
    assert pb.sla_minutes is None


def test_full_playbook_uses_every_optional_key() -> None:
    pb = load_playbook_file(GOOD / "campaign" / "gift-campaign-payout.en.yaml").playbook
    assert pb is not None
    assert pb.review_every_days == 90
    assert pb.sla_minutes == 120
    assert pb.tags == ("payout", "gifts", "campaign-2026")
    assert "pas payé" in pb.keywords
    assert len(pb.memory) == 5
    assert "resolved" not in pb.outcomes
    assert pb.related == ("live-ended-by-ban", "first-live-setup")
    handle, campaign, amount = pb.variables
    assert (handle.required, handle.example) == (True, "@lea.live")
    assert (campaign.required, campaign.example) == (False, "GC-2026-04")
    assert (amount.required, amount.example) == (False, None)
    steps = {s.id: s for s in pb.steps}
    assert steps["open-record"].mode == "do-confirm"
    assert steps["eligible"].is_decision
    # a goto loop (eligible -> open-record -> eligible) that a choice can leave
    loop_back = steps["eligible"].choice("Record missing")
    assert loop_back is not None and loop_back.goto == "open-record"
    assert steps["compare-amount"].pause
    assert steps["pay"].irreversible and steps["pay"].outcome == "paid"
    assert steps["correct"].goto == "confirm-correction"
    # every step ends at an explicit outcome, a goto or a choice: nothing falls off the list
    assert pb.steps[-1].outcome == "not-eligible"
    assert "{{ticket}}" in (steps["pay"].template or "")
    assert [d.id for d in pb.drills] == ["underpaid-agency", "big-claim", "no-record"]
    assert pb.drills[0].expect == (("eligible", "Eligible"), ("compare-amount", "Wrong amount"))


def test_translation_pair_has_identical_structure() -> None:
    library = load_library([GOOD])
    en, fr = library.get("first-live-setup", "en"), library.get("first-live-setup", "fr")
    assert en is not None and fr is not None
    assert [s.id for s in en.steps] == [s.id for s in fr.steps]
    assert [v.name for v in en.variables] == [v.name for v in fr.variables]
    assert en.reviewed == fr.reviewed
    assert en.title != fr.title
    assert "🎥" in fr.title and "« Ça va être génial ! »" in (fr.steps[2].template or "")


def test_yaml_1_2_reads_yes_no_on_off_as_text() -> None:
    path = GOOD / "operational" / "stream-lag-report.en.yml"
    pb = load_playbook_file(path).playbook
    assert pb is not None
    assert (pb.title, pb.summary, pb.when, pb.owner) == ("on", "yes", "off", "no")
    assert pb.keywords == ("yes", "no", "on", "off", "y", "n", "Yes", "NO", "true")
    assert pb.outcomes == ("yes", "no", "on", "off")
    assert [(c.label, c.outcome) for c in pb.steps[0].choices] == [
        ("yes", "yes"),
        ("no", "no"),
        ("On and off", "on"),
        ("off", "off"),
    ]


def test_longest_id_and_title_count_code_points() -> None:
    path = GOOD / "trust-safety"
    path /= "a-playbook-id-of-exactly-sixty-four-characters-the-longest-valid.fr.yaml"
    pb = load_playbook_file(path).playbook
    assert pb is not None
    assert len(pb.id) == 64
    assert len(pb.title) == 120
    assert len(pb.title.encode("utf-8")) > 120  # accented: bytes would be too many


def test_lang_no_is_norwegian_not_false(tmp_path: Path) -> None:
    result = load_playbook_file(write(tmp_path, BASE.replace("lang: en", "lang: no")))
    assert result.problems == ()
    assert result.playbook is not None and result.playbook.lang == "no"


# --------------------------------------------------------------------------
# One broken rule per file
# --------------------------------------------------------------------------


def rule(
    fixture: str,
    line: int,
    col: int,
    severity: Severity,
    code: str,
    message: str,
    bug: str | None = None,
) -> object:
    """One row of RULES; `bug` marks what livecheck gets wrong today (strict xfail)."""
    marks = [pytest.mark.xfail(reason=bug, strict=True)] if bug else []
    return pytest.param(
        fixture, line, col, severity, code, message, marks=marks, id=fixture.removesuffix(".yaml")
    )


RULES = [
    # fixture, line, col, severity, code, part of the message
    rule("encoding.yaml", 12, 20, E, "encoding", "byte 0xe9"),
    rule("yaml-syntax.yaml", 11, 6, E, "yaml-syntax", "invalid YAML"),
    rule("yaml-alias.yaml", 10, 11, E, "yaml-alias", "anchor &words"),
    rule("yaml-tag-python.yaml", 13, 13, E, "yaml-tag", "!!python/object/apply:os.system"),
    rule("yaml-tag-custom.yaml", 13, 13, E, "yaml-tag", "tag !foo is not allowed"),
    rule("yaml-duplicate-key.yaml", 15, 5, E, "yaml-duplicate-key", "'title' (first at line 14)"),
    rule("yaml-depth-flow.yaml", 13, 53, E, "yaml-depth", "deeper than 50 levels"),
    rule("yaml-depth-block.yaml", 63, 101, E, "yaml-depth", "deeper than 50 levels"),
    rule("yaml-documents.yaml", 13, 1, E, "yaml-documents", "exactly one YAML document"),
    rule("yaml-key.yaml", 13, 1, E, "yaml-key", "plain text"),
    rule("empty.yaml", 1, 1, E, "empty", "no playbook"),
    rule("empty-zero-bytes.yaml", 1, 1, E, "empty", "no playbook"),
    rule("type-top-level.yaml", 1, 1, E, "type", "must be a mapping"),
    rule("missing-key.yaml", 1, 1, E, "missing-key", "'owner'"),
    rule("missing-key-step.yaml", 13, 5, E, "missing-key", "'title' in this step"),
    rule(
        "unknown-key-top.yaml",
        10,
        1,
        E,
        "unknown-key",
        "'titel' in a playbook; did you mean 'title'?",
    ),
    rule("unknown-key-step.yaml", 13, 5, E, "unknown-key", "did you mean 'irreversible'?"),
    rule("unknown-key-choice.yaml", 15, 24, E, "unknown-key", "in a choice; did you mean 'goto'?"),
    rule("unknown-key-variable.yaml", 13, 5, E, "unknown-key", "did you mean 'required'?"),
    rule("unknown-key-drill.yaml", 17, 5, E, "unknown-key", "in a drill; did you mean 'expect'?"),
    rule("type-number.yaml", 3, 8, E, "type", 'got a number (404); quote it: title: "404"'),
    rule("type-bool.yaml", 14, 12, E, "type", 'quote it: title: "true"'),
    rule("type-date.yaml", 13, 13, E, "type", 'quote it: detail: "2026-03-01"'),
    rule("type-null.yaml", 10, 17, E, "type", "got null (an empty value); quote it"),
    rule("type-required-yes.yaml", 11, 62, E, "type", "YAML 1.2 reads yes/no/on/off as text"),
    rule("empty-text.yaml", 14, 12, E, "empty", "'title' may not be empty"),
    rule("slug.yaml", 1, 5, E, "slug", "'Broken_Example'"),
    rule("too-long-id.yaml", 1, 5, E, "too-long", "65 characters long; the most is 64"),
    rule("too-long-title.yaml", 3, 8, E, "too-long", "121 characters long; the most is 120"),
    rule("lang.yaml", 2, 7, E, "lang", "'EN'"),
    rule("enum-category.yaml", 6, 11, E, "enum", "did you mean 'trust-safety'?"),
    rule("enum-severity.yaml", 7, 11, E, "enum", "low, medium, high, critical"),
    rule("enum-mode.yaml", 13, 11, E, "enum", "did you mean 'do-confirm'?"),
    rule("date.yaml", 9, 11, E, "date", "YYYY-MM-DD"),
    rule("type-review-every-days.yaml", 10, 20, E, "type", "a whole number above 0"),
    rule("type-sla-minutes.yaml", 10, 14, E, "type", "a whole number above 0"),
    rule("too-many-memory.yaml", 16, 5, E, "too-many", "6 items; the most is 5"),
    rule("empty-steps.yaml", 10, 8, E, "empty", "'steps' needs at least one item"),
    rule("identifier.yaml", 12, 12, E, "identifier", "'Room-ID'"),
    rule("duplicate-variable.yaml", 13, 12, E, "duplicate-variable", "first at line 11"),
    rule(
        "duplicate-step.yaml",
        15,
        9,
        E,
        "duplicate-step",
        "'first' is used twice (first at line 11)",
    ),
    rule("duplicate-drill.yaml", 17, 9, E, "duplicate-drill", "first at line 14"),
    rule("duplicate-outcome.yaml", 10, 33, E, "duplicate-outcome", "'resolved' is used twice"),
    rule("duplicate-label.yaml", 16, 17, E, "duplicate-label", "'Done' is used twice"),
    rule("step-exclusive.yaml", 14, 14, E, "step-exclusive", "both 'goto' and 'outcome'"),
    rule(
        "choice-target-both.yaml", 15, 9, E, "choice-target", "exactly one of 'goto' or 'outcome'"
    ),
    rule(
        "choice-target-neither.yaml",
        15,
        9,
        E,
        "choice-target",
        "exactly one of 'goto' or 'outcome'",
    ),
    rule(
        "unknown-step-step.yaml",
        13,
        11,
        E,
        "unknown-step",
        "goto 'secnd': no step has this id; did you mean 'second'?",
    ),
    rule(
        "unknown-step-choice.yaml",
        15,
        30,
        E,
        "unknown-step",
        "goto 'frist': no step has this id; did you mean 'first'?",
    ),
    rule("unknown-outcome-step.yaml", 13, 14, E, "unknown-outcome", "outcome 'fixed'"),
    rule("unknown-outcome-choice.yaml", 15, 36, E, "unknown-outcome", "outcome 'failed'"),
    rule("unknown-outcome-drill.yaml", 16, 14, E, "unknown-outcome", "outcome 'fixed'"),
    rule("unknown-variable-template.yaml", 15, 47, E, "unknown-variable", "{room_id} in template"),
    rule("unknown-variable-detail.yaml", 18, 13, E, "unknown-variable", "{room_id} in detail"),
    rule("cycle.yaml", 11, 5, E, "cycle", "ping -> pong"),
    rule("falls-off-end.yaml", 19, 5, E, "falls-off-end", "step 'third'"),
    rule("unreachable.yaml", 14, 5, W, "unreachable", "step 'orphan'"),
    rule("drill-reveals-id.yaml", 15, 15, E, "drill-reveals", "the playbook's id"),
    rule("drill-reveals-title.yaml", 15, 15, E, "drill-reveals", "the playbook's title"),
    rule("drill-expect-step-missing.yaml", 24, 7, E, "drill-expect-step", "no step has this id"),
    rule("drill-expect-step-not-decision.yaml", 22, 14, E, "drill-expect-step", "not a decision"),
    rule("drill-expect-label.yaml", 23, 14, E, "drill-expect-label", "did you mean 'Not done'?"),
    rule("drill-path.yaml", 24, 14, W, "drill-path", "ends with 'escalated'"),
    rule(
        "unknown-variable-after-literal.yaml",
        15,
        75,
        E,
        "unknown-variable",
        "{room_id} in template",
    ),
    rule(
        "yaml-syntax-control-char.yaml",
        12,
        24,
        E,
        "yaml-syntax",
        "invalid YAML",
    ),
    rule("date-short-form.yaml", 9, 11, E, "date", "YYYY-MM-DD"),
    rule(
        "type-slug-number.yaml",
        13,
        9,
        E,
        "type",
        'quote it: id: "2"',
    ),
]


@pytest.mark.parametrize(("fixture", "line", "col", "severity", "code", "message"), RULES)
def test_broken_rule_is_the_only_problem(
    fixture: str, line: int, col: int, severity: Severity, code: str, message: str
) -> None:
    path = BAD / fixture
    result = load_playbook_file(path)
    assert where(result) == [(path, line, col, severity, code)]
    assert message in result.problems[0].message
    # an error keeps the playbook out of the library; a warning does not
    assert (result.playbook is None) == (severity is E)


def test_every_bad_fixture_is_in_a_test() -> None:
    named = {p.values[0] for p in RULES}  # type: ignore[attr-defined]
    named |= {"no-end.yaml", "unknown-key-unrelated.yaml"}
    assert {p.name for p in BAD.iterdir()} == named


def test_no_end_is_reported_at_the_step_that_leads_into_a_closed_loop() -> None:
    # Every step leads somewhere once references resolve, so a step that can never
    # reach an end always leads into a loop that no choice can leave: no-end comes
    # with a cycle error, each at its own step.
    path = BAD / "no-end.yaml"
    result = load_playbook_file(path)
    assert where(result) == [(path, 16, 5, E, "no-end"), (path, 18, 5, E, "cycle")]
    assert "step 'ask' can never reach an end" in result.problems[0].message


def test_cycle_that_a_choice_can_leave_is_fine(tmp_path: Path) -> None:
    text = BASE.replace(
        "    title: Do the first thing\n",
        "    title: Do the first thing\n"
        "  - id: again\n"
        "    title: Try again?\n"
        "    choices:\n"
        "      - {label: Again, goto: first}\n"
        "      - {label: Stop, outcome: unresolved}\n",
    )
    assert load_playbook_file(write(tmp_path, text)).problems == ()


def test_self_loop_without_exit_is_a_cycle(tmp_path: Path) -> None:
    text = BASE + "    goto: first\n"
    path = write(tmp_path, text)
    assert where(load_playbook_file(path)) == [(path, 11, 5, E, "cycle")]


def test_falling_off_the_end_is_fine_when_resolved_is_an_outcome(tmp_path: Path) -> None:
    text = BASE.replace("steps:", "outcomes: [resolved, fixed]\nsteps:")
    assert load_playbook_file(write(tmp_path, text)).problems == ()


def test_unreachable_last_step_does_not_fall_off_the_end(tmp_path: Path) -> None:
    text = BASE.replace("steps:", "outcomes: [fixed]\nsteps:") + (
        "    outcome: fixed\n  - id: orphan\n    title: Nobody comes here\n"
    )
    path = write(tmp_path, text)
    assert where(load_playbook_file(path)) == [(path, 15, 5, W, "unreachable")]


# --------------------------------------------------------------------------
# Sizes, encodings and YAML corner cases
# --------------------------------------------------------------------------


def _padded(size: int) -> bytes:
    """A valid playbook padded with comment lines to exactly `size` bytes."""
    data = BASE.encode("utf-8")
    pad = size - len(data)
    line = b"#" + b"x" * 98 + b"\n"
    data += line * (pad // len(line))
    rest = pad % len(line)
    data += (b"#" + b"x" * (rest - 2) + b"\n") if rest >= 2 else b"\n" * rest
    assert len(data) == size
    return data


def test_file_of_exactly_1_mib_is_fine(tmp_path: Path) -> None:
    result = load_playbook_file(write(tmp_path, _padded(MAX_BYTES)))
    assert result.problems == ()


def test_file_over_1_mib_is_too_large(tmp_path: Path) -> None:
    path = write(tmp_path, _padded(MAX_BYTES + 1))
    result = load_playbook_file(path)
    assert where(result) == [(path, 1, 1, E, "too-large")]
    assert "1 MiB" in result.problems[0].message
    assert MAX_BYTES == 1024 * 1024


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    result = load_playbook_file(write(tmp_path, b"\xef\xbb\xbf" + BASE.encode()))
    assert result.problems == ()


def test_encoding_column_counts_characters_not_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, BASE.encode().replace(b"owner: livecheck", b"owner: \xc3\xa9\xe9"))
    assert where(load_playbook_file(path)) == [(path, 8, 9, E, "encoding")]


def test_alias_without_anchor_is_reported_at_the_alias(tmp_path: Path) -> None:
    path = write(tmp_path, BASE + "    detail: *nowhere\n")
    result = load_playbook_file(path)
    assert where(result) == [(path, 13, 13, E, "yaml-alias")]
    assert "*nowhere" in result.problems[0].message


def test_only_the_first_anchor_is_reported(tmp_path: Path) -> None:
    text = BASE.replace("title: Broken example", "title: &t Broken example")
    path = write(tmp_path, text.replace("owner: livecheck-tests", "owner: &o x"))
    assert where(load_playbook_file(path)) == [(path, 3, 8, E, "yaml-alias")]


def _nested_flow(levels: int) -> str:
    return "x: " + "[" * (levels - 1) + "]" * (levels - 1) + "\n"


def _nested_block(levels: int) -> str:
    lines = ["x:"]
    for level in range(2, levels + 1):
        lines.append("  " * (level - 1) + f"k{level}:" + (" v" if level == levels else ""))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("nest", "at"), [(_nested_flow, (13, 53)), (_nested_block, (63, 101))], ids=["flow", "block"]
)
def test_depth_counts_the_top_level_mapping_as_level_1(
    nest: Callable[[int], str], at: tuple[int, int], tmp_path: Path
) -> None:
    fine = write(tmp_path, BASE + nest(MAX_DEPTH), "fifty.yaml")
    # 50 levels parse: the only problem left is the made-up key `x`
    assert [p.code for p in load_playbook_file(fine).problems] == ["unknown-key"]
    deep = write(tmp_path, BASE + nest(MAX_DEPTH + 1), "fifty-one.yaml")
    assert where(load_playbook_file(deep)) == [(deep, *at, E, "yaml-depth")]


def test_committed_depth_fixtures_match_the_generators() -> None:
    flow = (BAD / "yaml-depth-flow.yaml").read_text(encoding="utf-8")
    block = (BAD / "yaml-depth-block.yaml").read_text(encoding="utf-8")
    assert flow == BASE + _nested_flow(MAX_DEPTH + 1)
    assert block == BASE + _nested_block(MAX_DEPTH + 1)


@pytest.mark.parametrize(
    "raw",
    [
        *("42", "-7", "3.14", "1e3", "0x1F", "0o17", ".inf", "-.Inf", ".nan"),
        *("true", "False", "TRUE", "null", "~", "Null", ""),
        *("2026-10-01", "2026-10-01 10:30:00"),
    ],
)
def test_text_given_a_number_bool_date_or_null_says_quote_it(raw: str, tmp_path: Path) -> None:
    path = write(tmp_path, BASE.replace("owner: livecheck-tests", f"owner: {raw}"))
    result = load_playbook_file(path)
    # an empty value sits right after the colon
    assert where(result) == [(path, 8, 8 if raw else 7, E, "type")]
    assert "'owner' must be text" in result.problems[0].message
    assert "quote it: owner: " in result.problems[0].message


@pytest.mark.parametrize("raw", ["007", "1e3", "1.10", "0x1F", "2026-10-01 10:30:00"])
def test_quote_it_hint_keeps_the_text_as_written(raw: str, tmp_path: Path) -> None:
    path = write(tmp_path, BASE.replace("owner: livecheck-tests", f"owner: {raw}"))
    assert f'quote it: owner: "{raw}"' in load_playbook_file(path).problems[0].message


@pytest.mark.parametrize(
    "raw", ["yes", "no", "on", "off", "Yes", "NO", "y", "n", "1_000", "0b101", "12:30", "+1x"]
)
def test_yaml_1_2_keeps_these_as_text(raw: str, tmp_path: Path) -> None:
    result = load_playbook_file(write(tmp_path, BASE.replace("livecheck-tests", raw)))
    assert result.problems == ()
    assert result.playbook is not None and result.playbook.owner == raw


@pytest.mark.parametrize("raw", ['""', "'   '", '"\\t"'])
def test_required_text_may_not_be_empty(raw: str, tmp_path: Path) -> None:
    path = write(tmp_path, BASE.replace("when: Use when testing lint.", f"when: {raw}"))
    assert where(load_playbook_file(path)) == [(path, 5, 7, E, "empty")]


@pytest.mark.parametrize("raw", ["0", "-1", "1.5", "true", '"30"', "~", "[30]"])
@pytest.mark.parametrize("key", ["review_every_days", "sla_minutes"])
def test_positive_int_fields_reject_anything_else(key: str, raw: str, tmp_path: Path) -> None:
    path = write(tmp_path, BASE.replace("steps:", f"{key}: {raw}\nsteps:"))
    assert where(load_playbook_file(path)) == [(path, 10, len(key) + 3, E, "type")]


@pytest.mark.parametrize("key", ["review_every_days", "sla_minutes"])
def test_positive_int_fields_accept_one(key: str, tmp_path: Path) -> None:
    assert load_playbook_file(write(tmp_path, BASE + f"{key}: 1\n")).problems == ()


@pytest.mark.parametrize("raw", ["EN", "eng", "e", "en-GB", "en_GB", "'fr '", "é1"])
def test_lang_must_be_two_lower_case_letters(raw: str, tmp_path: Path) -> None:
    path = write(tmp_path, BASE.replace("lang: en", f"lang: {raw}"))
    assert where(load_playbook_file(path)) == [(path, 2, 7, E, "lang")]


@pytest.mark.parametrize("raw", ["zz", "xx", "tl"])
def test_lang_is_checked_for_shape_not_against_a_list(raw: str, tmp_path: Path) -> None:
    assert (
        load_playbook_file(write(tmp_path, BASE.replace("lang: en", f"lang: {raw}"))).problems == ()
    )


@pytest.mark.parametrize("raw", ["Bad_Id", "-lead", "trail-", "double--hyphen", "sp ace", "UPPER"])
def test_id_must_be_a_slug(raw: str, tmp_path: Path) -> None:
    path = write(tmp_path, BASE.replace("id: broken-example", f"id: {raw}"))
    assert where(load_playbook_file(path)) == [(path, 1, 5, E, "slug")]


@pytest.mark.parametrize(
    "raw", ["2026-02-30", "2026-13-01", "'01/02/2026'", "2026-10-01T10:00:00", "yesterday"]
)
def test_reviewed_must_be_a_date(raw: str, tmp_path: Path) -> None:
    path = write(tmp_path, BASE.replace("reviewed: 2026-01-15", f"reviewed: {raw}"))
    assert where(load_playbook_file(path)) == [(path, 9, 11, E, "date")]


@pytest.mark.parametrize("raw", ["2026-W03-4", "'2026-W03-4'", "'20260115  '"])
def test_reviewed_must_be_written_yyyy_mm_dd(raw: str, tmp_path: Path) -> None:
    path = write(tmp_path, BASE.replace("reviewed: 2026-01-15", f"reviewed: {raw}"))
    assert where(load_playbook_file(path)) == [(path, 9, 11, E, "date")]


def test_quoted_iso_date_is_a_date(tmp_path: Path) -> None:
    text = BASE.replace("reviewed: 2026-01-15", 'reviewed: "2026-01-15"')
    pb = load_playbook_file(write(tmp_path, text)).playbook
    assert pb is not None and pb.reviewed == dt.date(2026, 1, 15)


def test_five_memory_items_are_fine(tmp_path: Path) -> None:
    memory = "memory: [one, two, three, four, five]\n"
    assert load_playbook_file(write(tmp_path, BASE + memory)).problems == ()


@pytest.mark.parametrize("template", ["{{room_id}}", "{ room_id }", "{Room}", "{1x}", "{}", "}{"])
def test_only_name_in_braces_is_a_placeholder(template: str, tmp_path: Path) -> None:
    path = write(tmp_path, BASE + f'    template: "{template}"\n    detail: "{template}"\n')
    assert load_playbook_file(path).problems == ()


def test_unknown_placeholder_in_a_folded_plain_multiline_detail(tmp_path: Path) -> None:
    text = BASE + "    detail: Check the room\n      of {nobody} today.\n"
    path = write(tmp_path, text)
    assert where(load_playbook_file(path)) == [(path, 14, 10, E, "unknown-variable")]


def test_unknown_key_points_at_the_key_after_wide_characters(tmp_path: Path) -> None:
    path = write(tmp_path, BASE + '  - {title: "😀😀😀 é", id: second, gotto: first}\n')
    result = load_playbook_file(path)
    assert where(result) == [(path, 13, 34, E, "unknown-key")]
    assert "did you mean 'goto'?" in result.problems[0].message


def test_control_character_line_after_many_accents(tmp_path: Path) -> None:
    text = BASE.replace("title: Broken example", "title: " + "é" * 40) + "\x1b\n"
    path = write(tmp_path, text)
    assert where(load_playbook_file(path)) == [(path, 13, 1, E, "yaml-syntax")]


def test_control_character_message_says_what_is_wrong() -> None:
    result = load_playbook_file(BAD / "yaml-syntax-control-char.yaml")
    assert [p.code for p in result.problems] == ["yaml-syntax"]
    message = result.problems[0].message
    assert "control characters are not allowed" in message
    assert "<unicode string>" not in message and "position" not in message


def test_unrelated_unknown_key_gets_no_misleading_guess() -> None:
    path = BAD / "unknown-key-unrelated.yaml"
    result = load_playbook_file(path)
    assert where(result) == [(path, 10, 1, E, "unknown-key")]
    assert "did you mean 'id'" not in result.problems[0].message


# --------------------------------------------------------------------------
# Rules that need more than one file
# --------------------------------------------------------------------------

MISMATCH = BAD_LIBRARY / "translation-mismatch"

TRANSLATION_MISMATCHES = [
    # variant, line, col in the fr file, part of the message
    (
        "step-ids",
        15,
        3,
        "step ids differ",
        "item 3 is 'expliquer-delai' in fr but 'explain-delay' in en",
    ),
    (
        "step-target",
        15,
        5,
        "where step 'check-record' leads differs from the en version",
        "the next step in fr but goto 'decide' in en",
    ),
    (
        "choice-target",
        21,
        7,
        "the choices' targets of step 'decide'",
        "item 2 is outcome 'no-action' in fr",
    ),
    (
        "variables",
        11,
        3,
        "variable names differ",
        "item 2 is 'campagne' in fr but 'campaign_id' in en",
    ),
    ("outcomes", 13, 11, "outcomes differ", "item 2 is 'no-action' in fr but 'escalated' in en"),
    ("drill-ids", 27, 3, "drill ids differ", "'argent-en-retard' in fr but 'late-payout' in en"),
    (
        "drill-expect",
        29,
        13,
        "the 'expect' keys of drill 'late-payout'",
        "nothing in fr but 'decide' in en",
    ),
    (
        "drill-outcome",
        31,
        14,
        "the outcome of drill 'late-payout'",
        "'escalated' in fr but 'resolved' in en",
    ),
]


@pytest.mark.parametrize(("variant", "line", "col", "what", "difference"), TRANSLATION_MISMATCHES)
def test_translation_mismatch_names_both_files_and_the_first_difference(
    variant: str, line: int, col: int, what: str, difference: str
) -> None:
    folder = MISMATCH / variant
    en = folder / "campaign" / "gift-delay.en.yaml"
    fr = folder / "campaign" / "gift-delay.fr.yaml"
    library = load_library([folder])
    assert [(p.path, p.line, p.col, p.severity, p.code) for p in library.problems] == [
        (fr, line, col, E, "translation-mismatch")
    ]
    message = library.problems[0].message
    assert what in message
    assert difference in message
    assert str(en) in message
    # both versions load on their own: the mismatch is between files
    assert [p.key for p in library.playbooks] == [("gift-delay", "en"), ("gift-delay", "fr")]


def test_every_translation_mismatch_variant_is_tested() -> None:
    assert {p.name for p in MISMATCH.iterdir()} == {v[0] for v in TRANSLATION_MISMATCHES}


def test_translation_older_is_a_warning_with_the_age() -> None:
    folder = BAD_LIBRARY / "translation-older"
    library = load_library([folder])
    fr = folder / "campaign" / "gift-delay.fr.yaml"
    assert [(p.path, p.line, p.col, p.severity, p.code) for p in library.problems] == [
        (fr, 9, 11, W, "translation-older")
    ]
    assert "fr is older than en by 31 days" in library.problems[0].message
    assert library.error_count == 0


def test_duplicate_id_and_lang_names_both_files() -> None:
    folder = BAD_LIBRARY / "duplicate-id"
    first = folder / "campaign" / "gift-delay.en.yaml"
    second = folder / "campaign" / "gift-delay.en.yml"
    library = load_library([folder])
    assert [(p.path, p.line, p.col, p.severity, p.code) for p in library.problems] == [
        (second, 1, 5, E, "duplicate-id")
    ]
    assert f"{first}:1" in library.problems[0].message
    assert len(library.playbooks) == 1
    assert library.playbooks[0].title == "Gift payout is late"


def test_the_same_file_given_twice_is_not_a_duplicate() -> None:
    file = GOOD / "operational" / "minimal-check.en.yaml"
    assert load_library([GOOD, file]).problems == ()


def test_unknown_related_id_is_a_warning() -> None:
    folder = BAD_LIBRARY / "unknown-related"
    path = folder / "campaign" / "gift-delay-again.en.yaml"
    library = load_library([folder])
    assert [(p.path, p.line, p.col, p.severity, p.code) for p in library.problems] == [
        (path, 13, 23, W, "unknown-related")
    ]
    assert "'no-such-playbook'" in library.problems[0].message
    assert len(library.playbooks) == 2


def test_file_not_at_the_recommended_path_is_a_warning() -> None:
    folder = BAD_LIBRARY / "file-name"
    library = load_library([folder])
    expected = [
        ("at-the-root.en.yaml", "<root>/campaign/at-the-root.en.yaml"),
        ("campaign/misnamed.yaml", "<root>/campaign/misnamed.en.yaml"),
        ("campaign/nested/too-deep.en.yaml", "<root>/campaign/too-deep.en.yaml"),
        ("operational/misfiled-category.en.yaml", "<root>/campaign/misfiled-category.en.yaml"),
    ]
    assert [(p.path, p.line, p.col, p.severity, p.code) for p in library.problems] == [
        (folder / rel, 1, 5, W, "file-name") for rel, _ in expected
    ]
    for problem, (_, recommended) in zip(library.problems, expected, strict=True):
        assert recommended in problem.message
    assert len(library.playbooks) == 4


def test_files_and_folders_starting_with_dot_or_underscore_are_ignored() -> None:
    folder = BAD_LIBRARY / "ignored"
    # every other file in the folder is broken on purpose (or not YAML at all)
    assert len([p for p in folder.rglob("*") if p.is_file()]) == 6
    library = load_library([folder])
    assert library.file_count == 1
    assert library.problems == ()
    assert [p.key for p in library.playbooks] == [("gift-delay", "en")]


def test_bad_file_does_not_stop_the_good_ones() -> None:
    folder = BAD_LIBRARY / "mixed"
    broken = folder / "campaign" / "broken.en.yaml"
    library = load_library([folder])
    assert library.file_count == 3
    assert [p.key for p in library.playbooks] == [("gift-delay", "en"), ("gift-delay", "fr")]
    assert {p.path for p in library.problems} == {broken}
    assert sorted(p.code for p in library.problems) == ["missing-key", "unknown-key"]


def test_bad_fixtures_next_to_the_good_library_leave_it_intact() -> None:
    library = load_library([GOOD, BAD])
    good_keys = {p.key for p in load_library([GOOD]).playbooks}
    assert good_keys <= {p.key for p in library.playbooks}
    assert all(p.path.is_relative_to(BAD) for p in library.problems)
