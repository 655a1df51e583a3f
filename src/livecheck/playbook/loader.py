"""Load one playbook file: bytes -> safe YAML -> checked structure -> model -> rules."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from livecheck.i18n import _
from livecheck.playbook.build import build_for_checks, build_playbook
from livecheck.playbook.lint.rules import check_playbook
from livecheck.playbook.lint.structure import StructureChecker
from livecheck.playbook.model import Playbook, Source
from livecheck.playbook.problems import Findings, Problem
from livecheck.playbook.yaml_reader import MAX_BYTES, Mark, line_starts, mark_at, parse_yaml
from livecheck.safety.files import NotARegularFile, read_regular_file


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """One file's result: the playbook when it has no errors, and every problem found."""

    path: Path
    playbook: Playbook | None
    problems: tuple[Problem, ...]


def load_playbook_file(path: Path) -> LoadedFile:
    findings = Findings(path)
    try:
        # Regular files only, and never more than the limit + 1 byte: a symlink to
        # /dev/zero or a FIFO named *.yaml must not hang or fill memory.
        data, stat = read_regular_file(path, MAX_BYTES)
    except NotARegularFile:
        findings.warning(
            Mark(1, 1), "not-a-file", _("not a regular file (a FIFO, device or socket); skipped")
        )
        return _result(findings, None)
    except OSError as exc:
        findings.error(
            Mark(1, 1),
            "unreadable",
            _("cannot read the file: {value}").format(value=exc.strerror or exc),
        )
        return _result(findings, None)
    if len(data) > MAX_BYTES:
        findings.error(
            Mark(1, 1),
            "too-large",
            f"file is {max(stat.st_size, len(data))} bytes; the most is {MAX_BYTES} (1 MiB)",
        )
        return _result(findings, None)
    source = Source(path, hashlib.sha256(data).hexdigest(), len(data), stat.st_mtime_ns)
    return load_playbook_bytes(data, source)


def load_playbook_bytes(data: bytes, source: Source) -> LoadedFile:
    """Check `data` as the playbook file described by `source`. Never raises."""
    findings = Findings(source.path)
    try:
        playbook = _load(data, source, findings)
    except Exception as exc:  # never a traceback: a loader bug is reported like a problem
        findings.error(
            Mark(1, 1),
            "internal-error",
            _("livecheck could not check this file ({exc})").format(exc=repr(exc)),
        )
        playbook = None
    return _result(findings, playbook)


def load_stored_playbook(data: bytes, path: Path) -> LoadedFile:
    """Check the exact bytes a run kept of its playbook version (`path` names it in problems)."""
    return load_playbook_bytes(data, Source(path, hashlib.sha256(data).hexdigest(), len(data), 0))


def _load(data: bytes, source: Source, findings: Findings) -> Playbook | None:
    if len(data) > MAX_BYTES:
        findings.error(
            Mark(1, 1),
            "too-large",
            _("file is {data} bytes; the most is {MAX_BYTES} (1 MiB)").format(
                data=len(data), MAX_BYTES=MAX_BYTES
            ),
        )
        return None
    text = _decode(data, findings)
    if text is None:
        return None
    root, issues = parse_yaml(text)
    for issue in issues:
        findings.error(issue.mark, issue.code, issue.message)
    if findings.has_errors:
        return None
    checker = StructureChecker(findings)
    fields = checker.read_playbook(root)
    if fields is None:
        return None
    if findings.has_errors:
        # Report every problem in one pass: a misspelt key must not hide a bad `goto`
        # until it is fixed. The rules run on what could be read, when that is enough.
        partial = build_for_checks(fields, source, checker.locations)
        if partial is not None:
            check_playbook(partial, text, findings)
        return None
    playbook = build_playbook(fields, source, checker.locations)
    check_playbook(playbook, text, findings)
    return None if findings.has_errors else playbook


def _decode(data: bytes, findings: Findings) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        mark = mark_at(line_starts(good), len(good))
        findings.error(
            mark,
            "encoding",
            _("not UTF-8: byte 0x{data} cannot start or continue a character").format(
                data=format(data[exc.start], "02x")
            ),
        )
        return None


def _result(findings: Findings, playbook: Playbook | None) -> LoadedFile:
    return LoadedFile(findings.path, playbook, tuple(sorted(findings.problems, key=_order)))


def _order(p: Problem) -> tuple[int, int, str]:
    return (p.line, p.col, p.code)
