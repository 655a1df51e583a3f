"""Library figures (from the playbook files, not the journal): stale playbooks,
and translations reviewed before the language most recently reviewed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from livecheck.playbook.library import Library
from livecheck.playbook.model import Playbook
from livecheck.reports.model import OlderTranslation, StalePlaybook


def _in_category(pb: Playbook, category: str | None) -> bool:
    return category is None or pb.category == category


def stale_playbooks(
    library: Library, today: dt.date, category: str | None
) -> tuple[StalePlaybook, ...]:
    found = [
        StalePlaybook(
            pb.id,
            pb.lang,
            pb.title,
            pb.owner,
            pb.reviewed,
            pb.due_for_review(),
            (today - pb.due_for_review()).days,
        )
        for pb in library.playbooks
        if _in_category(pb, category) and pb.is_stale(today)
    ]
    return tuple(sorted(found, key=lambda s: (-s.days_overdue, s.playbook_id, s.lang)))


def older_translations(library: Library, category: str | None) -> tuple[OlderTranslation, ...]:
    groups: dict[str, list[Playbook]] = defaultdict(list)
    for pb in library.playbooks:
        if _in_category(pb, category):
            groups[pb.id].append(pb)
    found: list[OlderTranslation] = []
    for versions in groups.values():
        newest = max(versions, key=lambda p: p.reviewed)  # the source of the latest wording
        found += [
            OlderTranslation(pb.id, pb.lang, pb.reviewed, newest.lang, newest.reviewed, pb.owner)
            for pb in versions
            if pb.reviewed < newest.reviewed
        ]
    return tuple(sorted(found, key=lambda t: (-t.days_behind, t.playbook_id, t.lang)))
