"""Index generations on disk: who owns each one, and removing those nobody does.

A rebuild writes a new `gen-<ns>-<pid>/` folder and switches CURRENT to it.
Before creating the folder, its builder takes an exclusive lock on
`gen-<ns>-<pid>.lock` beside it and keeps it until the generation is published
(or abandoned). The lock is the kernel's (flock), so it is released when the
builder dies, however it dies: a folder whose lock nobody holds and that is not
published is a dead partial build, and is removed.

Cleanup never removes:
- the generation CURRENT names (read again just before anything is removed);
- a generation whose lock is held (a rebuild in progress, in any process);
- the newest complete generation before the live one (a reader may still have
  it open), unless the cache would then exceed its cap.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CURRENT = "CURRENT"
CATALOG = "catalog.json"
PREFIX = "gen-"
LOCK_SUFFIX = ".lock"
# The live generation and the older one kept for readers stay under this, or the
# older one goes (dead partial builds never stay).
CACHE_CAP_BYTES = 512 * 1024 * 1024
_TEMP = re.compile(r"^\.(?:CURRENT|catalog\.json)\.(\d+)\.tmp$")


@dataclass(slots=True)
class BuildLock:
    """The lock a builder holds on its generation while writing it."""

    path: Path
    fd: int

    def release(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()
        with contextlib.suppress(OSError):
            os.close(self.fd)


def lock_generation(directory: Path, name: str) -> BuildLock:
    """Take the build lock of generation `name` (before its folder exists)."""
    path = directory / f"{name}{LOCK_SUFFIX}"
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, str(os.getpid()).encode())
    except BaseException:
        os.close(fd)
        raise
    return BuildLock(path, fd)


def is_being_built(directory: Path, name: str) -> bool:
    """True while a live process holds the build lock of generation `name`."""
    try:
        fd = os.open(directory / f"{name}{LOCK_SUFFIX}", os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def current_name(directory: Path) -> str | None:
    try:
        name = (directory / CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return name if name.startswith(PREFIX) else None


def _size(folder: Path) -> int:
    total = 0
    for base, _dirs, files in os.walk(folder):
        for f in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(base, f)).st_size
    return total


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_dead_generations(directory: Path, cap_bytes: int = CACHE_CAP_BYTES) -> list[str]:
    """Remove what no live process owns; return the names removed."""
    try:
        entries = sorted(os.listdir(directory))
    except OSError:
        return []
    removed: list[str] = []
    for name in entries:  # temp files of writers that died before their rename
        m = _TEMP.match(name)
        if m and not _pid_alive(int(m.group(1))):
            with contextlib.suppress(OSError):
                (directory / name).unlink()
    folders = [n for n in entries if n.startswith(PREFIX) and (directory / n).is_dir()]
    live = current_name(directory)
    complete: list[str] = []
    for name in folders:
        if name == live or is_being_built(directory, name):
            continue
        if (directory / f"{name}{LOCK_SUFFIX}").exists() or not (
            directory / name / CATALOG
        ).exists():
            _remove(directory, name, removed)  # a partial build whose builder is gone
        else:
            complete.append(name)
    # Keep the newest complete older generation for readers, within the cap.
    keep = complete[-1:]
    if keep and live and _size(directory / live) + _size(directory / keep[0]) > cap_bytes:
        keep = []
    for name in complete:
        if name not in keep:
            _remove(directory, name, removed)
    for name in entries:  # locks left by dead builders whose folder is already gone
        gen = name.removesuffix(LOCK_SUFFIX)
        if name != gen and not (directory / gen).exists() and not is_being_built(directory, gen):
            with contextlib.suppress(OSError):
                (directory / name).unlink()
    return removed


def _remove(directory: Path, name: str, removed: list[str]) -> None:
    if name == current_name(directory):  # published meanwhile: it is the live one now
        return
    shutil.rmtree(directory / name, ignore_errors=True)
    with contextlib.suppress(OSError):
        (directory / f"{name}{LOCK_SUFFIX}").unlink()
    removed.append(name)


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
