"""The translators: one per language, read from the compiled catalogues in `locale/`.

The runtime needs only the standard library (`gettext`); Babel is for the people
who extract and compile the catalogues (see docs/translating.md).

Which language a string comes out in is decided when it is *used*, not when the
module that holds it is imported: `_`, `ngettext`, `pgettext` and `npgettext`
read the current language at each call, so a front end can switch it live.
Two levels decide the current language:

- the interface language, one for the process (`set_language`), chosen at start-up
  from `--lang-ui`, `LIVECHECK_UI_LANG`, the config or the locale;
- a language for one piece of output (`use_language`, a context variable, so it
  holds for the current thread or task only): a handoff summary written in the
  playbook's language while the interface stays in the operator's.

`translator(lang)` gives the strings of one language directly, whatever is current.
"""

from __future__ import annotations

import gettext
import os
from contextvars import ContextVar
from functools import cache

# `livecheck --help` imports this module: no dataclasses, pathlib or typing here.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from contextvars import Token
    from pathlib import Path

DOMAIN = "livecheck"
SOURCE_LANGUAGE = "en"  # the language of the msgids: it needs no catalogue
LANGUAGES = ("en", "fr")  # every language livecheck speaks, the source first
_LOCALE = os.path.join(os.path.dirname(os.path.realpath(__file__)), "locale")
LOCALE_DIR: Path  # the same folder as a Path, made when asked for (see __getattr__)


def __getattr__(name: str) -> object:
    if name == "LOCALE_DIR":
        from pathlib import Path

        return Path(_LOCALE)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def N_(message: str) -> str:
    """Marks a string for the catalogue where it is defined (a table built at import
    time); `_` translates it where it is used."""
    return message


class LanguageError(ValueError):
    """A language livecheck has no catalogue for; the message names the ones it has."""


def check_language(lang: str) -> str:
    """`lang` if livecheck speaks it, else LanguageError."""
    if lang not in LANGUAGES:
        raise LanguageError(
            _("{value} is not a language livecheck speaks; use one of {languages}").format(
                value=repr(lang), languages=", ".join(LANGUAGES)
            )
        )
    return lang


class Translator:
    """The strings of one language (the msgid itself where the catalogue has none)."""

    __slots__ = ("catalogue", "lang")

    def __init__(self, lang: str, catalogue: gettext.NullTranslations) -> None:
        self.lang = lang
        self.catalogue = catalogue

    def gettext(self, message: str) -> str:
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalogue.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.catalogue.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.catalogue.npgettext(context, singular, plural, n)


@cache
def translator(lang: str) -> Translator:
    """The translator for `lang`, loaded once. English (the msgids) needs no file;
    a missing catalogue falls back to English rather than failing."""
    check_language(lang)
    # The file gettext.translation(DOMAIN, LOCALE_DIR, [lang], fallback=True) finds for
    # livecheck's two-letter languages, opened directly (gettext.find imports `locale`).
    path = os.path.join(_LOCALE, lang, "LC_MESSAGES", f"{DOMAIN}.mo")
    catalogue: gettext.NullTranslations
    try:
        with open(path, "rb") as fh:
            catalogue = gettext.GNUTranslations(fh)
    except FileNotFoundError:
        catalogue = gettext.NullTranslations()
    return Translator(lang, catalogue)


# The interface language: one for the process. A str assignment is atomic, so the
# app's worker threads see either the old language or the new one, never a mix.
_interface_language = SOURCE_LANGUAGE
# A language for one piece of output, on top of the interface language.
_output_language: ContextVar[str | None] = ContextVar("livecheck_output_language", default=None)


def set_language(lang: str) -> None:
    """Switch the interface language (at start-up, or live from the app)."""
    global _interface_language
    _interface_language = check_language(lang)


def interface_language() -> str:
    return _interface_language


def current_language() -> str:
    """The language strings come out in now: `use_language`'s if one is active, else
    the interface language."""
    return _output_language.get() or _interface_language


def use_language(lang: str) -> OutputLanguage:
    """Write one piece of output in `lang` (in this thread or task only), e.g. a summary
    in the playbook's language while the interface stays in the operator's:
    `with use_language("fr") as fr: ...`."""
    return OutputLanguage(lang)


class OutputLanguage:
    """`use_language`'s context manager (a class: contextlib is not imported for it)."""

    __slots__ = ("_token", "lang")

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._token: Token[str | None] | None = None

    def __enter__(self) -> Translator:
        self._token = _output_language.set(check_language(self.lang))
        return translator(self.lang)

    def __exit__(self, *exc_info: object) -> None:
        assert self._token is not None
        _output_language.reset(self._token)
        self._token = None


def _(message: str) -> str:
    """`message` in the current language."""
    return translator(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of `singular`/`plural` for `n` in the current language (French: 0 and 1
    take the singular)."""
    return translator(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, where one English word has several
    translations and `context` says which one is meant."""
    return translator(current_language()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translator(current_language()).npgettext(context, singular, plural, n)
