"""Signals of the trade that a word list cannot hold: numbers and spellings.

The listed signals (a school grade means a minor, a gift's name means gifts)
are thesaurus rules in `signals.txt`, read with `synonyms.txt`. What is read
here needs the words around it or the library's own words:

- a stated age under 18 ("she's 13", "she's only 13", "13 yo", "j'ai 14 ans"),
  or an upper bound of 18 or less ("u13", "under 16", "moins de 15 ans"), means
  a minor;
- an age and a birth year that do not agree ("says she is 19, born 2012"),
  two different stated ages ("shows I'm 16 but I'm 22") or two birth years
  mean a wrong age or date of birth on the account, and so does an adult's age
  beside "minor" or "under 18" ("the app thinks she's a minor, she's 30"), unless
  it is about looks ("says 19 but looks like a minor");
- a word written together that the library writes apart ("birthdate" for
  "birth date") or apart that it writes together ("multi guest" for
  "multiguest"), found against the library's own words.

Each signal is an `Alternative` of the word that carries it, searched like the
thesaurus's: exact words, in titles and keywords, below what was typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass

from livecheck.search.synonyms import Alternative

MINOR = (("minor",), ("underage",), ("mineur",))
WRONG_AGE = (("wrong", "age"), ("date", "of", "birth"), ("birth", "date"), ("birthday",))
ADULT = 18
OLDEST = 99
YOUNGEST = 5
SIGNAL_WEIGHT = 1.0
COMPOUND_WEIGHT = 0.9
MIN_COMPOUND = 7  # letters a word needs before it is split
MIN_PART = 3  # letters each part of a compound needs

# "13 yo", "13 ans", "13 years old"; "13yo" typed as one word.
_AGE_AFTER = frozenset({"ans", "an", "yo", "yrs", "yr", "years", "year", "y", "yos"})
# "she's 13", "I'm 13", "is 13", "aged 13", "age 13", "âge 13"; "shes 13" typed without its
# apostrophe; an apparent age, "looks 11", "seems about 12", is an age too.
_AGE_BEFORE = frozenset(
    {"s", "m", "am", "is", "aged", "age", "agee", "are", "shes", "hes", "im", "theyre"}
    | {"looks", "look", "looking", "seems", "seem"}
)
# A word that may stand between those and the age: "she's actually 26", "he is only 14".
_AGE_FILLER = frozenset(
    {"actually", "only", "just", "really", "barely", "like", "about", "around", "maybe", "now"}
)
# French "il en a 40", "j'en ai 40", after "ans" was said once ("croit qu'il a 15
# ans alors qu'il en a 40"): the number is an age.
_AGE_BEFORE_PAIRS = frozenset({("en", "a"), ("en", "ai"), ("en", "as")})
# An upper bound: "u13", "under 16", "moins de 15 ans", "-16": younger than that.
_UNDER_WORD = re.compile(r"^u(\d{1,2})$")
_UNDER_BEFORE = (("under",), ("moins", "de"), ("less", "than"), ("younger", "than"))
# ...unless a unit says it is something else: "under 10 minutes", "moins de 15 euros".
_UNITS = frozenset(
    "minutes minute min mins seconds secondes sec hours heures hour heure h days day jours jour "
    "weeks semaines months mois euros euro eur dollars k followers abonnes viewers spectateurs "
    "gifts cadeaux coins pieces diamonds diamants percent pourcent mb mbps kbps fps ms".split()
)
_AGE_WORD = re.compile(r"^(\d{1,2})(?:yo|ans|an|y|yrs|yr)$")
_YEAR = re.compile(r"^(19|20)\d\d$")
# An adult's stated age beside one of these is an account treated as a minor's:
# "the app thinks she's a minor but she's 30"...
# ("treats him like a teenager, he's 31": any word for a young person counts).
_MINOR_WORDS = frozenset(
    "minor minors underage mineur mineure mineurs mineures teen teens teenager teenagers "
    "kid kids child children ado ados adolescent adolescente enfant gamin gamine".split()
)
# ...when something is said to treat her so ("thinks", "shows", "croit")...
_TREATED = frozenset(
    {
        "thinks",
        "think",
        "thought",
        "treats",
        "treated",
        "considers",
        "considered",
        "flagged",
        "marked",
        "shows",
        "says",
        "said",
        "croit",
        "considere",
        "pense",
        "traite",
        "affiche",
        "dit",
    }
)
# ...unless it is about how the person looks: "says 19 but looks like a minor".
_LOOKS = frozenset(
    {
        "looks",
        "look",
        "looking",
        "seems",
        "seem",
        "appears",
        "clearly",
        "obviously",
        "semble",
        "parait",
        "dirait",
        "visiblement",
        "physique",
    }
)
_BIRTH = frozenset(
    {"born", "birth", "birthday", "birthdate", "dob", "ne", "nee", "naissance", "anniversaire"}
)


@dataclass(frozen=True, slots=True)
class _Found:
    ages: list[tuple[int, int]]  # (position, age)
    years: list[tuple[int, int]]  # (position, year)
    under: list[tuple[int, int]]  # (position, age the person is said to be under)


def _after(words: Sequence[str], i: int, phrases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether `words[i]` comes right after one of `phrases`."""
    return any(tuple(words[max(0, i - len(p)) : i]) == p for p in phrases)


def _stated_age(words: Sequence[str], i: int) -> bool:
    """Whether the number at `i` is said to be an age: "13 yo", "she's 13",
    "she's actually 13", "il en a 40" (beside an age in "ans")."""
    after = words[i + 1] if i + 1 < len(words) else ""
    before = words[i - 1] if i else ""
    if after in _AGE_AFTER or before in _AGE_BEFORE:
        return True
    if i >= 2 and (words[i - 2], before) in _AGE_BEFORE_PAIRS and "ans" in words:
        return True
    return before in _AGE_FILLER and i >= 2 and words[i - 2] in _AGE_BEFORE


def _numbers(words: Sequence[str], this_year: int) -> _Found:
    ages: list[tuple[int, int]] = []
    years: list[tuple[int, int]] = []
    under: list[tuple[int, int]] = []
    birth_said = any(w in _BIRTH for w in words)
    for i, word in enumerate(words):
        joined = _AGE_WORD.match(word)
        bound = _UNDER_WORD.match(word)
        if joined:
            ages.append((i, int(joined.group(1))))
            continue
        if bound:
            under.append((i, int(bound.group(1))))
            continue
        if word.isdigit() and len(word) <= 2:
            unit = words[i + 1] if i + 1 < len(words) else ""
            if _after(words, i, _UNDER_BEFORE) and unit not in _UNITS:
                under.append((i, int(word)))
            elif _stated_age(words, i) and unit not in _UNITS:  # not "is 10 minutes late"
                ages.append((i, int(word)))
        elif _YEAR.match(word) and this_year - OLDEST <= int(word) <= this_year:
            years.append((i, int(word)))
    ages = [(i, a) for i, a in ages if YOUNGEST <= a <= OLDEST]
    # A year is a birth year when the sentence says so, or next to a stated age.
    if not birth_said and not ages:
        years = []
    return _Found(ages, years, [(i, a) for i, a in under if YOUNGEST < a <= ADULT])


def age_signals(
    words: Sequence[str], *, this_year: int | None = None
) -> dict[int, tuple[tuple[str, ...], ...]]:
    """Position of the word carrying an age signal -> the phrases it means."""
    year = this_year or dt.date.today().year
    found = _numbers(words, year)
    implied = {year - born for _, born in found.years}
    stated = {age for _, age in found.ages}
    contradiction = (
        len(stated) > 1
        or len({y for _, y in found.years}) > 1
        or any(abs(a - i) > 1 for a in stated for i in implied)
    )
    if contradiction:
        # Every number of the contradiction says so: "14 ans" beside "née en
        # 2003" is no minor's age, and must not pull towards one.
        return {i: WRONG_AGE for i, _ in [*found.years, *found.ages]}
    said_minor = [i for i, w in enumerate(words) if w in _MINOR_WORDS] + [i for i, _ in found.under]
    adult = [i for i, a in found.ages if a >= ADULT] + [
        i for i, y in found.years if year - y >= ADULT
    ]
    if adult and said_minor and _TREATED.intersection(words) and not _LOOKS.intersection(words):
        return {i: WRONG_AGE for i in [*adult, *said_minor]}
    young = (
        [(i, a) for i, a in found.ages if a < ADULT]
        + [(i, year - y) for i, y in found.years if year - y < ADULT]
        + found.under
    )
    return {young[0][0]: MINOR} if young else {}


def compound_signals(
    words: Sequence[str], known: Container[str]
) -> dict[int, tuple[tuple[str, ...], ...]]:
    """Words the library writes otherwise: together ("birthdate" -> birth date,
    when the library has not "birthdate" but has both parts) or apart ("multi
    guest" -> multiguest)."""
    found: dict[int, tuple[tuple[str, ...], ...]] = {}
    for i, word in enumerate(words):
        if len(word) >= MIN_COMPOUND and word.isalpha() and word not in known:
            for cut in range(MIN_PART, len(word) - MIN_PART + 1):
                head, tail = word[:cut], word[cut:]
                if head in known and tail in known:
                    found[i] = ((head, tail),)
                    break
        if i + 1 < len(words):
            nxt = words[i + 1]
            joined = word + nxt
            if (
                len(word) >= MIN_PART
                and len(nxt) >= MIN_PART
                and word.isalpha()
                and nxt.isalpha()
                and joined in known
            ):
                found[i] = (*found.get(i, ()), (joined,))
    return found


def signal_alternatives(
    words: Sequence[str], known: Container[str], *, this_year: int | None = None
) -> list[list[Alternative]]:
    """For each word, the alternatives its signals add (most are empty)."""
    out: list[list[Alternative]] = [[] for _ in words]
    for i, phrases in age_signals(words, this_year=this_year).items():
        out[i].extend(Alternative(p, SIGNAL_WEIGHT) for p in phrases)
    for i, phrases in compound_signals(words, known).items():
        out[i].extend(Alternative(p, COMPOUND_WEIGHT) for p in phrases)
    return out
