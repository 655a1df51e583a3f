"""The key of an action, as a hint names it: rendered from the live keymap.

Hints such as "press d when it is done" must name the key the user has now; the
config's `[keymap]` may bind an action (by binding id) to other keys. `DEFAULT_KEYS`
lists the default key of every binding a hint names; the app's bindings use the same
ids and keys (a test holds them together).
"""

from __future__ import annotations

from collections.abc import Mapping

from livecheck.i18n import pgettext

DEFAULT_KEYS: Mapping[str, str] = {
    "walk.done": "d",
    "walk.skip": "s",
    "walk.note": "n",
    "walk.back": "b",
    "walk.copy": "c",
    "walk.escalate": "e",
    "walk.abandon": "a",
    "walk.outcome": "o",
    "walk.leave": "escape",
}


def _names() -> dict[str, str]:
    """The named keys as the keyboard labels them, in the current language."""
    return {
        "enter": pgettext("key", "Enter"),
        "escape": pgettext("key", "Esc"),
        "space": pgettext("key", "Space"),
        "tab": pgettext("key", "Tab"),
        "up": "↑",
        "down": "↓",
        "left": "←",
        "right": "→",
        "backspace": pgettext("key", "Backspace"),
        "delete": pgettext("key", "Del"),
    }


def key_name(key: str) -> str:
    """One key as a person reads it: `d`, `Enter` (`Entrée`), `ctrl+s`."""
    key = key.strip()
    return _names().get(key.lower(), key)


def key_for(binding_id: str, keymap: Mapping[str, str] | None = None) -> str:
    """The key(s) that trigger `binding_id` now (`d`, or `Enter/d` once remapped)."""
    keys = (keymap or {}).get(binding_id) or DEFAULT_KEYS.get(binding_id, "")
    names = [key_name(k) for k in keys.split(",") if k.strip()]
    return "/".join(names) if names else "?"
