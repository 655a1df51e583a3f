"""Where authoring finds playbook files (also those with errors) and where it writes."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import process

from livecheck.authoring.document import Document, text_of
from livecheck.authoring.errors import AuthoringError
from livecheck.i18n import _
from livecheck.playbook.library import find_playbook_files


@dataclass(frozen=True, slots=True)
class FoundFile:
    path: Path
    root: Path | None
    id: str
    lang: str
    category: str | None


def scan(roots: Sequence[Path]) -> list[FoundFile]:
    """Every playbook file below `roots` with an id and a lang, whether it lints or not
    (a file whose YAML cannot be read is taken by its name, `<id>.<lang>.yaml`)."""
    found: list[FoundFile] = []
    for f in find_playbook_files(roots):
        try:
            doc = Document.read(f.path)
        except AuthoringError:  # unreadable YAML: known by its name, refused when used
            parts = f.path.name.split(".")
            if len(parts) == 3:
                found.append(FoundFile(f.path, f.root, parts[0], parts[1], f.path.parent.name))
            continue
        pid, lang = text_of(doc.root, "id"), text_of(doc.root, "lang")
        if pid and lang:
            found.append(FoundFile(f.path, f.root, pid, lang, text_of(doc.root, "category")))
    return found


def find(files: Sequence[FoundFile], playbook_id: str, lang: str) -> FoundFile | None:
    return next((f for f in files if f.id == playbook_id and f.lang == lang), None)


def no_such_id(files: Sequence[FoundFile], playbook_id: str) -> AuthoringError:
    ids = sorted({f.id for f in files})
    close = [m[0] for m in process.extract(playbook_id, ids, limit=3, score_cutoff=50)]
    hint = f"; did you mean {', '.join(close)}?" if close else "; `livecheck list` shows every id"
    return AuthoringError(f"no playbook with id {playbook_id!r}{hint}")


def recommended_path(root: Path, category: str, playbook_id: str, lang: str) -> Path:
    return root / category / f"{playbook_id}.{lang}.yaml"


def writable(folder: Path) -> bool:
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    # No write bit for anyone means read-only, even for root (whom access() lets through).
    return (
        folder.is_dir()
        and os.access(folder, os.W_OK | os.X_OK)
        and bool(folder.stat().st_mode & 0o222)
    )


def first_writable_root(roots: Sequence[Path]) -> Path:
    for root in roots:
        if writable(root):
            return root
    shown = ", ".join(str(r) for r in roots)
    raise AuthoringError(
        _(
            "no playbook folder is writable ({folders}); name a writable one with --playbooks "
            "or give --output"
        ).format(folders=shown)
    )


def check_target(path: Path, roots: Sequence[Path], *, explicit: bool) -> None:
    """Refuse to overwrite, to write outside the roots unless asked, or into a read-only folder."""
    if path.exists() or path.is_symlink():
        raise AuthoringError(
            _("{path} already exists; livecheck never overwrites a file").format(path=path)
        )
    if not explicit and not any(_below(path, r) for r in roots):
        raise AuthoringError(
            _(
                "{path} is outside the playbook folders ({folders}); "
                "give --output to write it there anyway"
            ).format(path=path, folders=", ".join(str(r) for r in roots))
        )
    if not writable(path.parent):
        raise AuthoringError(
            _("cannot write {path}: {folder} is read-only").format(
                path=path, folder=_nearest(path.parent)
            )
        )


def _below(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _nearest(folder: Path) -> Path:
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


def write_new(path: Path, text: str) -> None:
    """Create `path` with `text`; never replaces a file that appeared meanwhile."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="") as fh:
            fh.write(text)
    except FileExistsError:
        raise AuthoringError(
            _("{path} already exists; livecheck never overwrites a file").format(path=path)
        ) from None
    except OSError as exc:
        raise AuthoringError(
            _("cannot write {path}: {error}").format(path=path, error=exc.strerror or exc)
        ) from None


def rewrite(path: Path, text: str) -> None:
    """Replace `path`'s content atomically (same folder, then rename), keeping its mode."""
    tmp = path.with_name(f".{path.name}.livecheck-tmp")
    try:
        mode = path.stat().st_mode & 0o777
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise AuthoringError(
            _("cannot write {path}: {error}").format(path=path, error=exc.strerror or exc)
        ) from None
