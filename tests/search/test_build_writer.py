"""A new index written in bulk (build_writer.py, bulk_postings.py) is the index
Whoosh's own writer makes, and Whoosh's reader reads it back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index

from livecheck.playbook.library import load_library
from livecheck.playbook.model import Playbook
from livecheck.search.build_writer import BuildWriter
from livecheck.search.documents import index_document
from livecheck.search.fields import AnalyzedText
from livecheck.search.schema import build_schema
from livecheck.search.writing import codec

PLAYBOOKS = Path(__file__).resolve().parents[2] / "playbooks"
BENCH = str(Path(__file__).resolve().parents[2] / "bench")


def _playbooks(tmp_path: Path) -> list[Playbook]:
    sys.path.insert(0, BENCH)
    try:
        from synthetic import generate, write_playbooks  # type: ignore[import-not-found]
    finally:
        sys.path.remove(BENCH)
    write_playbooks(tmp_path / "synthetic", generate(40))
    library = load_library([PLAYBOOKS, tmp_path / "synthetic"])
    assert len(library.playbooks) > 80
    return library.playbooks


def _documents(playbooks: list[Playbook]) -> list[dict[str, Any]]:
    # Three rounds, so that common terms fill more than one 128-posting block.
    return [
        index_document(pb, f"{round_}/{pb.id}/{pb.lang}") for round_ in range(3) for pb in playbooks
    ]


def _files(folder: Path) -> dict[str, bytes]:
    """Each file by its kind (segment names are random): "<field>.col", ".pst"..."""
    return {
        p.name.split(".", 1)[-1]: p.read_bytes()
        for p in folder.iterdir()
        if p.is_file() and not p.name.endswith(".toc") and not p.name.endswith("LOCK")
    }


def _build(folder: Path, documents: list[dict[str, Any]], bulk: bool) -> Any:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    if bulk:
        writer = BuildWriter(ix, codec=codec(), compound=False)
    else:
        writer = ix.writer(codec=codec(), compound=False)  # Whoosh's own, untouched
    for doc in documents:
        writer.add_document(**doc)
    writer.commit()
    return ix


def test_bulk_writer_writes_whooshs_bytes(tmp_path: Path) -> None:
    documents = _documents(_playbooks(tmp_path))
    _build(tmp_path / "bulk", documents, bulk=True)
    _build(tmp_path / "whoosh", documents, bulk=False)
    mine, whooshs = _files(tmp_path / "bulk"), _files(tmp_path / "whoosh")
    assert {"pst", "trm"} <= {name.rsplit(".", 1)[-1] for name in mine}
    assert sorted(mine) == sorted(whooshs)
    for name in mine:
        assert mine[name] == whooshs[name], name


def test_whooshs_reader_reads_the_postings_the_documents_hold(tmp_path: Path) -> None:
    documents = _documents(_playbooks(tmp_path))
    ix = _build(tmp_path / "bulk", documents, bulk=True)
    schema = ix.schema
    # What each term's postings must be, from the documents alone.
    expected: dict[tuple[str, bytes], list[tuple[int, int]]] = {}
    for docnum, doc in enumerate(documents):
        for name, value in doc.items():
            field = schema[name]
            if isinstance(field, AnalyzedText):
                for term, freq, _weight, _value in field.index(value):
                    expected.setdefault((name, term), []).append((docnum, freq))
    with ix.reader() as reader:
        assert reader.doc_count() == len(documents)
        checked = 0
        for (name, term), postings in expected.items():
            matcher = reader.postings(name, term)
            found = []
            while matcher.is_active():
                found.append((matcher.id(), round(matcher.value_as("frequency"))))
                matcher.next()
            assert found == postings, (name, term)
            assert reader.doc_frequency(name, term) == len(postings)
            checked += 1
        assert checked > 5000
        assert any(len(p) > 128 for p in expected.values())  # several blocks were read
        stored = reader.stored_fields(len(documents) - 1)
        assert stored["path"] == documents[-1]["path"]


def test_bulk_writer_only_writes_a_new_index(tmp_path: Path) -> None:
    playbooks = load_library([PLAYBOOKS]).playbooks[:3]
    ix = _build(tmp_path / "ix", [index_document(pb, pb.id) for pb in playbooks], bulk=True)
    with pytest.raises(ValueError, match="empty index"):
        BuildWriter(ix, codec=codec())
    # ...and left the index unlocked: Whoosh's writer updates it.
    writer = ix.writer()
    writer.add_document(**index_document(playbooks[0], "again"))
    writer.commit()
    assert ix.doc_count() == 4
