"""`livecheck index` and `livecheck search`, in-process and as a real subprocess.

Every call passes --data-dir under tmp_path (the repo's autouse fixture also
points LIVECHECK_DATA_DIR and LIVECHECK_CONFIG at a temporary home).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from livecheck.cli import main

from .conftest import FIXTURE_FILES

SRC = Path(__file__).resolve().parents[2] / "src"
RESULT_KEYS = {"id", "lang", "title", "category", "severity", "stale", "score", "snippet"}
RESPONSE_KEYS = {"query", "took_ms", "results", "suggestion"}
# What may never reach a terminal: C0 controls except \n (and \t), DEL, and C1.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def index_dir_in(data_dir: Path) -> Path | None:
    """Where the CLI keeps the index under --data-dir (found, not assumed)."""
    found = sorted(data_dir.rglob("CURRENT"))
    return found[0].parent if found else None


def run(
    capsys: pytest.CaptureFixture[str], data_dir: Path, library: Path, *args: str
) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), "--playbooks", str(library), *args])
    out, err = capsys.readouterr()
    return code, out, err


# How Python reads stdin on an operator's desktop (an installed UTF-8 locale such as
# en_US.UTF-8: strict UTF-8), and under the C/POSIX locale (UTF-8 with surrogateescape).
DESKTOP_LOCALE = {"PYTHONIOENCODING": "utf-8"}
C_LOCALE = {"LC_ALL": "C", "PYTHONUTF8": "1"}


def run_process(
    data_dir: Path,
    library: Path,
    *args: str,
    stdin: bytes = b"",
    locale: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    env.update(PYTHONPATH=str(SRC), **(DESKTOP_LOCALE if locale is None else locale))
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "livecheck",
            "--data-dir",
            str(data_dir),
            "--playbooks",
            str(library),
            *args,
        ],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=60,
    )


# -- index ------------------------------------------------------------------------------


def test_index_prints_counts_and_seconds(
    capsys: pytest.CaptureFixture[str], data_dir: Path, library: Path
) -> None:
    code, out, _ = run(capsys, data_dir, library, "index")
    assert code == 0
    assert re.fullmatch(
        rf"index rebuilt \(.+\): {FIXTURE_FILES} added, 0 changed, 0 removed, 0 unchanged, "
        r"0 with errors, in \d+\.\d\d s\n",
        out,
    ), out
    assert index_dir_in(data_dir) is not None

    code, out, _ = run(capsys, data_dir, library, "index")
    assert code == 0
    assert re.fullmatch(
        rf"index updated: 0 added, 0 changed, 0 removed, {FIXTURE_FILES} unchanged, "
        r"0 with errors, in \d+\.\d\d s\n",
        out,
    ), out

    code, out, _ = run(capsys, data_dir, library, "index", "--rebuild")
    assert code == 0
    assert out.startswith("index rebuilt (asked to rebuild): 12 added")


def test_index_reports_files_with_errors(
    capsys: pytest.CaptureFixture[str], data_dir: Path, library: Path
) -> None:
    (library / "operational" / "broken.en.yaml").write_text("id: [\n", encoding="utf-8")
    code, out, _ = run(capsys, data_dir, library, "index")
    assert code == 0
    assert "1 with errors" in out
    assert "1 file with errors is left out; run `livecheck lint`" in out


def test_index_options_after_the_subcommand(
    capsys: pytest.CaptureFixture[str], data_dir: Path, library: Path
) -> None:
    code = main(["index", "--data-dir", str(data_dir), "--playbooks", str(library)])
    out, _ = capsys.readouterr()
    assert code == 0 and f"{FIXTURE_FILES} added" in out
    assert index_dir_in(data_dir) is not None


def test_index_with_a_missing_playbook_folder(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, data_dir, tmp_path / "nowhere", "index")
    assert code == 2
    assert "playbook folder not found" in err


# -- search ---------------------------------------------------------------------------------


def test_search_json_keys(
    capsys: pytest.CaptureFixture[str], data_dir: Path, library: Path
) -> None:
    code, out, _ = run(capsys, data_dir, library, "search", "stream", "key", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == RESPONSE_KEYS
    assert data["query"] == "stream key"
    assert data["took_ms"] > 0
    assert data["suggestion"] is None
    assert data["results"], data
    for result in data["results"]:
        assert set(result) == RESULT_KEYS
        assert isinstance(result["stale"], bool)
        assert isinstance(result["score"], float | int)
    top = data["results"][0]
    assert (top["id"], top["category"], top["severity"]) == (
        "stream-key-setup",
        "operational",
        "medium",
    )
    assert "**stream**" in top["snippet"].lower()


def test_search_builds_the_index_itself(
    capsys: pytest.CaptureFixture[str], data_dir: Path, library: Path
) -> None:
    assert index_dir_in(data_dir) is None
    code, out, _ = run(capsys, data_dir, library, "search", "kms", "--json")
    assert code == 0
    assert json.loads(out)["results"][0]["id"] == "self-harm-on-live"


def test_search_json_suggestion(
    capsys: pytest.CaptureFixture[str], data_dir: Path, library: Path
) -> None:
    code, out, _ = run(capsys, data_dir, library, "search", "sertifkate", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["suggestion"] == "certificate"
    assert data["results"][0]["id"] == "earnings-certificate"


def test_search_limit(capsys: pytest.CaptureFixture[str], data_dir: Path, library: Path) -> None:
    _, out, _ = run(capsys, data_dir, library, "search", "creator", "--json", "--limit", "50")
    assert len(json.loads(out)["results"]) > 2
    _, out, _ = run(capsys, data_dir, library, "search", "creator", "--json", "--limit", "2")
    assert len(json.loads(out)["results"]) == 2
    _, out, _ = run(capsys, data_dir, library, "search", "creator", "--limit", "1")
    assert re.findall(r"^ *\d+\. ", out, flags=re.MULTILINE) == [" 1. "]


def test_search_filter_options(
    capsys: pytest.CaptureFixture[str], data_dir: Path, library: Path
) -> None:
    args = ["search", "creator", "--json", "--limit", "50", "--category", "campaign"]
    _, out, _ = run(capsys, data_dir, library, *args)
    results = json.loads(out)["results"]
    assert results
    assert {r["category"] for r in results} == {"campaign"}


def test_search_text_output(
    capsys: pytest.CaptureFixture[str], data_dir: Path, library: Path
) -> None:
    code, out, _ = run(capsys, data_dir, library, "search", "stream", "key")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == " 1. stream-key-setup  Set up a stream key for OBS"
    assert "operational · medium · en · also fr · score" in lines[1]
    assert "**stream** **key**" in lines[2]

    _, out, _ = run(capsys, data_dir, library, "search", "bannissement")
    assert out.startswith(" 1. ban-appeal  Appeal a LIVE ban\n")
    assert "STALE" in out.splitlines()[1]  # reviewed 2025-03-01, 180 days


def test_search_text_output_for_nothing_and_for_a_correction(
    capsys: pytest.CaptureFixture[str], data_dir: Path, library: Path
) -> None:
    code, out, _ = run(capsys, data_dir, library, "search", "qqqqxxxxzzzz")
    assert code == 0
    assert out == "No playbook matches 'qqqqxxxxzzzz'. Try fewer or other words.\n"
    code, out, _ = run(capsys, data_dir, library, "search", "sertifkate")
    assert code == 0
    assert out.startswith("Nothing for 'sertifkate'; showing results for 'certificate'.\n")
    assert " 1. earnings-certificate" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "stream", "--limit", "0"], "--limit must be at least 1"),
        (["search", "stream", "--limit", "-3"], "--limit must be at least 1"),
        (["search", "-"], "needs --json"),
    ],
)
def test_search_usage_errors(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    library: Path,
    args: list[str],
    message: str,
) -> None:
    code, out, err = run(capsys, data_dir, library, *args)
    assert code == 2
    assert message in err
    assert out == ""


@pytest.mark.parametrize(
    "args",
    [["search"], ["search", "stream", "--limit", "many"], ["search", "x", "--category", "nope"]],
)
def test_search_argument_errors_exit_2(
    capsys: pytest.CaptureFixture[str], data_dir: Path, library: Path, args: list[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--data-dir", str(data_dir), "--playbooks", str(library), *args])
    assert exc.value.code == 2
    capsys.readouterr()


def test_search_with_a_missing_playbook_folder(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, data_dir, tmp_path / "nowhere", "search", "stream")
    assert code == 2
    assert "playbook folder not found" in err


def test_search_while_another_process_updates(
    capsys: pytest.CaptureFixture[str], data_dir: Path, library: Path
) -> None:
    from livecheck.search.engine import WhooshSearch

    from .test_lifecycle import LOCK_HOLDER

    code, _, _ = run(capsys, data_dir, library, "index")
    assert code == 0
    index_dir = index_dir_in(data_dir)
    assert index_dir is not None
    gen = WhooshSearch(index_dir, [library]).store.current_generation()
    assert gen is not None
    proc = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(gen)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    try:
        assert proc.stdout is not None and proc.stdin is not None
        assert proc.stdout.readline().strip() == "locked"
        (library / "operational" / "gift.en.yaml").write_text(
            (library / "campaign" / "campaign-banner-missing.en.yaml")
            .read_text(encoding="utf-8")
            .replace("id: campaign-banner-missing", "id: gift-copy"),
            encoding="utf-8",
        )
        code, out, err = run(capsys, data_dir, library, "search", "kms", "--json")
        assert code == 0
        assert "being updated by another process" in err
        assert json.loads(out)["results"][0]["id"] == "self-harm-on-live"

        code, out, err = run(capsys, data_dir, library, "index")
        assert code == 1
        assert "another livecheck process is updating the index" in err
    finally:
        proc.kill()
        proc.wait(timeout=10)


# -- as a real process --------------------------------------------------------------------


@pytest.mark.slow
def test_search_json_from_stdin(data_dir: Path, library: Path) -> None:
    queries = ["stream key", "", "sécurité", "sertifkate", "**", "kms category:trust"]
    done = run_process(
        data_dir,
        library,
        "search",
        "--json",
        "-",
        stdin=("\n".join(queries) + "\n").encode("utf-8"),
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode("utf-8").splitlines()
    assert len(lines) == len(queries)
    answers = [json.loads(line) for line in lines]
    for answer in answers:
        assert set(answer) == RESPONSE_KEYS
        assert answer["took_ms"] > 0
        for result in answer["results"]:
            assert set(result) == RESULT_KEYS
    assert [a["query"] for a in answers] == [
        "stream key",
        "",
        "sécurité",
        "sertifkate",
        "**",
        "kms",
    ]
    assert answers[0]["results"][0]["id"] == "stream-key-setup"
    assert answers[1]["results"] == [] and answers[1]["suggestion"] is None
    assert answers[2]["results"][0]["id"] == "account-security-check"
    assert answers[3]["suggestion"] == "certificate"
    assert answers[4]["results"] == []
    assert answers[5]["results"][0]["id"] == "self-harm-on-live"


@pytest.mark.slow
def test_search_stdin_limit_and_no_final_newline(data_dir: Path, library: Path) -> None:
    stdin = b"creator\nkms"
    done = run_process(data_dir, library, "search", "--json", "--limit", "2", "-", stdin=stdin)
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [a["query"] for a in answers] == ["creator", "kms"]
    assert len(answers[0]["results"]) == 2


@pytest.mark.slow
@pytest.mark.parametrize(
    "locale",
    [
        pytest.param(
            DESKTOP_LOCALE,
            id="utf8-locale",
        ),
        pytest.param(
            C_LOCALE,
            id="c-locale",
        ),
    ],
)
def test_search_stdin_survives_a_line_that_is_not_utf8(
    data_dir: Path, library: Path, locale: dict[str, str]
) -> None:
    stdin = b"creator\n\xff\xfe not utf-8\nkms\n"
    done = run_process(data_dir, library, "search", "--json", "-", stdin=stdin, locale=locale)
    assert b"Traceback" not in done.stderr
    answers = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    queries = [a["query"] for a in answers]
    assert queries[0] == "creator" and queries[-1] == "kms"


@pytest.mark.slow
def test_text_output_has_no_terminal_controls(data_dir: Path, tmp_path: Path) -> None:
    library = tmp_path / "hostile"
    (library / "trust-safety").mkdir(parents=True)
    (library / "trust-safety" / "red-alert.en.yaml").write_text(
        r"""id: red-alert
lang: en
title: "\e[31mRed alert\e[0m for a creator\e]0;owned\a"
summary: "Something \e[2J happened on a LIVE \x9b2J with a red screen."
when: "Use when the screen turns red \e[5m blinking."
category: trust-safety
severity: low
owner: "ops\e[2J"
reviewed: 2026-10-01
keywords: ["red \e[1mscreen"]
steps:
  - id: one
    title: "Do \e[1mthe\e[0m red thing"
""",
        encoding="utf-8",
    )
    for args in (["red", "screen"], ["red"], ["\x1b[31m"], ["\x1b[31mred"], ["qqq\x1bzzz"]):
        done = run_process(data_dir, library, "search", *args)
        assert done.returncode == 0, done.stderr
        out = done.stdout.decode("utf-8")
        assert not CONTROL.search(out), (args, out)
        assert not CONTROL.search(done.stderr.decode("utf-8")), args
    out = run_process(data_dir, library, "search", "red", "screen").stdout.decode("utf-8")
    assert "red-alert" in out and "Red alert" in out
    # JSON escapes controls (\u001b), so it is safe too; the text stays as written
    done = run_process(data_dir, library, "search", "red", "--json")
    assert "\x1b" not in done.stdout.decode("utf-8")
    assert json.loads(done.stdout)["results"][0]["id"] == "red-alert"


@pytest.mark.slow
def test_index_subprocess_and_exit_code(data_dir: Path, library: Path) -> None:
    done = run_process(data_dir, library, "index")
    assert done.returncode == 0
    assert re.match(rb"index rebuilt \(.+\): 12 added, .* in \d+\.\d\d s\n", done.stdout)
    assert b"\r" not in done.stdout  # no progress bar when not on a terminal
