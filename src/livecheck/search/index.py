"""The Whoosh index on disk: a cache of the YAML, kept in step with it.

Layout under the index dir (0700; Whoosh's TOC is a pickle, so nobody else may
write here):

    CURRENT            name of the live generation, replaced atomically
    gen-<ns>-<pid>/    one complete Whoosh index plus catalog.json

A generation is never modified into an invalid state: incremental updates go
through Whoosh's own writer and commit; a rebuild (corrupt index, new schema
version) writes a fresh generation and swaps CURRENT, so readers of the old one
keep working meanwhile.

catalog.json maps each file path to (size, mtime_ns, sha256) and whether it
loaded, so a warm start stats files and parses only those that changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import FileIndex, LockError

from livecheck.playbook.library import find_playbook_files
from livecheck.playbook.model import Playbook, Source
from livecheck.safety.files import ensure_private_dir
from livecheck.search.analysis import (
    PLAIN,
    STEMMED_LANGUAGES,
    plain_analyzer,
    prefix_analyzer,
    stemming_analyzer,
)
from livecheck.search.documents import GROUPS, index_document

# Bump when the schema, the analyzers or the stored facts change: an index
# with another version is rebuilt.
SCHEMA_VERSION = 6
CATALOG = "catalog.json"
CURRENT = "CURRENT"
WRITER_MEMORY_MB = 128
# A full build of a large library analyses documents in this many processes.
# (One process costs less CPU, since Whoosh writes every posting again when it
# merges the workers' segments, but it numbers documents in another order, which
# reorders near-ties in the results: bench/quality.py's mixed figures dropped.)
PARALLEL_PROCS = max(1, min(2, os.cpu_count() or 1))
PARALLEL_FROM = 300


def build_schema() -> Schema:
    fields: dict[str, Any] = {
        "path": ID(stored=True, unique=True),
        "pid": ID(stored=True),
        "lang": ID(stored=True),
        "category": ID(stored=True),
        "severity": ID(stored=True),
        "tag": KEYWORD(stored=False, lowercase=True, commas=True),
        "facts": STORED(),
        # Title and keywords, read for every candidate while reranking: a column
        # is one lookup, where the stored facts would be unpickled whole.
        "headline": COLUMN(VarBytesColumn()),
        # "id<TAB>lang", so that candidates past the results' limit are collapsed
        # into their translations without unpickling their facts.
        "identity": COLUMN(VarBytesColumn()),
    }
    for group in GROUPS:
        fields[f"{group}_raw"] = TEXT(analyzer=plain_analyzer(), phrase=False)
        fields[f"{group}_pre"] = TEXT(analyzer=prefix_analyzer(), phrase=False)
    for lang in (*STEMMED_LANGUAGES, PLAIN):
        analyzer = stemming_analyzer(lang) if lang != PLAIN else plain_analyzer()
        for group in GROUPS:
            fields[f"{group}_{lang}"] = TEXT(analyzer=analyzer, phrase=False)
    return Schema(**fields)


@dataclass(slots=True)
class CatalogEntry:
    size: int
    mtime_ns: int
    sha256: str
    indexed: bool  # False: the file has errors and is left out until it changes


@dataclass(slots=True)
class Catalog:
    # Read at creation, not at import: tests (and a future migration) change it.
    schema_version: int = field(default_factory=lambda: SCHEMA_VERSION)
    roots: list[str] = field(default_factory=list)
    files: dict[str, CatalogEntry] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> Catalog:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            schema_version=int(data["schema_version"]),
            roots=list(data["roots"]),
            files={p: CatalogEntry(**e) for p, e in data["files"].items()},
        )

    def write(self, path: Path) -> None:
        data = {
            "schema_version": self.schema_version,
            "roots": self.roots,
            "files": {p: asdict(e) for p, e in self.files.items()},
        }
        _write_atomically(path, json.dumps(data, separators=(",", ":")).encode())


@dataclass(frozen=True, slots=True)
class RefreshReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    broken: int = 0  # files with errors, left out of the index
    rebuilt: bool = False
    deferred: bool = False  # another process held the write lock; try again later
    reason: str = ""  # why a rebuild happened
    seconds: float = 0.0

    @property
    def touched(self) -> int:
        return self.added + self.changed + self.removed


Progress = Callable[[int, int], None]
# Called with each playbook as it is indexed (and the file path), e.g. to offer
# title search while a first build runs.
OnPlaybook = Callable[[Playbook, str], None]


class IndexCorrupt(Exception):
    """The live generation cannot be opened or read."""


class IndexStore:
    """Owns the index dir: opening, incremental refresh, and rebuilds."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    # -- generations ---------------------------------------------------------

    def current_generation(self) -> Path | None:
        try:
            name = (self.directory / CURRENT).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        gen = self.directory / name
        return gen if name.startswith("gen-") and gen.is_dir() else None

    def open(self) -> tuple[FileIndex, Catalog]:
        """Open the live generation, or raise IndexCorrupt."""
        gen = self.current_generation()
        if gen is None:
            raise IndexCorrupt("no index yet")
        try:
            catalog = Catalog.read(gen / CATALOG)
            ix = whoosh_index.open_dir(str(gen))
            ix.doc_count()  # touches the TOC and segments' metadata
        except Exception as exc:  # Whoosh raises bare EOFError/struct.error on damage
            raise IndexCorrupt(f"{type(exc).__name__}: {exc}") from exc
        if catalog.schema_version != SCHEMA_VERSION:
            raise IndexCorrupt(
                f"schema version {catalog.schema_version}, expected {SCHEMA_VERSION}"
            )
        return ix, catalog

    def _new_generation(self) -> Path:
        ensure_private_dir(self.directory)
        gen = self.directory / f"gen-{time.time_ns()}-{os.getpid()}"
        gen.mkdir(mode=0o700)
        return gen

    def _publish(self, gen: Path) -> None:
        _write_atomically(self.directory / CURRENT, gen.name.encode())
        self._remove_old_generations(keep={gen.name})

    def _remove_old_generations(self, keep: set[str]) -> None:
        # Keep the newest older generation too: a reader may still have it open.
        olds = sorted(
            (p for p in self.directory.glob("gen-*") if p.name not in keep), key=lambda p: p.name
        )
        for old in olds[:-1]:
            shutil.rmtree(old, ignore_errors=True)

    # -- refresh -------------------------------------------------------------

    def refresh(
        self,
        roots: Sequence[Path],
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        on_playbook: OnPlaybook | None = None,
    ) -> RefreshReport:
        """Bring the index in line with the YAML under `roots`."""
        start = time.perf_counter()
        reason = "asked to rebuild" if rebuild else ""
        if not rebuild:
            try:
                ix, catalog = self.open()
            except IndexCorrupt as exc:
                reason = str(exc)
            else:
                if catalog.roots != _root_names(roots):
                    reason = "playbook folders changed"
                else:
                    report = self._update(ix, catalog, roots, progress, on_playbook)
                    return _timed(report, start)
        report = self._rebuild(roots, progress, on_playbook)
        return _timed(_with(report, rebuilt=True, reason=reason), start)

    def _rebuild(
        self, roots: Sequence[Path], progress: Progress | None, on_playbook: OnPlaybook | None
    ) -> RefreshReport:
        gen = self._new_generation()
        try:
            ix = whoosh_index.create_in(str(gen), build_schema())
            catalog = Catalog(roots=_root_names(roots))
            scan = _scan(roots, catalog)
            procs = PARALLEL_PROCS if len(scan.to_load) >= PARALLEL_FROM else 1
            report = self._write_changes(ix, catalog, scan, progress, on_playbook, procs=procs)
            catalog.write(gen / CATALOG)
        except BaseException:
            shutil.rmtree(gen, ignore_errors=True)
            raise
        self._publish(gen)
        return report

    def _update(
        self,
        ix: FileIndex,
        catalog: Catalog,
        roots: Sequence[Path],
        progress: Progress | None,
        on_playbook: OnPlaybook | None,
    ) -> RefreshReport:
        scan = _scan(roots, catalog)
        if not scan.dirty:
            if scan.catalog_changed:  # only mtimes moved; contents are the same
                self._save_catalog(catalog)
            return RefreshReport(unchanged=scan.unchanged, broken=scan.broken)
        try:
            report = self._write_changes(ix, catalog, scan, progress, on_playbook)
        except LockError:
            return RefreshReport(unchanged=scan.unchanged, deferred=True)
        self._save_catalog(catalog)
        return report

    def _save_catalog(self, catalog: Catalog) -> None:
        gen = self.current_generation()
        if gen is not None:
            catalog.write(gen / CATALOG)

    def _write_changes(
        self,
        ix: FileIndex,
        catalog: Catalog,
        scan: _Scan,
        progress: Progress | None,
        on_playbook: OnPlaybook | None = None,
        procs: int = 1,
    ) -> RefreshReport:
        # Here, not at import: a warm start with nothing changed never reads YAML.
        from livecheck.playbook.loader import load_playbook_bytes

        if procs > 1:  # analysis in worker processes, merged into one segment at commit
            writer = ix.writer(limitmb=WRITER_MEMORY_MB, procs=procs, codec=_codec())
        else:
            writer = ix.writer(limitmb=WRITER_MEMORY_MB, timeout=0.0, codec=_codec())
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
        )


def _codec() -> Any:
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


@dataclass(slots=True)
class _Scan:
    to_load: list[tuple[str, bytes, CatalogEntry]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    broken: int = 0  # unchanged files that still have errors
    catalog_changed: bool = False

    @property
    def dirty(self) -> bool:
        return bool(self.to_load or self.removed)


def _scan(roots: Sequence[Path], catalog: Catalog) -> _Scan:
    """Compare the files under `roots` with the catalog: stat first, hash only if needed."""
    scan = _Scan()
    seen: set[str] = set()
    for file in find_playbook_files(roots):
        path = str(file.path)
        seen.add(path)
        try:
            st = os.stat(path)
        except OSError:
            continue
        known = catalog.files.get(path)
        if known and known.size == st.st_size and known.mtime_ns == st.st_mtime_ns:
            scan.unchanged += 1
            scan.broken += not known.indexed
            continue
        try:
            data = file.path.read_bytes()
        except OSError:
            continue
        digest = hashlib.sha256(data).hexdigest()
        if known and known.sha256 == digest:
            known.mtime_ns, known.size = st.st_mtime_ns, st.st_size
            scan.unchanged += 1
            scan.broken += not known.indexed
            scan.catalog_changed = True
            continue
        entry = CatalogEntry(len(data), st.st_mtime_ns, digest, indexed=False)
        scan.to_load.append((path, data, entry))
        if known:
            scan.changed += 1
        else:
            scan.added += 1
    scan.removed = [p for p in catalog.files if p not in seen]
    return scan


def _root_names(roots: Iterable[Path]) -> list[str]:
    return [str(Path(r).resolve()) for r in roots]


def _with(report: RefreshReport, **changes: Any) -> RefreshReport:
    return RefreshReport(**{**asdict(report), **changes})


def _timed(report: RefreshReport, start: float) -> RefreshReport:
    return _with(report, seconds=time.perf_counter() - start)


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
