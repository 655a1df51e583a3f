"""Whoosh's posting writer, fed term by term instead of posting by posting.

Whoosh's segment writer puts each posting of each document into a pool, sorts
them all (a 646,000-tuple sort for 1,000 playbooks), then hands them one at a
time to the field writer, which makes four Python calls per posting (the pool's
size bookkeeping, the loop, `add`, `add_posting` with its type checks, a length
look-up): two thirds of a build's time. Here the pool groups postings by term
as they come (documents arrive in order, so each term's postings are already
sorted by document), and each term's postings are written in blocks of the
codec's size with a few list operations per block.

The bytes written are the same as Whoosh's (a test compares two builds' files):
each block is filled exactly as `add_posting` fills it and written by the
codec's own `_write_block` and `finish_postings`. Used by the one-process writer
only; the multiprocessing writer merges its workers' pools otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

# (field, term, docnum, weight, value), as Whoosh's SegmentWriter makes them.
Posting = tuple[str, bytes, int, float, bytes | None]


class GroupedPostings:
    """A posting pool for Whoosh's SegmentWriter: field -> term -> its postings,
    (field, term, docnum, weight, value) tuples in the order they were added."""

    def __init__(self) -> None:
        self.fields: defaultdict[str, defaultdict[bytes, list[Posting]]] = defaultdict(
            lambda: defaultdict(list)
        )

    @property
    def fieldnames(self) -> set[str]:
        return set(self.fields)

    def add(self, item: Posting) -> None:
        self.fields[item[0]][item[1]].append(item)

    def iter_postings(self) -> GroupedPostings:
        return self  # read by write_grouped(), not iterated

    def __iter__(self) -> Iterator[Posting]:
        """Whoosh's order: by field, term, then document (for any other reader)."""
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for text in sorted(terms):
                yield from sorted(terms[text], key=_docnum)

    def cleanup(self) -> None:
        self.fields.clear()


def _docnum(posting: Posting) -> int:
    return posting[2]


def use_grouped_postings(writer: Any) -> None:
    """Have a one-process Whoosh SegmentWriter pool and write its postings by term."""
    fields = writer.fieldwriter
    add_postings = fields.add_postings
    writer.pool = GroupedPostings()

    def by_term(schema: Any, lengths: Any, items: Any) -> Any:
        if isinstance(items, GroupedPostings):
            return write_grouped(fields, schema, lengths, items)
        return add_postings(schema, lengths, items)

    fields.add_postings = by_term


def write_grouped(fields: Any, schema: Any, lengths: Any, pool: GroupedPostings) -> None:
    """What Whoosh's FieldWriter.add_postings writes for the same postings."""
    for fieldname in sorted(pool.fields):
        terms = pool.fields[fieldname]
        fields.start_field(fieldname, schema[fieldname])
        known: dict[int, int] = {}
        for text in sorted(terms):
            _write_term(fields, text, terms[text], fieldname, lengths, known)
        fields.finish_field()
    # What add_postings leaves behind: a posting writer for the next field.
    fields._postwriter = fields._codec.postings_writer(fields._postfile)


def _write_term(
    fields: Any,
    text: bytes,
    postings: list[Posting],
    fieldname: str,
    lengths: Any,
    known: dict[int, int],
) -> None:
    ids = [p[2] for p in postings]
    if len(ids) > 1 and sorted(ids) != ids:  # postings of merged segments
        postings = sorted(postings, key=_docnum)
        ids = [p[2] for p in postings]
    fields.start_term(text)
    writer = fields._postwriter
    limit = writer._blocklimit
    for start in range(0, len(postings), limit):
        if start:
            writer._write_block()  # add_posting writes a full block when the next posting comes
        block = postings[start : start + limit] if len(postings) > limit else postings
        block_ids = ids[start : start + limit] if len(postings) > limit else ids
        weights = [p[3] for p in block]
        writer._ids.extend(block_ids)
        writer._weights.extend(weights)
        top = max(weights)
        if top > writer._maxweight:
            writer._maxweight = top
        writer._values.extend(p[4] for p in block if p[4])
        sizes = [s for s in (_length(d, fieldname, lengths, known) for d in block_ids) if s]
        if sizes:
            writer._minlength = min(sizes)
            writer._maxlength = max(writer._maxlength, max(sizes))
    fields.finish_term()


def _length(docnum: int, fieldname: str, lengths: Any, known: dict[int, int]) -> int:
    found = known.get(docnum)
    if found is None:
        found = known[docnum] = lengths.doc_field_length(docnum, fieldname, 0) if lengths else 0
    return found
