"""A known journal for the report tests, filled THROUGH the run service with a
clock the test moves, so every time in it is known to the second.

The runs (all on the fixture library below; T0 = 2026-11-02 09:00 UTC):

| run | playbook | kind  | started    | what happens (minutes after its start)                  | end        |
|-----|----------|-------|------------|----------------------------------------------------------|------------|
| R1  | linear   | case  | T0         | first +2, second SKIPPED +3 "Creator offline", third +5  | resolved, 300 s |
| R2  | linear   | case  | T0 + 1 h   | first +4, second +8, third +15                           | resolved, 900 s (SLA 10 min: BREACH) |
| R3  | linear   | case  | T0 + 2 h   | first +1, abandoned +2 "duplicate ticket"                | abandoned at "second" |
| R4  | decision | case  | T0 + 3 h   | intro +1, choice "Escalate" +3                           | escalated, 180 s |
| R5  | decision | case  | T0 + 4 h   | intro +2                                                 | unfinished at "kind" |
| R6  | linear   | case  | T0 + 1 day | first +1, second SKIPPED +2 " creator offline ", third +4 | resolved, 240 s |
| D1  | drilled  | drill | T0 + 5 h   | found at rank 1 at once, only +1                         | resolved: scored 100, passed |
| D2  | drilled  | drill | T0 + 6 h   | found at rank 1, given up at once                        | abandoned: failed |
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from livecheck.drills.catalogue import drill_cards
from livecheck.journal.store import Journal
from livecheck.playbook.library import Library, load_library
from livecheck.search.log import search_record
from livecheck.services.drills import DrillService
from livecheck.services.runs import RunService

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 3)


def header(pb_id: str, category: str, owner: str, *, lang: str = "en", extra: str = "") -> str:
    return f"""\
id: {pb_id}
lang: {lang}
title: Report fixture {pb_id}
summary: A playbook written for the report tests.
when: Use when the report tests need it.
category: {category}
severity: medium
owner: {owner}
reviewed: 2026-10-01
review_every_days: 36500
{extra}"""


LINEAR_STEPS = """\
steps:
  - id: first
    title: Open the case
  - id: second
    title: Call the creator
  - id: third
    title: Reply to the creator
"""

LIBRARY = {
    "operational/linear.en.yaml": header(
        "linear", "operational", "ops-team", extra="sla_minutes: 10\n"
    )
    + LINEAR_STEPS,
    # The French version was reviewed 30 days before the English one.
    "operational/linear.fr.yaml": header(
        "linear", "operational", "ops-team", lang="fr", extra="sla_minutes: 10\n"
    ).replace("reviewed: 2026-10-01", "reviewed: 2026-09-01")
    + LINEAR_STEPS,
    "trust-safety/decision.en.yaml": header("decision", "trust-safety", "ts-team")
    + """\
steps:
  - id: intro
    title: Read the ticket
  - id: kind
    title: What kind of case is it?
    choices:
      - {label: Escalate, outcome: escalated}
      - {label: Fine, goto: wrap}
  - id: wrap
    title: Close the ticket
""",
    "campaign/drilled.en.yaml": header("drilled", "campaign", "campaign-team")
    + """\
steps:
  - id: only
    title: Do the one thing
drills:
  - id: basic
    scenario: A brand asks for the usual thing.
    outcome: resolved
""",
    # Reviewed 2025-01-01, every 30 days: stale since 2025-01-31.
    "onboarding/old-one.en.yaml": header("old-one", "onboarding", "training-team")
    .replace("reviewed: 2026-10-01", "reviewed: 2025-01-01")
    .replace("review_every_days: 36500", "review_every_days: 30")
    + """\
steps:
  - id: read
    title: Read the guide
""",
}


def write_library(root: Path) -> Path:
    for name, text in LIBRARY.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class Filled:
    journal: Journal
    library: Library
    root: Path
    run_ids: dict[str, str]
    source: Any = None  # where the figures are read: the journal, or the team server


def path_of(root: Path, pb_id: str) -> Path:
    return next(root.rglob(f"{pb_id}.en.yaml"))


def fill(journal: Journal, root: Path) -> dict[str, str]:
    """The runs of the table above, and a few searches and feedback."""
    clock = Clock()
    service = RunService(journal, "intern-ana", clock=clock)
    ids: dict[str, str] = {}

    def start(name: str, pb_id: str, at: dt.datetime, kind: str = "case") -> object:
        clock.now = at
        run = service.start(path_of(root, pb_id), variables={}, kind=kind)
        ids[name] = run.id
        return run

    def act(run: object, minutes: float, plan: object) -> None:
        clock.now = started + dt.timedelta(minutes=minutes)
        service.act(run, plan)  # type: ignore[arg-type]

    hour = dt.timedelta(hours=1)
    started = T0
    r1 = start("R1", "linear", started)
    act(r1, 2, lambda w: w.done())
    act(r1, 3, lambda w: w.skip("Creator offline"))
    act(r1, 5, lambda w: w.done())
    started = T0 + hour
    r2 = start("R2", "linear", started)
    act(r2, 4, lambda w: w.done())
    act(r2, 8, lambda w: w.done())
    act(r2, 15, lambda w: w.done())
    started = T0 + 2 * hour
    r3 = start("R3", "linear", started)
    act(r3, 1, lambda w: w.done())
    act(r3, 2, lambda w: w.abandon("duplicate ticket"))
    started = T0 + 3 * hour
    r4 = start("R4", "decision", started)
    act(r4, 1, lambda w: w.done())
    act(r4, 3, lambda w: w.choose("Escalate"))
    started = T0 + 4 * hour
    r5 = start("R5", "decision", started)
    act(r5, 2, lambda w: w.done())
    started = T0 + dt.timedelta(days=1)
    r6 = start("R6", "linear", started)
    act(r6, 1, lambda w: w.done())
    act(r6, 2, lambda w: w.skip(" creator offline "))
    act(r6, 4, lambda w: w.done())
    # The drills, through the drill service: D1 found at once and walked right
    # (passed), D2 given up on its first step (failed).
    drills = DrillService(
        journal, drill_cards(load_library([root]).playbooks), "trainee", clock=clock
    )
    card = drills.select(playbook_id="drilled")[0]
    for name, started, give_up in (("D1", T0 + 5 * hour, False), ("D2", T0 + 6 * hour, True)):
        clock.now = started
        attempt = drills.begin(card)
        attempt.note_search("usual thing")
        run = drills.choose(attempt, path_of(root, "drilled"), rank=1)
        ids[name] = run.id
        if not give_up:
            act(run, 1, lambda w: w.done())
        drills.finish(attempt, give_up=give_up)

    # Searches: two spellings of one search that found nothing, one that opened a
    # playbook, one that found results but opened none, and a drill search.
    for query, results, opened, minutes in (
        ("Compte piraté", 0, None, 10),
        ("  compte   PIRATE ", 0, None, 20),
        ("stream key", 3, "linear", 30),
        ("gift refund", 4, None, 40),
    ):
        record = search_record(
            query,
            results=results,
            operator="intern-ana",
            opened_playbook_id=opened,
            at=T0 + dt.timedelta(minutes=minutes),
        )
        assert record is not None
        journal.record_search(record)
    drill_search = search_record(
        "compte pirate", results=0, operator="trainee", kind="drill", at=T0
    )
    assert drill_search is not None
    journal.record_search(drill_search)

    clock.now = T0 + dt.timedelta(minutes=30)
    service.give_feedback(ids["R1"], "outdated", "The admin tool moved to a new page")
    clock.now = T0 + 3 * hour + dt.timedelta(minutes=10)
    service.give_feedback(ids["R4"], "unclear")
    return ids


@pytest.fixture
def library_root(tmp_path: Path) -> Path:
    return write_library(tmp_path / "playbooks")


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    j = Journal.open(tmp_path / "data" / "journal.sqlite3")
    yield j
    j.close()


@pytest.fixture
def filled(journal: Journal, library_root: Path) -> Filled:
    ids = fill(journal, library_root)
    library = load_library([library_root])
    assert not library.error_count, [p.format() for p in library.problems]
    return Filled(journal, library, library_root, ids)


def on_team_server(filled: Filled, url: str) -> Filled:
    """The same journal pushed to a team server, its figures read there."""
    from livecheck.journal.team.replicator import Replicator
    from livecheck.journal.team.server import TeamServer
    from livecheck.journal.team.snapshot import TeamSnapshot

    filled.journal.queue_history()
    assert Replicator(filled.journal, TeamServer(url), "intern-ana").drain() == 0
    filled.source = TeamSnapshot(url)
    return filled
