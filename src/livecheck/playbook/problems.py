"""Problems found while loading playbooks: one line each, never a traceback."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from livecheck.i18n import _, pgettext
from livecheck.safety.text import one_line, printable_path

if TYPE_CHECKING:
    from livecheck.playbook.yaml_reader import Mark


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One finding, located at the 1-based line and column of the offending node."""

    path: Path
    line: int
    col: int
    severity: Severity
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """`path:line:col: error: message [code]`, in the current language (the code stays
        English: it is what `lint` documentation and scripts refer to)."""
        severity = (
            pgettext("lint severity", "error")
            if self.severity is Severity.ERROR
            else pgettext("lint severity", "warning")
        )
        return _("{where}: {severity}: {message} [{code}]").format(
            where=f"{printable_path(self.path)}:{self.line}:{self.col}",
            severity=severity,
            message=one_line(self.message),
            code=self.code,
        )

    def as_json(self) -> dict[str, object]:
        return {
            "path": printable_path(self.path),
            "line": self.line,
            "col": self.col,
            "severity": self.severity.value,
            "code": self.code,
            "message": one_line(self.message),
        }


class Findings:
    """Collects the problems of one file as checks run."""

    __slots__ = ("path", "problems")

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def error(self, at: Mark, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, at.line, at.col, Severity.ERROR, code, message))

    def warning(self, at: Mark, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, at.line, at.col, Severity.WARNING, code, message))

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)
