"""Make untrusted text safe to print on a terminal.

Playbooks come from people outside the project; a stray ESC sequence in a title
could move the cursor, retitle the window or hide text, so every string that
reaches a terminal or an export goes through `strip_control` first.
"""

from __future__ import annotations

import re

# C0 controls except \t and \n, DEL, and the C1 range (which some terminals
# treat as 8-bit CSI/OSC introducers).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BREAKING_SPACES = re.compile(r"[^\S\u00a0\u202f]+")


def strip_control(text: str) -> str:
    """Remove terminal control characters, keeping tabs and newlines."""
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """Collapse text onto a single line, for list views and problem messages. No-break
    spaces (U+00A0, U+202F: French typography, "75 %") are kept: they break no line."""
    return _BREAKING_SPACES.sub(" ", strip_control(text)).strip()
