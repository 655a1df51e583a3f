"""The interface in English and French: gettext catalogues, the language choice and
locale-aware formatting. Standard library only at run time; see docs/translating.md.

    from livecheck.i18n import _, ngettext, pgettext

    _("Stale playbooks")
    ngettext("{n} run", "{n} runs", n).format(n=format_integer(n))
    pgettext("report column", "Owner")
"""

from livecheck.i18n.catalog import (
    DOMAIN,
    LANGUAGES,
    N_,
    SOURCE_LANGUAGE,
    LanguageError,
    Translator,
    _,
    check_language,
    current_language,
    interface_language,
    ngettext,
    npgettext,
    pgettext,
    set_language,
    translator,
    use_language,
)
from livecheck.i18n.language import (
    ENV_UI_LANG,
    SUMMARY_LANGUAGES,
    LanguageChoice,
    language_code,
    locale_language,
    output_language,
    resolve_summary_language,
    resolve_ui_language,
)

# The formats (and datetime) and LOCALE_DIR (a pathlib.Path) are imported when first
# asked for: `livecheck --help` imports this package to translate, and needs neither.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from livecheck.i18n.catalog import LOCALE_DIR
    from livecheck.i18n.formats import (
        format_date,
        format_datetime,
        format_duration,
        format_integer,
        format_list,
        format_number,
        format_percent,
        format_time,
        month_names,
        weekday_names,
        zone_name,
    )
_FORMATS = frozenset(
    {
        "format_date",
        "format_datetime",
        "format_duration",
        "format_integer",
        "format_list",
        "format_number",
        "format_percent",
        "format_time",
        "month_names",
        "weekday_names",
        "zone_name",
    }
)


def __getattr__(name: str) -> object:
    if name in _FORMATS:
        from livecheck.i18n import formats

        value = globals()[name] = getattr(formats, name)
        return value
    if name == "LOCALE_DIR":
        from livecheck.i18n import catalog

        return catalog.LOCALE_DIR
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DOMAIN",
    "ENV_UI_LANG",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "SOURCE_LANGUAGE",
    "SUMMARY_LANGUAGES",
    "LanguageChoice",
    "LanguageError",
    "Translator",
    "_",
    "check_language",
    "current_language",
    "format_date",
    "format_datetime",
    "format_duration",
    "format_integer",
    "format_list",
    "format_number",
    "format_percent",
    "format_time",
    "interface_language",
    "language_code",
    "locale_language",
    "month_names",
    "ngettext",
    "npgettext",
    "output_language",
    "pgettext",
    "resolve_summary_language",
    "resolve_ui_language",
    "set_language",
    "translator",
    "use_language",
    "weekday_names",
    "zone_name",
]
