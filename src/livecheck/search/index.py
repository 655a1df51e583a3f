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

import errno
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import RamStorage
from whoosh.index import FileIndex, LockError

from livecheck.safety.files import ensure_private_dir
from livecheck.safety.text import printable_path
from livecheck.search.api import OnPlaybook, Progress, RefreshReport
from livecheck.search.catalog import Catalog, root_names, scan, write_atomically
from livecheck.search.generations import (
    CATALOG,
    CURRENT,
    BuildLock,
    current_name,
    lock_generation,
    private_umask,
    remove_dead_generations,
    tighten_permissions,
)
from livecheck.search.schema import SCHEMA_VERSION, build_schema
from livecheck.search.segment_files import read_segments_in_place
from livecheck.search.writing import write_changes

__all__ = [
    "SCHEMA_VERSION",
    "IndexCorrupt",
    "IndexStore",
    "OnPlaybook",
    "Progress",
    "RefreshReport",
]

MEMORY = "memory"  # the live index's name when it is held in memory
# An index that cannot be written for one of these is searched as it is.
CANNOT_WRITE = frozenset(
    {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT, errno.EIO}
)
# Processes Whoosh's parallel writer would analyse a full build of PARALLEL_FROM
# files or more in. One: its merge of the workers' segments writes every posting
# again (two took 9.6 s of CPU where one took 5.4 s for 1,000 playbooks). A new
# index is written by BuildWriter instead, its files read in a second process
# where a CPU is idle (writing.py, build_worker.py), in file order either way.
PARALLEL_PROCS = 1
PARALLEL_FROM = 300


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
            read_segments_in_place()
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
        write_atomically(self.directory / CURRENT, gen.name.encode())

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
                if catalog.roots != root_names(roots):
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
            if catalog.roots == root_names(roots):
                return RefreshReport(failed=f"the index could not be updated: {why}")
        ix = RamStorage().create_index(build_schema())
        catalog = Catalog(SCHEMA_VERSION, roots=root_names(roots))
        changes = scan(roots, catalog)
        report = write_changes(ix, catalog, changes, progress, on_playbook, new=True)
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
            catalog = Catalog(SCHEMA_VERSION, roots=root_names(roots))
            changes = scan(roots, catalog)
            procs = PARALLEL_PROCS if len(changes.to_load) >= PARALLEL_FROM else 1
            report = write_changes(
                ix, catalog, changes, progress, on_playbook, procs=procs, new=True
            )
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
        changes = scan(roots, catalog)
        if not changes.dirty:
            if changes.catalog_changed:  # only mtimes moved; contents are the same
                self._save_catalog(catalog)
            return RefreshReport(
                unchanged=changes.unchanged, broken=changes.broken, skipped=tuple(changes.skipped)
            )
        try:
            report = write_changes(ix, catalog, changes, progress, on_playbook)
        except LockError:
            return RefreshReport(
                unchanged=changes.unchanged, deferred=True, skipped=tuple(changes.skipped)
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


def _with(report: RefreshReport, **changes: Any) -> RefreshReport:
    return RefreshReport(**{**asdict(report), **changes})


def _timed(report: RefreshReport, start: float) -> RefreshReport:
    return _with(report, seconds=time.perf_counter() - start)


def _why_not_written(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return "the data folder is read-only"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"no permission to write {printable_path(exc.filename or '')}".rstrip()
    return exc.strerror or str(exc)
