"""The drills a library offers: one card per (playbook id, drill id)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from livecheck.playbook.model import Drill, Playbook

PREFERRED_LANG = "en"


@dataclass(frozen=True, slots=True)
class DrillCard:
    """A drill and the playbook version its scenario is told in."""

    playbook: Playbook
    drill: Drill

    @property
    def key(self) -> tuple[str, str]:
        return (self.playbook.id, self.drill.id)

    @property
    def category(self) -> str:
        return self.playbook.category

    @property
    def label(self) -> str:
        return f"{self.playbook.id}/{self.drill.id}"


def drill_cards(playbooks: Iterable[Playbook], lang: str | None = None) -> list[DrillCard]:
    """Every drill once, in the playbook's `lang` version if there is one, else English,
    else its first language; sorted by (playbook id, drill id).

    Translations share their drills' ids, `expect` keys and outcomes (lint checks it),
    so one language's card stands for all of them."""
    by_id: dict[str, list[Playbook]] = {}
    for pb in playbooks:
        by_id.setdefault(pb.id, []).append(pb)
    cards: list[DrillCard] = []
    for versions in by_id.values():
        ordered = sorted(versions, key=lambda p: p.lang)
        chosen = next(
            (p for p in ordered if p.lang == lang),
            next((p for p in ordered if p.lang == PREFERRED_LANG), ordered[0]),
        )
        cards.extend(DrillCard(chosen, drill) for drill in chosen.drills)
    return sorted(cards, key=lambda c: c.key)
