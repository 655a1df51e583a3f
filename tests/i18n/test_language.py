"""Which language the interface speaks: each rule of the resolution, and the settings and
command line that feed it."""

from __future__ import annotations

from pathlib import Path

import pytest

from livecheck.i18n import (
    LanguageChoice,
    LanguageError,
    language_code,
    locale_language,
    output_language,
    resolve_summary_language,
    resolve_ui_language,
)
from livecheck.services.settings import SettingsError, resolve_settings


def test_the_explicit_choice_wins_over_everything() -> None:
    env = {"LIVECHECK_UI_LANG": "en", "LANG": "en_GB.UTF-8"}
    assert resolve_ui_language("fr", env, "en") == LanguageChoice("fr", "--lang-ui")


def test_then_the_environment_variable() -> None:
    env = {"LIVECHECK_UI_LANG": "fr", "LANG": "en_GB.UTF-8"}
    assert resolve_ui_language(None, env, "en") == LanguageChoice("fr", "LIVECHECK_UI_LANG")


def test_then_the_config() -> None:
    assert resolve_ui_language(None, {"LANG": "en_GB.UTF-8"}, "fr") == LanguageChoice(
        "fr", "config"
    )


def test_then_the_locale() -> None:
    assert resolve_ui_language(None, {"LANG": "fr_FR.UTF-8"}) == LanguageChoice("fr", "LANG")


def test_else_english() -> None:
    assert resolve_ui_language(None, {}) == LanguageChoice("en", "default")
    assert resolve_ui_language(None, {"LANG": "de_DE.UTF-8"}) == LanguageChoice("en", "default")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "fr_FR.UTF-8"}, LanguageChoice("fr", "LANG")),
        (
            {"LC_MESSAGES": "fr_CA.UTF-8", "LANG": "en_US.UTF-8"},
            LanguageChoice("fr", "LC_MESSAGES"),
        ),
        # LC_ALL overrides the others, as POSIX has it.
        (
            {"LC_ALL": "en_IE.UTF-8", "LC_MESSAGES": "fr_FR", "LANG": "fr_FR"},
            LanguageChoice("en", "LC_ALL"),
        ),
        ({"LC_ALL": "fr_BE@euro"}, LanguageChoice("fr", "LC_ALL")),
        # The C locale means untranslated, whatever LANGUAGE says (as gettext does).
        ({"LANG": "C.UTF-8", "LANGUAGE": "fr"}, None),
        ({"LC_ALL": "POSIX", "LANG": "fr_FR.UTF-8"}, None),
        # LANGUAGE refines a real locale: the first language livecheck speaks wins.
        ({"LANG": "en_GB.UTF-8", "LANGUAGE": "de:fr:en"}, LanguageChoice("fr", "LANGUAGE")),
        ({"LANG": "de_DE.UTF-8"}, None),
        ({}, None),
    ],
)
def test_the_locale_is_read_as_gettext_reads_it(
    environ: dict[str, str], expected: LanguageChoice | None
) -> None:
    assert locale_language(environ) == expected


@pytest.mark.parametrize("value", ["fr", "FR", "fr_FR", "fr-CA", "fr_FR.UTF-8", " fr "])
def test_language_tags_and_locale_names(value: str) -> None:
    assert language_code(value) == "fr"
    assert resolve_ui_language(value, {}).lang == "fr"


def test_a_language_livecheck_does_not_speak_is_an_error_said_with_its_source() -> None:
    with pytest.raises(LanguageError, match=r"--lang-ui: 'de'.*en, fr"):
        resolve_ui_language("de", {})
    with pytest.raises(LanguageError, match="LIVECHECK_UI_LANG: 'de'"):
        resolve_ui_language(None, {"LIVECHECK_UI_LANG": "de"})
    with pytest.raises(LanguageError, match=r"my\.toml: ui_language: 'de'"):
        resolve_ui_language(None, {}, "de", config_name="my.toml")
    with pytest.raises(LanguageError, match="'ui_language' must be one of"):
        resolve_ui_language(None, {}, 3)


def test_summary_language() -> None:
    assert resolve_summary_language(None) == "playbook"
    assert resolve_summary_language("ui") == "ui"
    with pytest.raises(LanguageError, match="'summary_language' must be one of"):
        resolve_summary_language("french")


def test_output_for_a_reader_of_the_playbook_is_in_the_playbooks_language() -> None:
    assert output_language("playbook", "fr", "en") == "fr"
    assert output_language("playbook", "en", "fr") == "en"
    assert output_language("ui", "fr", "en") == "en"
    # A playbook in a language livecheck has no catalogue for: the interface's.
    assert output_language("playbook", "de", "fr") == "fr"


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_settings_read_both_keys_from_the_config(tmp_path: Path) -> None:
    config = write_config(tmp_path, 'ui_language = "fr"\nsummary_language = "ui"\n')
    settings = resolve_settings(config=str(config), environ={})
    assert (settings.ui_language, settings.summary_language) == ("fr", "ui")
    # The command line and the environment still win over the config.
    assert resolve_settings(config=str(config), environ={}, ui_language="en").ui_language == "en"
    env = {"LIVECHECK_UI_LANG": "en"}
    assert resolve_settings(config=str(config), environ=env).ui_language == "en"


def test_settings_default_to_the_locale_and_the_playbook(tmp_path: Path) -> None:
    settings = resolve_settings(config=str(write_config(tmp_path, "")), environ={"LANG": "fr_FR"})
    assert (settings.ui_language, settings.summary_language) == ("fr", "playbook")


def test_a_bad_value_in_the_config_is_a_settings_error(tmp_path: Path) -> None:
    config = write_config(tmp_path, 'summary_language = "creator"\n')
    with pytest.raises(SettingsError, match="summary_language"):
        resolve_settings(config=str(config), environ={})
