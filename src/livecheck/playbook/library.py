"""A library of playbooks: every file below the roots, loaded and checked together.

One bad file never stops the rest: the library keeps every playbook without
errors and reports the problems of all files, including those that need more
than one file to see (duplicate ids, translation parity, related ids).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from livecheck.playbook.model import Playbook
from livecheck.playbook.problems import Findings, Problem

if TYPE_CHECKING:
    from livecheck.playbook.loader import LoadedFile

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class PlaybookFile:
    """A file to load, with the root it was found under (None when named directly)."""

    path: Path
    root: Path | None


@dataclass(frozen=True, slots=True)
class Library:
    playbooks: tuple[Playbook, ...]  # without errors, sorted by (id, lang)
    problems: tuple[Problem, ...]  # every file's, sorted by path and position
    file_count: int

    @property
    def error_count(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def warning_count(self) -> int:
        return sum(not p.is_error for p in self.problems)

    def ids(self) -> list[str]:
        return sorted({p.id for p in self.playbooks})

    def languages_of(self, playbook_id: str) -> list[str]:
        return [p.lang for p in self.playbooks if p.id == playbook_id]

    def get(self, playbook_id: str, lang: str | None = None) -> Playbook | None:
        """The playbook in `lang`, or when `lang` is None: English, else its first language."""
        versions = [p for p in self.playbooks if p.id == playbook_id]
        if lang is not None:
            return next((p for p in versions if p.lang == lang), None)
        return next((p for p in versions if p.lang == "en"), versions[0] if versions else None)


def _ignored(name: str) -> bool:
    return name.startswith((".", "_"))


def find_playbook_files(paths: Iterable[Path]) -> list[PlaybookFile]:
    """Every playbook file below the folders in `paths`; files in `paths` are taken as they are."""
    found: list[PlaybookFile] = []
    seen: set[str] = set()  # a file named twice (directly, or via two roots) is read once
    for path in paths:
        if path.is_file():
            real = str(path.resolve())
            if real not in seen:
                seen.add(real)
                found.append(PlaybookFile(path, None))
        elif path.is_dir():
            # Resolve the root once, not every file, and build paths as strings:
            # a library has thousands of files and this runs on every start.
            given, root = str(path), str(path.resolve())
            for relative in _walk(given):
                real = os.path.join(root, relative)
                if real not in seen:
                    seen.add(real)
                    found.append(PlaybookFile(Path(given, relative), path))
    return found


def _walk(root: str) -> Iterator[str]:
    """Playbook files under `root`, as paths relative to it."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not _ignored(d))
        below = os.path.relpath(folder, root)
        for name in sorted(files):
            if not _ignored(name) and name.endswith(YAML_SUFFIXES):
                yield name if below == os.curdir else os.path.join(below, name)


def load_library(paths: Sequence[Path]) -> Library:
    # The reader and the checks are imported here: finding files (all a warm
    # index needs) must not load the YAML reader.
    from livecheck.playbook.loader import load_playbook_file

    files = find_playbook_files(paths)
    loaded = [(f, load_playbook_file(f.path)) for f in files]
    return assemble_library(loaded)


def assemble_library(loaded: Sequence[tuple[PlaybookFile, LoadedFile]]) -> Library:
    """Run the checks that span files and keep what is valid."""
    from livecheck.playbook.lint.translations import check_translations

    problems: list[Problem] = [p for _, result in loaded for p in result.problems]
    kept: dict[tuple[str, str], Playbook] = {}
    for file, result in loaded:
        pb = result.playbook
        if pb is None:
            continue
        findings = Findings(file.path)
        _check_file_name(pb, file, findings)
        first = kept.get(pb.key)
        if first is not None:
            other = first.source.path if first.source else "?"
            findings.error(
                pb.locate("id"),
                "duplicate-id",
                f"id {pb.id!r} with lang {pb.lang!r} is also in {other}:{first.locate('id').line}",
            )
        else:
            kept[pb.key] = pb
        problems.extend(findings.problems)
    playbooks = sorted(kept.values(), key=lambda p: p.key)
    problems.extend(check_translations(playbooks))
    problems.extend(_check_related(playbooks))
    problems.sort(key=lambda p: (str(p.path), p.line, p.col, p.code))
    return Library(tuple(playbooks), tuple(problems), len(loaded))


def _check_file_name(pb: Playbook, file: PlaybookFile, findings: Findings) -> None:
    wanted = {f"{pb.id}.{pb.lang}{suffix}" for suffix in YAML_SUFFIXES}
    path = file.path
    if file.root is not None:
        parts = path.relative_to(file.root).parts
        ok = len(parts) == 2 and parts[0] == pb.category and parts[1] in wanted
    else:
        ok = path.parent.name == pb.category and path.name in wanted
    if not ok:
        findings.warning(
            pb.locate("id"),
            "file-name",
            f"the recommended path for this playbook is <root>/{pb.category}/{pb.id}.{pb.lang}.yaml",
        )


def _check_related(playbooks: Sequence[Playbook]) -> list[Problem]:
    ids = {p.id for p in playbooks}
    problems: list[Problem] = []
    for pb in playbooks:
        if pb.source is None:
            continue
        findings = Findings(pb.source.path)
        for i, other in enumerate(pb.related):
            if other not in ids:
                findings.warning(
                    pb.locate("related", i),
                    "unknown-related",
                    f"related id {other!r} is not in the library",
                )
        problems.extend(findings.problems)
    return problems
