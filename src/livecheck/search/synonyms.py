"""A bilingual thesaurus: the words an intern types for what a playbook names
otherwise ("streamer" for creator, "presents" for gifts, "couteau" for a
weapon).

Playbook authors list synonyms in `keywords`, but no author lists them all, and
a lexical engine cannot guess that "PK" means a battle. The rules are in the
Solr synonyms format (`synonyms.txt` beside this module):

    creator, streamer, créateur     equivalents: each also finds the others
    knife, couteau => weapon, arme  one way: the left also finds the right

Query words are matched against the rules by their folded English stem
("presents" -> present, "créatrices" -> creatric), phrases word by word, and
within one or two edits for a word of 6+ letters that the library neither
holds nor nearly holds ("stremer").
Alternatives are searched as exact words only, weighted below what was typed;
they are never prefixes or typo candidates themselves.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import OSA

from livecheck.search.analysis import WORD_PATTERN, cached_stemmer, fold
from livecheck.search.vocabulary import max_typos

_WORD = re.compile(WORD_PATTERN)
MAX_PHRASE_WORDS = 4
# Members of a line are listed most common first; past the first few, rare
# variants find more noise than playbooks, and each costs query time.
MAX_ALTERNATIVES = 8
# A situation's everyday words (situations.txt) say what the case is as surely as
# a synonym would name it: they count as much as what was typed.
SITUATION_WEIGHT = 1.0
MIN_GUESSED = 6  # letters a word needs before its misspelling is looked up here


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another way to say a query word: its words (folded), and how much it counts."""

    words: tuple[str, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class Rule:
    left: tuple[tuple[str, ...], ...]  # phrases that trigger the rule
    right: tuple[tuple[str, ...], ...]  # phrases they also find
    weight: float | None = None  # how much its alternatives count; None: the thesaurus's


def word_key(word: str) -> str:
    """What two spellings of a word share: folded, plural and inflection gone.

    The English stemmer serves both languages here: it takes the plural `s` off
    French words too, and the French stemmer would turn "streamer" into
    "stream", a far more general word."""
    folded = fold(word)
    if folded.endswith(("eaux", "eux")):
        folded = folded[:-1]
    return str(cached_stemmer("en")(folded))


def phrase_words(text: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in _WORD.findall(text))


def parse_rules(text: str) -> list[Rule]:
    """The rules of a synonyms file; a malformed line raises ValueError with its number."""
    rules: list[Rule] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        sides = line.split("=>")
        if len(sides) > 2:
            raise ValueError(f"line {number}: more than one '=>'")
        parsed = [_phrases(side, number) for side in sides]
        if len(parsed) == 2:
            rules.append(Rule(parsed[0], parsed[1]))
        elif len(parsed[0]) > 1:
            rules.append(Rule(parsed[0], parsed[0]))
    return rules


def _phrases(side: str, number: int) -> tuple[tuple[str, ...], ...]:
    phrases = []
    for member in side.split(","):
        words = phrase_words(member)
        if not words:
            raise ValueError(f"line {number}: an empty member")
        if len(member.split()) > MAX_PHRASE_WORDS:  # "d'auteur" is one word here
            raise ValueError(f"line {number}: {member.strip()!r} has over {MAX_PHRASE_WORDS} words")
        phrases.append(words)
    return tuple(dict.fromkeys(phrases))


@lru_cache(maxsize=20_000)
def phrase_key(phrase: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(word_key(w) for w in phrase)


class Thesaurus:
    """Rules found by the keys of their triggering phrases.

    Keys are computed on demand, a bucket of phrases (by first letter, which
    stemming never changes: "dying" -> die) at a time: stemming every phrase of the file
    up front would cost a visible part of the first search after a start."""

    def __init__(self, rules: Iterable[Rule], *, weight: float = 0.7) -> None:
        self.weight = weight
        self._rules = tuple(rules)
        self._triggers: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
        for number, rule in enumerate(self._rules):
            for left in rule.left:
                self._triggers[left[0][:1]].append((left, number))
        self._keyed: dict[str, dict[tuple[str, ...], list[tuple[int, tuple[str, ...]]]]] = {}
        self._known_keys: dict[tuple[str, ...], tuple[str, ...]] = {}  # seeded phrase keys
        self._longest = max((len(p) for r in self._rules for p in r.left), default=0)
        self._single = sorted({p[0] for r in self._rules for p in r.left if len(p) == 1})

    @classmethod
    def from_text(cls, text: str, *, weight: float = 0.7) -> Thesaurus:
        return cls(parse_rules(text), weight=weight)

    def __len__(self) -> int:
        return len(self._rules)

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self._rules

    def trigger_keys(self) -> list[tuple[str, ...]]:
        """The key of every triggering phrase, bucket by bucket (sorted) and in each
        in rule order: what `seed_keys` takes back (another process's, from a file)."""
        return [phrase_key(p) for b in sorted(self._triggers) for p, _ in self._triggers[b]]

    def seed_keys(self, keys: Sequence[tuple[str, ...]]) -> None:
        """Key every bucket with `keys` (from `trigger_keys` on the same rules) rather
        than stemming the phrases again (a few hundred ms for the whole thesaurus)."""
        if len(keys) != sum(len(t) for t in self._triggers.values()):
            raise ValueError("keys computed from other rules")
        found = iter(keys)
        for bucket in sorted(self._triggers):
            keyed: dict[tuple[str, ...], list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
            for phrase, number in self._triggers[bucket]:
                key = self._known_keys[phrase] = tuple(next(found))
                keyed[key].append((number, phrase))
            self._keyed[bucket] = dict(keyed)

    def alternatives(
        self, words: Sequence[str], known: Container[str] = frozenset()
    ) -> list[list[Alternative]]:
        """For each query word, the other ways to say it (or a phrase starting at it).

        `known`: words the library holds; a word it does not hold and the rules do
        not know is looked up again within the typos allowed for its length."""
        keys = [word_key(w) for w in words]
        out: list[list[Alternative]] = [[] for _ in words]
        for start in range(len(words)):
            for length in range(min(self._longest, len(words) - start), 0, -1):
                end = start + length
                also = self._also(tuple(keys[start:end]), tuple(words[start:end]))
                if also:
                    out[start].extend(Alternative(p, w) for p, w in also[:MAX_ALTERNATIVES])
                    break
            else:
                word = words[start]
                if word not in known:
                    out[start].extend(self._near(word))
        return out

    def _also(
        self, key: tuple[str, ...], typed: tuple[str, ...]
    ) -> list[tuple[tuple[str, ...], float]]:
        """What the rules triggered by `key` also find, other spellings of it aside.

        Two rules can share a stem ("registration" and "registre"): the rule
        whose trigger is the word as typed is the one meant. A trigger ending in
        "s" is in its base form, not a plural: it does not find the word without
        its "s" ("pays" is not "pay", "bras" is not "bra")."""
        triggered = [
            (number, phrase)
            for number, phrase in self._rules_triggered_by(key)
            if not _lost_an_s(typed, phrase)
        ]
        exact = [number for number, phrase in triggered if phrase == typed]
        found: dict[tuple[str, ...], float] = {}
        for number in exact or [number for number, _ in triggered]:
            rule = self._rules[number]
            weight = self.weight if rule.weight is None else rule.weight
            for right in rule.right:
                if (self._known_keys.get(right) or phrase_key(right)) != key:
                    found[right] = max(found.get(right, 0.0), weight)
        return list(found.items())

    def _rules_triggered_by(self, key: tuple[str, ...]) -> list[tuple[int, tuple[str, ...]]]:
        """(rule number, trigger phrase) of the rules whose trigger has this key."""
        bucket = key[0][:1]
        keyed = self._keyed.get(bucket)
        if keyed is None:
            keyed = defaultdict(list)
            for phrase, number in self._triggers.get(bucket, ()):
                keyed[phrase_key(phrase)].append((number, phrase))
            self._keyed[bucket] = dict(keyed)
        return self._keyed[bucket].get(key, [])

    def _near(self, word: str) -> list[Alternative]:
        # Both the spelling and the synonym are guesses: only long words, which
        # one edit cannot turn into another common word ("stab" is not "star").
        if len(word) < MIN_GUESSED or not self._single:
            return []
        # One edit at most: two edits from a word the library lacks reach as often
        # another real word ("religion" -> region, "apparait" -> appart).
        limit = min(max_typos(word), 1)
        found = process.extractOne(word, self._single, scorer=OSA.distance, score_cutoff=limit)
        if found is None:
            return []
        meant = found[0]
        also = self._also(phrase_key((meant,)), (meant,))[:MAX_ALTERNATIVES]
        # A guessed spelling of a guessed synonym: worth less than either.
        return [Alternative(p, w * 0.6) for p, w in also]


def _lost_an_s(typed: tuple[str, ...], trigger: tuple[str, ...]) -> bool:
    """Whether a word of `typed` is a word of `trigger` without its final "s"."""
    return any(t + "s" == w for t, w in zip(typed, trigger, strict=False))


EMPTY = Thesaurus(())


@cache
def bundled_thesaurus() -> Thesaurus:
    """The thesaurus shipped with livecheck, read once per process: the synonyms
    and the signals of the trade (`signals.txt`, same format)."""
    here = resources.files("livecheck.search")
    rules = parse_rules(
        "\n".join(
            here.joinpath(name).read_text("utf-8") for name in ("synonyms.txt", "signals.txt")
        )
    )
    situations = parse_rules(here.joinpath("situations.txt").read_text("utf-8"))
    return Thesaurus([*rules, *(replace(r, weight=SITUATION_WEIGHT) for r in situations)])
