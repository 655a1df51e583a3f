"""Which parts of a translation changed in its source since it was made, by fingerprint."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from livecheck.authoring.document import Document, entry, items, text_of
from livecheck.authoring.fingerprint import (
    Recorded,
    header_fingerprint,
    matches,
    read_marker,
    step_fingerprint,
)
from livecheck.playbook.model import Playbook
from livecheck.playbook.yaml_reader import Mark


@dataclass(frozen=True, slots=True)
class ChangedStep:
    step_id: str
    at: Mark  # the step's id in the translation
    source_title: str  # what the source's step says now


@dataclass(slots=True)
class Drift:
    source_lang: str | None = None  # from the fingerprints; None when there are none
    header_changed: bool = False
    header_at: Mark = field(default_factory=lambda: Mark(1, 1))
    changed: list[ChangedStep] = field(default_factory=list)
    untracked: list[str] = field(default_factory=list)  # step ids without a fingerprint
    tracked: int = 0


def find_drift(doc: Document, source_for: Callable[[str], Playbook | None]) -> Drift:
    """Compare the fingerprints recorded in `doc` with the source playbook they name."""
    drift = Drift()
    pid = entry(doc.root, "id")
    header = read_marker(doc.line_text(pid[0].mark.line)) if pid else None
    steps: list[tuple[str, Mark, Recorded | None]] = []
    for node in items(doc.root, "steps"):
        sid = entry(node, "id")
        step_id = text_of(node, "id")
        if sid is None or step_id is None:
            continue
        steps.append((step_id, sid[1].mark, read_marker(doc.line_text(sid[0].mark.line))))
    langs = [r.lang for r in [header, *(s[2] for s in steps)] if r is not None]
    if not langs:
        drift.untracked = [s[0] for s in steps]
        return drift
    drift.source_lang = langs[0]
    source = source_for(langs[0])
    if source is None:
        return drift
    if pid is not None and header is not None:
        drift.header_at = pid[1].mark
        drift.header_changed = not matches(header, header_fingerprint(source))
    for step_id, at, recorded in steps:
        current = source.step(step_id)
        if recorded is None:
            drift.untracked.append(step_id)
            continue
        drift.tracked += 1
        if current is not None and not matches(recorded, step_fingerprint(current)):
            drift.changed.append(ChangedStep(step_id, at, current.title))
    return drift
