"""Hostile and malformed input: the loader answers with problems, never with a traceback.

Every test here goes through `livecheck.playbook.loader.load_playbook_bytes` (or
`load_playbook_file`) and holds it to the same promises: it returns a
`LoadedFile`, every problem points at line >= 1 and col >= 1, no problem is an
`internal-error` (a loader bug reported as a problem), nothing prints terminal
control characters, and each call is fast.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from livecheck.playbook import loader
from livecheck.playbook.loader import LoadedFile, load_playbook_bytes, load_playbook_file
from livecheck.playbook.model import Source
from livecheck.playbook.problems import Problem, Severity
from livecheck.playbook.yaml_reader import MAX_BYTES, MAX_DEPTH
from tests.conftest import FORMAT_EXAMPLE

# The example at the end of the playbook format contract (playbook-format.md), verbatim.
EXAMPLE = FORMAT_EXAMPLE
EXAMPLE_BYTES = EXAMPLE.encode("utf-8")
EXAMPLE_LINES = EXAMPLE.splitlines(keepends=True)

# Characters that mean something to YAML (or to a terminal), inserted at random.
NASTY = "{}[]:&*!|>-#'\"\t\x00\x1b%@"

# What may never reach a terminal: C0 controls except \t and \n, DEL, and C1.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

CALL_BUDGET_S = 1.0  # per load_playbook_bytes call; real calls take a few ms

FUZZ = settings(
    max_examples=250,
    deadline=None,  # timing is asserted by hand, with a margin, in `check`
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def source_for(data: bytes, name: str = "fuzz/playbook.en.yaml") -> Source:
    return Source(Path(name), hashlib.sha256(data).hexdigest(), len(data), 0)


def load_timed(data: bytes) -> tuple[LoadedFile, float]:
    source = source_for(data)
    start = time.perf_counter()
    result = load_playbook_bytes(data, source)
    return result, time.perf_counter() - start


def check(data: bytes, budget: float = CALL_BUDGET_S) -> LoadedFile:
    """Load `data` and assert every promise the loader makes about any input."""
    result, elapsed = load_timed(data)
    assert isinstance(result, LoadedFile)
    assert elapsed < budget, f"took {elapsed:.3f}s for {len(data)} bytes"
    assert result.path == Path("fuzz/playbook.en.yaml")
    for problem in result.problems:
        assert isinstance(problem, Problem)
        assert problem.line >= 1 and problem.col >= 1, problem
        assert problem.code != "internal-error", problem.message
        assert problem.code and problem.message.strip()
        assert problem.severity in (Severity.ERROR, Severity.WARNING)
        assert not CONTROL.search(problem.format()), repr(problem.format())
        assert not CONTROL.search(problem.as_json()["message"])  # type: ignore[arg-type]
    has_errors = any(p.is_error for p in result.problems)
    assert (result.playbook is None) == has_errors
    return result


def codes(result: LoadedFile) -> list[str]:
    return [p.code for p in result.problems]


# --------------------------------------------------------------------------- baseline


def test_the_format_example_loads_cleanly() -> None:
    result = check(EXAMPLE_BYTES)
    assert result.problems == ()
    assert result.playbook is not None
    assert result.playbook.key == ("live-ended-by-ban", "en")
    assert [s.id for s in result.playbook.steps] == [
        "find-notice",
        "violation-type",
        "escalate-minor-safety",
        "explain-appeal",
    ]


# --------------------------------------------------------------------------- random input


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_never_raise(data: bytes) -> None:
    check(data)


@FUZZ
@given(st.text(max_size=2048))
def test_random_text_never_raises(text: str) -> None:
    check(text.encode("utf-8"))


@FUZZ
@given(st.text(alphabet=NASTY + "abc-_ \n:0123456789", max_size=1024))
def test_random_yaml_punctuation_never_raises(text: str) -> None:
    check(text.encode("utf-8"))


# --------------------------------------------------------------------------- mutations


@FUZZ
@given(st.integers(min_value=0, max_value=len(EXAMPLE_BYTES)))
def test_example_truncated_at_any_byte(cut: int) -> None:
    # Cutting inside "coupé" leaves half a UTF-8 character: an `encoding` problem.
    check(EXAMPLE_BYTES[:cut])


@FUZZ
@given(
    st.integers(min_value=0, max_value=len(EXAMPLE)),
    st.text(alphabet=NASTY, min_size=1, max_size=3),
)
def test_example_with_inserted_characters(at: int, inserted: str) -> None:
    check((EXAMPLE[:at] + inserted + EXAMPLE[at:]).encode("utf-8"))


@st.composite
def mutated_lines(draw: st.DrawFn) -> str:
    lines = list(EXAMPLE_LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not lines:
            break
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "indent", "swap", "move", "insert"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "indent":
            spaces = draw(st.integers(min_value=0, max_value=10))
            tabs = draw(st.booleans())
            lines[i] = ("\t" if tabs else "") + " " * spaces + lines[i].lstrip(" ")
        elif op == "swap":
            j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "move":
            line = lines.pop(i)
            lines.insert(draw(st.integers(min_value=0, max_value=len(lines))), line)
        else:
            col = draw(st.integers(min_value=0, max_value=len(lines[i])))
            char = draw(st.sampled_from(NASTY))
            lines[i] = lines[i][:col] + char + lines[i][col:]
    return "".join(lines)


@FUZZ
@given(mutated_lines())
def test_example_with_mutated_lines(text: str) -> None:
    check(text.encode("utf-8"))


@FUZZ
@given(mutated_lines(), st.data())
def test_mutated_and_truncated_example(text: str, data: st.DataObject) -> None:
    raw = text.encode("utf-8")
    check(raw[: data.draw(st.integers(min_value=0, max_value=len(raw)))])


@pytest.mark.parametrize("line", range(len(EXAMPLE_LINES)))
def test_every_single_line_deleted(line: int) -> None:
    lines = list(EXAMPLE_LINES)
    del lines[line]
    check("".join(lines).encode("utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "\ufeff",
        "---\n",
        "...\n",
        "~\n",
        "null\n",
        "[]\n",
        "{}\n",
        "- a\n- b\n",
        "just text\n",
        "42\n",
        "---\na: 1\n---\nb: 2\n",
        "? [a, b]\n: c\n",
        "? {a: b}\n: c\n",
        "<<: {id: x}\n",
        "%YAML 1.1\n---\na: yes\n",
        "a: 1\r\nb: 2\r\n",
        "a: 1\rb: 2\r",
        "a: b\x00",
        "a: \x1b[2J\n",
        "title: '\x9b'\n",
        'title: "\\ud800"\n',
        "sla_minutes: " + "9" * 5000 + "\n",
        "sla_minutes: 0x" + "f" * 5000 + "\n",
        "review_every_days: 1e999\n",
        "reviewed: 0000-00-00\n",
        "reviewed: 2026-02-30\n",
        "reviewed: 2026-10-01 25:61:61\n",
        "1: a\n1.0: b\ntrue: c\nnull: d\n2026-01-01: e\n",
    ],
)
def test_odd_documents(text: str) -> None:
    check(text.encode("utf-8"))


def test_invalid_utf8_is_an_encoding_problem_at_the_right_place() -> None:
    data = EXAMPLE_BYTES.replace(b"lang: en", b"lang: \xff\xfe")
    result = check(data)
    assert codes(result) == ["encoding"]
    assert (result.problems[0].line, result.problems[0].col) == (2, 7)


# --------------------------------------------------------------------------- bombs

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_refused_at_the_first_anchor_quickly() -> None:
    data = BILLION_LAUGHS.encode()
    assert len(data) < 1000
    result = check(data, budget=0.05)
    assert codes(result) == ["yaml-alias"]
    problem = result.problems[0]
    assert (problem.line, problem.col) == (1, 4)
    assert "&a" in problem.message


def test_alias_bomb_inside_a_valid_playbook_is_refused() -> None:
    text = EXAMPLE.replace("memory:\n", "memory: &m\n") + "keywords2: *m\n"
    result = check(text.encode())
    assert codes(result)[0] == "yaml-alias"
    line = EXAMPLE.splitlines().index("memory:") + 1
    assert (result.problems[0].line, result.problems[0].col) == (line, 9)


def test_an_alias_alone_is_refused() -> None:
    result = check(b"title: *nothing\n")
    assert codes(result) == ["yaml-alias"]
    assert (result.problems[0].line, result.problems[0].col) == (1, 8)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 60 + "]" * 60,
        "{a: " * 60 + "1" + "}" * 60,
        "".join("  " * i + "a:\n" for i in range(60)) + "  " * 60 + "b\n",
        "".join("  " * i + "-\n" for i in range(60)) + "  " * 60 + "b\n",
    ],
    ids=["flow-seq", "flow-map", "block-map", "block-seq"],
)
def test_sixty_levels_of_nesting_are_refused(text: str) -> None:
    result = check(text.encode(), budget=0.05)
    assert codes(result) == ["yaml-depth"]


def test_fifty_levels_are_allowed_and_fifty_one_are_not() -> None:
    # Depth counts the top-level mapping as level 1.
    def nested(levels: int) -> bytes:
        return ("{a: " * levels + "1" + "}" * levels).encode()

    assert "yaml-depth" not in codes(check(nested(MAX_DEPTH)))
    assert codes(check(nested(MAX_DEPTH + 1))) == ["yaml-depth"]


def test_ten_thousand_nested_flow_mappings_are_refused_fast() -> None:
    text = "a: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n"
    data = text.encode()
    assert len(data) < MAX_BYTES
    result = check(data, budget=0.1)  # a RecursionError would surface as internal-error
    assert codes(result) == ["yaml-depth"]


def test_two_hundred_thousand_open_brackets_are_refused_fast() -> None:
    data = b"[" * 200_000
    result = check(data, budget=0.1)
    assert codes(result) == ["yaml-depth"]


def _refuse_parse(calls: list[str]):  # type: ignore[no-untyped-def]
    def parse(text: str):  # type: ignore[no-untyped-def]
        calls.append(text[:20])
        raise AssertionError("an oversized file must not be parsed")

    return parse


def test_over_one_mib_is_too_large_without_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(loader, "parse_yaml", _refuse_parse(calls))
    data = EXAMPLE_BYTES + b"#" * (MAX_BYTES + 1 - len(EXAMPLE_BYTES))
    assert len(data) == MAX_BYTES + 1
    result = check(data, budget=0.05)
    assert codes(result) == ["too-large"]
    assert (result.problems[0].line, result.problems[0].col) == (1, 1)
    assert calls == []


def test_a_huge_file_on_disk_is_too_large_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(loader, "parse_yaml", _refuse_parse(calls))
    path = tmp_path / "trust-safety" / "big.en.yaml"
    path.parent.mkdir()
    path.write_bytes(b"a: [" + b"1, " * (MAX_BYTES // 3) + b"]\n")
    start = time.perf_counter()
    result = load_playbook_file(path)
    assert time.perf_counter() - start < 0.1
    assert [p.code for p in result.problems] == ["too-large"]
    assert result.playbook is None
    assert calls == []


def test_exactly_one_mib_is_not_too_large() -> None:
    padding = MAX_BYTES - len(EXAMPLE_BYTES) - 1
    data = EXAMPLE_BYTES + b"#" + b"x" * padding
    assert len(data) == MAX_BYTES
    result = check(data)
    assert result.problems == ()
    assert result.playbook is not None


def _unknown_gotos(count: int) -> bytes:
    head = EXAMPLE.split("steps:\n")[0] + "steps:\n"
    steps = "".join(f"  - {{id: s{i}, title: Do it, goto: nowhere{i}}}\n" for i in range(count))
    return (head + steps).encode()


def test_many_unknown_gotos_are_checked_in_linear_time() -> None:
    small, large = _unknown_gotos(700), _unknown_gotos(2100)
    assert len(large) < MAX_BYTES // 10
    # Best of three: one run can be held up by a busy shared machine or a GC pause.
    small_result, small_time = min((load_timed(small) for _ in range(3)), key=lambda r: r[1])
    large_result, large_time = min((load_timed(large) for _ in range(3)), key=lambda r: r[1])
    assert codes(large_result).count("unknown-step") == 2100
    assert codes(small_result).count("unknown-step") == 700
    # Three times the input should take about three times as long, not nine times.
    assert large_time < 0.25 or large_time < 5 * small_time, (small_time, large_time)


# --------------------------------------------------------------------------- code execution


@pytest.mark.parametrize(
    "template",
    [
        'title: !!python/object/apply:os.system ["touch {marker}"]\n',
        '!!python/object/apply:os.system ["touch {marker}"]\n',
        'x: !!python/object/apply:subprocess.check_output [["touch", "{marker}"]]\n',
        "x: !!python/object/new:os.system [touch {marker}]\n",
        "x: !!python/name:os.system\n",
        "x: !<tag:yaml.org,2002:python/object/apply:os.system> [touch {marker}]\n",
        "%TAG !p! tag:yaml.org,2002:python/\n---\nx: !p!object/apply:os.system [touch {marker}]\n",
        "x: !foo [touch {marker}]\n",
        "x: !!binary dG91Y2g=\n",
        "x: !!set {{a, b}}\n",
        "x: !!int not-a-number\n",
    ],
)
def test_custom_tags_are_refused_and_never_run(template: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    result = check(template.format(marker=marker).encode())
    assert "yaml-tag" in codes(result)
    assert not marker.exists()


def test_python_tag_in_a_playbook_reports_yaml_tag_at_its_position(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = EXAMPLE.replace(
        "owner: eu-live-creator-ops",
        f'owner: !!python/object/apply:os.system ["touch {marker}"]',
    )
    result = check(text.encode())
    assert codes(result) == ["yaml-tag"]
    line = EXAMPLE.splitlines().index("owner: eu-live-creator-ops") + 1
    assert (result.problems[0].line, result.problems[0].col) == (line, 8)
    assert not marker.exists()


# --------------------------------------------------------------------------- terminal escapes

ESCAPES = ["\x1b[2J", "\x9b", "\x07", "\x1b]0;pwned\x07", "\x1b[31m", "\r", "\x00", "\x7f"]


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON escapes are valid YAML escapes)."""
    return json.dumps(text)


def hostile_playbook(evil: str) -> str:
    """The example with `evil` in the title and in places whose value lint quotes back."""
    return (
        EXAMPLE.replace(
            "title: A creator's LIVE was ended by a ban", f"title: {quoted(evil + 'T' * 130)}"
        )
        .replace("category: trust-safety", f"category: {quoted('trust' + evil)}")
        .replace("lang: en", f"lang: {quoted(evil)}")
        .replace("goto: explain-appeal", f"goto: {quoted('explain' + evil)}")
        + f"{quoted('titel' + evil)}: {quoted(evil)}\n"
        + f"reviewd: {quoted(evil)}\n"
    )


@pytest.mark.parametrize("evil", ESCAPES, ids=repr)
def test_escapes_in_title_and_unknown_key_never_reach_the_output(evil: str) -> None:
    result = check(hostile_playbook(evil).encode())
    assert {"unknown-key", "too-long", "enum", "lang"} <= set(codes(result))
    for problem in result.problems:
        assert not CONTROL.search(problem.format())
        assert "\n" not in problem.format()


def test_escapes_written_as_yaml_escapes_are_stripped_from_messages() -> None:
    text = 'title: "\\e[2J\\x9b\\a"\n"foo\\e[31m\\x9bbar": 1\nlang: "\\e]0;x\\a"\n'
    result = check(text.encode())
    unknown = next(p for p in result.problems if p.code == "unknown-key")
    assert "foo" in unknown.message and "bar" in unknown.message
    assert not CONTROL.search(unknown.format())


@FUZZ
@given(
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "L"]),
        max_size=40,
    )
)
def test_any_control_text_in_values_and_keys_is_stripped(evil: str) -> None:
    check(hostile_playbook(evil).encode())


@FUZZ
@given(st.text(max_size=200), st.text(max_size=50))
def test_problem_format_never_contains_control_characters(message: str, name: str) -> None:
    problem = Problem(Path("dir") / (name or "x"), 1, 1, Severity.ERROR, "code", message)
    line = problem.format()
    assert not CONTROL.search(line)
    assert "\n" not in line


def test_raw_control_character_in_the_file_is_a_syntax_problem() -> None:
    result = check(b"title: a\x1bb\n")
    assert codes(result) == ["yaml-syntax"]
    assert (result.problems[0].line, result.problems[0].col) == (1, 9)


def test_raw_control_character_message_says_what_is_wrong() -> None:
    result = check(b"title: a\x1bb\n")
    message = result.problems[0].message
    assert "<unicode string>" not in message
    assert "character" in message
