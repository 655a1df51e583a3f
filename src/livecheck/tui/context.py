"""The one typed way for screens and widgets to reach the app's workspace and
navigation: `livecheck_app(self.app)` and `workspace_of(self.app)`.

Textual types `self.app` as a plain App. Screens see the app through `LivecheckHost`,
what they may read and ask of it, so they never import the app module (the app
imports its screens; `tui/app.py` checks that it is a `LivecheckHost`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual.app import App

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from livecheck.playbook.model import Playbook
    from livecheck.search.titles import TitleIndex
    from livecheck.services.drills import DrillRequest, DrillService
    from livecheck.services.workspace import Workspace


@runtime_checkable
class LivecheckHost(Protocol):
    """What screens read of the app, and the navigation they ask it for."""

    workspace: Workspace
    index_ready: bool  # the first index build is done: searches go to the index
    titles: TitleIndex | None  # while the first build reads the library: titles found so far
    broken_files: int  # playbook files left out of the index for their errors

    @property
    def keymap(self) -> Mapping[str, str]: ...

    def relabel(self) -> None: ...

    def open_playbook(self, path: str | Path) -> None: ...

    def open_stats(self) -> None: ...

    def start_run(self, playbook: Playbook) -> None: ...

    def resume_run(self, run_id: str) -> None: ...

    def take_run(self, run_id: str) -> None: ...

    def start_drill(self, request: DrillRequest | None = None) -> None: ...

    def continue_drills(self, service: DrillService) -> None: ...


class OnScreen(Protocol):
    """Something shown in the app that can tell the user something: a screen, as
    the helpers that act for one see it."""

    @property
    def app(self) -> App[Any]: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...


def livecheck_app(app: App[Any]) -> LivecheckHost:
    if not isinstance(app, LivecheckHost):
        raise TypeError(f"livecheck screens run in a LivecheckApp, not {type(app).__name__}")
    return app


def workspace_of(app: App[Any]) -> Workspace:
    return livecheck_app(app).workspace
