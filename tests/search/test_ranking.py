"""Ranking: the playbook an intern means comes first.

Which fixture holds which word (and which words are deliberately absent):

- stream-key-setup (en+fr): "stream", "key", "OBS"; the word "streaming" is in no
  fixture, so `streaming` can only match through its stem.
- ban-appeal (en, stale): "ban", French keywords "bannissement", "live coupé";
  "banned" is in no fixture, "banner" is in campaign-banner-missing (1 edit away).
- sponsored-live-overrun: "run" in its title; "running" is in no fixture,
  "ruining" is in spam-bots-in-chat (1 edit away).
- harassment-in-chat (en+fr): "harassment" / "harcèlement" (singular only).
- account-security-check (fr only): "sécurité" (the only accented form anywhere).
- doxxing-on-live: the only word starting with "dox".
- self-harm-on-live: slang keywords "kms", "unalive", French "idées noires".
- earnings-certificate: "certificate", French keyword "attestation de revenus".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from livecheck.i18n.catalog import interface_language, set_language
from livecheck.search.analysis import fold
from livecheck.search.engine import SearchHit, WhooshSearch
from livecheck.search.query import Filters, parse_query
from livecheck.search.whoosh_query import filter_query

from .conftest import FIXTURE_IDS, TODAY, copy_library, ids

# Filters are parsed correctly (see the unit tests at the end), but the engine
# wraps Whoosh's FilterCollector in a TimeLimitCollector, whose
# collect_matches() iterates the child's matches and calls child.collect()
# directly: FilterCollector.collect_matches, where the filtering happens, never
# runs. Every filter, typed or passed as Filters(...), is silently ignored.

# Vocabulary.near() reads self._by_length, which is only filled when the lazy
# `words` property is first touched (by suggest()); membership uses the cheap
# `contains` callback. So on a fresh engine the first typo query gets no fuzzy
# clauses at all, finds nothing, and falls back to "did you mean" - and any
# fuzzy-only match (a typo next to a correctly spelt word) is missed.


def first(engine: WhooshSearch, text: str, **kwargs: object) -> SearchHit:
    response = engine.search(text, **kwargs)  # type: ignore[arg-type]
    assert response.hits, f"no hits for {text!r}"
    return response.hits[0]


def load_vocabulary(engine: WhooshSearch) -> None:
    """Make the engine load its word list (a query nothing matches asks for a suggestion)."""
    engine.search("qqqqxxxxzzzz")


def highlighted(hit: SearchHit) -> list[str]:
    text = hit.snippet.text
    for start, end in hit.snippet.highlights:
        assert 0 <= start < end <= len(text), (hit.snippet, start, end)
    return [fold(text[s:e]) for s, e in hit.snippet.highlights]


# -- words -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # exact words of a title
        ("earnings certificate", "earnings-certificate"),
        ("spam bots", "spam-bots-in-chat"),
        ("doxxing", "doxxing-on-live"),
        ("Appeal a LIVE ban", "ban-appeal"),
        ("Campaign banner missing", "campaign-banner-missing"),
        ("stream key", "stream-key-setup"),
        # English stemming: the typed form appears nowhere in the library
        ("banned", "ban-appeal"),
        ("streaming", "stream-key-setup"),
        ("running", "sponsored-live-overrun"),
        ("certificates", "earnings-certificate"),
        # French stemming
        ("harcèlements", "harassment-in-chat"),
        ("harcelement", "harassment-in-chat"),
        ("commentaires injurieux", "harassment-in-chat"),
        # no accents, or different case
        ("securite", "account-security-check"),
        ("sécurité du compte", "account-security-check"),
        ("SECURITE DU COMPTE", "account-security-check"),
        # as-you-type: the last word is unfinished
        ("stream ke", "stream-key-setup"),
        ("dox", "doxxing-on-live"),
        ("harc", "harassment-in-chat"),
        ("earnings certif", "earnings-certificate"),
        # two letters after other words narrow them down, through titles and keywords
        ("creator ea", "earnings-certificate"),
        ("creator ha", "harassment-in-chat"),
        # keywords: slang and synonyms
        ("kms", "self-harm-on-live"),
        ("unalive", "self-harm-on-live"),
        ("hate raid", "harassment-in-chat"),
        # an English playbook found by its French keyword
        ("bannissement", "ban-appeal"),
        ("live coupé", "ban-appeal"),
        ("attestation de revenus", "earnings-certificate"),
        ("idées noires", "self-harm-on-live"),
    ],
)
def test_expected_playbook_first(engine: WhooshSearch, query: str, expected: str) -> None:
    response = engine.search(query)
    assert ids(response)[:1] == [expected], (query, ids(response))
    assert not response.corrected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("certificte", "earnings-certificate"), ("harrasment", "harassment-in-chat")],
)
def test_typo_finds_playbook(engine: WhooshSearch, query: str, expected: str) -> None:
    # 10 letters, 1 and 2 edits away: within the 2 edits allowed from 8 letters
    assert first(engine, query).id == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("certificte", "earnings-certificate"), ("harrasment", "harassment-in-chat")],
)
def test_typo_is_matched_directly_once_vocabulary_loaded(
    engine: WhooshSearch, query: str, expected: str
) -> None:
    load_vocabulary(engine)
    response = engine.search(query)
    assert ids(response)[:1] == [expected]
    assert not response.corrected and response.suggestion is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [("certificte", "earnings-certificate"), ("harrasment", "harassment-in-chat")],
)
def test_typo_is_matched_directly_on_a_fresh_engine(
    engine: WhooshSearch, query: str, expected: str
) -> None:
    # The query docs promise typos within 1/2 edits are matched as words, not
    # turned into a "showing results for ..." correction.
    response = engine.search(query)
    assert ids(response)[:1] == [expected]
    assert not response.corrected and response.suggestion is None


def test_typo_tolerance_limits(engine: WhooshSearch) -> None:
    load_vocabulary(engine)
    # "sertifkate" is 3 edits from "certificate" (2 allowed); "obx" is 1 edit from
    # "obs" but has 3 letters (none allowed). Neither matches as typed: at most a
    # "did you mean" correction.
    for query in ("sertifkate ", "obx "):
        response = engine.search(query)
        assert response.corrected or not response.hits, (query, ids(response))


@pytest.mark.parametrize(
    ("query", "exact", "near"),
    [
        # "banned" stems to "ban" (ban-appeal); "banner" is 1 edit from "banned"
        ("banned", "ban-appeal", "campaign-banner-missing"),
        # "running" stems to "run" (overrun's title); "ruining" is 1 edit away
        ("running", "sponsored-live-overrun", "spam-bots-in-chat"),
    ],
)
def test_exact_match_beats_typo_match(
    engine: WhooshSearch, query: str, exact: str, near: str
) -> None:
    load_vocabulary(engine)
    found = ids(engine.search(query))
    assert found[:1] == [exact]
    assert near in found, "the 1-edit neighbour should still be found, below"
    assert found.index(near) > found.index(exact)


def test_typo_neighbour_found_on_a_fresh_engine(engine: WhooshSearch) -> None:
    found = ids(engine.search("running"))
    assert found[:1] == ["sponsored-live-overrun"]
    assert "spam-bots-in-chat" in found


def test_common_word_does_not_outrank_a_rare_prefix(engine: WhooshSearch) -> None:
    # "live" is in every playbook and says nothing; "certi" starts only "certificate".
    assert first(engine, "live certi").id == "earnings-certificate"


def test_query_with_a_common_word_still_finds_the_rare_one(engine: WhooshSearch) -> None:
    assert "earnings-certificate" in ids(engine.search("live certificate"))


# -- filters -----------------------------------------------------------------------

TRUST_SAFETY = {
    "doxxing-on-live",
    "harassment-in-chat",
    "self-harm-on-live",
    "ban-appeal",
    "spam-bots-in-chat",
}
CAMPAIGN = {"sponsored-live-overrun", "campaign-banner-missing"}
CRITICAL = {"doxxing-on-live", "self-harm-on-live"}
FRENCH = {"stream-key-setup", "account-security-check", "harassment-in-chat"}


@pytest.mark.parametrize(
    ("query", "filters", "allowed"),
    [
        # unfiltered, "creator" finds playbooks of every category and severity
        ("creator category:trust-safety", None, TRUST_SAFETY),
        ("creator category:trust", None, TRUST_SAFETY),  # a value cut short
        ("creator CATEGORY:Trust-Safety", None, TRUST_SAFETY),
        ("creator severity:critical", None, CRITICAL),
        ("creator tag:moderation", None, {"harassment-in-chat", "spam-bots-in-chat"}),
        ("creator", Filters(category="campaign"), CAMPAIGN),
        ("creator", Filters(severity="critical"), CRITICAL),
        ("creator", Filters(tag="moderation"), {"harassment-in-chat", "spam-bots-in-chat"}),
        # parameters win over what was typed
        ("creator category:campaign", Filters(category="trust-safety"), TRUST_SAFETY),
    ],
)
def test_filters_restrict_results(
    engine: WhooshSearch, query: str, filters: Filters | None, allowed: set[str]
) -> None:
    response = engine.search(query, filters=filters)
    found = set(ids(response))
    assert found, query
    assert found <= allowed, (query, sorted(found - allowed))


@pytest.mark.parametrize(
    ("query", "filters"),
    [("creator créateur obs lang:fr", None), ("creator créateur obs", Filters(lang="fr"))],
)
def test_lang_filter_keeps_only_that_language(
    engine: WhooshSearch, query: str, filters: Filters | None
) -> None:
    response = engine.search(query, filters=filters, limit=50)
    assert response.hits
    for hit in response.hits:
        assert hit.lang == "fr", hit
        assert hit.other_langs == (), hit  # the English file was filtered out


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category:campaign", CAMPAIGN),
        ("category:camp", CAMPAIGN),
        ("severity:critical", CRITICAL),
        ("tag:obs", {"stream-key-setup"}),
        ("lang:fr", FRENCH),
        ("category:trust-safety severity:critical", CRITICAL),
    ],
)
def test_filter_alone_lists_matching_playbooks(
    engine: WhooshSearch, query: str, expected: set[str]
) -> None:
    response = engine.search(query, limit=50)
    assert set(ids(response)) == expected


def test_filter_alone_lists_playbooks(engine: WhooshSearch) -> None:
    # Holds even while filters are ignored: a filter with no words is a listing, not nothing.
    response = engine.search("category:campaign", limit=50)
    assert response.hits
    assert not response.corrected and response.suggestion is None
    assert len(ids(response)) == len(set(ids(response)))


@pytest.mark.parametrize("query", ["category:nope", "live category:nope", "tag:zzz live"])
def test_unknown_filter_value_matches_nothing(engine: WhooshSearch, query: str) -> None:
    assert engine.search(query).hits == ()


def test_correction_respects_filters(engine: WhooshSearch) -> None:
    # the correction "certificate" finds a playbook, but not a campaign one
    response = engine.search("sertifkate category:campaign")
    assert response.hits == ()
    assert response.suggestion == "certificate"
    assert response.corrected is False


def test_typed_filters_are_parsed() -> None:
    parsed = parse_query("live CATEGORY:Trust severity:critical lang:FR tag:obs ke")
    assert parsed.words == ("live", "ke")
    assert parsed.filters == Filters(category="trust", severity="critical", lang="fr", tag="obs")
    assert parsed.prefix_last


def test_filter_values_resolve_against_known_values() -> None:
    known = {"category": ["campaign", "trust-safety"], "severity": [], "lang": [], "tag": []}
    query = filter_query(Filters(category="trust"), known)
    assert query is not None and "trust-safety" in repr(query)
    assert filter_query(Filters(), known) is None


# -- what each hit says ---------------------------------------------------------------


def test_stale_playbooks_are_flagged(engine: WhooshSearch) -> None:
    ban = first(engine, "bannissement")
    assert ban.id == "ban-appeal" and ban.stale
    assert first(engine, "stream key").stale is False
    assert first(engine, "earnings certificate").stale is False  # 16 of its 30 days


def test_a_review_date_near_year_9999_is_never_stale(tmp_path: Path) -> None:
    """A valid playbook reviewed on 9999-12-01 made every search that found it fail
    (OverflowError): its staleness is the model's rule (`review_due`), never stale."""
    library = copy_library(tmp_path / "library")
    path = library / "operational" / "stream-key-setup.en.yaml"
    path.write_text(
        path.read_text("utf-8").replace("reviewed: 2026-10-01", "reviewed: 9999-12-01"), "utf-8"
    )
    engine = WhooshSearch(tmp_path / "index", [library], today=TODAY)
    try:
        engine.refresh()
        hit = first(engine, "stream key")
        assert hit.id == "stream-key-setup" and hit.stale is False
    finally:
        engine.close()


def test_staleness_follows_review_every_days(make_engine: Callable[..., WhooshSearch]) -> None:
    later = make_engine(today=dt.date(2026, 12, 20))
    assert first(later, "earnings certificate").stale is True  # 35 days > 30
    assert first(later, "stream key").stale is False  # 80 days < 180 (default)
    on_the_day = make_engine(today=dt.date(2026, 12, 15))
    assert first(on_the_day, "earnings certificate").stale is False


def test_translations_collapse_to_one_hit(engine: WhooshSearch) -> None:
    response = engine.search("stream key")
    found = ids(response)
    assert found.count("stream-key-setup") == 1
    hit = response.hits[0]
    assert hit.id == "stream-key-setup"
    assert {hit.lang, *hit.other_langs} == {"en", "fr"}
    assert hit.lang not in hit.other_langs


@pytest.mark.parametrize(
    "query", ["live", "creator", "créateur", "chat", "stream", "obs", "compte", "creator créateur"]
)
def test_one_hit_per_playbook(engine: WhooshSearch, query: str) -> None:
    response = engine.search(query, limit=50)
    found = ids(response)
    assert len(found) == len(set(found))
    assert set(found) <= FIXTURE_IDS
    for hit in response.hits:
        assert hit.lang not in hit.other_langs


def test_french_query_prefers_the_french_translation(engine: WhooshSearch) -> None:
    hit = first(engine, "harcèlement dans le chat")
    assert (hit.id, hit.lang, hit.other_langs) == ("harassment-in-chat", "fr", ("en",))


def test_limit_counts_playbooks(engine: WhooshSearch) -> None:
    assert len(engine.search("creator", limit=50).hits) > 3
    assert len(engine.search("creator", limit=3).hits) == 3
    assert len(engine.search("creator", limit=1).hits) == 1


def test_a_word_every_playbook_has_finds_them_all(engine: WhooshSearch) -> None:
    # every fixture says "LIVE"; a query of that one word must not lose any of them
    # account-security-check has "live" only in its owner, which is not searched
    assert set(ids(engine.search("live", limit=50))) == FIXTURE_IDS - {"account-security-check"}


def test_hits_are_sorted_by_score(engine: WhooshSearch) -> None:
    scores = [hit.score for hit in engine.search("creator chat comments", limit=20).hits]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("kms", {"kms"}),
        ("stream key", {"stream", "key"}),
        ("bannissement", {"bannissement"}),
        ("commentaires injurieux", {"commentaires", "injurieux"}),
    ],
)
def test_snippet_highlights_the_matched_words(
    engine: WhooshSearch, query: str, words: set[str]
) -> None:
    # A playbook found in both languages shows the version in the query's language,
    # else the interface's: "commentaires injurieux" is read in the French interface.
    before = interface_language()
    set_language("fr" if query == "commentaires injurieux" else "en")
    try:
        hit = first(engine, query)
    finally:
        set_language(before)
    marked = highlighted(hit)
    assert words <= set(marked), (hit.snippet, marked)
    assert set(marked) <= words | {"keyword", "keywords"}


def test_snippet_highlights_stemmed_and_prefix_matches(engine: WhooshSearch) -> None:
    hit = first(engine, "streaming")
    assert "stream" in highlighted(hit)
    hit = first(engine, "earnings certif")
    assert "certificate" in highlighted(hit)
    assert "earnings" in highlighted(hit)


def test_snippet_highlights_the_word_a_typo_meant(engine: WhooshSearch) -> None:
    hit = first(engine, "certificte")
    assert "certificate" in highlighted(hit)


def test_snippet_is_one_short_line(engine: WhooshSearch) -> None:
    for query in ("live", "créateur", "kms", "stream key"):
        for hit in engine.search(query, limit=20).hits:
            assert "\n" not in hit.snippet.text
            assert len(hit.snippet.text) <= 170
            marked = hit.snippet.marked("[", "]")
            assert marked.count("[") == len(hit.snippet.highlights)


# -- nothing found ---------------------------------------------------------------------


def test_no_result_suggests_and_corrects(engine: WhooshSearch) -> None:
    # 3 edits from "certificate": beyond typo tolerance, so the typed query finds nothing
    response = engine.search("sertifkate")
    assert response.suggestion == "certificate"
    assert response.corrected is True
    assert ids(response)[:1] == ["earnings-certificate"]


def test_gibberish_finds_nothing_and_suggests_nothing(engine: WhooshSearch) -> None:
    response = engine.search("qqqqxxxxzzzz")
    assert response.hits == ()
    assert response.suggestion is None
    assert response.corrected is False


def test_a_query_with_hits_has_no_suggestion(engine: WhooshSearch) -> None:
    response = engine.search("stream key")
    assert response.suggestion is None and response.corrected is False


def test_response_reports_filters_and_text(engine: WhooshSearch) -> None:
    response = engine.search("  stream   key category:operational ")
    assert response.query == "stream key"
    assert response.filters == Filters(category="operational")
