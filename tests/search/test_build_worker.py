"""A new index read in two processes (build_worker.py): the same index as one
process makes, and never a second process left behind."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index

from livecheck.playbook.model import Playbook
from livecheck.search import build_worker, writing
from livecheck.search.build_worker import Job, ReadFile, read_in_order
from livecheck.search.build_writer import BuildWriter
from livecheck.search.catalog import Catalog, scan
from livecheck.search.index import IndexStore
from livecheck.search.schema import SCHEMA_VERSION, build_schema

BENCH = str(Path(__file__).resolve().parents[2] / "bench")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, BENCH)
    try:
        from synthetic import generate, write_playbooks  # type: ignore[import-not-found]
    finally:
        sys.path.remove(BENCH)
    root = tmp_path_factory.mktemp("library")
    write_playbooks(root, generate(60))
    (root / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    return root


def _jobs(root: Path) -> list[Job]:
    found = scan([root], Catalog(SCHEMA_VERSION))
    return [(path, data, e.sha256, e.size, e.mtime_ns) for path, data, e in found.to_load]


def _index_files(folder: Path, results: list[ReadFile]) -> dict[str, bytes]:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = BuildWriter(ix, codec=writing.codec(), compound=False)
    for result in results:
        if result.document is not None:
            writer.add_document(**result.document)
    writer.commit()
    return {
        p.name.split(".", 1)[-1]: p.read_bytes()
        for p in folder.iterdir()
        if p.is_file() and not p.name.endswith(".toc")
    }


def _no_second_process() -> None:
    assert multiprocessing.active_children() == []


def test_two_processes_make_the_index_one_makes(library: Path, tmp_path: Path) -> None:
    jobs = _jobs(library)
    schema = build_schema()
    alone = list(read_in_order(jobs, schema, keep_playbooks=True))
    shared = list(read_in_order(jobs, schema, keep_playbooks=True, split=20))
    _no_second_process()
    spawned: list[ReadFile] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_worker, "start_method", lambda: "spawn")
        spawned = list(read_in_order(jobs, schema, keep_playbooks=True, split=20))
    _no_second_process()
    assert [(r.path, r.document) for r in spawned] == [(r.path, r.document) for r in shared]
    assert [r.path for r in shared] == [r.path for r in alone]
    assert sum(r.document is None for r in shared) == 1  # the broken file, either way
    assert all(isinstance(r.playbook, Playbook) for r in shared if r.document is not None)
    assert [r.playbook for r in shared] == [r.playbook for r in alone]
    assert _index_files(tmp_path / "two", shared) == _index_files(tmp_path / "one", alone)


def test_a_second_process_that_dies_leaves_its_part_to_this_one(library: Path) -> None:
    jobs = _jobs(library)
    schema = build_schema()
    alone = [r.path for r in read_in_order(jobs, schema, keep_playbooks=False)]
    files = read_in_order(jobs, schema, keep_playbooks=False, split=30)
    paths = [next(files).path]
    (child,) = multiprocessing.active_children()
    assert child.pid is not None
    os.kill(child.pid, signal.SIGKILL)
    paths.extend(r.path for r in files)
    assert paths == alone
    _no_second_process()


def test_the_second_process_is_ended_when_the_build_stops(library: Path) -> None:
    files = read_in_order(_jobs(library), build_schema(), keep_playbooks=False, split=5)
    next(files)
    assert len(multiprocessing.active_children()) == 1
    files.close()  # what write_changes does on an error or Ctrl-C
    _no_second_process()


@pytest.mark.parametrize("stop", [RuntimeError, KeyboardInterrupt])
def test_an_interrupted_build_leaves_no_process_nor_index(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: type[BaseException]
) -> None:
    monkeypatch.setattr(writing, "SECOND_PROCESS_FROM", 10)
    monkeypatch.setattr(writing, "second_process_pays", lambda: True)
    seen: list[str] = []

    def on_playbook(playbook: Playbook, path: str) -> None:
        seen.append(path)
        if len(seen) == 10:
            raise stop("interrupted")

    store = IndexStore(tmp_path / "index")
    with pytest.raises(stop):
        store.refresh([library], on_playbook=on_playbook)
    _no_second_process()
    assert store.current_generation() is None


def test_a_full_build_in_two_processes_is_searchable_and_complete(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writing, "SECOND_PROCESS_FROM", 10)
    monkeypatch.setattr(writing, "second_process_pays", lambda: True)
    added: list[Any] = []
    store = IndexStore(tmp_path / "index")
    report = store.refresh([library], on_playbook=lambda pb, path: added.append(path))
    _no_second_process()
    assert report.rebuilt and report.added == 61 and report.broken == 1
    assert len(added) == 60
    ix, catalog = store.open()
    assert ix.doc_count() == 60
    assert sum(e.indexed for e in catalog.files.values()) == 60
    with ix.searcher() as searcher:
        assert {searcher.stored_fields(n)["path"] for n in range(60)} == set(added)


def test_a_second_process_only_where_it_pays(monkeypatch: pytest.MonkeyPatch) -> None:
    from livecheck.search import build_worker

    monkeypatch.setattr(build_worker, "usable_cpus", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.6, 0.5, 0.5))  # a CPU is idle
    assert build_worker.second_process_pays()
    monkeypatch.setattr(writing, "second_process_pays", build_worker.second_process_pays)
    assert writing.second_process_split(1000) == round(1000 * writing.OWN_SHARE)
    assert writing.second_process_split(writing.SECOND_PROCESS_FROM - 1) is None
    monkeypatch.setattr(os, "getloadavg", lambda: (3.5, 3.0, 2.0))  # other work on both
    assert not build_worker.second_process_pays()
    assert writing.second_process_split(1000) is None
    monkeypatch.setattr(build_worker, "usable_cpus", lambda: 1)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert not build_worker.second_process_pays()


def test_forked_from_one_thread_spawned_from_several() -> None:
    import threading

    from livecheck.search.build_worker import start_method

    found: list[str] = []
    thread = threading.Thread(target=lambda: found.append(start_method()))
    thread.start()
    thread.join()
    assert found == ["spawn"]  # two threads were running: a fork could inherit a held lock
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        assert start_method() == "fork"
