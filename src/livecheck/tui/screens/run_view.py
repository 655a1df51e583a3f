"""What the walkthrough's helper modules use of the run screen, as a protocol.

The dialog flows (`walkthrough_flows.py`), the message to send (`walkthrough_copy.py`)
and unsaved actions (`walkthrough_saving.py`) are handed the run screen and never
import its module: `WalkthroughScreen` imports them, and mypy checks it is a
`RunView` (at the end of `walkthrough.py`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from textual.widget import Widget

from livecheck.tui.context import OnScreen

if TYPE_CHECKING:
    from livecheck.playbook.model import Step
    from livecheck.runs.engine import Walkthrough
    from livecheck.runs.events import Event
    from livecheck.services.runs import ActiveRun

W = TypeVar("W", bound=Widget)


class RunView(OnScreen, Protocol):
    """The run screen, as its helper modules see it."""

    run: ActiveRun

    @property
    def walkthrough(self) -> Walkthrough: ...

    def query_one(self, selector: str, expect_type: type[W]) -> W: ...

    def step_at_hand(self) -> Step | None: ...

    def refresh_view(self) -> None: ...

    def act(self, plan: Callable[[Walkthrough], Event]) -> bool: ...

    def refused(self, plan: Callable[[Walkthrough], Event]) -> bool: ...

    def can_go_back(self) -> bool: ...

    def stop_clock(self) -> None: ...

    def back_to_search(self) -> None: ...

    def action_save_as_new(self) -> None: ...
