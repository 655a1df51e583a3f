"""Make untrusted text safe to print on a terminal.

Playbooks come from people outside the project; a stray ESC sequence in a title
could move the cursor, retitle the window or hide text, so every string that
reaches a terminal or an export goes through `strip_control` first.

Invisible formatting characters are not removed but shown: a bidi override
(U+202E) reverses what follows it on screen and hides what a text really says,
and zero-width characters make two different words look the same and push a
box's borders out of line. Each becomes a visible `<U+202E>`, so a reader sees
that something was there.
"""

from __future__ import annotations

import re

# C0 controls except \t and \n, DEL, and the C1 range (which some terminals
# treat as 8-bit CSI/OSC introducers).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BREAKING_SPACES = re.compile(r"[^\S\u00a0\u202f]+")

# Bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069), the
# marks (U+200E/F, U+061C), zero-width spaces and joiners (U+200B-200D,
# U+2060-2064), the byte order mark (U+FEFF), the Mongolian vowel separator
# (U+180E), soft hyphen (U+00AD is C1-adjacent and invisible) and the
# line/paragraph separators (U+2028/2029), which break lines in some terminals.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)


def _shown(match: re.Match[str]) -> str:
    return f"<U+{ord(match.group()):04X}>"


def strip_control(text: str) -> str:
    """Remove terminal control characters (keeping tabs and newlines) and show
    invisible formatting characters as `<U+XXXX>`."""
    return _INVISIBLE.sub(_shown, _CONTROL.sub("", text))


def one_line(text: str) -> str:
    """Collapse text onto a single line, for list views and problem messages. No-break
    spaces (U+00A0, U+202F: French typography, "75 %") are kept: they break no line."""
    return _BREAKING_SPACES.sub(" ", strip_control(text)).strip()


def printable_path(path: object) -> str:
    """A path as text that can always be printed: bytes of a file name that are
    not UTF-8 (kept by Python as lone surrogates, which no encoder accepts) are
    shown as `\\xe9`."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return one_line(text)


def is_utf8_name(name: str) -> bool:
    """False for a file name whose bytes are not UTF-8 (Python keeps them as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
