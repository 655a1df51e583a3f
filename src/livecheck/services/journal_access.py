"""Opening the journal the settings describe: the local file, with retention applied
and, when a team journal is configured, every write queued for the team server."""

from __future__ import annotations

import datetime as dt

from livecheck.journal.store import Journal
from livecheck.services.settings import Settings


def open_journal(settings: Settings) -> Journal:
    """The local journal, after applying `retention_days` from the config, if set.
    Raises JournalError with a message fit for the user."""
    journal = Journal.open(settings.paths.journal_path, replicate=settings.team is not None)
    if settings.retention_days is not None:
        journal.purge_older_than(
            dt.datetime.now(dt.UTC) - dt.timedelta(days=settings.retention_days)
        )
    return journal
