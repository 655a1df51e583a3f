"""The words of the authoring commands and of the translation state shown in the app."""

from __future__ import annotations

from livecheck.authoring.fix import FileFix
from livecheck.authoring.status import PlaybookTranslations, TranslationState
from livecheck.authoring.translate import TranslateResult
from livecheck.i18n import _, format_list, ngettext, pgettext
from livecheck.safety.text import one_line


def translate_report(result: TranslateResult) -> str:
    if result.created:
        head = _("wrote {path}").format(path=result.path)
    else:
        head = _("added to {path}: {fields}").format(
            path=result.path, fields=", ".join(result.added)
        )
    parts = [head]
    if result.todo:
        parts.append(
            ngettext(
                "{n} text to translate ({marker})",
                "{n} texts to translate ({marker})",
                result.todo,
            ).format(n=result.todo, marker="# TODO translate")
        )
    if result.from_memory:
        parts.append(
            ngettext(
                "{n} text prefilled from the translation memory ({marker})",
                "{n} texts prefilled from the translation memory ({marker})",
                result.from_memory,
            ).format(n=result.from_memory, marker="# from translation memory: check")
        )
    if result.changed:
        parts.append(
            _(
                "changed in the source since translated: {steps} (check them, "
                "then record it with {option})"
            ).format(steps=", ".join(result.changed), option="--mark-up-to-date")
        )
    if result.created:
        parts.append(_("fill in {field} when done").format(field="'reviewed'"))
    return format_list(parts)


def marked_report(playbook_id: str, lang: str, source_lang: str, recorded: list[str]) -> str:
    if not recorded:
        return _("nothing recorded for {id} ({lang})").format(id=playbook_id, lang=lang)
    return _("{id} ({lang}) recorded as up to date with {source} for: {steps}").format(
        id=playbook_id, lang=lang, source=source_lang, steps=", ".join(recorded)
    )


def translation_state_label(state: TranslationState | None) -> str:
    """One translation in a few words: up to date / N steps out of date / missing / ..."""
    if state is None:
        return pgettext("translation", "missing")
    parts = []
    if state.changed:
        n = len(state.changed)
        parts.append(ngettext("{n} step out of date", "{n} steps out of date", n).format(n=n))
    if state.header_changed:
        parts.append(_("header out of date"))
    if state.missing_steps:
        n = len(state.missing_steps)
        parts.append(ngettext("{n} step missing", "{n} steps missing", n).format(n=n))
    if state.todo:
        parts.append(_("{n} to translate").format(n=state.todo))
    if state.to_check:
        parts.append(_("{n} to check").format(n=state.to_check))
    if state.errors:
        n = len(state.errors)
        parts.append(ngettext("{n} error", "{n} errors", n).format(n=n))
    if parts:
        return ", ".join(parts)
    if state.untracked:
        return _("not tracked (no source fingerprints)")
    return _("up to date")


def drift_banner(state: TranslationState) -> str | None:
    """The warning shown over an out-of-date translation: which source steps changed."""
    if not state.changed and not state.header_changed:
        return None
    changed = [f"{c.step_id} ({c.source_title})" for c in state.changed]
    if state.header_changed:
        changed.insert(0, _("the header (title, summary, when, memory)"))
    return _(
        "This translation is out of date: {changed} changed in {source} since it was made. "
        "Check these steps against the {source} version before you rely on them."
    ).format(changed=", ".join(changed), source=state.source_lang)


def status_lines(report: list[PlaybookTranslations]) -> list[str]:
    lines: list[str] = []
    for pb in report:
        head = f"{pb.id}: {', '.join(pb.present)}"
        if pb.missing:
            head += _("; missing: {langs}").format(langs=", ".join(pb.missing))
        lines.append(head)
        for state in pb.translations:
            mark = "ok" if state.in_parity else "!!"
            lines.append(f"  {mark} {state.lang}: {translation_state_label(state)}")
            for change in state.changed:
                lines.append(
                    "       "
                    + _("step {step} changed in {source}; it now reads: {title}").format(
                        step=change.step_id,
                        source=state.source_lang,
                        title=one_line(change.source_title),
                    )
                )
            if state.missing_steps:
                lines.append(
                    "       "
                    + _("missing steps: {steps}").format(steps=", ".join(state.missing_steps))
                )
            lines.extend(f"       {one_line(e)}" for e in state.errors[:3])
    out_of_parity = sum(not t.in_parity for pb in report for t in pb.translations)
    translations = sum(len(pb.translations) for pb in report)
    missing = sum(len(pb.missing) for pb in report)
    lines.append(
        ", ".join(
            [
                ngettext("{n} playbook", "{n} playbooks", len(report)).format(n=len(report)),
                ngettext("{n} translation", "{n} translations", translations).format(
                    n=translations
                ),
                _("{n} out of parity").format(n=out_of_parity),
                ngettext("{n} missing", "{n} missing", missing).format(n=missing),
            ]
        )
    )
    return lines


def fix_summary(results: list[FileFix], *, check: bool) -> str:
    changed = [r for r in results if r.changed]
    refused = [r for r in results if r.refused]
    n = len(changed)
    if check:
        line = ngettext("would fix {n} file", "would fix {n} files", n).format(n=n)
    else:
        line = ngettext("fixed {n} file", "fixed {n} files", n).format(n=n)
    if changed:
        line = _("{head}: {files}").format(
            head=line,
            files=format_list(f"{r.path} ({', '.join(r.changes)})" for r in changed),
        )
    if refused:
        line = _("{head}; not fixed: {files}").format(
            head=line, files=format_list(f"{r.path}: {r.refused}" for r in refused)
        )
    return one_line(line)


LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


def translation_line(report: PlaybookTranslations) -> str:
    """Every language of a playbook and its state, on one line (the playbook page)."""
    states = {t.lang: t for t in report.translations}
    source = LANGUAGE_NAMES.get(report.source_lang, report.source_lang)
    parts = [_("{language}: source").format(language=source)]
    for lang in sorted(set(report.present) | set(report.missing)):
        if lang == report.source_lang:
            continue
        name = LANGUAGE_NAMES.get(lang, lang)
        parts.append(
            _("{language}: {state}").format(
                language=name, state=translation_state_label(states.get(lang))
            )
        )
    return _("Translations: {languages}").format(languages=" · ".join(parts))
