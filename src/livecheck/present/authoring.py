"""The words of the authoring commands and of the translation state shown in the app."""

from __future__ import annotations

from livecheck.authoring.fix import FileFix
from livecheck.authoring.status import PlaybookTranslations, TranslationState
from livecheck.authoring.translate import TranslateResult
from livecheck.safety.text import one_line


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
    if result.changed:
        parts.append(
            f"changed in the source since translated: {', '.join(result.changed)} (check them, "
            "then record it with --mark-up-to-date)"
        )
    if result.created:
        parts.append("fill in 'reviewed' when done")
    return "; ".join(parts)


def marked_report(playbook_id: str, lang: str, source_lang: str, recorded: list[str]) -> str:
    if not recorded:
        return f"nothing recorded for {playbook_id} ({lang})"
    return f"{playbook_id} ({lang}) recorded as up to date with {source_lang} for: " + ", ".join(
        recorded
    )


def translation_state_label(state: TranslationState | None) -> str:
    """One translation in a few words: up to date / N steps out of date / missing / ..."""
    if state is None:
        return "missing"
    parts = []
    if state.changed:
        parts.append(f"{_plural(len(state.changed), 'step')} out of date")
    if state.header_changed:
        parts.append("header out of date")
    if state.missing_steps:
        parts.append(f"{_plural(len(state.missing_steps), 'step')} missing")
    if state.todo:
        parts.append(f"{state.todo} to translate")
    if state.to_check:
        parts.append(f"{state.to_check} to check")
    if state.errors:
        parts.append(f"{_plural(len(state.errors), 'error')}")
    if parts:
        return ", ".join(parts)
    if state.untracked:
        return "not tracked (no source fingerprints)"
    return "up to date"


def drift_banner(state: TranslationState) -> str | None:
    """The warning shown over an out-of-date translation: which source steps changed."""
    if not state.changed and not state.header_changed:
        return None
    changed = [f"{c.step_id} ({c.source_title})" for c in state.changed]
    if state.header_changed:
        changed.insert(0, "the header (title, summary, when, memory)")
    return (
        f"This translation is out of date: {', '.join(changed)} changed in "
        f"{state.source_lang} since it was made. Check these steps against the "
        f"{state.source_lang} version before you rely on them."
    )


def status_lines(report: list[PlaybookTranslations]) -> list[str]:
    lines: list[str] = []
    for pb in report:
        head = f"{pb.id}: {', '.join(pb.present)}"
        if pb.missing:
            head += f"; missing: {', '.join(pb.missing)}"
        lines.append(head)
        for state in pb.translations:
            mark = "ok" if state.in_parity else "!!"
            lines.append(f"  {mark} {state.lang}: {translation_state_label(state)}")
            for change in state.changed:
                lines.append(
                    f"       step {change.step_id} changed in {state.source_lang}; "
                    f"it now reads: {one_line(change.source_title)}"
                )
            if state.missing_steps:
                lines.append(f"       missing steps: {', '.join(state.missing_steps)}")
            lines.extend(f"       {one_line(e)}" for e in state.errors[:3])
    out_of_parity = sum(not t.in_parity for pb in report for t in pb.translations)
    translations = sum(len(pb.translations) for pb in report)
    missing = sum(len(pb.missing) for pb in report)
    lines.append(
        f"{len(report)} playbooks, {translations} translations, {out_of_parity} out of parity, "
        f"{missing} missing"
    )
    return lines


def fix_summary(results: list[FileFix], *, check: bool) -> str:
    changed = [r for r in results if r.changed]
    refused = [r for r in results if r.refused]
    verb = "would fix" if check else "fixed"
    line = f"{verb} {_plural(len(changed), 'file')}"
    if changed:
        line += ": " + "; ".join(f"{r.path} ({', '.join(r.changes)})" for r in changed)
    if refused:
        line += "; not fixed: " + "; ".join(f"{r.path}: {r.refused}" for r in refused)
    return one_line(line)


LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


def translation_line(report: PlaybookTranslations) -> str:
    """Every language of a playbook and its state, on one line (the playbook page)."""
    states = {t.lang: t for t in report.translations}
    parts = [f"{LANGUAGE_NAMES.get(report.source_lang, report.source_lang)}: source"]
    for lang in sorted(set(report.present) | set(report.missing)):
        if lang == report.source_lang:
            continue
        name = LANGUAGE_NAMES.get(lang, lang)
        parts.append(f"{name}: {translation_state_label(states.get(lang))}")
    return "Translations: " + " · ".join(parts)
