"""Dates, times, durations, numbers and percentages in English and French."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from livecheck.i18n import (
    format_date,
    format_datetime,
    format_duration,
    format_integer,
    format_list,
    format_number,
    format_percent,
    format_time,
    month_names,
    set_language,
    weekday_names,
    zone_name,
)

NBSP, NNBSP = "\u00a0", "\u202f"
PARIS = ZoneInfo("Europe/Paris")
# 13:05 UTC on 3 December 2026 is 14:05 in Paris (winter time, UTC+1).
MOMENT = dt.datetime(2026, 12, 3, 13, 5, tzinfo=dt.UTC)


def test_a_moment_with_its_zone_named() -> None:
    assert format_datetime(MOMENT, PARIS, "en") == "3 December 2026, 14:05 (Paris time)"
    assert format_datetime(MOMENT, PARIS, "fr") == f"3{NBSP}décembre 2026, 14:05 (heure de Paris)"


def test_summer_time_and_utc() -> None:
    july = dt.datetime(2026, 7, 14, 8, 30, tzinfo=dt.UTC)
    assert format_datetime(july, PARIS, "fr") == f"14{NBSP}juillet 2026, 10:30 (heure de Paris)"
    assert format_datetime(july, None, "en") == "14 July 2026, 08:30 (UTC)"
    # A naive datetime is taken as UTC.
    assert format_datetime(july.replace(tzinfo=None), None, "en") == "14 July 2026, 08:30 (UTC)"


def test_zones_named_and_not() -> None:
    assert zone_name(MOMENT.astimezone(ZoneInfo("Europe/London")), "fr") == "heure de Londres"
    assert zone_name(MOMENT.astimezone(ZoneInfo("Europe/Amsterdam")), "fr") == "heure d’Amsterdam"
    # A zone the catalogue does not name shows its abbreviation.
    assert zone_name(MOMENT.astimezone(ZoneInfo("America/New_York")), "fr") == "EST"
    with pytest.raises(ValueError):
        zone_name(MOMENT.replace(tzinfo=None))


def test_dates() -> None:
    day = dt.date(2026, 12, 3)
    assert format_date(day, "en") == "3 December 2026"
    assert format_date(day, "fr") == f"3{NBSP}décembre 2026"
    assert format_date(day, "en", weekday=True) == "Thursday 3 December 2026"
    assert format_date(day, "fr", weekday=True) == f"jeudi 3{NBSP}décembre 2026"
    # The first of the month, as French writes it.
    assert format_date(dt.date(2026, 8, 1), "fr") == f"1er{NBSP}août 2026"
    assert format_date(dt.date(2026, 8, 1), "en") == "1 August 2026"


def test_month_and_day_names_come_from_the_catalogue() -> None:
    assert month_names("fr")[4] == "mai" and month_names("en")[4] == "May"
    assert len(set(month_names("fr"))) == 12 and len(set(weekday_names("fr"))) == 7
    assert weekday_names("fr")[6] == "dimanche"


def test_times() -> None:
    assert format_time(dt.time(9, 5), "fr") == "09:05"
    assert format_time(MOMENT, "en") == "13:05"


@pytest.mark.parametrize(
    ("seconds", "en", "fr"),
    [
        (0, "0 s", f"0{NBSP}s"),
        (44.6, "45 s", f"45{NBSP}s"),
        (300, "5 min 00 s", f"5{NBSP}min 00{NBSP}s"),
        (3725, "1 h 02 min", f"1{NBSP}h 02{NBSP}min"),
        (-3, "0 s", f"0{NBSP}s"),
    ],
)
def test_durations(seconds: float, en: str, fr: str) -> None:
    assert format_duration(seconds, "en") == en
    assert format_duration(seconds, "fr") == fr


def test_numbers() -> None:
    assert format_integer(1234567, "en") == "1,234,567"
    assert format_integer(1234567, "fr") == f"1{NNBSP}234{NNBSP}567"
    assert format_integer(999, "fr") == "999" and format_integer(-1234, "en") == "-1,234"
    assert format_number(1234.56, 1, "en") == "1,234.6"
    assert format_number(1234.56, 2, "fr") == f"1{NNBSP}234,56"
    assert format_number(-0.04, 1, "fr") == "0,0"  # no "-0,0"
    assert format_number(-2.5, 1, "fr") == "-2,5"


def test_percentages() -> None:
    assert format_percent(0.75, lang="en") == "75 %"
    assert format_percent(0.75, lang="fr") == f"75{NNBSP}%"
    assert format_percent(0.1234, 1, "fr") == f"12,3{NNBSP}%"
    assert format_percent(1.0, lang="fr") == f"100{NNBSP}%"


def test_lists() -> None:
    assert format_list(["a", "b"], "en") == "a; b"
    assert format_list(["a", "b"], "fr") == f"a{NNBSP}; b"


def test_without_a_language_the_current_one_is_used() -> None:
    set_language("fr")
    assert format_date(dt.date(2026, 12, 3)) == f"3{NBSP}décembre 2026"
    set_language("en")
    assert format_date(dt.date(2026, 12, 3)) == "3 December 2026"


def test_no_break_spaces_survive_the_one_line_cleaning() -> None:
    """Every exported cell goes through one_line: French spacing must come out of it."""
    from livecheck.safety.text import one_line

    assert one_line(f" 75{NNBSP}%\n") == f"75{NNBSP}%"
    assert one_line(f"Motifs{NBSP}:  a\t\nb ") == f"Motifs{NBSP}: a b"
