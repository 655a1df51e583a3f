"""Opening the journal the settings describe: the local file, with retention applied
and, when a team journal is configured, every write queued for the team server.

A command that opened a team-replicated journal gets one bounded attempt, at its
end, to send what it recorded (`drain_opened`): the action was acknowledged long
before, when it was committed locally; a server that is away only leaves it in
the outbox for the next time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from typing import TYPE_CHECKING

from livecheck.journal.integrity import JournalDiskFull, JournalReadOnly
from livecheck.journal.pending import pending_files, reserve_space
from livecheck.journal.store import Journal, JournalError, JournalWriteError

# The run service (with the playbook loader, ruamel and the lint rules), recovery and
# the team journal are imported only when there is something for them to do: the app
# opens the journal right after its first frame, for its home lists.
if TYPE_CHECKING:
    from collections.abc import Callable

    from livecheck.services.settings import Settings

EXIT_DRAIN_S = 2.0
_opened: dict[str, Settings] = {}  # journal path -> the settings it was opened with


def open_journal(
    settings: Settings, *, reading: bool = False, say: Callable[[str], None] | None = None
) -> Journal:
    """The local journal, after applying `retention_days` from the config, if set.
    Raises JournalError with a message fit for the user.

    `reading`: the command only reads (runs, summary, log export, report): when
    the journal cannot be written (read-only folder or file, full disk), it is
    opened read-only instead, and the retention purge waits for the next writer.
    `say`: where to tell what replaying recovery files did (default: standard error)."""
    path = settings.paths.journal_path
    try:
        journal = Journal.open(path, replicate=settings.team is not None)
    except (JournalReadOnly, JournalDiskFull):
        if not reading or not path.exists():
            raise
        return Journal.open_read_only(path)
    if not reading:  # actions a full disk kept out of the journal last time
        reserve_space(path)
        _replay(journal, settings, say)
    if settings.retention_days is not None:
        try:
            journal.purge_older_than(
                dt.datetime.now(dt.UTC) - dt.timedelta(days=settings.retention_days)
            )
        except JournalWriteError as exc:
            if not reading:
                raise
            print(f"livecheck: warning: old runs were not purged: {exc}", file=sys.stderr)
    if settings.team is not None:
        _opened[str(settings.paths.journal_path)] = settings
    return journal


def _replay(journal: Journal, settings: Settings, say: Callable[[str], None] | None) -> None:
    """Write what recovery files kept (if there are any) to the journal."""
    if not pending_files(journal.path):
        return
    from livecheck.services.recovery import replay_pending
    from livecheck.services.runs import RunService

    for line in replay_pending(RunService(journal, settings.operator)).lines():
        if say is None:
            print(f"livecheck: {line}", file=sys.stderr)
        else:
            say(line)


def drain_opened(budget_s: float = EXIT_DRAIN_S) -> list[str]:
    """Send what the journals opened by this command recorded; the lines to tell the
    user (the offline line when something is still waiting)."""
    import functools
    import time

    from livecheck.journal.team.replicator import Replicator
    from livecheck.journal.team.server import TeamServer
    from livecheck.present.team import offline_line

    lines = []
    while _opened:
        _, settings = _opened.popitem()
        assert settings.team is not None
        try:
            journal = Journal.open(settings.paths.journal_path, replicate=True)
        except JournalError:
            continue
        with contextlib.closing(journal):
            if journal.outbox_size() == 0:
                continue
            replicator = Replicator(
                journal, functools.partial(TeamServer, settings.team.url), settings.operator
            )
            replicator.drain(time.monotonic() + budget_s)
            replicator.stop()
            status = replicator.status()
            line = offline_line(status)
            if line:
                lines.append(f"{line} ({status.reason})" if status.reason else line)
    return lines
