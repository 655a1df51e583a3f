"""A run purged from the journal while it is open: the service says so and can
journal it again, as a new run, with every action (saved or only in memory)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from livecheck.journal.store import Journal
from livecheck.runs.events import EventKind
from livecheck.services.runs import NotSaved, RunService

from .conftest import playbook_path


def test_a_purged_run_is_saved_again_as_a_new_run(
    library: Path, journal: Journal, service: RunService
) -> None:
    run = service.start(playbook_path(library, "linear"), variables={}, case_ref="CASE-1")
    service.act(run, lambda w: w.done())
    assert not service.is_gone(run)
    journal.purge_older_than(dt.datetime.now(dt.UTC) + dt.timedelta(days=1), include_open=True)
    assert service.is_gone(run)
    with pytest.raises(NotSaved):
        service.act(run, lambda w: w.note("typed after the purge"))
    assert run.unsaved  # kept in memory, nothing lost

    saved = service.save_as_new(run)
    assert saved.id != run.id and not saved.unsaved
    assert not service.is_gone(saved)
    kinds = [e.kind for e in journal.events(saved.id)]
    assert kinds == [EventKind.STARTED, EventKind.DONE, EventKind.NOTE]
    record = journal.run(saved.id)
    assert record is not None
    assert record.case_ref == "CASE-1" and record.current_step == "second"
    service.act(saved, lambda w: w.done())  # and it goes on as usual
    assert journal.run(saved.id).current_step == "third"  # type: ignore[union-attr]
