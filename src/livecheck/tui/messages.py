"""Messages of the TUI: the app posts them, screens handle them with @on.

Kept apart from the app so screens need not import the app to react to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # annotations only: the app's first frame needs neither module
    from livecheck.journal.late_store import RunTaken
    from livecheck.journal.team.replicator import TeamStatus
    from livecheck.search.index import RefreshReport


class IndexProgress(Message, bubble=False):
    """The index is being built: `done` of `total` files."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class IndexUpdated(Message, bubble=False):
    """The index changed (first build, or playbook files changed on disk)."""

    def __init__(self, report: RefreshReport) -> None:
        super().__init__()
        self.report = report


def copy_message(message: Message) -> Message:
    """A fresh copy of an index message, to post to each screen."""
    if isinstance(message, IndexProgress):
        return IndexProgress(message.done, message.total)
    assert isinstance(message, IndexUpdated)
    return IndexUpdated(message.report)


class TeamStatusChanged(Message, bubble=False):
    """The team journal went away or came back."""

    def __init__(self, status: TeamStatus) -> None:
        super().__init__()
        self.status = status


class RunTakenAway(Message, bubble=False):
    """The team server says someone else took over a run of this machine."""

    def __init__(self, taken: RunTaken) -> None:
        super().__init__()
        self.taken = taken


class LateActionsArrived(Message, bubble=False):
    """Late actions of a run held here reached this machine (`n` new ones)."""

    def __init__(self, run_id: str, n: int) -> None:
        super().__init__()
        self.run_id = run_id
        self.n = n
