"""Bad settings end in one clean error line, from the app as from any command
(issue 15, item 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.conftest import livecheck, traceback_in


@pytest.mark.parametrize("command", [[], ["list"], ["search", "x"]])
def test_missing_playbook_folder(tmp_path: Path, command: list[str]) -> None:
    result = livecheck("--playbooks", "/nonexistent", *command, data_dir=tmp_path, timeout=60)
    assert result.returncode == 2
    assert not traceback_in(result.stderr)
    assert "playbook folder not found: /nonexistent" in result.stderr


@pytest.mark.parametrize("command", [[], ["list"]])
def test_bad_config_file(tmp_path: Path, command: list[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("playbooks = [\n")
    result = livecheck("--config", str(bad), *command, data_dir=tmp_path, timeout=60)
    assert result.returncode == 2
    assert not traceback_in(result.stderr)
    assert f"{bad}: invalid TOML" in result.stderr
