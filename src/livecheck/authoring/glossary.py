"""The team's glossary: an optional `glossary.yaml` at a playbook folder's top.

    # term in English: the word each language uses, and the variants to avoid
    creator:
      fr: créateur
      avoid:
        fr: [streameur, streameuse, influenceur]

Lint warns (`glossary`) at the line and column where a playbook in that language
uses an avoided variant in its text (keywords are left alone: they exist to hold
what people type). A variant matches as a whole word or phrase, in its own case
except that its first letter may also be a capital (the start of a sentence).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from livecheck.authoring.document import Document, span
from livecheck.playbook.library import GLOSSARY, Library
from livecheck.playbook.problems import Findings, Problem
from livecheck.playbook.spec import LANG
from livecheck.playbook.yaml_reader import MAX_BYTES, MapNode, Mark, ScalarNode, SeqNode, parse_yaml

GLOSSARY_NAME = GLOSSARY


@dataclass(frozen=True, slots=True)
class Avoided:
    term: str  # the English term
    lang: str
    variant: str
    use: str | None  # the word to write instead
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Glossary:
    path: Path
    avoided: tuple[Avoided, ...]
    problems: tuple[Problem, ...]

    def for_lang(self, lang: str) -> list[Avoided]:
        return [a for a in self.avoided if a.lang == lang]


def _pattern(variant: str) -> re.Pattern[str]:
    words = variant.split()
    first = words[0]
    head = f"[{re.escape(first[0])}{re.escape(first[0].upper())}]{re.escape(first[1:])}"
    body = r"\s+".join([head, *(re.escape(w) for w in words[1:])])
    return re.compile(rf"(?<![\w-]){body}(?![\w-])")


def read_glossary(path: Path) -> Glossary:
    findings = Findings(path)
    avoided: list[Avoided] = []
    try:
        if not path.is_file():
            raise ValueError("not a regular file")
        data = path.read_bytes()
        if len(data) > MAX_BYTES:
            raise ValueError("the glossary is over 1 MiB")
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except (OSError, ValueError) as exc:
        findings.error(Mark(1, 1), "glossary", f"cannot read the glossary: {exc}")
        return Glossary(path, (), tuple(findings.problems))
    root, issues = parse_yaml(text)
    for issue in issues:
        findings.error(issue.mark, "glossary", issue.message)
    if root is not None and not issues:
        if not isinstance(root, MapNode):
            findings.error(root.mark, "glossary", "a glossary is a mapping of English terms")
        else:
            for key, entry in root.items:
                avoided.extend(_entry(key, entry, findings))
    return Glossary(path, tuple(avoided), tuple(findings.problems))


def _entry(key: ScalarNode, node: object, findings: Findings) -> list[Avoided]:
    term = key.value
    shape = "each term is `term: {fr: word, avoid: {fr: [variant, ...]}}`"
    if not isinstance(term, str) or not term.strip():
        findings.error(key.mark, "glossary", f"a term must be text; {shape}")
        return []
    if not isinstance(node, MapNode):
        at = node.mark if isinstance(node, ScalarNode | SeqNode) else key.mark
        findings.error(at, "glossary", f"term {term!r} is not a mapping; {shape}")
        return []
    uses: dict[str, str] = {}
    out: list[Avoided] = []
    avoid: MapNode | None = None
    for k, v in node.items:
        if k.value == "avoid":
            if isinstance(v, MapNode):
                avoid = v
            else:
                findings.error(
                    v.mark,
                    "glossary",
                    f"term {term!r}: 'avoid' must map a language to a list of variants",
                )
        elif isinstance(k.value, str) and LANG.fullmatch(k.value):
            if isinstance(v, ScalarNode) and isinstance(v.value, str) and v.value.strip():
                uses[k.value] = v.value
            else:
                findings.error(
                    v.mark, "glossary", f"term {term!r}: the {k.value} word must be text"
                )
        else:
            findings.error(k.mark, "glossary", f"term {term!r}: unknown key {k.value!r}; {shape}")
    for k, v in avoid.items if avoid else ():
        lang = k.value
        if not isinstance(lang, str) or not LANG.fullmatch(lang):
            findings.error(k.mark, "glossary", f"term {term!r}: {lang!r} is not a language code")
            continue
        if not isinstance(v, SeqNode) or not all(
            isinstance(i, ScalarNode) and isinstance(i.value, str) and i.value.strip()
            for i in v.items
        ):
            findings.error(
                v.mark, "glossary", f"term {term!r}: avoid.{lang} must be a list of words"
            )
            continue
        for item in v.items:
            assert isinstance(item, ScalarNode) and isinstance(item.value, str)
            variant = item.value.strip()
            out.append(Avoided(term, lang, variant, uses.get(lang), _pattern(variant)))
    return out


def glossary_for(path: Path, folders: Sequence[Path]) -> Path | None:
    """The glossary that applies to the playbook at `path`: its folder's, else the nearest."""
    candidates = [f for f in folders if f.is_dir() and _below(path, f)]
    candidates += [path.parent.parent, path.parent]
    for folder in candidates:
        if (folder / GLOSSARY_NAME).is_file():
            return folder / GLOSSARY_NAME
    return None


def _below(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def glossary_problems(
    library: Library, paths: Sequence[Path], cache: dict[Path, Document] | None = None
) -> list[Problem]:
    from livecheck.authoring.translate import text_nodes

    glossaries: dict[Path, Glossary] = {}
    found_in: dict[Path, Path | None] = {}  # folder -> its glossary
    by_word: dict[tuple[Path, str], dict[str, list[Avoided]]] = {}
    problems: list[Problem] = []
    for pb in library.playbooks:
        if pb.source is None:
            continue
        folder = pb.source.path.parent
        if folder not in found_in:
            found_in[folder] = glossary_for(pb.source.path, paths)
        where = found_in[folder]
        if where is None:
            continue
        if where not in glossaries:
            glossaries[where] = read_glossary(where)
            problems.extend(glossaries[where].problems)
        if (where, pb.lang) not in by_word:
            by_word[(where, pb.lang)] = _by_first_word(glossaries[where].for_lang(pb.lang))
        rules = by_word[(where, pb.lang)]
        if not rules:
            continue
        try:
            doc = Document.cached(pb.source.path, cache)
        except Exception:  # the library read it a moment ago; a race is not lint's business
            continue
        findings = Findings(pb.source.path)
        for _, node, _ in text_nodes(doc):
            start, end = span(doc, node)
            for word in _WORD.finditer(doc.text, start, end):
                for rule in rules.get(_fold_first(word.group(0)), ()):
                    m = rule.pattern.match(doc.text, word.start(), end)
                    if m is None:
                        continue
                    instead = f"write {rule.use!r}" if rule.use else "avoid it"
                    findings.warning(
                        _mark(doc, m.start()),
                        "glossary",
                        f"{' '.join(m.group(0).split())!r} is a variant the glossary avoids in "
                        f"{pb.lang} (term {rule.term!r}): {instead}",
                    )
                    break
        problems.extend(findings.problems)
    return problems


_WORD = re.compile(r"\w+")


def _fold_first(word: str) -> str:
    return word[:1].lower() + word[1:]


def _by_first_word(rules: Sequence[Avoided]) -> dict[str, list[Avoided]]:
    """The variants by their first word (one dictionary look-up per word of text), longest
    first, so that "un streamer" is reported rather than a shorter variant inside it."""
    found: dict[str, list[Avoided]] = {}
    for rule in sorted(rules, key=lambda r: -len(r.variant)):
        first = re.match(r"\w+", rule.variant)
        if first is not None:
            found.setdefault(_fold_first(first.group(0)), []).append(rule)
    return found


def _mark(doc: Document, offset: int) -> Mark:
    from livecheck.playbook.yaml_reader import mark_at

    return mark_at(doc.starts, offset)
