"""Postings written by term (postings.py) are the bytes Whoosh writes itself."""

from __future__ import annotations

from pathlib import Path

from whoosh import index as whoosh_index

from livecheck.playbook.library import load_library
from livecheck.search.documents import index_document
from livecheck.search.postings import use_grouped_postings
from livecheck.search.schema import build_schema
from livecheck.search.writing import codec

PLAYBOOKS = Path(__file__).resolve().parents[2] / "playbooks"


def _build(folder: Path, grouped: bool) -> dict[str, bytes]:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = ix.writer(codec=codec(), compound=False)  # one file per kind
    if grouped:
        use_grouped_postings(writer)
    library = load_library([PLAYBOOKS])
    assert len(library.playbooks) > 20
    # Three times over, so that common terms fill more than one 128-posting block.
    for round_ in range(3):
        for pb in library.playbooks:
            writer.add_document(**index_document(pb, f"{round_}/{pb.id}/{pb.lang}"))
    writer.commit()
    # Segment names are random: files are compared by their kind.
    return {
        p.suffix: p.read_bytes() for p in folder.iterdir() if p.suffix in (".trm", ".pst", ".fln")
    }


def test_postings_written_by_term_are_whooshs_bytes(tmp_path: Path) -> None:
    mine = _build(tmp_path / "grouped", grouped=True)
    whooshs = _build(tmp_path / "whoosh", grouped=False)
    assert {".trm", ".pst"} <= set(mine)
    assert mine == whooshs


def test_fields_analysed_in_one_pass_index_what_their_analyzers_make(tmp_path: Path) -> None:
    import sys

    from whoosh.fields import TEXT

    from livecheck.search.fields import AnalyzedText

    bench = str(Path(__file__).resolve().parents[2] / "bench")
    sys.path.insert(0, bench)
    try:
        from synthetic import generate, write_playbooks  # type: ignore[import-not-found]
    finally:
        sys.path.remove(bench)
    write_playbooks(tmp_path, generate(60))
    schema = build_schema()
    library = load_library([PLAYBOOKS, tmp_path])
    docs = [index_document(pb, pb.id) for pb in library.playbooks]
    docs.append({"body_fr": "Sécurité SÉCURITÉ securite l'équipe À déjà Œuvre ß ǅ İstanbul x 9"})
    checked = 0
    for doc in docs:
        for name, value in doc.items():
            if name not in schema or not isinstance(schema[name], AnalyzedText):
                continue
            field = schema[name]
            whooshs = list(TEXT.index(field, value))
            assert list(field.index(value)) == whooshs, (name, value[:80])
            checked += 1
    assert checked > 600
