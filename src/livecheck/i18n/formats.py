"""Dates, times, durations, numbers and percentages as a reader of each language
expects them: "3 December 2026, 14:05 (Paris time)", "3 décembre 2026, 14:05
(heure de Paris)", "1,234.5" and "1 234,5".

Everything that differs between languages comes from the catalogue — month and day
names, separators, the order of the parts — so a third language is a catalogue,
not code. Each function takes `lang` (None: the current language).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from livecheck.i18n.catalog import Translator, current_language, translator


def _tr(lang: str | None) -> Translator:
    return translator(lang or current_language())


def month_names(lang: str | None = None) -> tuple[str, ...]:
    """January to December, as written inside a date ("3 décembre 2026")."""
    t = _tr(lang)
    return (
        t.pgettext("month", "January"),
        t.pgettext("month", "February"),
        t.pgettext("month", "March"),
        t.pgettext("month", "April"),
        t.pgettext("month", "May"),
        t.pgettext("month", "June"),
        t.pgettext("month", "July"),
        t.pgettext("month", "August"),
        t.pgettext("month", "September"),
        t.pgettext("month", "October"),
        t.pgettext("month", "November"),
        t.pgettext("month", "December"),
    )


def weekday_names(lang: str | None = None) -> tuple[str, ...]:
    """Monday to Sunday (Python's `weekday()` order), as written inside a date."""
    t = _tr(lang)
    return (
        t.pgettext("weekday", "Monday"),
        t.pgettext("weekday", "Tuesday"),
        t.pgettext("weekday", "Wednesday"),
        t.pgettext("weekday", "Thursday"),
        t.pgettext("weekday", "Friday"),
        t.pgettext("weekday", "Saturday"),
        t.pgettext("weekday", "Sunday"),
    )


def _zone_names(t: Translator) -> dict[str, str]:
    # The zones the team works with, named the way people say them. Others show
    # their abbreviation ("CET") or their name.
    return {
        "UTC": t.pgettext("time zone", "UTC"),
        "Europe/Paris": t.pgettext("time zone", "Paris time"),
        "Europe/London": t.pgettext("time zone", "London time"),
        "Europe/Dublin": t.pgettext("time zone", "Dublin time"),
        "Europe/Berlin": t.pgettext("time zone", "Berlin time"),
        "Europe/Brussels": t.pgettext("time zone", "Brussels time"),
        "Europe/Amsterdam": t.pgettext("time zone", "Amsterdam time"),
        "Europe/Madrid": t.pgettext("time zone", "Madrid time"),
        "Europe/Rome": t.pgettext("time zone", "Rome time"),
        "Europe/Lisbon": t.pgettext("time zone", "Lisbon time"),
        "Europe/Warsaw": t.pgettext("time zone", "Warsaw time"),
    }


def zone_name(moment: dt.datetime, lang: str | None = None) -> str:
    """The time zone of an aware datetime in words: "Paris time", "heure de Paris", "UTC"."""
    tz = moment.tzinfo
    if tz is None:
        raise ValueError("a naive datetime has no time zone to name")
    key = getattr(tz, "key", None) or ("UTC" if moment.utcoffset() == dt.timedelta(0) else None)
    names = _zone_names(_tr(lang))
    if key in names:
        return names[key]
    return moment.tzname() or str(key or tz)


# -- numbers -------------------------------------------------------------------


def format_integer(n: int, lang: str | None = None) -> str:
    """1234567 as "1,234,567" (en) or "1 234 567" (fr, narrow no-break spaces)."""
    # Translators: French groups digits with U+202F NARROW NO-BREAK SPACE.
    sep = _tr(lang).pgettext("number: thousands separator", ",")
    digits = str(abs(n))
    groups = []
    while digits:
        groups.append(digits[-3:])
        digits = digits[:-3]
    return ("-" if n < 0 else "") + sep.join(reversed(groups))


def format_number(value: float, decimals: int = 1, lang: str | None = None) -> str:
    """A decimal number: 1234.56 with one decimal as "1,234.6" (en), "1 234,6" (fr)."""
    t = _tr(lang)
    text = f"{abs(value):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    sign = "-" if value < 0 and text.strip("0.") else ""
    out = sign + format_integer(int(whole), lang)
    if fraction:
        out += t.pgettext("number: decimal separator", ".") + fraction
    return out


def format_percent(rate: float, decimals: int = 0, lang: str | None = None) -> str:
    """A fraction as a percentage: 0.75 as "75 %" (fr: with a narrow no-break space)."""
    t = _tr(lang)
    number = (
        format_integer(round(rate * 100), lang)
        if decimals == 0
        else format_number(rate * 100, decimals, lang)
    )
    # Translators: French puts U+202F NARROW NO-BREAK SPACE before "%".
    return t.pgettext("number: percentage", "{number} %").format(number=number)


# -- durations -----------------------------------------------------------------


def format_duration(seconds: float, lang: str | None = None) -> str:
    """A duration in at most two units, rounded to the second: "45 s", "5 min 00 s",
    "2 h 05 min"."""
    t = _tr(lang)
    total = max(0, round(seconds))
    if total < 60:
        return t.pgettext("duration", "{seconds} s").format(seconds=total)
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return t.pgettext("duration", "{minutes} min {seconds} s").format(
            minutes=format_integer(minutes, lang), seconds=f"{secs:02d}"
        )
    hours, minutes = divmod(minutes, 60)
    return t.pgettext("duration", "{hours} h {minutes} min").format(
        hours=format_integer(hours, lang), minutes=f"{minutes:02d}"
    )


# -- dates and times -----------------------------------------------------------


def format_date(day: dt.date, lang: str | None = None, *, weekday: bool = False) -> str:
    """ "3 December 2026" / "3 décembre 2026" ("1er décembre" in French); with the day of
    the week: "Thursday 3 December 2026" / "jeudi 3 décembre 2026"."""
    t = _tr(lang)
    # Translators: the 1st of a month, which French writes "1er".
    number = t.pgettext("date: the first day of a month", "1") if day.day == 1 else str(day.day)
    text = t.pgettext("date: day, month, year", "{day} {month} {year}").format(
        day=number, month=month_names(lang)[day.month - 1], year=day.year
    )
    if weekday:
        text = t.pgettext("date: weekday and date", "{weekday} {date}").format(
            weekday=weekday_names(lang)[day.weekday()], date=text
        )
    return text


def format_time(moment: dt.time | dt.datetime, lang: str | None = None) -> str:
    """ "14:05", on a 24-hour clock."""
    return (
        _tr(lang)
        .pgettext("time: hours and minutes", "{hour}:{minute}")
        .format(hour=f"{moment.hour:02d}", minute=f"{moment.minute:02d}")
    )


def format_datetime(
    moment: dt.datetime, zone: dt.tzinfo | None = None, lang: str | None = None
) -> str:
    """A moment in `zone` (default: its own; a naive datetime is taken as UTC), with the
    zone named: "3 December 2026, 14:05 (Paris time)", "3 décembre 2026, 14:05 (heure de
    Paris)"."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    if zone is not None:
        moment = moment.astimezone(zone)
    return (
        _tr(lang)
        .pgettext("date and time, in a time zone", "{date}, {time} ({zone})")
        .format(
            date=format_date(moment.date(), lang),
            time=format_time(moment, lang),
            zone=zone_name(moment, lang),
        )
    )


def format_list(items: Iterable[str], lang: str | None = None) -> str:
    """Items separated by semicolons, as each language spaces them: "a; b" / "a ; b"."""
    # Translators: French puts U+202F NARROW NO-BREAK SPACE before ";".
    return _tr(lang).pgettext("list separator", "; ").join(items)
