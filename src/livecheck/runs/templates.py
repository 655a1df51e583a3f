"""Filling `{placeholders}` in templates and details with a run's variables."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from livecheck.playbook.spec import PLACEHOLDER


@dataclass(frozen=True, slots=True)
class Filled:
    text: str
    missing: tuple[str, ...]  # optional variables left empty, for the front end to warn


def fill(
    text: str, variables: Mapping[str, str], empty: Callable[[str], str] | None = None
) -> Filled:
    """`{name}` becomes the variable's value; `{{` and `}}` become single braces.

    An empty or unknown variable is never a silent gap: it becomes `empty(name)`
    (the presentation layer's visible "not given"), or stays `{name}` without it;
    `missing` lists them so the front end can warn."""
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = match.group(1)
        value = str(variables.get(name, ""))
        if value:
            return value
        if name not in missing:
            missing.append(name)
        return empty(name) if empty is not None else token

    return Filled(PLACEHOLDER.sub(replace, text), tuple(missing))
