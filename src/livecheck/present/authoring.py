"""The words of the authoring commands and of the translation state shown in the app."""

from __future__ import annotations

from livecheck.authoring.translate import TranslateResult


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def translate_report(result: TranslateResult) -> str:
    if result.created:
        head = f"wrote {result.path}"
    else:
        head = f"added to {result.path}: " + ", ".join(result.added)
    parts = [head]
    if result.todo:
        parts.append(f"{_plural(result.todo, 'text')} to translate (# TODO translate)")
    if result.from_memory:
        parts.append(
            f"{_plural(result.from_memory, 'text')} prefilled from the translation memory "
            "(# from translation memory: check)"
        )
    if result.created:
        parts.append("fill in 'reviewed' when done")
    return "; ".join(parts)
