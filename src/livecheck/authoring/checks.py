"""Lint checks of authoring: translations that drifted from their source or still hold
`translate`'s markers, and the glossary."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from livecheck.authoring.document import Document
from livecheck.authoring.drift import find_drift
from livecheck.authoring.errors import AuthoringError
from livecheck.authoring.translate import FROM_MEMORY, TODO
from livecheck.playbook.library import Library
from livecheck.playbook.problems import Findings, Problem
from livecheck.playbook.yaml_reader import Mark


def drift_problems(library: Library, cache: dict[Path, Document] | None = None) -> list[Problem]:
    problems: list[Problem] = []
    for pb in library.playbooks:
        if pb.source is None or (pb.lang == "en" and len(library.languages_of(pb.id)) < 2):
            continue
        if pb.source.path not in (cache or {}) and not _has_markers(pb.source.path):
            continue  # a source, or a translation made before fingerprints: nothing to parse
        try:
            doc = Document.cached(pb.source.path, cache)
        except AuthoringError:
            continue
        findings = Findings(pb.source.path)
        _markers_left(doc, findings)
        problems.extend(findings.problems)
        drift = find_drift(doc, lambda lang, pid=pb.id: library.get(pid, lang))  # type: ignore[misc]
        if drift.source_lang is None or drift.source_lang == pb.lang:
            continue
        findings = Findings(pb.source.path)
        how = (
            f"check it against {drift.source_lang}, then record it: "
            f"livecheck translate {pb.id} --to {pb.lang} --mark-up-to-date"
        )
        if drift.header_changed:
            findings.warning(
                drift.header_at,
                "translation-drift",
                f"the title, summary, when, memory or prompts changed in {drift.source_lang} "
                f"since this translation was made; {how}",
            )
        for change in drift.changed:
            findings.warning(
                change.at,
                "translation-drift",
                f"step {change.step_id!r} changed in {drift.source_lang} since this "
                f"translation was made; {how} {change.step_id}",
            )
        problems.extend(findings.problems)
    return problems


def _has_markers(path: Path) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return any(m in data for m in (b"# source:", TODO.encode(), FROM_MEMORY.encode()))


def _markers_left(doc: Document, findings: Findings) -> None:
    """A translation reviewed (so it loads) with `translate`'s markers still in it."""
    lines = [line.strip() for line in doc.text.splitlines()]
    todo, check = lines.count(TODO), lines.count(FROM_MEMORY)
    if not todo and not check:
        return
    first = next(i for i, line in enumerate(lines) if line in (TODO, FROM_MEMORY)) + 1
    findings.warning(
        Mark(first, len(doc.indent_of(first)) + 1),
        "translation-todo",
        f"{todo} text(s) still marked {TODO!r} and {check} marked {FROM_MEMORY!r}; "
        "translate or check each, then delete its comment",
    )


def with_authoring_checks(library: Library, paths: Sequence[Path]) -> Library:
    """`library` with the authoring warnings added (what `livecheck lint` reports)."""
    from livecheck.authoring.glossary import glossary_problems

    cache: dict[Path, Document] = {}  # each file is parsed once for all the checks
    extra = [*drift_problems(library, cache), *glossary_problems(library, paths, cache)]
    if not extra:
        return library
    problems = sorted(
        [*library.problems, *extra], key=lambda p: (str(p.path), p.line, p.col, p.code)
    )
    return dataclasses.replace(library, problems=tuple(problems))
