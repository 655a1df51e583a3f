"""Textual's own command palette, system commands and theme picker as livecheck
keeps them (in the interface language), the live language switch, and help (the
"Keys" entry, F1)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual.app import App, SystemCommand
from textual.screen import Screen

from livecheck.i18n import _

if TYPE_CHECKING:
    from textual.command import Provider


def language_command_title() -> str:
    """The palette entry that switches the interface language, in the current one."""
    from livecheck.i18n import interface_language

    if interface_language() == "fr":
        return _("Switch the interface to English")
    return _("Switch the interface to French")


def _palette_commands() -> type[Provider]:
    """The command palette's provider, imported when the palette first opens."""
    from livecheck.tui.commands import LivecheckCommands

    return LivecheckCommands


class SystemCommands(App[None]):
    """The palette, language and help of LivecheckApp."""

    COMMANDS: ClassVar = App.COMMANDS | {_palette_commands}

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own palette entries, keeping those that work here: "Keys" opens
        this app's help (Textual's key panel would not close with Esc) and there is
        no "Screenshot" (it fails without a writable screenshot folder)."""
        yield SystemCommand(_("Keys"), _("Show every key of every screen (F1)"), self.action_help)
        yield SystemCommand(
            language_command_title(),
            _("Only the words change: every screen keeps its state"),
            self.action_switch_ui_language,
        )
        yield SystemCommand(_("Theme"), _("Change the colours"), self.action_change_theme)
        yield SystemCommand(_("Quit"), _("Quit; unfinished runs are kept"), self.action_quit)

    def action_command_palette(self) -> None:
        """Textual's palette, its search box in the interface language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(cast(App[object], self)):
            self.push_screen(
                CommandPalette(placeholder=_("Search for commands…"), id="--command-palette")
            )

    def search_themes(self) -> None:
        """Textual's theme picker, its search box in the interface language."""
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=_("Search for themes…"))
        )

    async def action_switch_ui_language(self) -> None:
        """French <-> English, live: every open screen re-renders its words."""
        from livecheck.tui.language import switch_language

        await switch_language(self)
        self.notify(_("The interface is now in English."), markup=False)

    def action_help(self) -> None:
        from livecheck.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
