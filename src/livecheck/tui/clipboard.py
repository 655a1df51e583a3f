"""Copying a message: the text as the creator should receive it, what can be said
about the terminal's clipboard, and a private file when the terminal cannot copy.

Textual copies with OSC 52, an escape sequence the terminal may or may not act
on; nothing tells the app whether it did. What can be detected is tmux with
`set-clipboard off`, which drops the sequence: then copying is not offered as
done, and the message can be written to a file instead.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from livecheck.i18n import _
from livecheck.safety.files import ensure_private_dir

_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s")


def as_paragraphs(text: str) -> str:
    """Join the line breaks a YAML block puts mid-sentence; keep blank lines as
    paragraph breaks, and list items on their own lines."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        lines: list[str] = []
        for raw in block.splitlines():
            item = raw.strip()
            if not item:
                continue
            if lines and not _LIST_ITEM.match(raw):
                lines[-1] = f"{lines[-1]} {item}"
            else:
                lines.append(item)
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


@dataclass(frozen=True, slots=True)
class ClipboardReach:
    works: bool | None  # False: known not to reach the clipboard; None: cannot tell
    note: str


def clipboard_reach(environ: Mapping[str, str] | None = None) -> ClipboardReach:
    """What can be said about a copy sent with OSC 52 from this terminal."""
    env = os.environ if environ is None else environ
    if env.get("TMUX"):
        try:
            setting = subprocess.run(
                ["tmux", "show-options", "-gv", "set-clipboard"],
                capture_output=True,
                text=True,
                timeout=2,
                check=False,
                env=dict(env),
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            setting = ""
        if setting == "off":
            return ClipboardReach(
                False, _("tmux has set-clipboard off, so copies never reach your clipboard")
            )
        return ClipboardReach(
            None, _("sent through tmux to the terminal’s clipboard (needs OSC 52 support)")
        )
    return ClipboardReach(None, _("sent to the terminal’s clipboard (needs OSC 52 support)"))


def save_copy(text: str, folder: Path, name: str) -> Path:
    """Write `text` to `folder`/`name`.txt, readable by the owner only (0600, 0700 folder)."""
    ensure_private_dir(folder)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-") or "message"
    path = folder / f"{safe}.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text if text.endswith("\n") else text + "\n")
    os.chmod(path, 0o600)
    return path
