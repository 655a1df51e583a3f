"""Actions that could not be written to the journal, kept in a recovery file.

When the journal cannot be written (full disk, read-only) and the user leaves
anyway, the actions kept in memory would be lost. They are written instead to
`<journal>.pending/<run id>.jsonl` (0600, folder 0700), next to the journal: a
few hundred bytes where SQLite could not get a page. The next start replays
them into the journal in order and removes the file (services/recovery.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType

from livecheck.runs.events import Event, EventKind
from livecheck.safety.files import ensure_private_dir, write_private_atomically

RESERVE = ".reserve"
# Space set aside while the disk has room, given back to write the recovery
# file when the disk is full: a disk that is full to the last byte has no room
# for that file otherwise.
RESERVE_BYTES = 256 * 1024


def reserve_space(journal_path: Path) -> None:
    """Set RESERVE_BYTES aside next to the journal, once (errors are ignored)."""
    with contextlib.suppress(OSError):
        folder = ensure_private_dir(pending_dir(journal_path))
        reserve = folder / RESERVE
        if reserve.exists():
            return
        fd = os.open(folder / f"{RESERVE}.{os.getpid()}.tmp", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            # Written, not sparse: the file system counts the blocks as used at
            # write time (no fsync needed, and none paid on every first start).
            os.write(fd, b"\0" * RESERVE_BYTES)
        finally:
            os.close(fd)
        os.replace(folder / f"{RESERVE}.{os.getpid()}.tmp", reserve)


def pending_dir(journal_path: Path) -> Path:
    return journal_path.with_name(f"{journal_path.name}.pending")


def _line(event: Event) -> str:
    return json.dumps(
        {
            "seq": event.seq,
            "kind": event.kind.value,
            "at": event.at.isoformat(),
            "step_id": event.step_id,
            "data": dict(event.data),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def keep_pending(journal_path: Path, run_id: str, events: Iterable[Event]) -> Path:
    """Write `events` of `run_id` to its recovery file (fsynced); raises OSError."""
    folder = ensure_private_dir(pending_dir(journal_path))
    with contextlib.suppress(OSError):  # room for this file on a full disk
        (folder / RESERVE).unlink()
    path = folder / f"{run_id}.jsonl"
    write_private_atomically(path, ((_line(e) + "\n").encode("utf-8") for e in events))
    with contextlib.suppress(OSError):
        dirfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dirfd)
        finally:
            os.close(dirfd)
    return path


def read_pending(path: Path) -> list[Event]:
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        events.append(
            Event(
                int(raw["seq"]),
                EventKind(raw["kind"]),
                dt.datetime.fromisoformat(raw["at"]),
                raw["step_id"],
                MappingProxyType(raw["data"]),
            )
        )
    return events


def pending_files(journal_path: Path) -> list[Path]:
    folder = pending_dir(journal_path)
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == ".jsonl")
    except OSError:
        return []
