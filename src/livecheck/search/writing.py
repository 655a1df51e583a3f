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
from livecheck.search.postings import use_grouped_postings
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
        # Postings pooled and written by term (see postings.py); the
        # multiprocessing writer merges its workers' pools its own way.
        use_grouped_postings(writer)
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
