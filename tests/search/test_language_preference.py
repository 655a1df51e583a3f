"""A playbook the search finds in both languages is shown in the query's
language, else in the interface's, at the rank its best version earned."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from livecheck.i18n.catalog import interface_language, set_language
from livecheck.search.engine import WhooshSearch
from livecheck.search.hits import SearchHit
from livecheck.search.query import parse_query
from livecheck.search.understanding import bundled_understanding


@pytest.fixture
def interface() -> Iterator[None]:
    before = interface_language()
    yield
    set_language(before)


def hit(engine: WhooshSearch, text: str, pid: str) -> SearchHit:
    return next(h for h in engine.search(text).hits if h.id == pid)


def test_the_query_says_its_language_when_its_words_tell() -> None:
    understanding = bundled_understanding()
    assert understanding.language("elle est en live et elle a 12 ans".split()) == "fr"
    assert understanding.language("she is on live and she is 12".split()) == "en"
    assert understanding.language("mineur en live".split()) is None
    # A few words: French letters tell.
    assert parse_query("sécurité du compte").lang == "fr"
    assert parse_query("mineur en live").lang == "fr"  # French endings
    assert parse_query("saccader spectateurs").lang == "fr"
    assert parse_query("stream key").lang is None


@pytest.mark.usefixtures("interface")
def test_a_french_interface_shows_the_french_version(bundled: WhooshSearch) -> None:
    # "live chat": English or French, the words do not tell; the interface does.
    set_language("en")
    english = hit(bundled, "live chat", "live-comment-harassment")
    set_language("fr")
    french = hit(bundled, "live chat", "live-comment-harassment")
    assert (english.lang, english.other_langs) == ("en", ("fr",))
    assert (french.lang, french.other_langs) == ("fr", ("en",))
    # Same rank and score: only the version shown changes.
    assert french.score == english.score
    # "mineur en live" is French: the French version, whatever the interface.
    set_language("en")
    assert hit(bundled, "mineur en live", "suspected-minor-on-live").lang == "fr"


@pytest.mark.usefixtures("interface")
def test_the_query_language_comes_before_the_interface_language(bundled: WhooshSearch) -> None:
    set_language("en")
    found = hit(bundled, "un enfant est en live sur son compte", "suspected-minor-on-live")
    assert found.lang == "fr"
    set_language("fr")
    found = hit(bundled, "a child is on live on her account", "suspected-minor-on-live")
    assert found.lang == "en"
