"""`livecheck new`: a commented skeleton, or the structure of an existing playbook.

What is written lints with only "fill this in" problems: empty required text
(`empty`), the empty `reviewed` date (`date`) and the unchosen `severity` (`enum`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from livecheck.authoring import files
from livecheck.authoring.document import (
    Document,
    Edits,
    entry,
    items,
    last_line,
    span,
    value,
    yaml_scalar,
)
from livecheck.authoring.errors import AuthoringError
from livecheck.i18n import _
from livecheck.playbook.spec import CATEGORIES, LANG, MAX_ID_LENGTH, SLUG
from livecheck.playbook.yaml_reader import ScalarNode

FILL_IN_CODES = frozenset({"empty", "date", "enum"})

_SKELETON = """\
# A new livecheck playbook. Fill in every "" (and `reviewed`), then check it:
#   livecheck lint {path}
# Every key is explained in docs/playbook-format.md; `livecheck schema` gives editors completion.
id: {id}
lang: {lang}
# One line, at most 120 characters.
title: {title}
# One to three sentences, shown in search results.
summary: ""
# When this playbook applies: "Use when ...".
when: ""
category: {category}
# low, medium, high or critical.
severity: ""
# The team or person who keeps it current.
owner: ""
# The date of the last review, YYYY-MM-DD.
reviewed:
# Words people type: synonyms, slang, abbreviations, the other language's words.
keywords: []
# Facts asked once at the start of a run, used as {{name}} in templates:
# variables:
#   - {{name: creator_handle, prompt: Creator handle, required: true}}
# At most 5 short lines kept in view during the run (what to do or never do right away):
# memory:
#   - ""
steps:
  # One imperative line per step. Optional: detail (Markdown), template (a message to copy),
  # irreversible: true, pause: true, and at most one of choices, goto, outcome.
  - id: first-step
    title: ""
"""

# Text an author writes; `--from` empties these and keeps everything else.
_TEXT_KEYS = {
    "": ("title", "summary", "when", "owner"),
    "variables": ("prompt", "example"),
    "steps": ("title", "detail", "template"),
}


@dataclass(frozen=True, slots=True)
class NewRequest:
    id: str
    category: str
    lang: str = "en"
    title: str | None = None
    from_id: str | None = None
    output: Path | None = None


def create(request: NewRequest, roots: Sequence[Path]) -> Path:
    """Write the new playbook and return its path. Raises AuthoringError."""
    _check(request)
    found = files.scan(roots)
    if any(f.id == request.id for f in found):
        langs = ", ".join(sorted(f.lang for f in found if f.id == request.id))
        raise AuthoringError(
            _(
                "a playbook with id {id} already exists ({langs}); "
                "to add a language use `livecheck translate`"
            ).format(id=repr(request.id), langs=langs)
        )
    if request.output is not None:
        path = request.output
    else:
        root = files.first_writable_root(roots)
        path = files.recommended_path(root, request.category, request.id, request.lang)
    files.check_target(path, roots, explicit=request.output is not None)
    if request.from_id is None:
        text = _SKELETON.format(
            path=path,
            id=request.id,
            lang=request.lang,
            title=_title(request.title),
            category=request.category,
        )
    else:
        text = _from_existing(request, found)
    files.write_new(path, text)
    return path


def _check(request: NewRequest) -> None:
    if not SLUG.fullmatch(request.id) or len(request.id) > MAX_ID_LENGTH:
        raise AuthoringError(
            _(
                "{id} is not a valid id: lower-case letters and digits joined by single "
                "hyphens, at most {n} characters"
            ).format(id=repr(request.id), n=MAX_ID_LENGTH)
        )
    if request.category not in CATEGORIES:
        raise AuthoringError(
            _("unknown category {category}; one of {categories}").format(
                category=repr(request.category), categories=", ".join(CATEGORIES)
            )
        )
    if not LANG.fullmatch(request.lang):
        raise AuthoringError(
            _("{lang} is not a two-letter language code such as en").format(lang=repr(request.lang))
        )
    if request.title is not None and (not request.title.strip() or len(request.title) > 120):
        raise AuthoringError(_("--title must be one line of 1 to 120 characters"))


def _title(title: str | None) -> str:
    return yaml_scalar(title, 0) if title else '""'


def _from_existing(request: NewRequest, found: Sequence[files.FoundFile]) -> str:
    assert request.from_id is not None
    versions = [f for f in found if f.id == request.from_id]
    if not versions:
        raise files.no_such_id(found, request.from_id)
    chosen = next((f for f in versions if f.lang == request.lang), None) or next(
        (f for f in versions if f.lang == "en"), versions[0]
    )
    doc = Document.read(chosen.path)
    edits = Edits(doc)
    root = doc.root

    def put(node: object, text: str) -> None:
        if isinstance(node, ScalarNode):
            edits.replace(*span(doc, node), text)

    put(value(root, "id"), request.id)
    put(value(root, "lang"), request.lang)
    put(value(root, "category"), request.category)
    put(value(root, "severity"), '""')
    reviewed = entry(root, "reviewed")
    if reviewed is not None:
        edits.replace(doc.offset(reviewed[0].end), span(doc, reviewed[1])[1], ":")
    for key in _TEXT_KEYS[""]:
        put(value(root, key), _title(request.title) if key == "title" else '""')
    for key in ("variables", "steps"):
        for node in items(root, key):
            for field in _TEXT_KEYS[key]:
                put(value(node, field), '""')
    for item in items(root, "memory"):
        put(item, '""')
    keywords = value(root, "keywords")
    if keywords is not None:
        edits.replace(*span(doc, keywords), "[]")
    drills = entry(root, "drills")  # scenarios belong to the other playbook
    if drills is not None:
        drills_key, drills_node = drills
        last = last_line(doc, drills_node)
        end = doc.starts[last] if last < len(doc.starts) else len(doc.text)
        edits.replace(doc.starts[drills_key.mark.line - 1], end, "")
    header = f'# A new playbook from the structure of {request.from_id} ({chosen.lang}): fill in every "".\n'
    return header + edits.apply()
