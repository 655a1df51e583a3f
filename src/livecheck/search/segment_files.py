"""Index segments read in place, from their memory map.

whoosh-reloaded 2.7.5 opens each file of a compound segment as a `BufferFile`
over a memoryview of the segment's mmap, and `BufferFile` wraps that view in
`BytesIO(view)`, which copies it: every open searcher held its own copy of the
whole index in memory (about 330 MB for an app over 5,000 playbooks). Here the
file reads the memoryview in place, so the pages stay the kernel's, shared by
every searcher and process, and only what a query touches is paged in.
"""

from __future__ import annotations

from typing import Any

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile


class _ViewReader:
    """The read side of a file over a memoryview, without copying it."""

    def __init__(self, view: memoryview) -> None:
        self._view = view
        self._pos = 0

    def read(self, size: int | None = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else self._pos + size
        out = bytes(self._view[self._pos : end])
        self._pos += len(out)
        return out

    def readinto(self, buffer: Any) -> int:
        target = memoryview(buffer).cast("B")
        n = min(len(target), len(self._view) - self._pos)
        target[:n] = self._view[self._pos : self._pos + n]
        self._pos += n
        return n

    def readline(self, size: int | None = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else self._pos + size
        end = min(end, len(self._view))
        start = self._pos
        for i in range(start, end):
            if self._view[i] == 0x0A:
                end = i + 1
                break
        self._pos = end
        return bytes(self._view[start:end])

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self._pos, len(self._view))[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self._view = memoryview(b"")

    def __iter__(self) -> Any:
        line = self.readline()
        while line:
            yield line
            line = self.readline()


class InPlaceBufferFile(BufferFile):  # type: ignore[misc]
    """Whoosh's BufferFile, reading its buffer in place instead of a copy of it."""

    def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = buf
        view = buf if isinstance(buf, memoryview) else memoryview(buf)
        self.file = _ViewReader(view)


def read_segments_in_place() -> None:
    """Make compound segments open their files in place (idempotent). Called before
    an index is opened; the writer is not concerned (it never reads a BufferFile)."""
    compound.BufferFile = InPlaceBufferFile
