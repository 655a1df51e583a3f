"""Searches from many threads share the engine's searchers and derived facts.

The app runs each search in a new worker thread: a searcher and the vocabulary
opened per thread were opened again for every keystroke."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import livecheck.search.engine as engine_module
from livecheck.search.engine import WhooshSearch


def in_new_thread(work: Callable[[], Any]) -> Any:
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(work()))
    thread.start()
    thread.join()
    return out[0]


def test_searches_in_new_threads_reuse_one_searcher(
    make_engine: Callable[..., WhooshSearch], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine()
    derived: list[int] = []
    original = engine_module.derived

    def counting(*args: Any, **kwargs: Any) -> Any:
        derived.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(engine_module, "derived", counting)
    first = in_new_thread(lambda: engine.search("stream key"))
    for text in ("stream key", "harasment", "doxx", "stream key"):
        response = in_new_thread(lambda text=text: engine.search(text))
        assert response.hits
    assert len(derived) == 1
    assert engine._generation is not None and len(engine._generation.free) == 1
    assert [h.id for h in in_new_thread(lambda: engine.search("stream key")).hits] == [
        h.id for h in first.hits
    ]


def test_concurrent_searches_each_get_their_own_searcher(
    make_engine: Callable[..., WhooshSearch],
) -> None:
    engine = make_engine()
    expected = [h.id for h in engine.search("harassment chat").hits]
    results: list[list[str]] = []
    barrier = threading.Barrier(4)

    def work() -> None:
        barrier.wait()
        for _ in range(5):
            results.append([h.id for h in engine.search("harassment chat").hits])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 20
    assert engine._generation is not None and 1 <= len(engine._generation.free) <= 4


def test_an_update_on_disk_is_seen_by_the_pooled_searchers(library: Path, tmp_path: Path) -> None:
    engine = WhooshSearch(tmp_path / "index", [library])
    engine.refresh()
    assert not engine.search("zanzibar").hits
    victim = next(library.rglob("*.en.yaml"))
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text.replace("keywords: [", "keywords: [zanzibar, ", 1), encoding="utf-8")
    assert "zanzibar" in victim.read_text(encoding="utf-8")
    engine.refresh()
    hits = in_new_thread(lambda: engine.search("zanzibar")).hits
    assert hits and hits[0].path == str(victim.resolve())
    engine.close()
