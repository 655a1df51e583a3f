"""Questions and answers one line at a time, for the line-based front end.

A prompt is written to stdout, an answer is one line of stdin; the end of input
raises `EndOfInput` (the caller keeps the run for later). From a pipe the answer is
echoed, so that a transcript reads as a dialogue. This changes when the way a
question is asked does, not when the walkthrough's steps do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from livecheck.i18n import _
from livecheck.playbook.model import Playbook, Variable
from livecheck.safety.text import one_line

CONFIRM_WORDS = {"fr": ("yes", "oui")}  # a French playbook also takes the French word


class EndOfInput(Exception):
    """stdin is closed: the run is kept for later."""


class QuitAsked(EndOfInput):
    """The user typed q: the run is kept for later (after a check for unsaved actions)."""


def ask_line(prompt: str, stdin: TextIO, stdout: TextIO) -> str:
    """Show `prompt`, read one answer; EndOfInput when input has ended."""
    stdout.write(prompt)
    stdout.flush()
    line = stdin.readline()
    if not line:
        stdout.write("\n")
        raise EndOfInput
    answer = line.rstrip("\r\n")
    if not stdin.isatty():  # from a pipe: echo, so the transcript reads as a dialogue
        stdout.write(one_line(answer) + "\n")
    return answer


def ask_variables(
    playbook: Playbook, given: dict[str, str], ask: Callable[[str], str]
) -> dict[str, str]:
    """Ask every declared variable not given on the command line."""
    values = dict(given)
    for variable in playbook.variables:
        if variable.name in values:
            continue
        values[variable.name] = _ask_variable(variable, ask)
    return values


def _ask_variable(variable: Variable, ask: Callable[[str], str]) -> str:
    hint = (
        _(" (e.g. {example})").format(example=one_line(variable.example))
        if variable.example
        else ""
    )
    need = _("required") if variable.required else _("optional, Enter to leave empty")
    while True:
        answer = ask(
            _("{prompt}{hint} [{need}]: ").format(
                prompt=one_line(variable.prompt), hint=hint, need=need
            )
        ).strip()
        if answer or not variable.required:
            return answer


def confirm_words(lang: str) -> tuple[str, ...]:
    """What confirms an irreversible step: `yes`, and `oui` on a French playbook."""
    return CONFIRM_WORDS.get(lang, ("yes",))
