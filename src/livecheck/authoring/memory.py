"""The library's own translation memory: what its existing translations already say.

Pairs of files with the same id in two languages are aligned field by field
(title, summary, when, memory items, variable prompts, and per step id: title,
detail, template and choice labels; drill scenarios). A text of the source
language that some other playbook already translated is offered again, word for
word, for the translator to check. Only whole fields that are identical (spaces
and line breaks aside) match: a sentence that differs by one word is never offered.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from livecheck.playbook.model import Playbook


def normalise(text: str) -> str:
    return " ".join(text.split())


def _pairs(source: Playbook, target: Playbook) -> Iterator[tuple[str | None, str | None]]:
    yield source.title, target.title
    yield source.summary, target.summary
    yield source.when, target.when
    if len(source.memory) == len(target.memory):
        yield from zip(source.memory, target.memory, strict=True)
    prompts = {v.name: v.prompt for v in target.variables}
    for v in source.variables:
        yield v.prompt, prompts.get(v.name)
    steps = {s.id: s for s in target.steps}
    for step in source.steps:
        other = steps.get(step.id)
        if other is None:
            continue
        yield step.title, other.title
        yield step.detail, other.detail
        yield step.template, other.template
        if len(step.choices) == len(other.choices):
            for a, b in zip(step.choices, other.choices, strict=True):
                yield a.label, b.label
    drills = {d.id: d for d in target.drills}
    for drill in source.drills:
        if drill.id in drills:
            yield drill.scenario, drills[drill.id].scenario


class TranslationMemory:
    """Source text -> the translation the library already has for it."""

    def __init__(self, entries: dict[str, str]) -> None:
        self._entries = entries

    @classmethod
    def from_library(
        cls, playbooks: Iterable[Playbook], source_lang: str, target_lang: str, exclude_id: str
    ) -> TranslationMemory:
        by_id: dict[str, dict[str, Playbook]] = defaultdict(dict)
        for pb in playbooks:
            if pb.id != exclude_id:
                by_id[pb.id][pb.lang] = pb
        seen: dict[str, Counter[str]] = defaultdict(Counter)
        for pid in sorted(by_id):
            versions = by_id[pid]
            if source_lang in versions and target_lang in versions:
                for a, b in _pairs(versions[source_lang], versions[target_lang]):
                    # text left as it was is no evidence of a translation
                    if a and b and b.strip() and normalise(a) != normalise(b):
                        seen[normalise(a)][b] += 1
        # the most frequent translation wins; a tie goes to the first playbook id
        return cls({text: counts.most_common(1)[0][0] for text, counts in seen.items()})

    def get(self, text: str) -> str | None:
        return self._entries.get(normalise(text))

    def __len__(self) -> int:
        return len(self._entries)
