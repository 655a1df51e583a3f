"""What the index was built from: each playbook file's size, mtime and sha256
(catalog.json), and the comparison of the files on disk with it (engine-free).

A warm start stats files and reads only those that changed; a changed mtime with
the same sha256 is not re-indexed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from livecheck.playbook.library import walk_playbook_files
from livecheck.safety.files import NotARegularFile, read_regular_file, write_private_atomically
from livecheck.safety.text import printable_path


@dataclass(slots=True)
class CatalogEntry:
    size: int
    mtime_ns: int
    sha256: str
    indexed: bool  # False: the file has errors and is left out until it changes


@dataclass(slots=True)
class Catalog:
    schema_version: int  # the index's SCHEMA_VERSION when it was built
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
        write_atomically(path, json.dumps(data, separators=(",", ":")).encode())


@dataclass(slots=True)
class Scan:
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


def scan(roots: Sequence[Path], catalog: Catalog) -> Scan:
    """Compare the files under `roots` with the catalog: stat first, hash only if needed."""
    scan = Scan()
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


def root_names(roots: Iterable[Path]) -> list[str]:
    return [str(Path(r).resolve()) for r in roots]


def write_atomically(path: Path, data: bytes) -> None:
    write_private_atomically(path, [data])
