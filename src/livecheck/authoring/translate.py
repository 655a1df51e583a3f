"""`livecheck translate`: write a translation skeleton, or add what an existing one lacks.

A new translation is the source file itself with: the target `lang`, an empty
`reviewed` (lint flags it until a reviewer dates it), every text field kept in
the source language under a `# TODO translate` comment (or prefilled from the
translation memory under `# from translation memory: check`), and the source
fingerprint of the header and of each step at the end of their `id` line.

On an existing translation only insertions are made: the missing steps,
choices, memory items, variables, drills and top-level keys, each taken from
what a new translation would hold. Every byte already there stays as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from livecheck.authoring import files
from livecheck.authoring.document import (
    Document,
    Edits,
    entry,
    items,
    last_line,
    span,
    text_of,
    value,
    yaml_scalar,
)
from livecheck.authoring.errors import AuthoringError
from livecheck.authoring.fingerprint import header_fingerprint, marker, step_fingerprint
from livecheck.authoring.memory import TranslationMemory
from livecheck.i18n import _
from livecheck.playbook.library import load_library
from livecheck.playbook.loader import load_playbook_file
from livecheck.playbook.model import Playbook
from livecheck.playbook.yaml_reader import MapNode, Node, ScalarNode, SeqNode

Add = Callable[[str, list[str]], None]

TODO = "# TODO translate"
FROM_MEMORY = "# from translation memory: check"
REVIEWED_NOTE = "# TODO: the date the translation is reviewed, YYYY-MM-DD"

# Text fields: where they sit, by the list that holds them ("" is the top level).
_TEXT_FIELDS = {
    "": ("title", "summary", "when"),
    "variables": ("prompt",),
    "steps": ("title", "detail", "template"),
    "choices": ("label",),
    "drills": ("scenario",),
}


@dataclass(frozen=True, slots=True)
class TranslateRequest:
    id: str
    to: str
    source_lang: str = "en"
    output: Path | None = None


@dataclass(slots=True)
class TranslateResult:
    path: Path
    created: bool
    added: list[str] = field(default_factory=list)
    from_memory: int = 0
    todo: int = 0
    changed: list[str] = field(default_factory=list)  # steps changed in the source since


def translate(request: TranslateRequest, roots: Sequence[Path]) -> TranslateResult:
    """Write or complete the translation. Raises AuthoringError with a one-line reason."""
    if request.to == request.source_lang:
        raise AuthoringError(
            _("--to {lang} is the source language; translate into another language").format(
                lang=request.to
            )
        )
    found = files.scan(roots)
    if not any(f.id == request.id for f in found):
        raise files.no_such_id(found, request.id)
    source_file = files.find(found, request.id, request.source_lang)
    if source_file is None:
        langs = ", ".join(sorted(f.lang for f in found if f.id == request.id))
        raise AuthoringError(
            _(
                "{id} has no {lang} version to translate from; it exists in: {langs} (use --from)"
            ).format(id=repr(request.id), lang=repr(request.source_lang), langs=langs)
        )
    source_doc = Document.read(source_file.path)
    source = checked_source(source_file.path)
    library = load_library(list(roots))
    memory = TranslationMemory.from_library(
        library.playbooks, request.source_lang, request.to, request.id
    )
    fresh = Document.parse(_fresh_text(source_doc, source, request.to, memory), source_file.path)
    existing = files.find(found, request.id, request.to)
    if existing is not None and request.output is None:
        return _complete(existing.path, fresh, source)
    path = request.output or source_file.path.with_name(f"{request.id}.{request.to}.yaml")
    files.check_target(path, roots, explicit=request.output is not None)
    files.write_new(path, fresh.text)
    return TranslateResult(
        path, True, from_memory=fresh.text.count(FROM_MEMORY), todo=fresh.text.count(TODO)
    )


def checked_source(path: Path) -> Playbook:
    loaded = load_playbook_file(path)
    if loaded.playbook is None:
        errors = [p for p in loaded.problems if p.is_error]
        shown = "; ".join(p.format() for p in errors[:3])
        more = " " + _("(and {n} more)").format(n=len(errors) - 3) if len(errors) > 3 else ""
        raise AuthoringError(
            _("the source has errors, fix them first: {errors}").format(errors=shown + more)
        )
    return loaded.playbook


# -- a new translation -------------------------------------------------------------------


def text_nodes(doc: Document) -> list[tuple[ScalarNode, Node, Node]]:
    """(key, value, the collection holding the key) of every text field, in file order."""
    found: list[tuple[ScalarNode, Node, Node]] = []

    def collect(mapping: Node, kind: str) -> None:
        for key in _TEXT_FIELDS[kind]:
            hit = entry(mapping, key)
            if hit is not None:
                found.append((hit[0], hit[1], mapping))

    root = doc.root
    collect(root, "")
    for kind in ("variables", "steps", "drills"):
        for node in items(root, kind):
            collect(node, kind)
            if kind == "steps":
                for choice in items(node, "choices"):
                    collect(choice, "choices")
            if kind == "drills":
                expect = value(node, "expect")
                if isinstance(expect, MapNode):
                    found.extend((k, v, expect) for k, v in expect.items)
    memory = value(root, "memory")
    if isinstance(memory, SeqNode):
        found.extend((item, item, memory) for item in memory.items if isinstance(item, ScalarNode))
    return found


def _in_flow(doc: Document, holder: Node) -> bool:
    return doc.text[doc.offset(holder.mark) : doc.offset(holder.mark) + 1] in ("{", "[")


def _fresh_text(doc: Document, source: Playbook, to: str, memory: TranslationMemory) -> str:
    edits = Edits(doc)
    root = doc.root
    lang = value(root, "lang")
    if isinstance(lang, ScalarNode):
        edits.replace(*span(doc, lang), to)
    reviewed = entry(root, "reviewed")
    if reviewed is not None:
        edits.replace(doc.offset(reviewed[0].end), span(doc, reviewed[1])[1], f":  {REVIEWED_NOTE}")
    pid = entry(root, "id")
    if pid is not None:
        edits.append_to_line(
            pid[0].mark.line, "  " + marker(source.lang, header_fingerprint(source))
        )
    by_id = {s.id: s for s in source.steps}
    for node in items(root, "steps"):
        sid = entry(node, "id")
        step = by_id.get(text_of(node, "id") or "")
        if sid is not None and step is not None:
            edits.append_to_line(
                sid[0].mark.line, "  " + marker(source.lang, step_fingerprint(step))
            )
    notes: dict[int, set[str]] = {}
    for key, node, holder in text_nodes(doc):
        if not isinstance(node, ScalarNode) or not isinstance(node.value, str):
            continue
        line = key.mark.line
        found = memory.get(node.value) if node.value.strip() else None
        if found is None:
            notes.setdefault(line, set()).add(TODO)
            continue
        notes.setdefault(line, set()).add(FROM_MEMORY)
        column = key.mark.col - 1 if key is not node else node.mark.col - 3
        rendered = yaml_scalar(
            found, column, flow=_in_flow(doc, holder), folded=node.style in (">", "|")
        )
        edits.replace(*span(doc, node), rendered)
    keywords = entry(root, "keywords")  # the words people type in the new language
    if keywords is not None:
        notes.setdefault(keywords[0].mark.line, set()).add(TODO)
    for line, kinds in notes.items():
        indent = doc.indent_of(line)
        edits.insert_lines_before(
            line, [f"{indent}{note}\n" for note in (TODO, FROM_MEMORY) if note in kinds]
        )
    return edits.apply()


# -- completing an existing translation ----------------------------------------------------


def _complete(path: Path, fresh: Document, source: Playbook) -> TranslateResult:
    from livecheck.authoring.drift import find_drift

    doc = Document.read(path)
    drift = find_drift(doc, lambda lang: source if lang == source.lang else None)
    changed = [c.step_id for c in drift.changed]
    edits = Edits(doc)
    added: list[str] = []
    pieces: list[str] = []

    def add(what: str, lines: list[str]) -> None:
        added.append(what)
        pieces.extend(lines)

    # Inner parts first: insertions at one place keep the order they are made in, and a
    # new choice at the end of the last step must come before a new step after it.
    _add_missing_choices(doc, fresh, edits, add)
    _add_missing_memory(doc, fresh, edits, add)
    for kind, key_of in (("variables", "name"), ("steps", "id"), ("drills", "id")):
        _add_missing_items(doc, fresh, edits, add, kind, key_of)
    _add_missing_keys(doc, fresh, edits, add)
    if not added:
        raise NothingToDo(path, source.lang, changed)
    files.rewrite(path, edits.apply())
    text = "".join(pieces)
    return TranslateResult(path, False, added, text.count(FROM_MEMORY), text.count(TODO), changed)


class NothingToDo(AuthoringError):
    def __init__(self, path: Path, source_lang: str, changed: list[str]) -> None:
        message = (
            f"nothing to do: {path} already has every step, choice, memory item, variable "
            "and drill of the source"
        )
        if changed:
            message += (
                f"; but {', '.join(changed)} changed in {source_lang} since it was translated: "
                "check them, then record it with --mark-up-to-date"
            )
        super().__init__(message)
        self.path = path
        self.changed = changed


def _item_block(doc: Document, node: Node, indent: int) -> list[str]:
    """An item's lines with the marker comments just above it, moved to column `indent`."""
    first = node.mark.line
    while first > 1 and doc.line_text(first - 1).strip() in (TODO, FROM_MEMORY):
        first -= 1
    lines = _lines(doc, first, last_line(doc, node))
    return _reindent(lines, len(doc.indent_of(node.mark.line)), indent)


def _lines(doc: Document, first: int, last: int) -> list[str]:
    return [doc.line_text(n) + "\n" for n in range(first, last + 1)]


def _reindent(lines: list[str], old: int, new: int) -> list[str]:
    out = []
    for text in lines:
        lead = len(text) - len(text.lstrip(" "))
        out.append(text if not text.strip() else " " * max(0, lead - old + new) + text.lstrip(" "))
    return out


def _after(doc: Document, node: Node) -> int:
    return last_line(doc, node)


def _before(doc: Document, node: Node) -> int:
    """The line to insert before `node`, above the comments that belong to it."""
    line = node.mark.line
    while line > 1 and doc.line_text(line - 1).lstrip().startswith("#"):
        line -= 1
    return line


def _add_missing_keys(doc: Document, fresh: Document, edits: Edits, add: Add) -> None:
    have = {k.value for k, _ in doc.root.items}
    previous: Node | None = None
    for key, node in fresh.root.items:
        mine = value(doc.root, str(key.value))
        if key.value in have and mine is not None:
            previous = mine
            continue
        first = key.mark.line
        while first > 1 and fresh.line_text(first - 1).strip() in (TODO, FROM_MEMORY):
            first -= 1
        lines = _lines(fresh, first, last_line(fresh, node))
        if previous is not None:
            edits.insert_lines_after(_after(doc, previous), lines)
        else:
            edits.insert_lines_before(_before(doc, doc.root.items[0][0]), lines)
        add(f"key {key.value!r}", lines)


def _item_key(node: Node, key: str) -> str | None:
    return text_of(node, key)


def _insert_items(
    doc: Document,
    fresh: Document,
    edits: Edits,
    mine: Sequence[Node],
    theirs: Sequence[Node],
    matches: list[int | None],
) -> list[tuple[int, list[str]]]:
    """Insert each source item whose match is None; return (index, lines) of each one."""
    inserted: list[tuple[int, list[str]]] = []
    if not mine:
        return inserted
    indent = len(doc.indent_of(mine[0].mark.line))
    for i, match in enumerate(matches):
        if match is not None:
            continue
        lines = _item_block(fresh, theirs[i], indent)
        before = next((m for m in reversed(matches[:i]) if m is not None), None)
        if before is not None:
            edits.insert_lines_after(_after(doc, mine[before]), lines)
        else:
            following = next((m for m in matches[i:] if m is not None), 0)
            edits.insert_lines_before(_before(doc, mine[following]), lines)
        inserted.append((i, lines))
    return inserted


def _add_missing_items(
    doc: Document, fresh: Document, edits: Edits, add: Add, kind: str, key: str
) -> None:
    mine, theirs = items(doc.root, kind), items(fresh.root, kind)
    index = {_item_key(n, key): i for i, n in enumerate(mine)}
    matches = [index.get(_item_key(n, key)) for n in theirs]
    names = {"variables": "variable", "steps": "step", "drills": "drill"}
    for i, lines in _insert_items(doc, fresh, edits, mine, theirs, matches):
        add(f"{names[kind]} {_item_key(theirs[i], key)!r}", lines)


def _add_missing_memory(doc: Document, fresh: Document, edits: Edits, add: Add) -> None:
    mine, theirs = items(doc.root, "memory"), items(fresh.root, "memory")
    matches: list[int | None] = [i if i < len(mine) else None for i in range(len(theirs))]
    for i, lines in _insert_items(doc, fresh, edits, mine, theirs, matches):
        add(f"memory item {i + 1}", lines)


def _target(node: Node) -> tuple[str, str | None]:
    goto = text_of(node, "goto")
    return ("goto", goto) if goto is not None else ("outcome", text_of(node, "outcome"))


def _add_missing_choices(doc: Document, fresh: Document, edits: Edits, add: Add) -> None:
    fresh_steps = {text_of(n, "id"): n for n in items(fresh.root, "steps")}
    for step in items(doc.root, "steps"):
        sid = text_of(step, "id")
        source_step = fresh_steps.get(sid)
        if source_step is None:
            continue
        mine, theirs = items(step, "choices"), items(source_step, "choices")
        index = {_target(n): i for i, n in enumerate(mine)}
        matches = [index.get(_target(n)) for n in theirs]
        for i, lines in _insert_items(doc, fresh, edits, mine, theirs, matches):
            add(f"choice {i + 1} of step {sid!r}", lines)
