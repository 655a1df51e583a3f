"""The one typed way for screens and widgets to reach the app's workspace and
navigation: `livecheck_app(self.app)` and `workspace_of(self.app)`.

Textual types `self.app` as a plain App; these check it is the LivecheckApp
(imported when first called, so screens do not import the app module at load)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from livecheck.services.workspace import Workspace
    from livecheck.tui.app import LivecheckApp


def livecheck_app(app: App[Any]) -> LivecheckApp:
    from livecheck.tui.app import LivecheckApp

    if not isinstance(app, LivecheckApp):
        raise TypeError(f"livecheck screens run in a LivecheckApp, not {type(app).__name__}")
    return app


def workspace_of(app: App[Any]) -> Workspace:
    return livecheck_app(app).workspace
