"""The config file's reader: what `livecheck --help` uses instead of the whole settings."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from livecheck.services import config_file
from livecheck.services.settings import resolve_settings


@pytest.mark.parametrize(
    "xdg",
    [None, "", "relative/config", "/srv/xdg-config", "/srv/trailing/"],
)
@pytest.mark.parametrize("home", ["/home/amelie", "/home/amelie/", None])
def test_user_config_dir_is_platformdirs_one(
    monkeypatch: pytest.MonkeyPatch, xdg: str | None, home: str | None
) -> None:
    for name, value in (("XDG_CONFIG_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    expected = platformdirs.user_config_dir("livecheck", appauthor=False)
    assert config_file.user_config_dir() == expected


def test_roots_in_use_says_what_the_settings_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "conf" / "config.toml"
    config.parent.mkdir()
    environ = {"LIVECHECK_CONFIG": str(config)}
    cases = [
        "",  # no config file: the bundled library
        'playbooks = ["../a//b/", "~/c"]\n',
        'playbooks = "mine"\nwith_bundled = true\n',
    ]
    for text in cases:
        if text:
            config.write_text(text, encoding="utf-8")
        said = config_file.roots_in_use(environ)
        assert said == resolve_settings(environ=environ).roots_description(), text
    with_env = {**environ, "LIVECHECK_PLAYBOOKS": "/x/:y"}
    assert config_file.roots_in_use(with_env) == (
        resolve_settings(environ=with_env).roots_description()
    )


def test_interface_language_from_each_source(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('ui_language = "fr"\n', encoding="utf-8")
    environ = {"LIVECHECK_CONFIG": str(config), "LANG": "en_GB.UTF-8"}
    assert config_file.interface_language(None, None, environ) == "fr"
    assert config_file.interface_language("en", None, environ) == "en"
    assert config_file.interface_language(None, None, {**environ, "LIVECHECK_UI_LANG": "en"}) == (
        "en"
    )
    no_file = {"LIVECHECK_CONFIG": str(tmp_path / "none.toml"), "LANG": "fr_FR.UTF-8"}
    assert config_file.interface_language(None, None, no_file) == "fr"
    with pytest.raises(config_file.SettingsError, match="does not exist"):
        config_file.interface_language(None, str(tmp_path / "none.toml"), environ)
