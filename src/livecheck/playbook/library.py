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

from livecheck.i18n import _
from livecheck.playbook.model import Playbook
from livecheck.playbook.problems import Findings, Problem, Severity
from livecheck.safety.text import is_utf8_name

if TYPE_CHECKING:
    from livecheck.playbook.loader import LoadedFile

YAML_SUFFIXES = (".yaml", ".yml")
GLOSSARY = "glossary.yaml"  # a playbook folder's glossary (see livecheck.authoring.glossary)


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


@dataclass(frozen=True, slots=True)
class FoundFiles:
    """The playbook files below some paths, and what could not be looked at."""

    files: list[PlaybookFile]
    # Folders that could not be read, names that are not UTF-8 (errors), and
    # entries that are not regular files (warnings): each named, never silent.
    problems: list[Problem]


def find_playbook_files(paths: Iterable[Path]) -> list[PlaybookFile]:
    """Every playbook file below the folders in `paths`; files in `paths` are taken as they are."""
    return walk_playbook_files(paths).files


def walk_playbook_files(paths: Iterable[Path]) -> FoundFiles:
    """Like `find_playbook_files`, with the problems met on the way."""
    found: list[PlaybookFile] = []
    problems: list[Problem] = []
    seen: set[str] = set()  # a file named twice (directly, or via two roots) is read once
    for path in paths:
        if path.is_dir():
            # Resolve the root once, not every file, and build paths as strings:
            # a library has thousands of files and this runs on every start.
            given, root = str(path), str(path.resolve())
            for relative in _walk(given, problems):
                real = os.path.join(root, relative)
                if real not in seen:
                    seen.add(real)
                    found.append(PlaybookFile(Path(given, relative), path))
        elif path.exists() or path.is_symlink():
            real = str(path.resolve())
            if real not in seen:
                seen.add(real)
                found.append(PlaybookFile(path, None))
        else:
            _problem(problems, str(path), Severity.ERROR, "unreadable", "no such file or folder")
    return FoundFiles(found, problems)


def _problem(
    problems: list[Problem], path: str, severity: Severity, code: str, message: str
) -> None:
    problems.append(Problem(Path(path), 1, 1, severity, code, message))


def _walk(root: str, problems: list[Problem]) -> Iterator[str]:
    """Playbook files under `root`, as paths relative to it, in name order.

    A folder that cannot be read, a name that is not UTF-8 (it would break the
    index, which stores text) and an entry that is not a regular file are
    reported in `problems` and skipped."""
    todo = [""]
    while todo:
        below = todo.pop()
        folder = os.path.join(root, below) if below else root
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            _problem(
                problems,
                folder,
                Severity.ERROR,
                "unreadable",
                f"cannot read the folder: {exc.strerror or exc}; its playbooks were skipped",
            )
            continue
        subfolders: list[str] = []
        for entry in entries:
            name = entry.name
            if _ignored(name):
                continue
            relative = os.path.join(below, name) if below else name
            try:
                is_dir = entry.is_dir()  # follows a symlink, like os.walk, but never descends one
                is_file = not is_dir and entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir:
                if not is_utf8_name(name):
                    _problem(
                        problems,
                        entry.path,
                        Severity.ERROR,
                        "file-name-encoding",
                        "folder name is not UTF-8; rename it (its playbooks were skipped)",
                    )
                elif not entry.is_symlink():
                    subfolders.append(relative)
                continue
            if not name.endswith(YAML_SUFFIXES):
                continue
            if not below and name == GLOSSARY:  # the root's glossary, not a playbook
                continue
            if not is_utf8_name(name):
                _problem(
                    problems,
                    entry.path,
                    Severity.ERROR,
                    "file-name-encoding",
                    "file name is not UTF-8; rename it (the file was skipped)",
                )
            elif not is_file:
                _problem(
                    problems,
                    entry.path,
                    Severity.WARNING,
                    "not-a-file",
                    "not a regular file (a FIFO, device, socket or broken link); skipped",
                )
            else:
                yield relative
        todo.extend(reversed(subfolders))


def load_library(paths: Sequence[Path]) -> Library:
    # The reader and the checks are imported here: finding files (all a warm
    # index needs) must not load the YAML reader.
    from livecheck.playbook.loader import load_playbook_file

    found = walk_playbook_files(paths)
    loaded = [(f, load_playbook_file(f.path)) for f in found.files]
    return assemble_library(loaded, found.problems)


def assemble_library(
    loaded: Sequence[tuple[PlaybookFile, LoadedFile]], walk_problems: Sequence[Problem] = ()
) -> Library:
    """Run the checks that span files and keep what is valid."""
    from livecheck.playbook.lint.translations import check_translations

    problems: list[Problem] = [*walk_problems]
    problems.extend(p for _file, result in loaded for p in result.problems)
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
                _("id {id} with lang {lang} is also in {other}:{line}").format(
                    id=repr(pb.id), lang=repr(pb.lang), other=other, line=first.locate("id").line
                ),
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
            _(
                "the recommended path for this playbook is <root>/{category}/{id}.{lang}.yaml"
            ).format(category=pb.category, id=pb.id, lang=pb.lang),
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
                    _("related id {other} is not in the library").format(other=repr(other)),
                )
        problems.extend(findings.problems)
    return problems
