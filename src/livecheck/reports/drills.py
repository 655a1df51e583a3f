"""Drill pass rates per category, from the scored attempts (see docs/drills.md).

An attempt passed when its score reached the pass mark; the drill's practice
run, if one began, is a `drill` run that no case figure counts. The category
is the one the playbook had when the attempt was made.
"""

from __future__ import annotations

from typing import Any

from livecheck.reports.model import DrillPassRate
from livecheck.reports.queries import Scope, drill_attempt_counts


def drill_pass_rates(db: Any, scope: Scope) -> tuple[DrillPassRate, ...]:
    return tuple(
        DrillPassRate(category, attempts, passed)
        for category, attempts, passed in drill_attempt_counts(db, scope)
    )
