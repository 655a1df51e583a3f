"""How typed words become query clauses: completions, near spellings, and
choices that must not change from one process to the next."""

from __future__ import annotations

import os
import subprocess
import sys

from livecheck.search.everyday_words import EverydayWords
from livecheck.search.plan import QueryPlanner
from livecheck.search.query import parse_query
from livecheck.search.synonyms import Thesaurus
from livecheck.search.vocabulary import Vocabulary
from livecheck.search.whoosh_query import ranking_query


def test_a_word_being_typed_is_not_also_a_typo_of_its_completion() -> None:
    builder = QueryPlanner(Vocabulary(["current", "curtain"]), ("en",), lambda f, t: 1, 100)
    typing = builder.word_clauses("curren", prefix=True, alone=True)
    done = builder.word_clauses("curren", prefix=False, alone=True)
    fuzzy = {"head_raw", "body_raw"}
    # "current" is a completion of what is being typed: the prefix counts it, once.
    assert not [c for c in typing if c.field in fuzzy and c.term == "current"]
    assert [c for c in done if c.field in fuzzy and c.term == "current"]


def test_equally_near_words_are_chosen_the_same_way_in_every_process() -> None:
    # More words one edit away than are kept: which are kept must not depend on
    # the process's hash seed, or one query would find different playbooks in
    # two sessions.
    script = (
        "from livecheck.search.vocabulary import Vocabulary;"
        "print(Vocabulary(['stark','stack','stalk','stank','start','stars','stab']).near('stabk'))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in (1, 2, 3, 4)
    }
    assert len(outputs) == 1


def test_a_phrase_with_a_repeated_word_is_found_as_typed() -> None:
    # The query's distinct words are "head", "to", "fails": the phrase is only
    # in the words as typed.
    builder = QueryPlanner(
        Vocabulary(["head", "to", "fails", "battle"]),
        ("en",),
        lambda f, t: 1,
        100,
        thesaurus=Thesaurus.from_text("head to head => battle"),
    )
    built = builder.plan(parse_query("head to head fails"))
    assert built is not None
    assert built.also == ("battle",)


def test_a_pasted_sentence_keeps_twelve_words_that_are_not_stop_words() -> None:
    text = "I am so but the " + " ".join(f"word{n}" for n in range(15))
    parsed = parse_query(text)
    meant = [w for w in parsed.words if w.startswith("word")]
    assert meant == [f"word{n}" for n in range(12)]
    assert parsed.words[:3] == ("i", "am", "so")
    # the query was cut: its last word is a whole word, not one being typed
    assert parsed.prefix_last is False
    assert parse_query("stream ke").prefix_last is True


def test_everyday_words_weigh_less_than_words_of_the_trade() -> None:
    everyday = EverydayWords(["someone", "week"])
    builder = QueryPlanner(
        Vocabulary(["someone", "stalker"]), ("en",), lambda f, t: 1, 100, everyday=everyday
    )
    built = builder.plan(parse_query("someone stalker "))
    assert built is not None
    boosts = {t.text: t.boost for t in ranking_query(built).leaves()}
    assert boosts["someon"] < boosts["stalker"]


def test_everyday_plurals_but_not_words_ending_like_one() -> None:
    everyday = EverydayWords(["week", "pas", "mes"])
    assert "weeks" in everyday
    assert "pass" not in everyday  # not "pas"
    assert "mess" not in everyday


def test_a_phrase_alternative_that_loses_a_word_to_pruning_is_left_out_whole() -> None:
    # "earnings" is in 90% of playbooks, so it is pruned from the ranking; what
    # would be left of "earnings certificate" is "certificate", which is not
    # what "payslip" means.
    builder = QueryPlanner(
        Vocabulary(["payslip", "banner", "earnings", "certificate"]),
        ("en",),
        lambda f, t: 90 if t.startswith("earn") else 1,
        100,
        thesaurus=Thesaurus.from_text("payslip => earnings certificate"),
    )
    built = builder.plan(parse_query("payslip banner "))
    assert built is not None
    assert "certif" not in {t.text for t in ranking_query(built).leaves()}


def test_a_phrase_alternative_counts_for_coordination_only_when_whole() -> None:
    builder = QueryPlanner(
        Vocabulary(["payslip", "banner", "earnings", "certificate"]),
        ("en",),
        lambda f, t: 1,
        100,
        thesaurus=Thesaurus.from_text("payslip => earnings certificate"),
    )
    built = builder.plan(parse_query("payslip banner "))
    assert built is not None
    banner = ("head_en", b"banner")
    earn, certif = ("head_en", b"earn"), ("head_en", b"certif")
    assert built.coordination({banner, earn}) == 0.5
    assert built.coordination({banner, earn, certif}) == 1.0
