"""Start-up budget: `livecheck --version` and `--help` import argparse and little
else; a command imports its own module, not the others' (and never Textual)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from livecheck.cli import COMMANDS, build_parser

HEAVY = ("textual", "whoosh", "sqlite3", "_sqlite3", "rapidfuzz", "ruamel", "rich", "platformdirs")


def modules_after(argv: list[str], tmp_path: Path) -> set[str]:
    code = (
        "import json, sys\n"
        "from livecheck.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stdout.flush()\n"
        "sys.stderr.write(json.dumps(sorted(sys.modules)))\n"
    )
    env = {
        **os.environ,
        "LIVECHECK_DATA_DIR": str(tmp_path / "data"),
        "HOME": str(tmp_path),  # no config file: the defaults
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    env.pop("LIVECHECK_CONFIG", None)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return set(json.loads(out.stderr.splitlines()[-1]))


def top_level(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_version_imports_nothing_heavy(tmp_path: Path) -> None:
    loaded = modules_after(["--version"], tmp_path)
    assert not top_level(loaded) & set(HEAVY), sorted(top_level(loaded) & set(HEAVY))
    assert not any(m.startswith("livecheck.cli.") and m != "livecheck.cli.common" for m in loaded)
    # Nor the core behind the commands, nor the settings and the catalogues (no
    # language to choose, nothing to translate).
    for package in ("search", "journal", "playbook", "services", "tui", "i18n"):
        assert f"livecheck.{package}" not in loaded


@pytest.mark.skipif(sys.platform != "linux", reason="elsewhere platformdirs finds the config")
def test_help_imports_the_config_file_reader_and_nothing_heavier(tmp_path: Path) -> None:
    # The help speaks the interface language (chosen from the config, with argparse's
    # own words) and names the playbook folders in use: the config file's reader, and
    # no more (not the whole settings, with dataclasses, pathlib and platformdirs).
    loaded = modules_after(["--help"], tmp_path)
    assert not top_level(loaded) & set(HEAVY), sorted(top_level(loaded) & set(HEAVY))
    allowed = {"livecheck.cli.common", "livecheck.cli.argparse_words"}
    assert not {m for m in loaded if m.startswith("livecheck.cli.")} - allowed
    for package in ("search", "journal", "playbook", "tui"):
        assert f"livecheck.{package}" not in loaded
    assert not {m for m in loaded if m.startswith("livecheck.services.")} - {
        "livecheck.services.config_file"
    }
    # Each of these costs from a tenth to a half of Python's own start; the help
    # needs none of them (no config file here: nor tomllib).
    for module in (
        "dataclasses", "pathlib", "typing", "tomllib", "importlib.resources", "zoneinfo",
        "datetime", "shutil", "locale", "contextlib",
    ):  # fmt: skip
        assert module not in loaded, module


@pytest.mark.skipif(sys.platform != "linux", reason="elsewhere platformdirs finds the config")
def test_help_in_french_reads_the_catalogue_and_nothing_heavier(tmp_path: Path) -> None:
    loaded = modules_after(["--help", "--lang-ui", "fr"], tmp_path)
    for module in ("dataclasses", "pathlib", "typing", "platformdirs", "locale", "shutil"):
        assert module not in loaded, module


def test_a_command_imports_only_its_own_module(tmp_path: Path) -> None:
    loaded = modules_after(["schema"], tmp_path)
    assert "livecheck.cli.library_commands" in loaded
    others = {m for _, m, _ in COMMANDS} - {"livecheck.cli.library_commands"}
    assert not others & loaded, sorted(others & loaded)
    assert not top_level(loaded) & {"textual", "whoosh", "sqlite3", "rich"}


def test_search_does_not_import_textual_or_reports(tmp_path: Path) -> None:
    library = Path(__file__).parent / "fixtures" / "good"
    search = ["search", "--no-journal", "--playbooks", str(library), "x"]
    loaded = modules_after(search, tmp_path)  # builds the index: reads the YAML
    assert {"whoosh", "ruamel"} <= top_level(loaded)
    assert "textual" not in top_level(loaded)
    assert not any(m.startswith("livecheck.reports") for m in loaded)
    # Nothing changed since: the YAML reader (ruamel) and the journal stay unloaded.
    warm = modules_after(search, tmp_path)
    assert "whoosh" in top_level(warm)
    assert not top_level(warm) & {"ruamel", "_ruamel_yaml", "textual", "sqlite3", "rich"}


def test_every_command_of_the_table_is_registered_by_its_module() -> None:
    parser = build_parser(load_all=True)
    subs = next(a for a in parser._actions if a.dest == "command")
    assert list(subs.choices) == [name for name, _, _ in COMMANDS]  # type: ignore[union-attr]
    for name, command in subs.choices.items():  # type: ignore[union-attr]
        # Each module set its handler and options on the parser the table made.
        # (or, for a command of actions such as `log` and `journal`, its actions).
        has_actions = any(isinstance(a, argparse._SubParsersAction) for a in command._actions)
        assert command.get_default("handler") is not None or has_actions, name
        assert command.description, name


def test_help_of_a_command_still_lists_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    from livecheck.cli import main

    with pytest.raises(SystemExit):
        main(["search", "--help"])
    out = capsys.readouterr().out
    assert "--no-journal" in out and "QUERY" in out
