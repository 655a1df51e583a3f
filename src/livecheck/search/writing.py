"""Writing playbooks into a Whoosh index: one writer, or worker processes for a
large library, with the builder's settings that make it fast (see docs/search.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import W3Codec
from whoosh.index import FileIndex

from livecheck.playbook.model import Source
from livecheck.search.api import OnPlaybook, Progress, RefreshReport
from livecheck.search.catalog import Catalog, Scan
from livecheck.search.documents import index_document
from livecheck.search.workers import LinkedMpWriter

WRITER_MEMORY_MB = 128


def write_changes(
    ix: FileIndex,
    catalog: Catalog,
    scan: Scan,
    progress: Progress | None,
    on_playbook: OnPlaybook | None = None,
    procs: int = 1,
) -> RefreshReport:
    # Here, not at import: a warm start with nothing changed never reads YAML.
    from livecheck.playbook.loader import load_playbook_bytes

    if procs > 1:  # analysis in worker processes, merged into one segment at commit
        # Workers that die with this process (Whoosh's would wait forever).
        writer = LinkedMpWriter(ix, procs=procs, limitmb=WRITER_MEMORY_MB, codec=codec())
    else:
        writer = ix.writer(limitmb=WRITER_MEMORY_MB, timeout=0.0, codec=codec())
        # Not for the multiprocessing merge: there Whoosh writes the blocks'
        # length bounds otherwise, and memoising changed 120 of 300 result lists.
        _look_up_lengths_once(writer)
    try:
        for path in scan.removed:
            writer.delete_by_term("path", path)
            catalog.files.pop(path, None)
        broken = scan.broken
        total = len(scan.to_load)
        for n, (path, data, entry) in enumerate(scan.to_load, 1):
            source = Source(Path(path), entry.sha256, entry.size, entry.mtime_ns)
            loaded = load_playbook_bytes(data, source)
            entry.indexed = loaded.playbook is not None
            catalog.files[path] = entry
            if loaded.playbook is None:
                writer.delete_by_term("path", path)
                broken += 1
            else:
                writer.update_document(**index_document(loaded.playbook, path))
                if on_playbook is not None:
                    on_playbook(loaded.playbook, path)
            if progress is not None:
                progress(n, total)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return RefreshReport(
        added=scan.added,
        changed=scan.changed,
        removed=len(scan.removed),
        unchanged=scan.unchanged,
        broken=broken,
        skipped=tuple(scan.skipped),
    )


def codec() -> Any:
    """Whoosh's codec with posting blocks left uncompressed: most of a library's
    terms are in a handful of playbooks, and zlib on each tiny block cost a tenth
    of a build, and a decompression per term at search time. (Each block records
    whether it is compressed, so older segments still read.)"""
    return W3Codec(compression=0)


class _MemoLengths:
    """The new segment's field lengths, each looked up once.

    Whoosh asks for the document's field length with every posting it writes
    (to keep each block's shortest and longest), through a column reader: two
    thirds of a million slow look-ups for 1,000 playbooks, for ten thousand values."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._lengths: dict[tuple[int, str], int] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        key = (docnum, fieldname)
        found = self._lengths.get(key)
        if found is None:
            found = self._lengths[key] = self._reader.doc_field_length(docnum, fieldname, default)
        return found

    def close(self) -> None:
        self._reader.close()


def _look_up_lengths_once(writer: Any) -> None:
    """Have `writer` (a segment or multiprocessing writer) write its postings with
    the field lengths memoised (see _MemoLengths)."""
    fields = writer.fieldwriter
    add_postings = fields.add_postings

    def memoised(schema: Any, lengths: Any, items: Any) -> Any:
        return add_postings(schema, _MemoLengths(lengths) if lengths else lengths, items)

    fields.add_postings = memoised
