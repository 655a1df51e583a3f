"""The livecheck app: screens over the core's Workspace (search, library, runs).

This module owns the app's start-up (the search screen, a drill asked for on the
command line, then the library and the team journal once the first frame is drawn),
its keys and its own words. The rest is in one module per reason to change:
- livecheck.tui.library: the index refresh worker and its messages to the screens;
- livecheck.tui.team: the team journal's replication and "away" banner;
- livecheck.tui.navigation: opening playbooks, runs, drills and figures;
- livecheck.tui.quitting: quitting with actions not saved;
- livecheck.tui.system_commands: the palette, the language switch and help.

The first frame needs Textual, these modules and the search screen only: the
journal, the index (Whoosh), the thesaurus, drills and reports are imported on
first use or, for the index, by a worker started once the first frame is drawn.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType

from livecheck.i18n import N_, _
from livecheck.tui.library import LibraryIndexing
from livecheck.tui.navigation import Navigation
from livecheck.tui.quitting import QuitKeepingUnsaved
from livecheck.tui.system_commands import SystemCommands
from livecheck.tui.team import TeamSharing

if TYPE_CHECKING:
    from livecheck.search.titles import TitleIndex
    from livecheck.services.drills import DrillRequest
    from livecheck.services.workspace import Workspace
    from livecheck.tui.context import LivecheckHost

LIBRARY_RECHECK_SECONDS = 2.0


class LivecheckApp(LibraryIndexing, TeamSharing, Navigation, QuitKeepingUnsaved, SystemCommands):
    CSS_PATH = "app.tcss"
    TITLE = "livecheck"
    SUB_TITLE = N_("LIVE creator-ops playbooks")  # translated in on_mount and relabel
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f1,question_mark",
            "help",
            N_("Help"),
            id="app.help",
            tooltip=N_("Show every key (F1 works everywhere, ? where nothing is being typed)"),
        ),
        Binding(
            "ctrl+q",
            "quit",
            N_("Quit"),
            id="app.quit",
            tooltip=N_("Quit; unfinished runs are kept"),
        ),
    ]

    def __init__(
        self,
        workspace: Workspace,
        *,
        keymap: Mapping[str, str] | None = None,
        drill: DrillRequest | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self._drill_request = drill
        self._config_keymap = dict(keymap or {})
        self.index_ready = False
        self._files_checked = False  # the first refresh since launch has not ended
        self.broken_files = 0  # playbook files left out of the index for their errors
        self._refreshing = threading.Lock()  # one index refresh at a time
        self._quit_confirmed = False  # ctrl+q pressed once with actions not saved
        # Filled while a first build reads the library, so titles can be searched
        # meanwhile (made by the first refresh: it needs the search modules).
        self.titles: TitleIndex | None = None
        self._team_banner = ""  # the team journal's "away" line, while it is away

    @property
    def keymap(self) -> Mapping[str, str]:
        """The keys remapped by the config's [keymap], by binding id."""
        return dict(self._config_keymap)

    def on_mount(self) -> None:
        from livecheck.tui.screens.search import SearchScreen

        if self._config_keymap:
            self.set_keymap(self._config_keymap)
        self.sub_title = _(self.SUB_TITLE)
        self.push_screen(SearchScreen())
        if self._drill_request is not None:
            self.start_drill(self._drill_request)
        # Once the first frame is on screen: importing and opening the index in a
        # worker meanwhile would compete with drawing it.
        self.call_after_refresh(self._start_library)

    def _start_library(self) -> None:
        self.refresh_library()
        self.set_interval(LIBRARY_RECHECK_SECONDS, self.refresh_library)
        self.share_with_the_team()

    def relabel(self) -> None:
        """The app's own words, after a language switch."""
        self.sub_title = self._team_banner or _(self.SUB_TITLE)


if TYPE_CHECKING:
    _screens_see_the_app_as: type[LivecheckHost] = LivecheckApp  # mypy checks it is one
