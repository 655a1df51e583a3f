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

import contextlib
import errno
import hashlib
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.index import FileIndex, LockError

from livecheck.playbook.library import walk_playbook_files
from livecheck.playbook.model import Playbook, Source
from livecheck.safety.files import NotARegularFile, ensure_private_dir, read_regular_file
from livecheck.safety.text import printable_path
from livecheck.search.analysis import (
    PLAIN,
    STEMMED_LANGUAGES,
    plain_analyzer,
    prefix_analyzer,
    stemming_analyzer,
)
from livecheck.search.documents import GROUPS, index_document
from livecheck.search.generations import (
    CATALOG,
    CURRENT,
    BuildLock,
    current_name,
    lock_generation,
    remove_dead_generations,
)
from livecheck.search.workers import LinkedMpWriter

# Bump when the schema, the analyzers or the stored facts change: an index
# with another version is rebuilt.
SCHEMA_VERSION = 6
MEMORY = "memory"  # the live index's name when it is held in memory
# An index that cannot be written for one of these is searched as it is.
CANNOT_WRITE = frozenset(
    {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT, errno.EIO}
)
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
    # Set when the index could not be written (read-only or full disk): the old
    # index, or one in memory, is searched; says why, for the user.
    failed: str = ""
    seconds: float = 0.0
    # Paths that could not be read (unreadable folders and files, names that are
    # not UTF-8, entries that are not regular files), one printable line each.
    skipped: tuple[str, ...] = ()

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
        # The library indexed in memory, when the cache could not be written.
        self._memory: tuple[FileIndex, Catalog] | None = None

    # -- generations ---------------------------------------------------------

    def current_generation(self) -> Path | None:
        name = current_name(self.directory)
        if name is None:
            return None
        gen = self.directory / name
        return gen if gen.is_dir() else None

    def live_name(self) -> str | None:
        """The name of the index searches use: a generation, or MEMORY."""
        if self._memory is not None:
            return MEMORY
        gen = self.current_generation()
        return gen.name if gen is not None else None

    def open(self) -> tuple[FileIndex, Catalog]:
        """Open the live generation (or the index in memory), or raise IndexCorrupt."""
        if self._memory is not None:
            return self._memory
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

    def _new_generation(self) -> tuple[Path, BuildLock]:
        ensure_private_dir(self.directory)
        name = f"gen-{time.time_ns()}-{os.getpid()}"
        # The lock first, then the folder: a folder without a held lock is dead.
        lock = lock_generation(self.directory, name)
        gen = self.directory / name
        try:
            gen.mkdir(mode=0o700)
        except BaseException:
            lock.release()
            raise
        return gen, lock

    def _publish(self, gen: Path) -> None:
        _write_atomically(self.directory / CURRENT, gen.name.encode())

    def remove_dead(self) -> list[str]:
        """Remove partial builds of dead processes and old generations (never the live one)."""
        try:
            return remove_dead_generations(self.directory)
        except OSError:  # a read-only cache: nothing to clean, and nothing to fail
            return []

    # -- refresh -------------------------------------------------------------

    def refresh(
        self,
        roots: Sequence[Path],
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        on_playbook: OnPlaybook | None = None,
    ) -> RefreshReport:
        """Bring the index in line with the YAML under `roots`.

        When the cache cannot be written (read-only, full disk, no permission),
        the index on disk is kept and searched as it is; with none usable, the
        library is indexed in memory. The report says so (`failed`)."""
        start = time.perf_counter()
        try:
            with private_umask():
                report = self._refresh(roots, rebuild, progress, on_playbook)
        except OSError as exc:
            if exc.errno not in CANNOT_WRITE:
                raise
            report = self._without_writing(roots, exc, progress, on_playbook)
        return _timed(report, start)

    def _refresh(
        self,
        roots: Sequence[Path],
        rebuild: bool,
        progress: Progress | None,
        on_playbook: OnPlaybook | None,
    ) -> RefreshReport:
        self._memory = None  # try the disk again: space may have been freed
        if self.directory.is_dir():
            self.remove_dead()
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
                    return self._update(ix, catalog, roots, progress, on_playbook)
        report = self._rebuild(roots, progress, on_playbook)
        return _with(report, rebuilt=True, reason=reason)

    def _without_writing(
        self,
        roots: Sequence[Path],
        exc: OSError,
        progress: Progress | None,
        on_playbook: OnPlaybook | None,
    ) -> RefreshReport:
        why = _why_not_written(exc)
        try:
            _ix, catalog = self.open()
        except IndexCorrupt:
            pass
        else:
            if catalog.roots == _root_names(roots):
                return RefreshReport(failed=f"the index could not be updated: {why}")
        ix = RamStorage().create_index(build_schema())
        catalog = Catalog(roots=_root_names(roots))
        scan = _scan(roots, catalog)
        report = self._write_changes(ix, catalog, scan, progress, on_playbook)
        self._memory = (ix, catalog)
        return _with(
            report,
            rebuilt=True,
            failed=f"the index could not be written ({why}); the library is searched in memory",
        )

    def _rebuild(
        self, roots: Sequence[Path], progress: Progress | None, on_playbook: OnPlaybook | None
    ) -> RefreshReport:
        gen, lock = self._new_generation()
        try:
            ix = whoosh_index.create_in(str(gen), build_schema())
            catalog = Catalog(roots=_root_names(roots))
            scan = _scan(roots, catalog)
            procs = PARALLEL_PROCS if len(scan.to_load) >= PARALLEL_FROM else 1
            report = self._write_changes(ix, catalog, scan, progress, on_playbook, procs=procs)
            indexed = sum(e.indexed for e in catalog.files.values())
            if ix.doc_count() != indexed:  # a worker failed (full disk...) and its part is lost
                raise OSError(
                    errno.EIO, f"{indexed - ix.doc_count()} playbooks missing from the index"
                )
            catalog.write(gen / CATALOG)
            tighten_permissions(gen)
            self._publish(gen)
        except BaseException:
            shutil.rmtree(gen, ignore_errors=True)
            raise
        finally:
            lock.release()
        self.remove_dead()
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
            return RefreshReport(
                unchanged=scan.unchanged, broken=scan.broken, skipped=tuple(scan.skipped)
            )
        try:
            report = self._write_changes(ix, catalog, scan, progress, on_playbook)
        except LockError:
            return RefreshReport(
                unchanged=scan.unchanged, deferred=True, skipped=tuple(scan.skipped)
            )
        self._save_catalog(catalog)
        gen = self.current_generation()
        if gen is not None:
            tighten_permissions(gen)
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
            # Workers that die with this process (Whoosh's would wait forever).
            writer = LinkedMpWriter(ix, procs=procs, limitmb=WRITER_MEMORY_MB, codec=_codec())
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
            skipped=tuple(scan.skipped),
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
    skipped: list[str] = field(default_factory=list)  # paths that could not be read, and why

    @property
    def dirty(self) -> bool:
        return bool(self.to_load or self.removed)


def _scan(roots: Sequence[Path], catalog: Catalog) -> _Scan:
    """Compare the files under `roots` with the catalog: stat first, hash only if needed."""
    scan = _Scan()
    seen: set[str] = set()
    found = walk_playbook_files(roots)
    scan.skipped.extend(p.format() for p in found.problems)
    for file in found.files:
        path = str(file.path)
        seen.add(path)
        try:
            st = os.stat(path)
        except OSError as exc:
            scan.skipped.append(_unreadable(path, exc))
            continue
        known = catalog.files.get(path)
        if known and known.size == st.st_size and known.mtime_ns == st.st_mtime_ns:
            scan.unchanged += 1
            scan.broken += not known.indexed
            continue
        # Here, not at import: a warm start with nothing changed never loads the YAML reader.
        from livecheck.playbook.yaml_reader import MAX_BYTES

        try:
            # Regular files only, and at most the size limit + 1 byte (the loader
            # reports a larger file): a FIFO or a link to /dev/zero never hangs this.
            data, st = read_regular_file(path, MAX_BYTES)
        except OSError as exc:
            scan.skipped.append(_unreadable(path, exc))
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


def _unreadable(path: str, exc: OSError) -> str:
    why = "not a regular file" if isinstance(exc, NotARegularFile) else exc.strerror or str(exc)
    return f"{printable_path(path)}: cannot read: {why}"


def _root_names(roots: Iterable[Path]) -> list[str]:
    return [str(Path(r).resolve()) for r in roots]


def _with(report: RefreshReport, **changes: Any) -> RefreshReport:
    return RefreshReport(**{**asdict(report), **changes})


def _timed(report: RefreshReport, start: float) -> RefreshReport:
    return _with(report, seconds=time.perf_counter() - start)


_UMASK_LOCK = threading.Lock()
_umask_users = 0
_umask_saved = 0


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Files Whoosh creates (with the process umask) are 0600, folders 0700.

    The umask is per process: it is tightened while any thread indexes, and put
    back when the last one is done. Nothing livecheck writes is meant for others."""
    global _umask_users, _umask_saved
    with _UMASK_LOCK:
        if _umask_users == 0:
            _umask_saved = os.umask(0o077)
        _umask_users += 1
    try:
        yield
    finally:
        with _UMASK_LOCK:
            _umask_users -= 1
            if _umask_users == 0:
                os.umask(_umask_saved)


def tighten_permissions(folder: Path) -> None:
    """Whoosh's files 0600 (its lock file is created 0777 minus the umask)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_file(follow_symlinks=False):
                mode = entry.stat(follow_symlinks=False).st_mode & 0o777
                if mode != 0o600:
                    os.chmod(entry.path, 0o600)


def _why_not_written(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the data folder is read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"no permission to write {printable_path(exc.filename or '')}".rstrip()
    return exc.strerror or str(exc)


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
