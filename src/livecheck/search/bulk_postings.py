"""Whole posting lists written in Whoosh's W3 segment format, a term at a time.

Whoosh's writer hands each posting of a segment to its postings writer one by
one (four Python calls, type checks and block bookkeeping per posting: 646,000
postings for 1,000 playbooks), then packs the term's statistics in an object
per term. Here each term's postings arrive as one flat list (docnum, weight,
value, docnum, weight, value...) in document order, and a block is encoded with
a few slices, one `array`, `map` and two pickles; the term table is written in
one piece. The bytes are the ones Whoosh writes for the same postings (a test
builds the bundled library both ways and compares every file, and reads the
index back with Whoosh's own reader).

What is written, per term (whoosh/codec/whoosh3.py, W3PostingsWriter):
`W3Bl`, then blocks of at most `blocklimit` postings, each an int length
(negative for the last block), a pickled info tuple (count, last id, max weight,
compression, min and max field length bytes) and a pickled data tuple
(delta-encoded ids, weights as float32 minified, values joined or None); in the
term table (an ordered hash file), the field number and term, with a W3TermInfo
(flags, total weight, doc frequency, length bytes, max weight, first and last
id, the postings' offset and length).
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Mapping
from functools import cache, partial
from itertools import chain
from operator import sub
from pickle import dumps
from struct import Struct
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_long, pack_ushort

# A term's postings, flat: docnum, weight, value, docnum, weight, ... The term
# is its text and the value its frequency (an int) in AnalyzedText fields; in
# other fields, the term and the value are the bytes the field's `index` gives.
Flat = list[Any]
Term = str | bytes
STRIDE = 3

_BLOCK_LENGTH = Struct("!i").pack
_TERM_INFO = W3TermInfo._struct.pack  # "!BfIBBfII"
_KEY_VALUE_LENGTHS = Struct("!ii").pack  # filetables._lengths
_MAGIC_SIZE = len(WHOOSH3_HEADER_MAGIC)
_FREQ_SIZE = 4  # whoosh.system.pack_uint: "!I"
_POINTER = "Iq"  # filetables._pointer, without its "!"


class BuildPostings:
    """Each field's terms and their postings, and each field's length bytes per
    document, as a writer of a new segment collects them (documents in order)."""

    def __init__(self) -> None:
        self.terms: dict[str, dict[Term, Flat]] = {}
        # field -> docnum -> length_to_byte(length), for lengths above 0
        self.lengths: dict[str, dict[int, int]] = {}

    def field(self, fieldname: str) -> dict[Term, Flat]:
        found = self.terms.get(fieldname)
        if found is None:
            found = self.terms[fieldname] = {}
        return found

    def clear(self) -> None:
        self.terms.clear()
        self.lengths.clear()


def write_postings(fields: Any, schema: Any, postings: BuildPostings) -> None:
    """Write every field's postings with Whoosh's W3FieldWriter `fields` (its
    files, field numbers and term table), fields and terms in Whoosh's order."""
    codec = fields._codec
    if codec._inlinelimit > 1:  # postings inlined in the term table: not done here
        raise ValueError("inlined postings are not written in bulk")
    encoder = _TermEncoder(codec._blocklimit, codec._compression)
    for fieldname in sorted(postings.terms):
        terms = postings.terms[fieldname]
        if not terms:
            continue
        fieldobj = schema[fieldname]
        fields.start_field(fieldname, fieldobj)
        prefix = pack_ushort(fields._fieldid)
        texts = isinstance(next(iter(terms)), str)
        if texts and fieldobj.format.fixed_value_size() != _FREQ_SIZE:
            raise ValueError(f"{fieldname}: frequencies are written in a Frequency format")
        encoder.start_field(
            fieldobj.format.fixed_value_size(), postings.lengths.get(fieldname), texts
        )
        postfile = fields._postfile
        offset = postfile.tell()
        chunks: list[bytes] = []
        entries: list[tuple[bytes, bytes]] = []
        for text in sorted(terms):  # str in code point order: their UTF-8's order
            info, offset = encoder.encode(terms[text], offset, chunks)
            key = text.encode("utf-8") if isinstance(text, str) else text
            entries.append((prefix + key, info))
        postfile.write(b"".join(chunks))
        _add_terms(fields._tindex, entries)
        fields.finish_field()
    tindex = fields._tindex
    tindex._write_hashes = partial(_write_hashes, tindex)  # at close, in one write


class _TermEncoder:
    """Encodes one field's terms: what W3PostingsWriter and W3TermInfo make."""

    def __init__(self, blocklimit: int, compression: int) -> None:
        self.blocklimit = blocklimit
        self.compression = compression
        self.fixed: int | None = None
        self.lengths: Mapping[int, int] = {}
        self.freqs = False

    def start_field(
        self, fixed_value_size: int | None, lengths: Mapping[int, int] | None, freqs: bool
    ) -> None:
        """`freqs`: the values are frequencies, packed here (pack_uint each)."""
        self.fixed = fixed_value_size
        self.lengths = lengths or {}
        self.freqs = freqs

    def encode(self, flat: Flat, offset: int, chunks: list[bytes]) -> tuple[bytes, int]:
        """Append the term's postings to `chunks` (written from `offset`); return
        its term info bytes and the offset after it."""
        ids = flat[0::STRIDE]
        if len(ids) > self.blocklimit:
            return self._encode_blocks(flat, ids, offset, chunks)
        # One block, the case of most terms.
        weights = flat[1::STRIDE]
        floats = array("f", weights)
        top = max(weights)
        if not top > 0:
            top = 0
        sizes = self._length_bytes(ids)
        low = min(sizes) if sizes else 0
        high = max(sizes) if sizes else 0
        data = dumps(
            (
                tuple(map(sub, ids, chain((0,), ids))),
                _mini_weights(floats.tolist()),
                self._mini_values(flat[2::STRIDE]),
            ),
            2,
        )
        if self.compression:
            data = zlib.compress(data, self.compression)
        info = dumps((len(ids), ids[-1], top, self.compression, low, high), 2)
        size = len(info) + len(data)
        chunks.append(WHOOSH3_HEADER_MAGIC)
        chunks.append(_BLOCK_LENGTH(-size))
        chunks.append(info)
        chunks.append(data)
        length = _MAGIC_SIZE + 4 + size
        term_info = _TERM_INFO(False, 0 + sum(floats), len(ids), low, high, top, ids[0], ids[-1])
        return term_info + pack_long(offset) + pack_int(length), offset + length

    def _encode_blocks(
        self, flat: Flat, ids: list[int], offset: int, chunks: list[bytes]
    ) -> tuple[bytes, int]:
        """A term with more postings than a block holds."""
        start = offset
        weights = flat[1::STRIDE]
        values = flat[2::STRIDE]
        count = len(ids)
        limit = self.blocklimit
        total: float = 0
        top: float = 0
        low: int | None = None  # the shortest field length's byte, if any
        high = 0
        chunks.append(WHOOSH3_HEADER_MAGIC)
        offset += _MAGIC_SIZE
        for begin in range(0, count, limit):
            end = begin + limit
            block_ids, block_weights = ids[begin:end], weights[begin:end]
            floats = array("f", block_weights)
            total += sum(floats)
            block_top = max(block_weights)
            if not block_top > 0:
                block_top = 0
            top = max(top, block_top)
            sizes = self._length_bytes(block_ids)
            block_low = min(sizes) if sizes else None
            block_high = max(sizes) if sizes else 0
            if low is None:
                low = block_low
            elif block_low is not None:
                low = min(low, block_low)
            high = max(high, block_high)
            data = dumps(
                (
                    tuple(map(sub, block_ids, chain((0,), block_ids))),
                    _mini_weights(floats.tolist()),
                    self._mini_values(values[begin:end]),
                ),
                2,
            )
            if self.compression:
                data = zlib.compress(data, self.compression)
            info = dumps(
                (
                    len(block_ids),
                    block_ids[-1],
                    block_top,
                    self.compression,
                    0 if block_low is None else block_low,
                    block_high,
                ),
                2,
            )
            size = len(info) + len(data)
            chunks.append(_BLOCK_LENGTH(-size if end >= count else size))
            chunks.append(info)
            chunks.append(data)
            offset += 4 + size
        term_info = _TERM_INFO(
            False, total, count, 0 if low is None else low, high, top, ids[0], ids[-1]
        )
        return term_info + pack_long(start) + pack_int(offset - start), offset

    def _length_bytes(self, ids: list[int]) -> list[int]:
        lengths = self.lengths
        if not lengths:
            return []
        get = lengths.get
        return list(filter(None, map(get, ids)))

    def _mini_values(self, values: list[Any]) -> Any:
        if self.freqs:
            return _packed_freqs(len(values)).pack(*values)
        fixed = self.fixed
        if fixed == 0:
            return None
        if fixed is None or fixed < 0:
            return tuple(filter(None, values))
        return b"".join(values)  # empty values add nothing: as if left out


@cache
def _packed_freqs(count: int) -> Struct:
    """Packs `count` frequencies as `count` pack_uint() joined."""
    return Struct(f"!{count}I")


def _mini_weights(weights: list[float]) -> Any:
    """W3PostingsWriter._mini_weights, on the block's float32 weights."""
    if weights.count(1.0) == len(weights):
        return None
    if weights.count(weights[0]) == len(weights):
        return weights[0]
    return tuple(weights)


def _add_terms(tindex: Any, entries: list[tuple[bytes, bytes]]) -> None:
    """OrderedHashWriter.add for each (key, value), in order, in one write."""
    dbfile = tindex.dbfile
    position = dbfile.tell()
    hashfn = tindex.hashfn
    buckets = tindex.buckets
    positions: list[int] = []
    chunks: list[bytes] = []
    last = tindex.lastkey
    for key, value in entries:
        if key <= last:
            raise ValueError(f"Keys must increase: {last!r}..{key!r}")
        last = key
        positions.append(position)
        chunks.append(_KEY_VALUE_LENGTHS(len(key), len(value)))
        chunks.append(key)
        chunks.append(value)
        h = hashfn(key)
        buckets[h & 255].append((h, position))
        position += 8 + len(key) + len(value)
    dbfile.write(b"".join(chunks))
    tindex.lastkey = last
    index = tindex.index  # a GrowableArray, widened as the largest position needs
    if not positions:
        return
    if not isinstance(index.array, array):
        index.array.extend(positions)
        return
    try:
        more = array(index.array.typecode, positions)
    except OverflowError:
        index._retype(positions[-1])
        more = array(index.typecode, positions) if isinstance(index.array, array) else positions
    index.array.extend(more)


def _write_hashes(tindex: Any) -> None:
    """HashWriter._write_hashes (the 256 hash tables of the term table), each
    table packed at once and all written in one piece."""
    dbfile = tindex.dbfile
    null = (0, 0)
    position = dbfile.tell()
    tables: list[bytes] = []
    for entries in tindex.buckets:
        numslots = 2 * len(entries)
        tindex.directory.append((position, numslots))
        table = [null] * numslots
        for hashval, where in entries:
            slot = (hashval >> 8) % numslots
            while table[slot] != null:
                slot = (slot + 1) % numslots
            table[slot] = (hashval, where)
        tables.append(Struct("!" + _POINTER * numslots).pack(*chain.from_iterable(table)))
        position += numslots * 12
    dbfile.write(b"".join(tables))
