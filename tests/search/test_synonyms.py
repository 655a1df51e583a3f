"""The thesaurus: its file format, how query words meet its rules, and what it
changes in a search over the fixture library."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from livecheck.search.engine import WhooshSearch
from livecheck.search.lexicon import Lexicon
from livecheck.search.synonyms import (
    EMPTY,
    MAX_ALTERNATIVES,
    Alternative,
    Thesaurus,
    bundled_thesaurus,
    parse_rules,
    phrase_key,
    word_key,
)
from tests.search.conftest import TODAY, ids

RULES = """
# equivalents
creator, streamer, créateur, créatrice
password, mot de passe, mdp
# one way
knife, gun, couteau => weapon, arme
payslip => earnings certificate
wages => earnings
"""


@pytest.fixture()
def thesaurus() -> Thesaurus:
    return Thesaurus.from_text(RULES, weight=0.5)


def phrases(alternatives: list[Alternative]) -> set[str]:
    return {" ".join(a.words) for a in alternatives}


def test_rules_parse_equivalents_and_one_way_rules() -> None:
    rules = parse_rules(RULES)
    assert len(rules) == 5
    assert rules[0].left == rules[0].right
    assert ("mot", "de", "passe") in rules[1].left
    assert rules[2].left == (("knife",), ("gun",), ("couteau",))
    assert rules[2].right == (("weapon",), ("arme",))


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("a, , b", "line 1: an empty member"),
        ("a => b => c", "line 1: more than one '=>'"),
        ("one two three four five, six", "over 4 words"),
    ],
)
def test_malformed_rules_name_their_line(line: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_rules(line)


def test_a_lone_word_is_not_a_rule() -> None:
    assert parse_rules("lonely\n# comment only\n\n") == []


def test_word_keys_ignore_case_accents_and_plurals() -> None:
    assert word_key("Créatrices") == word_key("creatrice")
    assert word_key("presents") == word_key("present")
    assert word_key("cadeaux") == word_key("cadeau")
    assert word_key("stream") != word_key("streamer")


def test_equivalents_find_each_other(thesaurus: Thesaurus) -> None:
    found = thesaurus.alternatives(["streamers"])
    assert phrases(found[0]) == {"creator", "createur", "creatrice"}
    assert all(a.weight == 0.5 for a in found[0])
    assert "streamer" in phrases(thesaurus.alternatives(["créateur"])[0])


def test_one_way_rules_do_not_go_back(thesaurus: Thesaurus) -> None:
    assert phrases(thesaurus.alternatives(["couteau"])[0]) == {"weapon", "arme"}
    assert thesaurus.alternatives(["weapon"]) == [[]]


def test_a_phrase_is_matched_at_its_first_word(thesaurus: Thesaurus) -> None:
    found = thesaurus.alternatives(["changer", "mot", "de", "passe"])
    assert phrases(found[1]) == {"password", "mdp"}
    assert found[0] == found[2] == found[3] == []


def test_a_misspelled_unknown_word_finds_its_rule_for_less(thesaurus: Thesaurus) -> None:
    found = thesaurus.alternatives(["stremer"], known=frozenset())
    assert "creator" in phrases(found[0])
    assert all(a.weight < 0.5 for a in found[0])


def test_a_word_the_library_holds_is_not_taken_as_a_typo(thesaurus: Thesaurus) -> None:
    assert thesaurus.alternatives(["stremer"], known=frozenset({"stremer"})) == [[]]


def test_short_words_are_never_guessed(thesaurus: Thesaurus) -> None:
    assert thesaurus.alternatives(["gum"]) == [[]]


def test_the_bundled_thesaurus_knows_the_trade() -> None:
    bundled = bundled_thesaurus()
    assert len(bundled) > 100
    assert "creator" in phrases(bundled.alternatives(["streamer"])[0])
    assert "gift" in phrases(bundled.alternatives(["presents"])[0])
    assert "weapon" in phrases(bundled.alternatives(["couteau"])[0])
    # never more than the cap, however long the line
    assert all(
        len(alts) <= MAX_ALTERNATIVES
        for alts in bundled.alternatives(["creator", "hacked", "minor", "gift", "ban"])
    )


@pytest.fixture()
def engine_with(built_index: tuple[Path, Path]):  # type: ignore[no-untyped-def]
    index_dir, library = built_index
    made: list[WhooshSearch] = []

    def make(thesaurus: Thesaurus) -> WhooshSearch:
        engine = WhooshSearch(index_dir, [library], today=TODAY, lexicon=Lexicon(thesaurus))
        made.append(engine)
        return engine

    yield make
    for engine in made:
        engine.close()


def test_a_word_no_playbook_holds_finds_what_it_means(engine_with, thesaurus: Thesaurus) -> None:  # type: ignore[no-untyped-def]
    query = "payslip"
    assert ids(engine_with(EMPTY).search(query)) == []
    assert ids(engine_with(thesaurus).search(query))[:1] == ["earnings-certificate"]


def test_other_words_rank_below_the_typed_ones(engine_with, thesaurus: Thesaurus) -> None:  # type: ignore[no-untyped-def]
    engine = engine_with(thesaurus)
    # "mot de passe" is a keyword of account-security-check; "password" only
    # reaches it through the thesaurus, and must score less than typing it.
    typed = engine.search("mot de passe").hits[0]
    meant = engine.search("password").hits[0]
    assert typed.id == meant.id == "account-security-check"
    assert meant.score < typed.score


def test_the_snippet_highlights_the_word_the_thesaurus_found(
    engine_with, thesaurus: Thesaurus
) -> None:  # type: ignore[no-untyped-def]
    hit = engine_with(thesaurus).search("wages").hits[0]
    assert hit.id == "earnings-certificate"
    assert "**earnings**" in hit.snippet.marked().lower()


def test_words_of_a_phrase_alternative_are_not_highlighted_alone(
    engine_with, thesaurus: Thesaurus
) -> None:  # type: ignore[no-untyped-def]
    hit = engine_with(thesaurus).search("payslip").hits[0]
    assert hit.snippet.highlights == ()


def test_a_phrase_alternative_needs_all_its_words(engine_with) -> None:  # type: ignore[no-untyped-def]
    # "earnings" and "certificate" are both in earnings-certificate; no playbook
    # says "earnings" and "banner" together, so the phrase finds nothing.
    phrase = Thesaurus.from_text("payslip => earnings banner")
    assert ids(engine_with(phrase).search("payslip")) == []


def test_the_rule_whose_trigger_was_typed_wins_over_one_sharing_its_stem() -> None:
    # "registration" and "registre" share the English stem "registr".
    rules = Thesaurus.from_text("registre, ton => tone of voice\nregistration => sign up")
    assert phrases(rules.alternatives(["registration"])[0]) == {"sign up"}
    assert phrases(rules.alternatives(["registre"])[0]) == {"tone of voice"}


def test_a_rule_whose_stem_changes_its_start_still_fires() -> None:
    assert phrases(Thesaurus.from_text("dying, mourant").alternatives(["dying"])[0]) == {"mourant"}


def test_a_misspelt_word_gets_no_more_alternatives_than_a_typed_one() -> None:
    members = ", ".join(f"alt{n}" for n in range(20))
    rules = Thesaurus.from_text(f"adolescent, {members}")
    typed = rules.alternatives(["adolescent"])[0]
    misspelt = rules.alternatives(["adlescent"])[0]
    assert len(typed) == len(misspelt) == MAX_ALTERNATIVES


def test_a_filter_alone_on_an_empty_library_finds_nothing(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    engine = WhooshSearch(tmp_path / "index", [library])
    engine.refresh()
    assert engine.search("lang:fr").hits == ()
    assert engine.search("", filters=None).hits == ()


# Triggers of different rules that stem alike. The rule whose trigger is typed
# as such wins (see above); an inflected form ("livestreams") gets both. Each is
# either two senses close enough to merge or rare in queries; a new one must be
# looked at, not added silently.
KNOWN_STEM_CLASHES = {
    ("livestream",),  # livestreamer (creator) / livestream
    ("moder",),  # moderator / moderation
    ("advertis",),  # advertiser / advertising
    ("rip", "off"),  # rip off / ripped off
    ("appli",),  # appli (the app) / apply
    ("bug",),  # bug / bugging
    ("registr",),  # registre (tone) / registration
    ("appel",),  # appel / appeler
}


def test_no_new_rules_share_a_trigger_stem() -> None:
    text = resources.files("livecheck.search").joinpath("synonyms.txt").read_text("utf-8")
    rules_by_key: dict[tuple[str, ...], set[int]] = {}
    for number, rule in enumerate(parse_rules(text)):
        for left in rule.left:
            rules_by_key.setdefault(phrase_key(left), set()).add(number)
    clashes = {key for key, numbers in rules_by_key.items() if len(numbers) > 1}
    assert clashes == KNOWN_STEM_CLASHES
