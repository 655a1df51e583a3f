"""Which language the interface speaks, and which one a summary is written in.

Pure functions of what they are given (no environment read here): the settings
pass the command line, the environment and the config in.
"""

from __future__ import annotations

import re

from livecheck.i18n.catalog import LANGUAGES, SOURCE_LANGUAGE, LanguageError, _

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

ENV_UI_LANG = "LIVECHECK_UI_LANG"
# The locale variables, in the order POSIX gives them precedence.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
SUMMARY_LANGUAGES = ("playbook", "ui")  # summary_language: the playbook's, or the interface's


class LanguageChoice:
    """A language and the rule that chose it ("--lang-ui", "LIVECHECK_UI_LANG", "config",
    "LANG", ...). Not a dataclass: `livecheck --help` imports this module, and
    dataclasses (with inspect) would be a third of its start."""

    __slots__ = ("lang", "source")

    def __init__(self, lang: str, source: str) -> None:
        self.lang = lang
        self.source = source

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LanguageChoice):
            return NotImplemented
        return (self.lang, self.source) == (other.lang, other.source)

    def __hash__(self) -> int:
        return hash((self.lang, self.source))

    def __repr__(self) -> str:
        return f"LanguageChoice(lang={self.lang!r}, source={self.source!r})"


def language_code(value: str) -> str:
    """The language of a tag or locale name: "fr", "FR", "fr_FR.UTF-8", "fr-CA", "fr_FR@euro"
    all give "fr"."""
    return re.split(r"[_.@-]", value.strip(), maxsplit=1)[0].lower()


def _supported(value: str, where: str) -> str:
    lang = language_code(value)
    if lang not in LANGUAGES:
        raise LanguageError(
            _("{where}: {value} is not a language livecheck speaks; use one of {languages}").format(
                where=where, value=repr(value), languages=", ".join(LANGUAGES)
            )
        )
    return lang


def locale_language(environ: Mapping[str, str]) -> LanguageChoice | None:
    """The language the locale asks for, as gettext reads it: the first of LC_ALL,
    LC_MESSAGES and LANG that is set decides; a "C" or "POSIX" locale means no
    translation; LANGUAGE (a list, "fr:en") refines a real locale. None when the
    locale names no language livecheck speaks."""
    name = next(((var, environ[var]) for var in LOCALE_VARIABLES if environ.get(var)), None)
    if name is None or name[1] in ("C", "POSIX") or name[1].startswith(("C.", "POSIX.")):
        return None
    candidates = [(p, "LANGUAGE") for p in environ.get("LANGUAGE", "").split(":") if p]
    for value, var in [*candidates, (name[1], name[0])]:
        lang = language_code(value)
        if lang in LANGUAGES:
            return LanguageChoice(lang, var)
    return None


def resolve_ui_language(
    explicit: str | None,
    environ: Mapping[str, str],
    configured: object = None,
    *,
    config_name: str = "config",
) -> LanguageChoice:
    """The interface language, first match wins: `explicit` (`--lang-ui`), then
    LIVECHECK_UI_LANG, then `ui_language` from the config (`configured`), then the
    locale, then English. A value that names a language livecheck does not speak is a
    LanguageError (said, not silently ignored), except in the locale, which is shared
    with every other program and simply passed over."""
    if explicit:
        return LanguageChoice(_supported(explicit, "--lang-ui"), "--lang-ui")
    if environ.get(ENV_UI_LANG):
        return LanguageChoice(_supported(environ[ENV_UI_LANG], ENV_UI_LANG), ENV_UI_LANG)
    if configured is not None:
        if not isinstance(configured, str) or not configured.strip():
            raise LanguageError(
                f"{config_name}: 'ui_language' must be one of {', '.join(LANGUAGES)}"
            )
        return LanguageChoice(_supported(configured, f"{config_name}: ui_language"), "config")
    return locale_language(environ) or LanguageChoice(SOURCE_LANGUAGE, "default")


def resolve_summary_language(configured: object = None, *, config_name: str = "config") -> str:
    """`summary_language` from the config: "playbook" (the default: output for the
    creator or the ticket follows the playbook's language) or "ui"."""
    if configured is None:
        return "playbook"
    if configured not in SUMMARY_LANGUAGES:
        raise LanguageError(
            f"{config_name}: 'summary_language' must be one of "
            f"{', '.join(repr(s) for s in SUMMARY_LANGUAGES)}, not {configured!r}"
        )
    return str(configured)


def output_language(summary_language: str, playbook_lang: str, ui_lang: str) -> str:
    """The language of output that goes to a reader of the playbook (the handoff summary,
    canned messages, the prompts around them): the playbook's when `summary_language` is
    "playbook" and livecheck speaks it, else the interface's."""
    if summary_language == "playbook" and language_code(playbook_lang) in LANGUAGES:
        return language_code(playbook_lang)
    return ui_lang
