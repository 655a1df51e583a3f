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


class TranslatedBindings:
    """Mixed into every livecheck screen: the footer shows the keys' words in the
    interface language of the moment."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        shown: dict[str, ActiveBinding] = super().active_bindings  # type: ignore[misc]
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
    new = lang or other_language()
    set_language(new)
    relabel_app = getattr(app, "relabel", None)
    if callable(relabel_app):
        relabel_app()
    for screen in list(app.screen_stack):
        relabel = getattr(screen, "relabel", None)
        if callable(relabel):
            result = relabel()
            if hasattr(result, "__await__"):
                await result
        screen.refresh_bindings()
    return new
