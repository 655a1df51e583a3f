"""The writer of a new index: Whoosh's SegmentWriter, with postings collected per
term as documents come and written in bulk (bulk_postings.py).

Only for an index with no segments yet (a rebuild): there is nothing to merge,
nothing to delete, and documents arrive in the order they are numbered, so each
term's postings are already in document order. Stored fields, columns and field
lengths go through Whoosh's own per-document writer, unchanged. Incremental
updates use Whoosh's writer (see writing.py).
"""

from __future__ import annotations

from array import array
from typing import Any

from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from livecheck.search.bulk_postings import BuildPostings, write_postings
from livecheck.search.fields import Analysed, AnalyzedText


class BuildWriter(SegmentWriter):  # type: ignore[misc]
    """A SegmentWriter for the first segment of an empty index."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.postings = BuildPostings()
        if self.segments:
            self.cancel()
            raise ValueError("BuildWriter writes the first segment of an empty index")
        for name in self.schema.names():
            field = self.schema[name]
            if field.vector or field.separate_spelling():
                self.cancel()
                raise ValueError(f"field {name!r}: vectors and spelling are not written here")

    def update_document(self, **fields: Any) -> None:
        # An empty index holds nothing to replace (Whoosh's update_document only
        # deletes from existing segments): adding is the same, without a search.
        self.add_document(**fields)

    def add_document(self, **fields: Any) -> None:
        """Whoosh's SegmentWriter.add_document, postings kept by term."""
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                if isinstance(value, Analysed) and (field.stored or field.column_type):
                    raise ValueError(
                        f"{fieldname}: an analysed value is neither stored nor a column"
                    )
                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    if isinstance(value, Analysed) or (
                        isinstance(value, str) and isinstance(field, AnalyzedText)
                    ):
                        length = self._add_analysed(fieldname, field, value, fieldboost)
                    else:
                        length = self._add_indexed(fieldname, field, value, fieldboost)
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(
                    fieldname, field, customval if field.stored else None, length
                )
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(
                        fieldname, column, field.to_column_value(customval)
                    )
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_analysed(
        self, fieldname: str, field: Any, value: Analysed | str, fieldboost: float
    ) -> int:
        """An AnalyzedText field's terms (analysed here, or by the build's second
        process), as its `index` would give them, keyed by their text; its length."""
        found = value if isinstance(value, Analysed) else field.analyse(value)
        docnum = self.docnum
        terms = self.postings.field(fieldname)
        get = terms.get
        weights = found.weights
        if fieldboost != 1.0:  # (x * 1.0 is x: Whoosh's product, without the work)
            weights = array("d", [w * fieldboost for w in weights])
        # Frequencies stay ints here; bulk_postings packs them as Whoosh's
        # Frequency format does (pack_uint), a block at a time.
        for term, freq, weight in zip(found.terms, found.freqs, weights, strict=True):
            known = get(term)
            if known is None:
                terms[term] = [docnum, weight, freq]
            else:
                known += (docnum, weight, freq)
        length = found.length if field.scorable else 0
        self._keep_length(fieldname, length)
        return length

    def _add_indexed(self, fieldname: str, field: Any, value: Any, fieldboost: float) -> int:
        """Any other indexed field, through its `index`; its length."""
        docnum = self.docnum
        terms = self.postings.field(fieldname)
        get = terms.get
        scorable = field.scorable
        length = 0
        for tbytes, freq, weight, vbytes in field.index(value):
            if scorable:
                length += freq
            known = get(tbytes)
            if known is None:
                terms[tbytes] = [docnum, weight * fieldboost, vbytes]
            else:
                known += (docnum, weight * fieldboost, vbytes)
        self._keep_length(fieldname, length)
        return length

    def _keep_length(self, fieldname: str, length: int) -> None:
        if length:
            lengths = self.postings.lengths.get(fieldname)
            if lengths is None:
                lengths = self.postings.lengths[fieldname] = {}
            lengths[self.docnum] = length_to_byte(length)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        write_postings(self.fieldwriter, self.schema, self.postings)
        self.fieldwriter.close()
        self.postings.clear()

    def _close_segment(self) -> None:
        super()._close_segment()
        self.postings.clear()
