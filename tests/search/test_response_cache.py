"""Searches repeated on the same index generation are answered from memory, and
never once the library changed."""

from __future__ import annotations

from pathlib import Path

from livecheck.search.engine import WhooshSearch


def test_a_repeated_search_is_answered_again_and_a_changed_library_is_searched_anew(
    tmp_path: Path, library: Path
) -> None:
    engine = WhooshSearch(tmp_path / "index", [library])
    engine.refresh()
    first = engine.search("zanzibar")
    assert not first.hits
    again = engine.search("zanzibar")
    assert again.hits == first.hits and again.query == first.query
    assert engine._generation is not None and engine._generation.responses
    victim = next(library.rglob("*.yaml"))
    victim.write_text(
        victim.read_text(encoding="utf-8").replace("keywords: [", "keywords: [zanzibar, ")
    )
    engine.refresh()
    found = engine.search("zanzibar")
    assert [h.path for h in found.hits] == [str(victim.resolve())]
