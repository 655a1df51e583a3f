"""The one way livecheck writes a whole file: atomically, for its owner only."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from livecheck.safety.files import write_private_atomically


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_file_is_replaced_whole_and_private_whatever_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "catalog.json"
    target.write_text("old")
    target.chmod(0o644)
    old_umask = os.umask(0)
    try:
        write_private_atomically(target, [b"new ", b"text"])
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == b"new text"
    assert mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.json"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "run.jsonl"
    target.write_bytes(b"kept")

    def chunks() -> Iterator[bytes]:
        yield b"half"
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_private_atomically(target, chunks())
    assert target.read_bytes() == b"kept"
    assert [p.name for p in tmp_path.iterdir()] == ["run.jsonl"]
