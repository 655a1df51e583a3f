"""How typed words become query clauses: completions, near spellings, and
choices that must not change from one process to the next."""

from __future__ import annotations

import os
import subprocess
import sys

from livecheck.search.query import QueryBuilder, parse_query
from livecheck.search.synonyms import Thesaurus
from livecheck.search.vocabulary import Vocabulary


def test_a_word_being_typed_is_not_also_a_typo_of_its_completion() -> None:
    builder = QueryBuilder(Vocabulary(["current", "curtain"]), ("en",), lambda f, t: 1, 100)
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
    builder = QueryBuilder(
        Vocabulary(["head", "to", "fails", "battle"]),
        ("en",),
        lambda f, t: 1,
        100,
        thesaurus=Thesaurus.from_text("head to head => battle"),
    )
    built = builder.build(parse_query("head to head fails"))
    assert built is not None
    assert built.also == ("battle",)
