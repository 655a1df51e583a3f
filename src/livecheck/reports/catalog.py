"""What a report needs to know about playbooks that the journal does not hold:
category, owner, title, step titles and order, drills' expected outcomes.

The library as it is now comes first; a playbook no longer in it is read from
the exact version the journal kept of it (its latest run's), so its runs still
count under the right category.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from livecheck.playbook.library import Library
from livecheck.playbook.model import Playbook
from livecheck.reports.dialect import dialect_of


@dataclass(frozen=True, slots=True)
class PlaybookInfo:
    id: str
    title: str
    category: str
    owner: str
    steps: tuple[tuple[str, str], ...]  # (step id, title), in file order

    def step_title(self, step_id: str | None) -> str:
        if step_id is None:
            return "(choosing the outcome)"
        return dict(self.steps).get(step_id, step_id)

    def step_rank(self, step_id: str) -> int:
        order = [s for s, _ in self.steps]
        return order.index(step_id) if step_id in order else len(order)


def info_of(pb: Playbook) -> PlaybookInfo:
    return PlaybookInfo(
        pb.id, pb.title, pb.category, pb.owner, tuple((s.id, s.title) for s in pb.steps)
    )


def playbook_from_version(content: bytes, path: str) -> Playbook | None:
    from livecheck.playbook.loader import load_stored_playbook

    return load_stored_playbook(content, Path(path)).playbook


class Catalog:
    def __init__(self, infos: Iterable[PlaybookInfo]) -> None:
        self._infos = {info.id: info for info in infos}

    @classmethod
    def build(cls, library: Library, db: Any) -> Catalog:
        infos: dict[str, PlaybookInfo] = {}
        for pb in library.playbooks:
            # English when there is one (as the library picks), else the first language.
            if pb.id not in infos or pb.lang == "en":
                infos[pb.id] = info_of(pb)
        # One row per playbook id the library lacks: the version of its latest run.
        rows = db.execute(
            "SELECT playbook_id, path, content FROM (SELECT r.playbook_id, r.path, v.content, "
            "ROW_NUMBER() OVER (PARTITION BY r.playbook_id ORDER BY r.started_at DESC) AS n "
            "FROM runs r JOIN playbook_versions v ON v.sha256 = r.version "
            f"WHERE NOT {dialect_of(db).in_list('r.playbook_id')}) latest WHERE n = 1",
            (json_list(infos),),
        ).fetchall()
        for playbook_id, path, content in rows:
            stored = playbook_from_version(bytes(content), path)
            if stored is not None:
                infos[playbook_id] = info_of(stored)
        return cls(infos.values())

    def get(self, playbook_id: str) -> PlaybookInfo | None:
        return self._infos.get(playbook_id)

    def title(self, playbook_id: str, fallback: str = "") -> str:
        info = self._infos.get(playbook_id)
        return info.title if info else (fallback or playbook_id)

    def owner(self, playbook_id: str) -> str | None:
        info = self._infos.get(playbook_id)
        return info.owner if info else None

    def category(self, playbook_id: str) -> str | None:
        info = self._infos.get(playbook_id)
        return info.category if info else None

    def ids_in(self, category: str) -> list[str]:
        return sorted(i for i, info in self._infos.items() if info.category == category)


def json_list(values: Iterable[str]) -> str:
    """Values as one JSON parameter, for `IN (SELECT value FROM json_each(?))`."""
    return json.dumps(sorted(values))
