"""Index segments are read in place from their memory map, not copied per searcher."""

from __future__ import annotations

import gc
import pickle
from pathlib import Path

from whoosh.filedb.structfile import BufferFile

from livecheck.search.segment_files import InPlaceBufferFile, _ViewReader
from livecheck.services.settings import resolve_settings
from livecheck.services.workspace import Workspace

BUNDLED = Path(__file__).resolve().parents[2] / "playbooks"


def test_the_reader_reads_like_a_file() -> None:
    data = pickle.dumps({"a": [1, 2, 3]}) + b"first line\nsecond\n"
    reader = _ViewReader(memoryview(data))
    assert pickle.load(reader) == {"a": [1, 2, 3]}  # type: ignore[arg-type]
    assert reader.readline() == b"first line\n"
    assert reader.read(3) == b"sec"
    assert reader.tell() == len(data) - 4
    reader.seek(-3, 2)
    assert reader.read() == b"nd\n"
    reader.seek(0)
    buffer = bytearray(4)
    assert reader.readinto(buffer) == 4 and bytes(buffer) == data[:4]


def test_an_opened_index_reads_its_segments_in_place(tmp_path: Path) -> None:
    workspace = Workspace(resolve_settings(playbooks=[str(BUNDLED)], data_dir=str(tmp_path)))
    first = workspace.search("stream key")
    again = workspace.search("clé de stream")
    assert first.hits[0].id == "stream-key-setup"
    assert again.hits[0].id == "stream-key-setup"
    opened = [o for o in gc.get_objects() if isinstance(o, BufferFile)]
    assert opened, "the index's segments are opened as buffer files"
    # Whoosh's own BufferFile copies the segment into a BytesIO: none of those.
    assert all(isinstance(o, InPlaceBufferFile) for o in opened)
