from __future__ import annotations

import os
from pathlib import Path

import pytest

from livecheck.safety.files import ensure_private_dir
from livecheck.services.settings import (
    ENV_DATA_DIR,
    ENV_PLAYBOOKS,
    SettingsError,
    bundled_playbooks_dir,
    mask_url,
    resolve_settings,
)


def env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"LIVECHECK_CONFIG": str(tmp_path / "none.toml"), **extra}


def test_bundled_library_is_the_default(tmp_path: Path) -> None:
    settings = resolve_settings(environ=env(tmp_path))
    assert settings.playbook_roots == (bundled_playbooks_dir(),)
    assert settings.roots_source == "bundled library"


def test_cli_beats_environment_beats_config(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('playbooks = ["from-config"]\n', encoding="utf-8")
    environ = env(tmp_path, **{ENV_PLAYBOOKS: os.pathsep.join(["/a", "/b"])})
    assert resolve_settings(
        playbooks=["x", "y"], config=str(config), environ=environ
    ).playbook_roots == (
        Path("x"),
        Path("y"),
    )
    assert resolve_settings(config=str(config), environ=environ).playbook_roots == (
        Path("/a"),
        Path("/b"),
    )
    from_config = resolve_settings(config=str(config), environ=env(tmp_path))
    assert from_config.playbook_roots == (tmp_path / "from-config",)  # relative to the config file


def test_config_playbooks_may_be_one_string(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('playbooks = "/srv/playbooks"\noperator = "amelie"\n', encoding="utf-8")
    settings = resolve_settings(config=str(config), environ=env(tmp_path))
    assert settings.playbook_roots == (Path("/srv/playbooks"),)
    assert settings.operator == "amelie"


def test_data_dir_override_puts_everything_in_one_folder(tmp_path: Path) -> None:
    from_env = resolve_settings(environ=env(tmp_path, **{ENV_DATA_DIR: str(tmp_path / "e")}))
    assert from_env.paths.data_dir == tmp_path / "e"
    cli = resolve_settings(
        data_dir=str(tmp_path / "d"), environ=env(tmp_path, **{ENV_DATA_DIR: "/nope"})
    )
    paths = cli.paths
    for path in (paths.data_dir, paths.cache_dir, paths.index_dir, paths.journal_path):
        assert path.is_relative_to(tmp_path / "d")
    assert not (tmp_path / "d").exists()  # resolving creates nothing


def test_bad_config_is_a_clear_error(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("playbooks = [\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="invalid TOML"):
        resolve_settings(config=str(config), environ=env(tmp_path))
    with pytest.raises(SettingsError, match="does not exist"):
        resolve_settings(config=str(tmp_path / "missing.toml"), environ=env(tmp_path))
    config.write_text("playbooks = 3\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="folder"):
        resolve_settings(config=str(config), environ=env(tmp_path))


def test_missing_default_config_is_fine(tmp_path: Path) -> None:
    settings = resolve_settings(environ=env(tmp_path))
    assert settings.keymap == {}
    assert settings.retention_days is None
    assert settings.team is None


def test_private_dir_is_0700(tmp_path: Path) -> None:
    target = ensure_private_dir(tmp_path / "a" / "b")
    assert target.stat().st_mode & 0o777 == 0o700


def test_typed_settings_from_the_config(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(
        'retention_days = 30\njournal = "postgresql://db.example/livecheck?sslmode=require"\n'
        '[keymap]\n"walk.done" = "enter,d"\n',
        encoding="utf-8",
    )
    settings = resolve_settings(config=str(config), environ=env(tmp_path))
    assert settings.retention_days == 30
    assert settings.keymap == {"walk.done": "enter,d"}
    assert settings.team is not None
    assert settings.team.url == "postgresql://db.example/livecheck?sslmode=require"
    # --journal beats LIVECHECK_JOURNAL beats the config; "local" turns it off.
    environ = env(tmp_path, LIVECHECK_JOURNAL="postgresql://envhost/db")
    from_env = resolve_settings(config=str(config), environ=environ).team
    assert from_env is not None and from_env.source == "LIVECHECK_JOURNAL"
    assert resolve_settings(config=str(config), environ=environ, journal="local").team is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("retention_days = 0\n", "retention_days"),
        ('retention_days = "30"\n', "retention_days"),
        ("retention_days = true\n", "retention_days"),
        ('journal = "mysql://x/y"\n', "postgresql://"),
        ("journal = 3\n", "postgresql://"),
        ('journal = "postgresql://lea:s3cret@db/lc"\n', "pgpass"),
        ("keymap = 3\n", "keymap"),
    ],
)
def test_bad_typed_settings_are_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "c.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=message) as caught:
        resolve_settings(config=str(config), environ=env(tmp_path))
    assert "s3cret" not in str(caught.value)


def test_a_password_is_masked_wherever_the_url_is_printed(tmp_path: Path) -> None:
    settings = resolve_settings(environ=env(tmp_path), journal="postgresql://lea:s3cret@db:5433/lc")
    assert settings.team is not None
    assert settings.team.masked == "postgresql://lea:***@db:5433/lc"
    assert mask_url("postgresql://db/lc") == "postgresql://db/lc"
