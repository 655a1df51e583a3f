"""A text field that never takes terminal control characters from a paste, and the
keys that move between the fields of a form."""

from __future__ import annotations

import re

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Input

from livecheck.i18n import N_
from livecheck.safety.text import strip_control

# Whole escape sequences first (CSI such as ESC [ 3 1 m, OSC up to BEL or ST), then
# any control character left: a paste of coloured terminal output gives its text.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x9b[0-?]*[ -/]*[@-~]"
)


def clean_paste(text: str) -> str:
    """The first line of `text`, without escape sequences nor control characters."""
    lines = text.splitlines()
    first = lines[0] if lines else ""
    return strip_control(_ESCAPES.sub("", first)).replace("\t", " ")


class TextField(Input):
    """An Input whose pasted text is cleaned of terminal control characters, and
    whose keystrokes do not lay the whole screen out again."""

    def _watch_value(self, value: str) -> None:
        # Input sets its virtual size (a reactive that lays the whole screen out) to
        # the text's width at every keystroke: 15 ms of the app's thread per key
        # with the search screen's results, while that key's search waited to start.
        # An Input scrolls itself and has no scrollbars: the size is only read by its
        # own scrolling, so it is set quietly (a width set by content, `width: auto`,
        # is still laid out by Input itself).
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # not Input's own handler too: it would paste the raw text
        text = clean_paste(event.text)
        if text:
            selection = self.selection
            if selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *selection)
        event.stop()


def field_keys(screen: str) -> tuple[Binding, Binding]:
    """Tab and shift+tab between a form's fields (ids `{screen}.next`, `{screen}.previous`).

    Priority bindings act when the key arrives, before the next key is handed to a
    widget: text typed quickly after Tab lands in the field Tab moved to."""
    return (
        Binding(
            "tab",
            "app.focus_next",
            show=False,
            priority=True,
            id=f"{screen}.next",
            tooltip=N_("Next field"),
        ),
        Binding(
            "shift+tab",
            "app.focus_previous",
            show=False,
            priority=True,
            id=f"{screen}.previous",
            tooltip=N_("Previous field"),
        ),
    )
