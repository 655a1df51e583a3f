"""`livecheck translations`: per playbook, which languages exist and how far each
translation is from its source (changed steps, missing steps, markers left, errors)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from livecheck.authoring import files
from livecheck.authoring.document import Document, items, text_of
from livecheck.authoring.drift import ChangedStep, find_drift
from livecheck.authoring.errors import AuthoringError
from livecheck.authoring.translate import FROM_MEMORY, TODO
from livecheck.playbook.library import Library, load_library

SOURCE_LANG = "en"


@dataclass(slots=True)
class TranslationState:
    lang: str
    path: Path
    source_lang: str
    changed: list[ChangedStep] = field(default_factory=list)
    header_changed: bool = False
    missing_steps: list[str] = field(default_factory=list)
    untracked: list[str] = field(default_factory=list)
    todo: int = 0
    to_check: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def in_parity(self) -> bool:
        return not (
            self.changed
            or self.header_changed
            or self.missing_steps
            or self.todo
            or self.to_check
            or self.errors
        )

    def as_json(self) -> dict[str, object]:
        return {
            "lang": self.lang,
            "path": str(self.path),
            "source": self.source_lang,
            "in_parity": self.in_parity,
            "steps_out_of_date": [
                {"step": c.step_id, "source_title": c.source_title} for c in self.changed
            ],
            "header_out_of_date": self.header_changed,
            "missing_steps": self.missing_steps,
            "untracked_steps": self.untracked,
            "todo": self.todo,
            "to_check": self.to_check,
            "errors": self.errors,
        }


@dataclass(slots=True)
class PlaybookTranslations:
    id: str
    source_lang: str
    present: list[str]
    missing: list[str]
    translations: list[TranslationState]

    @property
    def in_parity(self) -> bool:
        return all(t.in_parity for t in self.translations)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "source": self.source_lang,
            "present": self.present,
            "missing": self.missing,
            "in_parity": self.in_parity,
            "translations": [t.as_json() for t in self.translations],
        }


def translation_status(
    roots: Sequence[Path], lang: str | None = None, library: Library | None = None
) -> list[PlaybookTranslations]:
    library = library or load_library(list(roots))
    found = files.scan(roots)
    by_id: dict[str, dict[str, files.FoundFile]] = defaultdict(dict)
    for f in found:
        by_id[f.id].setdefault(f.lang, f)
    wanted = {lang} if lang else {f.lang for f in found}
    errors_of: dict[str, list[str]] = defaultdict(list)
    for p in library.problems:
        if p.is_error:
            errors_of[str(p.path)].append(p.format())
    report = []
    for pid in sorted(by_id):
        versions = by_id[pid]
        source_lang = SOURCE_LANG if SOURCE_LANG in versions else sorted(versions)[0]
        states = [
            state_of(
                versions[other], pid, source_lang, library, errors_of[str(versions[other].path)]
            )
            for other in sorted(versions)
            if other != source_lang and (lang is None or other == lang)
        ]
        report.append(
            PlaybookTranslations(
                pid,
                source_lang,
                sorted(versions),
                sorted(wanted - set(versions)),
                states,
            )
        )
    return report


def state_of(
    f: files.FoundFile, pid: str, source_lang: str, library: Library, errors: list[str]
) -> TranslationState:
    state = TranslationState(f.lang, f.path, source_lang, errors=list(errors))
    try:
        doc = Document.read(f.path)
    except AuthoringError as exc:
        state.errors = state.errors or [str(exc)]
        return state
    drift = find_drift(doc, lambda lang: library.get(pid, lang))
    state.source_lang = drift.source_lang or source_lang
    state.changed, state.header_changed, state.untracked = (
        drift.changed,
        drift.header_changed,
        drift.untracked,
    )
    source = library.get(pid, state.source_lang)
    if source is not None:
        have = {text_of(n, "id") for n in items(doc.root, "steps")}
        state.missing_steps = [s.id for s in source.steps if s.id not in have]
    lines = [line.strip() for line in doc.text.splitlines()]
    state.todo, state.to_check = lines.count(TODO), lines.count(FROM_MEMORY)
    return state


TEAM_LANGUAGES = ("en", "fr")  # the languages the team localizes into, first of all


def status_of_files(
    playbook_id: str, paths: dict[str, Path], expected: Sequence[str] = TEAM_LANGUAGES
) -> PlaybookTranslations:
    """The translation state of one playbook from its files alone (one per language),
    without reading the rest of the library: what the app shows on a playbook's page."""
    from livecheck.playbook.library import PlaybookFile, assemble_library
    from livecheck.playbook.loader import load_playbook_file

    loaded = [(PlaybookFile(p, None), load_playbook_file(p)) for p in paths.values()]
    library = assemble_library(loaded)
    library = dataclasses.replace(
        library, problems=tuple(p for p in library.problems if p.code != "file-name")
    )
    errors_of: dict[str, list[str]] = defaultdict(list)
    for p in library.problems:
        if p.is_error:
            errors_of[str(p.path)].append(p.format())
    source_lang = SOURCE_LANG if SOURCE_LANG in paths else sorted(paths)[0]
    states = []
    for lang in sorted(paths):
        if lang == source_lang:
            continue
        f = files.FoundFile(paths[lang], None, playbook_id, lang, None)
        states.append(state_of(f, playbook_id, source_lang, library, errors_of[str(paths[lang])]))
    present = sorted(paths)
    missing = sorted(set(expected) - set(present))
    return PlaybookTranslations(playbook_id, source_lang, present, missing, states)
