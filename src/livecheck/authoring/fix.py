"""`livecheck lint --fix`: the safe mechanical fixes, made in ruamel.yaml's round-trip mode.

Fixed: a missing `lang` taken from the file name (`<id>.<lang>.yaml`), a misspelt
key when exactly one key of the format is close to it and not already there, and
the indentation (two spaces for mappings, list dashes indented by two). Keys keep
their order and comments stay where they are. A fix is kept only if the file then
holds exactly the data it held, with the fixes applied: anything else is refused.
"""

from __future__ import annotations

import difflib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from livecheck.authoring import files
from livecheck.authoring.document import Document
from livecheck.authoring.errors import AuthoringError
from livecheck.playbook.library import find_playbook_files
from livecheck.playbook.spec import LANG, SPECS, MappingSpec
from livecheck.playbook.yaml_reader import MapNode, Node, ScalarNode, SeqNode, parse_yaml

CUTOFF = 60  # the same closeness lint uses to suggest a key

_CHILDREN = {  # a list of mappings inside a mapping, and the spec of its items
    "playbook": {"variables": "variable", "steps": "step", "drills": "drill"},
    "step": {"choices": "choice"},
}


@dataclass(slots=True)
class FileFix:
    path: Path
    before: str
    after: str
    changes: list[str] = field(default_factory=list)
    refused: str | None = None

    @property
    def changed(self) -> bool:
        return self.refused is None and self.after != self.before

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                str(self.path),
                f"{self.path} (fixed)",
            )
        )


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap a line
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def fix_text(text: str, path: Path) -> FileFix:
    result = FileFix(path, text, text)
    try:
        Document.parse(text, path)  # refuses aliases, tags, duplicate keys... first
    except AuthoringError as exc:
        result.refused = str(exc)
        return result
    data = _yaml().load(text)
    if not isinstance(data, CommentedMap):
        return result
    if _dump(data, text) != text:
        result.changes.append("indentation")
    _fix_lang(data, path, result.changes)
    _fix_keys(data, SPECS["playbook"], "", result.changes)
    after = _dump(data, text)
    if _plain(after) != _plain_fixed(text, result.changes):
        result.refused = "a fix would change more than the mechanical fixes; left as it is"
        return result
    result.after = after
    return result


def _dump(data: CommentedMap, like: str) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    text = out.getvalue()
    return text.replace("\n", "\r\n") if "\r\n" in like else text


def _fix_lang(data: CommentedMap, path: Path, changes: list[str]) -> None:
    if "lang" in data:
        return
    parts = path.name.split(".")
    if len(parts) == 3 and LANG.fullmatch(parts[1]):
        where = list(data).index("id") + 1 if "id" in data else 0
        data.insert(where, "lang", parts[1])
        changes.append(f"lang: {parts[1]} (from the file name)")


def _unambiguous(key: str, spec: MappingSpec, present: set[str]) -> str | None:
    free = [n for n in spec.names if n not in present]
    found = process.extract(key, free, scorer=fuzz.ratio, score_cutoff=CUTOFF, limit=None)
    return found[0][0] if len(found) == 1 else None


def _fix_keys(node: CommentedMap, spec: MappingSpec, at: str, changes: list[str]) -> None:
    for key in list(node):
        if not isinstance(key, str) or spec.field(key) is not None:
            continue
        new = _unambiguous(key, spec, {k for k in node if isinstance(k, str)})
        if new is None:
            continue
        position = list(node).index(key)
        comment = node.ca.items.pop(key, None)
        value = node.pop(key)
        node.insert(position, new, value)
        if comment is not None:
            node.ca.items[new] = comment
        changes.append(f"{at}{key} -> {new}")
    for name, child in _CHILDREN.get(spec.name, {}).items():
        seq = node.get(name)
        if isinstance(seq, CommentedSeq):
            for i, item in enumerate(seq):
                if isinstance(item, CommentedMap):
                    _fix_keys(item, SPECS[child], f"{at}{name}[{i}].", changes)


# -- the guard: the data after the fixes is the data before, fixed -------------------------


def _to_plain(node: Node | None) -> Any:
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, SeqNode):
        return [_to_plain(i) for i in node.items]
    if isinstance(node, MapNode):
        return [(k.value, _to_plain(v)) for k, v in node.items]
    return None


def _plain(text: str) -> Any:
    root, issues = parse_yaml(text)
    return None if issues else _to_plain(root)


def _plain_fixed(text: str, changes: list[str]) -> Any:
    """What `text` holds once the recorded changes are applied to its plain data."""
    data = _plain(text)
    for change in changes:
        if change.startswith("lang: "):
            lang = change.split()[1]
            keys = [k for k, _ in data]
            data.insert(keys.index("id") + 1 if "id" in keys else 0, ("lang", lang))
        elif " -> " in change:
            where, new = change.split(" -> ")
            *parents, old = where.split(".")
            target = data
            for part in parents:
                name, index = part[:-1].split("[")
                target = dict(target)[name][int(index)]
            i = [k for k, _ in target].index(old)
            target[i] = (new, target[i][1])
    return data


def fix_paths(paths: Sequence[Path], *, write: bool) -> list[FileFix]:
    """Fix (or with write=False, only work out) every playbook file below `paths`."""
    results = []
    for f in find_playbook_files(paths):
        try:
            doc = Document.read(f.path)
        except AuthoringError as exc:
            results.append(FileFix(f.path, "", "", refused=str(exc)))
            continue
        result = fix_text(doc.text, f.path)
        if write and result.changed:
            files.rewrite(f.path, result.after)
        results.append(result)
    return results
