"""Drill pass rates per category.

The one place that decides whether a drill run passed, so it can switch to the
drill attempts table (with its own scoring) once the journal has one. Until
then a drill run passes when it ended with the outcome its drill expects: the
drill named by the run's `drill` start fact, or, when the run names none, any
outcome one of the playbook's drills expects. Abandoned and escalated-by-hand
runs that miss it fail; unfinished runs are not counted.
"""

from __future__ import annotations

import sqlite3
from collections import Counter

from livecheck.reports.catalog import Catalog, playbook_from_version
from livecheck.reports.model import DrillPassRate
from livecheck.reports.queries import Scope, drill_results, version_content


def drill_pass_rates(
    db: sqlite3.Connection, scope: Scope, catalog: Catalog
) -> tuple[DrillPassRate, ...]:
    attempts: Counter[str] = Counter()
    passed: Counter[str] = Counter()
    expected: dict[str, dict[str, str]] = {}  # version -> drill id -> expected outcome
    for playbook_id, version, path, status, outcome, drill, runs in drill_results(db, scope):
        if version not in expected:
            expected[version] = _expected_outcomes(db, version, path)
        wanted = expected[version]
        category = catalog.category(playbook_id) or "unknown"
        attempts[category] += runs
        if status != "ended" or outcome is None:
            continue
        if (drill is not None and wanted.get(drill) == outcome) or (
            drill is None and outcome in wanted.values()
        ):
            passed[category] += runs
    return tuple(DrillPassRate(c, attempts[c], passed[c]) for c in sorted(attempts))


def _expected_outcomes(db: sqlite3.Connection, version: str, path: str) -> dict[str, str]:
    content = version_content(db, version)
    pb = playbook_from_version(content, path) if content is not None else None
    return {d.id: d.outcome for d in pb.drills} if pb is not None else {}
