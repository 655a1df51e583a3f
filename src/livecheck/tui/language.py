"""The interface language in the app: the words of the keys translated where they are
shown, and the live switch between French and English.

Bindings are class attributes, built when their module is imported, while the
language is chosen at run time (and can change while the app runs). So their
descriptions and tooltips are written in English (the msgids, marked for the
catalogue by `_` calls the extractor reads through `N_`) and translated where they are
shown: the footer reads `Screen.active_bindings`, which `TranslatedBindings`
overrides; the help screen calls `translated_binding`. A `{key}` in a description
or tooltip is the binding's key ("Choice {key}" for 1 to 9).

The switch (`switch_language`) sets the language, then asks every screen of the
stack to `relabel()` itself: each one re-renders its words from the state it
keeps (the text typed in a form, the step of a run, the search and its results);
nothing is closed or reopened.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from textual.binding import ActiveBinding, Binding
from textual.screen import Screen

from livecheck.i18n import N_, _, interface_language, set_language

if TYPE_CHECKING:
    from textual.app import App

# Textual's own bindings shown in the footer (the command palette's key).
TEXTUAL_WORDS = (N_("palette"), N_("Open the command palette"))


def tr(text: str, key: str = "") -> str:
    """`text` (an English msgid, or empty) in the interface language."""
    if not text:
        return ""
    translated = _(text)
    return translated.replace("{key}", key) if "{key}" in translated else translated


def translated_binding(binding: Binding) -> Binding:
    """`binding` with its description and tooltip in the interface language."""
    return dataclasses.replace(
        binding,
        description=tr(binding.description, binding.key),
        tooltip=tr(binding.tooltip, binding.key),
    )


class TranslatedBindings(Screen[Any]):
    """Mixed into every livecheck screen: the footer shows the keys' words in the
    interface language of the moment, and `relabel` re-renders the screen's words
    after a switch (nothing by default: a dialog's words were given by its caller)."""

    async def relabel(self) -> None:
        """Show the screen's words again in the interface language, keeping its state."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        shown = super().active_bindings
        return {
            key: ActiveBinding(
                active.node,
                translated_binding(active.binding),
                active.enabled,
                tr(active.tooltip, active.binding.key),
            )
            for key, active in shown.items()
        }


def other_language() -> str:
    """The language the switch goes to: French from English, English from French."""
    return "en" if interface_language() == "fr" else "fr"


async def switch_language(app: App[Any], lang: str | None = None) -> str:
    """Switch the interface to `lang` (by default the other one) and re-render the
    words of every screen open, keeping their state. Returns the new language."""
    from livecheck.tui.context import livecheck_app

    new = lang or other_language()
    set_language(new)
    livecheck_app(app).relabel()
    for screen in list(app.screen_stack):
        if isinstance(screen, TranslatedBindings):
            await screen.relabel()
        screen.refresh_bindings()
    return new
