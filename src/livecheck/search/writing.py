"""Writing playbooks into a Whoosh index: one writer, or worker processes for a
large library, with the builder's settings that make it fast (see docs/search.md)."""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import W3Codec
from whoosh.index import FileIndex

from livecheck.search.api import OnPlaybook, Progress, RefreshReport
from livecheck.search.build_worker import read_in_order, second_process_pays
from livecheck.search.build_writer import BuildWriter
from livecheck.search.catalog import Catalog, Scan
from livecheck.search.postings import use_grouped_postings
from livecheck.search.workers import LinkedMpWriter

WRITER_MEMORY_MB = 128
# A new index of this many files or more is read in two processes (build_worker.py);
# this process reads the first OWN_SHARE of them: it also adds every document and
# writes the postings, while the second process only reads and analyses.
SECOND_PROCESS_FROM = 200
OWN_SHARE = 0.45


def write_changes(
    ix: FileIndex,
    catalog: Catalog,
    scan: Scan,
    progress: Progress | None,
    on_playbook: OnPlaybook | None = None,
    procs: int = 1,
    new: bool = False,
) -> RefreshReport:
    """Apply `scan` to `ix`. `new`: the index is empty (a rebuild), written by
    the bulk writer (build_writer.py); otherwise Whoosh's writer updates it."""
    if procs > 1:  # analysis in worker processes, merged into one segment at commit
        # Workers that die with this process (Whoosh's would wait forever).
        writer = LinkedMpWriter(ix, procs=procs, limitmb=WRITER_MEMORY_MB, codec=codec())
    elif new:
        writer = BuildWriter(ix, limitmb=WRITER_MEMORY_MB, timeout=0.0, codec=codec())
    else:
        writer = ix.writer(limitmb=WRITER_MEMORY_MB, timeout=0.0, codec=codec())
        # Postings pooled and written by term (see postings.py); the
        # multiprocessing writer merges its workers' pools its own way.
        use_grouped_postings(writer)
    jobs = [(path, data, e.sha256, e.size, e.mtime_ns) for path, data, e in scan.to_load]
    # Text fields analysed before they reach the bulk writer (in either process).
    schema = ix.schema if isinstance(writer, BuildWriter) else None
    split = second_process_split(len(jobs)) if schema is not None else None
    files = read_in_order(jobs, schema, on_playbook is not None, split)
    try:
        for path in scan.removed:
            writer.delete_by_term("path", path)
            catalog.files.pop(path, None)
        broken = scan.broken
        total = len(scan.to_load)
        for n, ((path, _data, entry), read) in enumerate(zip(scan.to_load, files, strict=True), 1):
            entry.indexed = read.document is not None
            catalog.files[path] = entry
            if read.document is None:
                writer.delete_by_term("path", path)
                broken += 1
            else:
                writer.update_document(**read.document)
                if on_playbook is not None and read.playbook is not None:
                    on_playbook(read.playbook, path)
            if progress is not None:
                progress(n, total)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    finally:
        files.close()  # the second process, if any, is ended and joined
    return RefreshReport(
        added=scan.added,
        changed=scan.changed,
        removed=len(scan.removed),
        unchanged=scan.unchanged,
        broken=broken,
        skipped=tuple(scan.skipped),
    )


def second_process_split(count: int) -> int | None:
    """How many of a new index's `count` files this process reads, the rest going
    to a second process (None: all here): from SECOND_PROCESS_FROM files, where
    a second process pays."""
    if count < SECOND_PROCESS_FROM or not second_process_pays():
        return None
    return round(count * OWN_SHARE)


def codec() -> Any:
    """Whoosh's codec with posting blocks left uncompressed: most of a library's
    terms are in a handful of playbooks, and zlib on each tiny block cost a tenth
    of a build, and a decompression per term at search time. (Each block records
    whether it is compressed, so older segments still read.)"""
    return W3Codec(compression=0)
