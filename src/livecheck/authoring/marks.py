"""`livecheck translate --mark-up-to-date`: after a translator checked a translation
against its source, record the source's current fingerprints in it (only those
comments change)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from livecheck.authoring import files
from livecheck.authoring.document import Document, Edits, entry, items, text_of
from livecheck.authoring.errors import AuthoringError
from livecheck.authoring.fingerprint import MARKER, header_fingerprint, marker, step_fingerprint
from livecheck.authoring.translate import TranslateRequest, checked_source
from livecheck.i18n import _


def mark_up_to_date(
    request: TranslateRequest, roots: Sequence[Path], step_ids: Sequence[str]
) -> list[str]:
    """Record the source's current fingerprints in an existing translation: of the steps
    named, or of the header and every step when none is named. Returns what was recorded."""
    found = files.scan(roots)
    if not any(f.id == request.id for f in found):
        raise files.no_such_id(found, request.id)
    existing = files.find(found, request.id, request.to)
    source_file = files.find(found, request.id, request.source_lang)
    if existing is None or source_file is None:
        missing = request.to if existing is None else request.source_lang
        raise AuthoringError(
            _("{id} has no {lang} version").format(id=repr(request.id), lang=repr(missing))
        )
    source = checked_source(source_file.path)
    doc = Document.read(existing.path)
    edits = Edits(doc)
    nodes = {text_of(n, "id"): n for n in items(doc.root, "steps")}
    unknown = [s for s in step_ids if s not in nodes or source.step(s) is None]
    if unknown:
        raise AuthoringError(
            _("no step {unknown} in both {source} and {to}; steps: {steps}").format(
                unknown=", ".join(map(repr, unknown)),
                source=request.source_lang,
                to=request.to,
                steps=", ".join(str(k) for k in nodes),
            )
        )
    recorded: list[str] = []

    def record(line: int, digest: str) -> None:
        text = doc.line_text(line)
        new = marker(source.lang, digest)
        old = MARKER.search(text)
        if old is None:
            edits.append_to_line(line, "  " + new)
        elif old.group(0) != new:
            start = doc.starts[line - 1]
            edits.replace(start + old.start(), start + old.end(), new)

    pid = entry(doc.root, "id")
    if not step_ids and pid is not None:
        record(pid[0].mark.line, header_fingerprint(source))
        recorded.append("the header")
    for sid, node in nodes.items():
        step = source.step(sid or "")
        key = entry(node, "id")
        if step is None or key is None or (step_ids and sid not in step_ids):
            continue
        record(key[0].mark.line, step_fingerprint(step))
        recorded.append(f"step {sid!r}")
    text = edits.apply()
    if text != doc.text:
        files.rewrite(existing.path, text)
    return recorded
