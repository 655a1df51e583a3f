"""The `livecheck` command line: lint, show, list, schema, and where playbooks come from.

Most tests call `livecheck.cli.main([...])` in-process; a few run the real
`python -m livecheck` in a subprocess. Fixture playbooks are written into
`tmp_path` at `<root>/<category>/<id>.<lang>.yaml`; the user's config and data
folders are never read or written.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from livecheck import __version__
from livecheck.cli import main
from livecheck.services import settings
from tests.conftest import FORMAT_EXAMPLE

SRC = Path(__file__).resolve().parents[1] / "src"

# The example at the end of the playbook format contract (playbook-format.md), verbatim.
EXAMPLE = FORMAT_EXAMPLE
EXAMPLE_ID = "live-ended-by-ban"

# The same playbook in French: only the words differ.
EXAMPLE_FR = (
    EXAMPLE.replace("lang: en", "lang: fr")
    .replace(
        "title: A creator's LIVE was ended by a ban",
        "title: Le LIVE d'un créateur a été coupé par un bannissement",
    )
    .replace(
        "title: Find the enforcement notice for the room",
        "title: Retrouver l'avis de sanction du salon",
    )
    .replace(
        "title: Which policy was the ban for?", "title: Quelle règle a motivé le bannissement ?"
    )
    .replace("label: Minor safety", "label: Sécurité des mineurs")
    .replace("label: Anything else", "label: Autre chose")
    .replace("Hi {creator_handle},", "Bonjour {creator_handle},")
)

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def variant(text: str, **changes: str) -> str:
    """`text` with top-level `key: value` lines replaced (the key must be present)."""
    lines = text.splitlines(keepends=True)
    for key, value in changes.items():
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        lines[index] = f"{key}: {value}\n"
    return "".join(lines)


def simple(pb_id: str, *, category: str = "operational", lang: str = "en", **changes: str) -> str:
    """A small valid playbook with id `pb_id`."""
    return variant(
        EXAMPLE,
        id=pb_id,
        category=category,
        lang=lang,
        title=f"Title of {pb_id}",
        **changes,
    )


def write(root: Path, text: str, *, name: str | None = None) -> Path:
    """Write `text` at <root>/<category>/<id>.<lang>.yaml (or at root/name)."""
    if name is None:
        fields = dict(
            re.match(r"(\w+): (.*)", line).groups()  # type: ignore[union-attr]
            for line in text.splitlines()
            if re.match(r"(id|lang|category): ", line)
        )
        name = f"{fields['category']}/{fields['id']}.{fields['lang']}.yaml"
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, prefix: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(prefix))


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never read the real user config, never write to the real data folders."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("LIVECHECK_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("LIVECHECK_CONFIG", str(home / "no-config.toml"))
    monkeypatch.delenv("LIVECHECK_PLAYBOOKS", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    return home


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Run:
    """Run the CLI in-process: (exit code, stdout, stderr). argparse exits count too."""

    def _run(*args: str | Path, data_dir: bool = True) -> tuple[int, str, str]:
        argv = [str(a) for a in args]
        if data_dir and argv and argv[0] in ("lint", "show", "list"):
            argv += ["--data-dir", str(tmp_path / "data")]
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        out, err = capsys.readouterr()
        return code, out, err

    return _run


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A playbook root holding the format's example."""
    folder = tmp_path / "playbooks"
    write(folder, EXAMPLE)
    return folder


# --------------------------------------------------------------------------- lint


def test_lint_a_good_folder(run: Run, root: Path) -> None:
    code, out, err = run("lint", root)
    assert code == 0, out + err
    assert out.strip().splitlines() == ["1 playbook, 0 errors, 0 warnings"]


def test_lint_reports_an_error_with_its_position(run: Run, tmp_path: Path) -> None:
    text = variant(EXAMPLE, severity="urgent")
    path = write(tmp_path / "pbs", text)
    code, out, _ = run("lint", tmp_path / "pbs")
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[-1] == "1 playbook, 1 error, 0 warnings"
    line = line_of(text, "severity:")
    assert re.fullmatch(
        rf"{re.escape(str(path))}:{line}:11: error: .*'urgent'.* \[enum\]", lines[0]
    ), lines[0]


def test_lint_keeps_going_after_a_broken_file(run: Run, root: Path) -> None:
    write(root, "id: [unclosed\n", name="operational/broken.en.yaml")
    write(root, simple("second-one"))
    code, out, _ = run("lint", root)
    assert code == 1
    assert out.strip().splitlines()[-1] == "3 playbooks, 1 error, 0 warnings"
    assert "[yaml-syntax]" in out


def test_lint_warning_only_passes_unless_strict(run: Run, tmp_path: Path) -> None:
    pbs = tmp_path / "pbs"
    write(pbs, EXAMPLE + "related: [no-such-playbook]\n")
    code, out, _ = run("lint", pbs)
    assert code == 0
    assert ": warning: " in out and "[unknown-related]" in out
    assert out.strip().splitlines()[-1] == "1 playbook, 0 errors, 1 warning"
    code, out, _ = run("lint", "--strict", pbs)
    assert code == 1
    assert out.strip().splitlines()[-1] == "1 playbook, 0 errors, 1 warning"


def test_lint_wrong_file_name_is_a_warning(run: Run, tmp_path: Path) -> None:
    pbs = tmp_path / "pbs"
    write(pbs, EXAMPLE, name="misc/whatever.yaml")
    code, out, _ = run("lint", pbs)
    assert code == 0
    assert "[file-name]" in out
    assert run("lint", "--strict", pbs)[0] == 1


def test_lint_nonexistent_path_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    code, out, err = run("lint", tmp_path / "nowhere")
    assert code == 2
    assert "nowhere" in err
    assert "Traceback" not in out + err


def test_lint_json_output(run: Run, tmp_path: Path) -> None:
    pbs = tmp_path / "pbs"
    write(pbs, variant(EXAMPLE, severity="urgent"))
    write(pbs, simple("other-one") + "related: [missing-one]\n")
    code, out, err = run("lint", "--format", "json", pbs)
    assert code == 1
    items = json.loads(out)
    assert isinstance(items, list) and len(items) == 2
    for item in items:
        assert set(item) == {"path", "line", "col", "severity", "code", "message"}
        assert isinstance(item["line"], int) and item["line"] >= 1
        assert isinstance(item["col"], int) and item["col"] >= 1
        assert item["severity"] in ("error", "warning")
    assert {(i["severity"], i["code"]) for i in items} == {
        ("error", "enum"),
        ("warning", "unknown-related"),
    }
    assert "2 playbooks, 1 error, 1 warning" in err
    assert "playbooks," not in out


def test_lint_json_output_of_a_clean_library_is_an_empty_list(run: Run, root: Path) -> None:
    code, out, err = run("lint", root, "--format", "json")
    assert code == 0
    assert json.loads(out) == []
    assert err.strip() == "1 playbook, 0 errors, 0 warnings"


def test_lint_a_single_file(run: Run, root: Path) -> None:
    path = root / "trust-safety" / f"{EXAMPLE_ID}.en.yaml"
    code, out, _ = run("lint", path)
    assert code == 0
    assert out.strip() == "1 playbook, 0 errors, 0 warnings"


def test_lint_several_paths(run: Run, root: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    write(other, simple("second-one"))
    code, out, _ = run("lint", root, other)
    assert code == 0
    assert out.strip() == "2 playbooks, 0 errors, 0 warnings"


def test_lint_duplicate_id_names_both_files(run: Run, root: Path) -> None:
    copy = write(root, EXAMPLE, name="trust-safety/copy.en.yaml")
    original = root / "trust-safety" / f"{EXAMPLE_ID}.en.yaml"
    code, out, _ = run("lint", root)
    assert code == 1
    dup = next(line for line in out.splitlines() if "[duplicate-id]" in line)
    assert str(original) in dup and str(copy) in dup


def test_lint_without_paths_uses_the_configured_library(
    run: Run, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIVECHECK_PLAYBOOKS", str(root))
    code, out, _ = run("lint")
    assert code == 0
    assert out.strip() == "1 playbook, 0 errors, 0 warnings"


def test_lint_without_paths_and_a_missing_configured_folder_fails(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIVECHECK_PLAYBOOKS", str(tmp_path / "nowhere"))
    code, _, err = run("lint")
    assert code == 2
    assert "nowhere" in err


def test_lint_a_folder_and_a_file_inside_it(run: Run, root: Path) -> None:
    path = root / "trust-safety" / f"{EXAMPLE_ID}.en.yaml"
    code, out, _ = run("lint", root, path)
    assert "[duplicate-id]" not in out
    assert code == 0


def test_lint_ignores_dot_and_underscore_names(run: Run, root: Path) -> None:
    write(root, "not: [yaml", name=".hidden/broken.en.yaml")
    write(root, "not: [yaml", name="_drafts/broken.en.yaml")
    write(root, "not: [yaml", name="operational/_wip.en.yaml")
    write(root, "not: [yaml", name="operational/notes.txt")
    code, out, _ = run("lint", root)
    assert code == 0
    assert out.strip() == "1 playbook, 0 errors, 0 warnings"


# --------------------------------------------------------------------------- usage


def test_version(run: Run) -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.strip() == f"livecheck {__version__}"


@pytest.mark.parametrize("command", ["lint", "show", "list", "schema"])
def test_help_on_each_subcommand(run: Run, command: str) -> None:
    code, out, _ = run(command, "--help", data_dir=False)
    assert code == 0
    assert out.startswith(f"usage: livecheck {command}")


def test_help(run: Run) -> None:
    code, out, _ = run("--help")
    assert code == 0
    for command in ("lint", "show", "list", "schema"):
        assert command in out


def test_no_command_opens_the_app(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = []
    monkeypatch.setattr("livecheck.cli.open_app", lambda args: opened.append(args) or 0)
    code, _, _ = run()
    assert code == 0
    assert len(opened) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["bogus"],
        ["--bogus"],
        ["lint", "--bogus"],
        ["lint", "--format", "xml"],
        ["list", "--category", "nope"],
        ["show"],
        ["list", "extra-argument"],
    ],
)
def test_usage_errors_exit_2(run: Run, argv: list[str]) -> None:
    code, _, err = run(*argv, data_dir=False)
    assert code == 2
    assert "usage:" in err


# --------------------------------------------------------------------------- show


def test_show_prints_the_playbook(run: Run, root: Path) -> None:
    code, out, err = run("show", EXAMPLE_ID, "--playbooks", root)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "A creator's LIVE was ended by a ban"
    assert "severity high" in out
    assert "eu-live-creator-ops" in out
    assert "reviewed 1 October 2026" in out
    assert "A creator or their agency reports that a LIVE" in out  # when
    assert "Do not promise the creator that the ban will be lifted." in out  # memory
    numbered = [line.strip() for line in lines if re.match(r"\s*\d+\. ", line)]
    assert [re.sub(r"\s+\[.*\]$", "", n) for n in numbered] == [
        "1. Find the enforcement notice for the room",
        "2. Which policy was the ban for?",
        "3. Hand the case to the minor-safety queue",
        "4. Send the appeal instructions",
    ]
    assert re.search(r"Minor safety: go to step 3", out)
    assert re.search(r"Anything else: go to step 4", out)
    assert "Hi {creator_handle}, your LIVE was ended" in out  # template
    assert "IRREVERSIBLE" in out


def test_show_a_translation(run: Run, root: Path) -> None:
    write(root, EXAMPLE_FR)
    code, out, err = run("show", EXAMPLE_ID, "--lang", "fr", "--playbooks", root)
    assert code == 0, err
    assert out.splitlines()[0] == "Le LIVE d'un créateur a été coupé par un bannissement"
    assert "Sécurité des mineurs" in out
    assert "Bonjour {creator_handle}" in out
    assert re.search(r"Also in: en\b", out)
    code, out, _ = run("show", EXAMPLE_ID, "--playbooks", root)
    assert code == 0
    assert out.splitlines()[0] == "A creator's LIVE was ended by a ban"  # English by default
    assert re.search(r"Also in: fr\b", out)


def test_show_a_missing_language(run: Run, root: Path) -> None:
    code, out, err = run("show", EXAMPLE_ID, "--lang", "de", "--playbooks", root)
    assert code == 1
    assert out == ""
    assert "en" in err


def test_show_unknown_id_suggests_the_closest(run: Run, root: Path) -> None:
    code, out, err = run("show", "live-ended-by-bam", "--playbooks", root)
    assert code == 1
    assert out == ""
    assert "did you mean" in err
    assert EXAMPLE_ID in err


def test_show_flags_a_stale_playbook(run: Run, tmp_path: Path) -> None:
    pbs = tmp_path / "pbs"
    write(pbs, variant(EXAMPLE, reviewed="2000-01-01"))
    code, out, _ = run("show", EXAMPLE_ID, "--playbooks", pbs)
    assert code == 0
    assert "STALE" in out
    assert "29 June 2000" in out  # reviewed + 180 days


def test_show_options_before_the_subcommand(run: Run, root: Path) -> None:
    code, out, _ = run("--playbooks", str(root), "show", EXAMPLE_ID, data_dir=False)
    assert code == 0
    assert out.startswith("A creator's LIVE")


@pytest.mark.parametrize("command", ["show", "list"])
def test_a_far_future_review_date_does_not_crash(run: Run, tmp_path: Path, command: str) -> None:
    pbs = tmp_path / "pbs"
    write(pbs, variant(EXAMPLE, reviewed="9999-12-01"))
    argv = ["show", EXAMPLE_ID] if command == "show" else ["list"]
    code, out, err = run(*argv, "--playbooks", pbs)  # must not raise
    assert code in (0, 1)
    assert "Traceback" not in out + err


def test_a_huge_review_interval_does_not_crash(run: Run, tmp_path: Path) -> None:
    pbs = tmp_path / "pbs"
    write(pbs, EXAMPLE + "review_every_days: 1000000000\n")
    code, _, _ = run("list", "--playbooks", pbs)  # must not raise
    assert code in (0, 1)


# --------------------------------------------------------------------------- list


@pytest.fixture
def library(tmp_path: Path) -> Path:
    pbs = tmp_path / "library"
    write(pbs, EXAMPLE)
    write(pbs, EXAMPLE_FR)
    write(pbs, simple("stream-lag", category="operational", reviewed="2001-02-03"))
    write(pbs, simple("gift-campaign", category="campaign", severity="low"))
    return pbs


def list_ids(out: str) -> list[tuple[str, str]]:
    return [tuple(line.split()[:2]) for line in out.splitlines()]  # type: ignore[misc]


def test_list_one_line_per_playbook(run: Run, library: Path) -> None:
    code, out, _ = run("list", "--playbooks", library)
    assert code == 0
    assert list_ids(out) == [
        ("gift-campaign", "en"),
        (EXAMPLE_ID, "en"),
        (EXAMPLE_ID, "fr"),
        ("stream-lag", "en"),
    ]
    stale = next(line for line in out.splitlines() if line.startswith("stream-lag"))
    assert "STALE" in stale and "Title of stream-lag" in stale
    assert "operational" in stale


def test_list_by_category(run: Run, library: Path) -> None:
    code, out, _ = run("list", "--category", "trust-safety", "--playbooks", library)
    assert code == 0
    assert list_ids(out) == [(EXAMPLE_ID, "en"), (EXAMPLE_ID, "fr")]
    code, out, _ = run("list", "--category", "campaign", "--playbooks", library)
    assert list_ids(out) == [("gift-campaign", "en")]


def test_list_by_lang(run: Run, library: Path) -> None:
    code, out, _ = run("list", "--lang", "fr", "--playbooks", library)
    assert code == 0
    assert list_ids(out) == [(EXAMPLE_ID, "fr")]
    assert "coupé par un bannissement" in out


def test_list_stale(run: Run, library: Path) -> None:
    code, out, _ = run("list", "--stale", "--playbooks", library)
    assert code == 0
    assert list_ids(out) == [("stream-lag", "en")]


def test_list_with_no_match(run: Run, library: Path) -> None:
    code, out, err = run("list", "--category", "onboarding", "--playbooks", library)
    assert code == 0
    assert out == ""
    assert "no playbooks match" in err


def test_list_skips_broken_files_and_says_so(run: Run, library: Path) -> None:
    write(library, "id: [broken\n", name="operational/broken.en.yaml")
    code, out, err = run("list", "--playbooks", library)
    assert code == 0
    assert len(out.splitlines()) == 4
    assert "lint" in err


# --------------------------------------------------------------------------- schema


def test_schema_is_json(run: Run) -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert "$schema" in schema
    assert "properties" in schema
    for key in ("id", "lang", "title", "steps"):
        assert key in schema["properties"]


# --------------------------------------------------------------------------- where playbooks come from


@pytest.fixture
def sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """One root per source, each holding a playbook named after it; bundled is a tmp folder."""
    roots = {}
    for name in ("cli-a", "cli-b", "env-a", "env-b", "config", "bundled"):
        roots[name] = tmp_path / "roots" / name
        write(roots[name], simple(f"from-{name}"))
    monkeypatch.setattr(settings, "bundled_playbooks_dir", lambda: roots["bundled"])
    config = tmp_path / "conf" / "config.toml"
    config.parent.mkdir()
    config.write_text('playbooks = ["../roots/config"]\n', encoding="utf-8")  # relative to the file
    roots["config-file"] = config
    return roots


def listed(out: str) -> set[str]:
    return {line.split()[0] for line in out.splitlines()}


def test_cli_playbooks_beat_everything(
    run: Run, sources: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIVECHECK_PLAYBOOKS", str(sources["env-a"]))
    code, out, err = run(
        "list",
        "--playbooks",
        sources["cli-a"],
        "--playbooks",
        sources["cli-b"],
        "--config",
        sources["config-file"],
    )
    assert code == 0, err
    assert listed(out) == {"from-cli-a", "from-cli-b"}


def test_environment_beats_config_file(
    run: Run, sources: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "LIVECHECK_PLAYBOOKS", os.pathsep.join([str(sources["env-a"]), str(sources["env-b"])])
    )
    code, out, err = run("list", "--config", sources["config-file"])
    assert code == 0, err
    assert listed(out) == {"from-env-a", "from-env-b"}


def test_config_file_beats_bundled_library(run: Run, sources: dict[str, Path]) -> None:
    code, out, err = run("list", "--config", sources["config-file"])
    assert code == 0, err
    assert listed(out) == {"from-config"}


def test_config_file_from_the_environment(
    run: Run, sources: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIVECHECK_CONFIG", str(sources["config-file"]))
    code, out, _ = run("list")
    assert code == 0
    assert listed(out) == {"from-config"}


def test_bundled_library_is_the_last_resort(
    run: Run, sources: dict[str, Path], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text("# nothing\n", encoding="utf-8")
    code, out, err = run("list", "--config", empty)
    assert code == 0, err
    assert listed(out) == {"from-bundled"}
    code, out, _ = run("list")  # LIVECHECK_CONFIG names a file that does not exist
    assert listed(out) == {"from-bundled"}


def test_precedence_applies_to_show_and_lint(
    run: Run, sources: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIVECHECK_PLAYBOOKS", str(sources["env-a"]))
    assert run("show", "from-env-a", "--config", sources["config-file"])[0] == 0
    assert run("show", "from-config", "--config", sources["config-file"])[0] == 1
    code, out, _ = run("show", "from-cli-a", "--playbooks", sources["cli-a"])
    assert code == 0 and out.startswith("Title of from-cli-a")
    code, out, _ = run("lint", "--playbooks", sources["cli-a"], "--playbooks", sources["cli-b"])
    assert (code, out.strip()) == (0, "2 playbooks, 0 errors, 0 warnings")


def test_playbooks_before_and_after_the_subcommand_add_up(
    run: Run, sources: dict[str, Path]
) -> None:
    code, out, _ = run(
        "--playbooks", sources["cli-a"], "list", "--playbooks", sources["cli-b"], data_dir=False
    )
    assert code == 0
    assert listed(out) == {"from-cli-a", "from-cli-b"}


def test_missing_config_file_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    code, _, err = run("list", "--config", tmp_path / "nope.toml")
    assert code == 2
    assert "nope.toml" in err


def test_invalid_config_file_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("playbooks = [\n", encoding="utf-8")
    code, _, err = run("list", "--config", bad)
    assert code == 2
    assert "bad.toml" in err
    bad.write_text("playbooks = 42\n", encoding="utf-8")
    code, _, err = run("list", "--config", bad)
    assert code == 2


@pytest.mark.parametrize("command", [["list"], ["show", "x"]])
def test_missing_playbook_folder_is_a_usage_error(
    run: Run, tmp_path: Path, command: list[str]
) -> None:
    code, _, err = run(*command, "--playbooks", tmp_path / "nowhere")
    assert code == 2
    assert "nowhere" in err and "--playbooks" in err


def test_data_dir_option_is_accepted_everywhere(run: Run, root: Path, tmp_path: Path) -> None:
    data = tmp_path / "somewhere"
    for argv in (["lint", root], ["list", "--playbooks", root], ["show", EXAMPLE_ID]):
        extra = ["--playbooks", str(root)] if argv[0] == "show" else []
        code, _, err = run(*argv, *extra, "--data-dir", data, data_dir=False)
        assert code == 0, err


# --------------------------------------------------------------------------- terminal safety

EVIL = (
    variant(
        EXAMPLE,
        title=r'"\e[31mRed\e[0m title \x9b2J \a"',
        owner=r'"ops\e]0;pwned\a"',
        when=r'"When\x1b[1A it \u009b happens"',
    )
    .replace(
        "title: Find the enforcement notice for the room",
        r'title: "\e[1mFind\x9b the enforcement notice for the room"',
    )
    .replace(
        "detail: Open the creator's enforcement history and match the room ID.",
        r'detail: "Open\e[2J the\x9b history\x07"',
    )
    .replace(
        "summary: >\n  The creator's LIVE stopped with a ban notice and they want to know why"
        " and how to appeal.",
        r'summary: "Sum\e[2Jmary\r of\x85 the case"',
    )
    .replace("label: Minor safety", r'label: "Minor\e[5m safety"')
    .replace(
        "  - Do not promise the creator that the ban will be lifted.",
        r'  - "\e[8mhidden\e[0m Do not promise the creator that the ban will be lifted."',
    )
    .replace('"@lea.live"', r'"@lea\e[Hlive"')
    .replace("prompt: LIVE room ID", r'prompt: "LIVE\x9b room ID"')
    .replace('"live coupé"', r'"live\e[3m coupé"')
)


def evil_root(tmp_path: Path) -> Path:
    pbs = tmp_path / "evil"
    write(pbs, EVIL)
    return pbs


def assert_clean(*texts: str) -> None:
    for text in texts:
        found = CONTROL.search(text)
        assert not found, f"control character {found.group()!r} in {text!r}"


def test_evil_fixture_really_holds_escapes(tmp_path: Path) -> None:
    from livecheck.playbook.loader import load_playbook_file

    result = load_playbook_file(evil_root(tmp_path) / "trust-safety" / f"{EXAMPLE_ID}.en.yaml")
    assert result.playbook is not None, result.problems
    assert "\x1b[31m" in result.playbook.title
    assert "\x9b" in result.playbook.title


def test_show_never_prints_control_characters(run: Run, tmp_path: Path) -> None:
    code, out, err = run("show", EXAMPLE_ID, "--playbooks", evil_root(tmp_path))
    assert code == 0, err
    assert "Red" in out and "title" in out
    assert_clean(out, err)


def test_list_never_prints_control_characters(run: Run, tmp_path: Path) -> None:
    code, out, err = run("list", "--playbooks", evil_root(tmp_path))
    assert code == 0
    assert "Red" in out
    assert_clean(out, err)


def test_lint_never_prints_control_characters(run: Run, tmp_path: Path) -> None:
    pbs = evil_root(tmp_path)
    write(
        pbs,
        variant(EXAMPLE, id="other-one", category=r'"trust\e[31m"') + '"titel\\e[2J\\x9b": x\n',
        name="trust-safety/other-one.en.yaml",
    )
    code, out, err = run("lint", pbs)
    assert code == 1
    assert "[unknown-key]" in out and "[enum]" in out
    assert_clean(out, err)
    code, out, err = run("lint", "--format", "json", pbs)
    assert_clean(out, err)
    assert all(not CONTROL.search(item["message"]) for item in json.loads(out))


def test_unknown_id_with_escapes_is_not_echoed_raw(run: Run, root: Path) -> None:
    code, out, err = run("show", "\x1b[2Jnope\x9b", "--playbooks", root)
    assert code == 1
    assert_clean(out, err)


def test_lint_json_paths_hold_no_control_characters(run: Run, tmp_path: Path) -> None:
    pbs = tmp_path / "pbs"
    write(pbs, EXAMPLE, name="trust-safety/evil\x9b[2J.yaml")
    code, out, err = run("lint", "--format", "json", pbs)
    assert code == 0
    assert json.loads(out)[0]["code"] == "file-name"
    assert_clean(out, err)


@pytest.mark.parametrize("command", [["lint", "{path}"], ["list", "--playbooks", "{path}"]])
def test_usage_errors_do_not_echo_control_characters(
    run: Run, tmp_path: Path, command: list[str]
) -> None:
    path = str(tmp_path / "no\x1b]0;pwned\x07where\x1b[2J")
    code, out, err = run(*[a.format(path=path) for a in command])
    assert code == 2
    assert "where" in err
    assert_clean(out, err)


# --------------------------------------------------------------------------- real process


def subprocess_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    env["LIVECHECK_CONFIG"] = str(tmp_path / "no-config.toml")
    env["LIVECHECK_DATA_DIR"] = str(tmp_path / "data")
    env.pop("LIVECHECK_PLAYBOOKS", None)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def livecheck(tmp_path: Path, *args: str | Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "livecheck", *map(str, args)],
        capture_output=True,
        env=subprocess_env(tmp_path),
        timeout=60,
        check=False,
    )


@pytest.mark.slow
def test_subprocess_lint(tmp_path: Path, root: Path) -> None:
    done = livecheck(tmp_path, "lint", root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().strip() == "1 playbook, 0 errors, 0 warnings"
    write(root, variant(EXAMPLE, id="bad-one", severity="urgent"), name="trust-safety/bad.en.yaml")
    done = livecheck(tmp_path, "lint", root)
    assert done.returncode == 1
    assert b"[enum]" in done.stdout
    assert b"Traceback" not in done.stderr
    done = livecheck(tmp_path, "lint", tmp_path / "nowhere")
    assert done.returncode == 2


@pytest.mark.slow
def test_subprocess_show_with_escapes_in_the_title(tmp_path: Path) -> None:
    done = livecheck(tmp_path, "--playbooks", evil_root(tmp_path), "show", EXAMPLE_ID)
    assert done.returncode == 0, done.stderr
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert "Red" in out
    assert b"\x1b" not in done.stdout + done.stderr
    assert_clean(out, err)


@pytest.mark.slow
def test_subprocess_version_and_bad_command(tmp_path: Path) -> None:
    done = livecheck(tmp_path, "--version")
    assert done.returncode == 0
    assert done.stdout.decode().strip() == f"livecheck {__version__}"
    assert livecheck(tmp_path, "frobnicate").returncode == 2


# --------------------------------------------------------------- issue 12: lint and roots


def test_lint_reports_every_problem_in_one_pass(run: Run, tmp_path: Path) -> None:
    """Issue 12.21: a misspelt `titel` hid a bad `goto: escalte` until it was fixed."""
    text = EXAMPLE.replace(
        "    title: Find the enforcement notice for the room",
        "    titel: Find the enforcement notice for the room",
    ).replace("goto: explain-appeal", "goto: explain-apeal")
    write(tmp_path / "pbs", text)
    code, out, _ = run("lint", tmp_path / "pbs")
    assert code == 1
    assert "unknown key 'titel'" in out
    assert "goto 'explain-apeal': no step has this id; did you mean 'explain-appeal'?" in out
    assert out.strip().splitlines()[-1] == "1 playbook, 3 errors, 0 warnings"


def test_lint_runs_the_graph_rules_past_a_structure_error(run: Run, tmp_path: Path) -> None:
    text = (
        EXAMPLE.replace("severity: high", "severity: urgent")
        .replace("    outcome: escalated\n", "    goto: find-notice\n")
        .replace("      - {label: Anything else, goto: explain-appeal}\n", "")
    )
    write(tmp_path / "pbs", text)
    code, out, _ = run("lint", tmp_path / "pbs")
    assert code == 1 and "[enum]" in out and "[cycle]" in out, out


def test_lint_does_not_guess_when_a_step_has_no_id(run: Run, tmp_path: Path) -> None:
    text = EXAMPLE.replace("  - id: explain-appeal\n", "  - ident: explain-appeal\n")
    write(tmp_path / "pbs", text)
    _, out, _ = run("lint", tmp_path / "pbs")
    assert "unknown-step" not in out  # the goto to it would be a false alarm


def test_playbooks_folder_is_said_and_the_bundled_library_can_stay(run: Run, root: Path) -> None:
    """Issue 12.20: `--playbooks DIR` replaced the bundled library without saying so."""
    code, out, err = run("list", "--playbooks", root)
    assert code == 0 and EXAMPLE_ID in out and "stream-key-setup" not in out
    assert f"livecheck: playbooks from {root} (set by --playbooks)" in err
    code, out, err = run("list", "--playbooks", root, "--with-bundled")
    assert EXAMPLE_ID in out and "stream-key-setup" in out
    assert "then the bundled library" in err
    code, out, err = run("list")  # the default: nothing to say
    assert "stream-key-setup" in out and err == ""
    _, _, err = run("lint", "--playbooks", root)
    assert f"playbooks from {root}" in err


def test_with_bundled_in_the_config(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('playbooks = ["mine"]\nwith_bundled = true\n', encoding="utf-8")
    found = settings.resolve_settings(config=str(config), environ={})
    assert found.playbook_roots == (tmp_path / "mine", settings.bundled_playbooks_dir())
    assert found.bundled_added and not found.uses_default_roots
    config.write_text('with_bundled = "yes"\n', encoding="utf-8")
    with pytest.raises(settings.SettingsError, match="with_bundled"):
        settings.resolve_settings(config=str(config), environ={})


def test_help_says_which_playbook_folders_are_in_use(run: Run) -> None:
    code, out, _ = run("--help", data_dir=False)
    assert code == 0
    flat = " ".join(out.split())
    assert "--with-bundled" in flat
    assert "In use now: playbooks from the bundled library" in flat


def test_show_wraps_once_and_marks_each_memory_item_once(run: Run, tmp_path: Path) -> None:
    long_item = "Do not promise the creator that the ban will be lifted, " * 3
    text = EXAMPLE.replace(
        "  - Do not promise the creator that the ban will be lifted.", f"  - {long_item.strip()}"
    ).replace(
        "    detail: Open the creator's enforcement history and match the room ID.",
        "    detail: |\n      Open the **creator's** enforcement\n      history and match the room ID.",
    )
    write(tmp_path / "pbs", text)
    code, out, _ = run("show", EXAMPLE_ID, "--playbooks", tmp_path / "pbs")
    assert code == 0
    memory = out[out.index("Remember") : out.index("Variables")]
    assert memory.count("!") == 1 and len(memory.strip().splitlines()) >= 3
    assert "Open the creator's enforcement history and match the room ID." in out
