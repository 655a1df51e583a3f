"""Lint checks of authoring: translations that drifted from their source, glossary terms."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from livecheck.authoring.document import Document
from livecheck.authoring.drift import find_drift
from livecheck.authoring.errors import AuthoringError
from livecheck.playbook.library import Library
from livecheck.playbook.problems import Findings, Problem


def drift_problems(library: Library) -> list[Problem]:
    problems: list[Problem] = []
    for pb in library.playbooks:
        if pb.source is None or (pb.lang == "en" and len(library.languages_of(pb.id)) < 2):
            continue
        try:
            doc = Document.read(pb.source.path)
        except AuthoringError:
            continue
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


def with_authoring_checks(library: Library, paths: Sequence[Path]) -> Library:
    """`library` with the authoring warnings added (what `livecheck lint` reports)."""
    from livecheck.authoring.glossary import glossary_problems

    extra = [*drift_problems(library), *glossary_problems(library, paths)]
    if not extra:
        return library
    problems = sorted(
        [*library.problems, *extra], key=lambda p: (str(p.path), p.line, p.col, p.code)
    )
    return dataclasses.replace(library, problems=tuple(problems))
