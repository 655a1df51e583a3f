"""Private files and folders: everything livecheck writes is for its owner only."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and any missing parents, also 0700) and make it owner-only."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
    os.chmod(path, 0o700)
    return path


class NotARegularFile(OSError):
    """The path is a folder, a FIFO, a device or a socket: never read as a file."""


def read_regular_file(path: str | os.PathLike[str], limit: int) -> tuple[bytes, os.stat_result]:
    """At most `limit + 1` bytes of the regular file at `path`, and its status.

    The file is opened first and checked after (fstat of the open descriptor), so
    a path swapped for something else between a check and the read is still
    caught. O_NONBLOCK keeps the open itself from blocking on a FIFO with no
    writer; a FIFO, a device (`/dev/zero` would be read forever) or anything else
    that is not a regular file raises NotARegularFile. Reading stops after
    `limit + 1` bytes, so the caller can tell "too large" without reading it all.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotARegularFile(errno.EINVAL, "not a regular file", str(path))
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks), status
    finally:
        os.close(fd)


def write_private_atomically(path: Path, chunks: Iterable[bytes]) -> None:
    """Write `chunks` to `path` for its owner only (0600): into a temp file beside it
    (`.<name>.<pid>.tmp`), fsynced, then renamed over it, so that a reader never sees
    half a file and a crash leaves the old one. The temp file goes if anything fails."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o600)  # O_CREAT's mode is cut by the umask; an old file kept its own
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
