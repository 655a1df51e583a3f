"""The drill service over a real journal: attempts scored and recorded, timeouts,
progress across restarts, and the repetition order."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from livecheck.drills.catalogue import DrillCard
from livecheck.drills.schedule import INTERVAL_DAYS, box_after, repetition_order
from livecheck.journal.store import SCHEMA_VERSION, DrillAttemptRecord, Journal
from livecheck.runs.events import EventKind
from livecheck.services.drills import TIME_UP_REASON, Attempt, DrillError, DrillService

from .conftest import T0, Clock, card

PAYOUT = "campaign/payout-late.en.yaml"
LAG = "operational/stream-lag.en.yaml"


def walk(drills: DrillService, attempt: Attempt, clock: Clock, *labels: str) -> None:
    """Do every plain step and take `labels` at the decisions, in order."""
    run = attempt.run
    assert run is not None
    queue = list(labels)
    while not run.state.over:
        clock.advance(5)
        step = run.walkthrough.current_step()
        assert step is not None
        if step.is_decision:
            label = queue.pop(0)
            drills.runs.act(run, lambda w, label=label: w.choose(label))
        else:
            drills.runs.act(run, lambda w: w.done())


def attempt_at(
    drills: DrillService, clock: Clock, library: Path, c: DrillCard, path: str, *labels: str
) -> Attempt:
    attempt = drills.begin(c)
    attempt.note_search("diamonds wallet")
    clock.advance(15)
    drills.choose(attempt, library / path, 1)
    walk(drills, attempt, clock, *labels)
    drills.finish(attempt)
    return attempt


def test_a_perfect_attempt_is_recorded_with_its_practice_run(
    drills: DrillService, journal: Journal, clock: Clock, library: Path, cards: list[DrillCard]
) -> None:
    attempt = attempt_at(
        drills,
        clock,
        library,
        card(cards, "payout-late", "late-by-a-day"),
        PAYOUT,
        "Delayed",
        "Accepted",
    )
    assert attempt.score is not None and attempt.score.total == 100
    run = attempt.run
    assert run is not None and run.record.kind == "drill" and run.record.operator == "ana"
    assert run.state.variables["creator_handle"] == "@lea.live"  # practice runs ask for nothing
    assert journal.run(run.id) is not None
    [record] = journal.drill_attempts("ana")
    assert (record.run_id, record.playbook_id, record.drill_id, record.category) == (
        run.id,
        "payout-late",
        "late-by-a-day",
        "campaign",
    )
    assert (record.score, record.passed, record.searches, record.found_rank) == (100, True, 1, 1)
    assert record.chosen_playbook_id == "payout-late"
    assert record.breakdown["queries"] == ["diamonds wallet"]
    assert [p["name"] for p in record.breakdown["parts"]] == [
        "playbook",
        "decision: ledger-state",
        "decision: reaction",
        "outcome",
        "time",
    ]
    assert journal.drill_attempts("someone-else") == []


def test_searches_refined_as_you_type_count_once(
    drills: DrillService, cards: list[DrillCard]
) -> None:
    attempt = drills.begin(cards[0])
    for text in (
        "d",
        "dia",
        "diamonds",
        "diamonds  wal",
        "diamonds wallet",
        "",
        "stream lag",
        "stream",
    ):
        attempt.note_search(text)
    assert attempt.queries == ["diamonds wallet", "stream"]


def test_the_wrong_playbook_is_walked_and_scored_zero(
    drills: DrillService, journal: Journal, clock: Clock, library: Path, cards: list[DrillCard]
) -> None:
    attempt = attempt_at(drills, clock, library, card(cards, "payout-late", "late-by-a-day"), LAG)
    assert attempt.score is not None and attempt.score.total == 0
    assert (
        attempt.score.divergence is not None and attempt.score.divergence.correct == "payout-late"
    )
    [record] = journal.drill_attempts()
    assert record.chosen_playbook_id == "stream-lag" and not record.passed


def test_giving_up_abandons_the_practice_run(
    drills: DrillService, journal: Journal, clock: Clock, library: Path, cards: list[DrillCard]
) -> None:
    attempt = drills.begin(card(cards, "payout-late", "late-by-a-day"))
    run = drills.choose(attempt, library / PAYOUT, 2)
    drills.runs.act(run, lambda w: w.done())
    with pytest.raises(DrillError):
        drills.finish(attempt)  # not over, not given up
    score = drills.finish(attempt, give_up=True)
    assert score.ending == "gave-up" and score.total == 35  # rank 2, nothing decided
    assert run.state.status == "abandoned"
    assert journal.unfinished_runs("drill") == []
    assert drills.finish(attempt, give_up=True) is score  # once only
    assert len(journal.drill_attempts()) == 1


def test_past_the_time_limit_the_attempt_times_out(
    drills: DrillService, journal: Journal, clock: Clock, library: Path, cards: list[DrillCard]
) -> None:
    attempt = drills.begin(card(cards, "payout-late", "late-by-a-day"))
    run = drills.choose(attempt, library / PAYOUT, 1)
    drills.runs.act(run, lambda w: w.done())
    drills.runs.act(run, lambda w: w.choose("Delayed"))
    clock.now = attempt.deadline + dt.timedelta(seconds=1)
    assert attempt.timed_out(clock())
    score = drills.finish(attempt)  # no give_up needed: the time is up
    assert score.ending == "timed-out" and score.total == 40 + 15
    events = journal.events(run.id)
    assert events[-1].kind is EventKind.ABANDONED and events[-1].get("reason") == TIME_UP_REASON


def test_timing_out_before_choosing_a_playbook(
    drills: DrillService, journal: Journal, clock: Clock, cards: list[DrillCard]
) -> None:
    attempt = drills.begin(card(cards, "payout-late", "blocked"))
    attempt.note_search("wallet")
    clock.now = attempt.deadline
    score = drills.finish(attempt, give_up=True)
    assert score.ending == "timed-out" and score.total == 0
    [record] = journal.drill_attempts()
    assert record.run_id is None and record.chosen_playbook_id is None and record.searches == 1


def test_a_translation_is_scored_with_its_own_labels(
    tmp_path: Path, journal: Journal, clock: Clock, library: Path
) -> None:
    from livecheck.drills.catalogue import drill_cards
    from livecheck.playbook.library import load_library

    from .conftest import PAYOUT as EN

    fr = (
        EN.replace("lang: en", "lang: fr")
        .replace("Delayed", "En retard")
        .replace("Blocked", "Bloqué")
        .replace("Accepted", "Accepté")
        .replace("Angry", "Mécontent")
    )
    (library / "campaign" / "payout-late.fr.yaml").write_text(fr, encoding="utf-8")
    loaded = load_library([library])
    assert not [p for p in loaded.problems if p.is_error], [p.format() for p in loaded.problems]
    cards = drill_cards(loaded.playbooks)
    drills = DrillService(journal, cards, "ana", clock)
    c = card(cards, "payout-late", "late-by-a-day")
    assert c.playbook.lang == "en"  # the scenario is told in English...
    attempt = attempt_at(
        drills, clock, library, c, "campaign/payout-late.fr.yaml", "En retard", "Accepté"
    )  # ...and the French version walked
    assert attempt.score is not None and attempt.score.total == 100
    assert [s.label for s in attempt.score.correct_path] == ["En retard", "Accepté"]


def test_progress_survives_a_restart_and_certifies_a_category(
    data_dir: Path, clock: Clock, library: Path, cards: list[DrillCard]
) -> None:
    path = data_dir / "journal.sqlite3"
    journal = Journal.open(path)
    drills = DrillService(journal, cards, "ana", clock)
    attempt_at(
        drills, clock, library, card(cards, "payout-late", "late-by-a-day"), PAYOUT, "Blocked"
    )
    clock.advance(3600)
    attempt_at(
        drills,
        clock,
        library,
        card(cards, "payout-late", "late-by-a-day"),
        PAYOUT,
        "Delayed",
        "Accepted",
    )
    second_at = clock.now
    journal.close()

    journal = Journal.open(path)  # a new process, later
    drills = DrillService(journal, cards, "ana", clock)
    report = drills.progress()
    rows = {d.label: d for d in report.drills}
    late = rows["payout-late/late-by-a-day"]
    assert (late.attempts, late.best, late.passed) == (2, 100, True)
    assert late.last_at == second_at
    assert rows["payout-late/blocked"].attempts == 0 and rows["payout-late/blocked"].best is None
    assert report.certified == ()
    attempt_at(drills, clock, library, card(cards, "payout-late", "blocked"), PAYOUT, "Blocked")
    report = drills.progress()
    assert report.certified == ("campaign",)
    assert {c.category: (c.passed, c.total) for c in report.categories} == {
        "campaign": (2, 2),
        "operational": (0, 1),
    }
    # Another trainee's progress is their own.
    assert DrillService(journal, cards, "bo", clock).progress().passed == 0
    journal.close()


def test_schema_version_and_attempts_outlive_purged_runs(
    drills: DrillService, journal: Journal, clock: Clock, library: Path, cards: list[DrillCard]
) -> None:
    # 3: drills; 4: team ids, outbox; 5: step_secs; 6: durations; 7: late; 8: step visits
    assert SCHEMA_VERSION == 8
    assert journal.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    attempt_at(drills, clock, library, card(cards, "payout-late", "blocked"), PAYOUT, "Blocked")
    assert journal.purge_older_than(clock.now + dt.timedelta(days=1)) == 1
    [record] = journal.drill_attempts()
    assert record.run_id is None and record.score == 100  # training history is kept


# -- repetition order ------------------------------------------------------------------


def record(key: tuple[str, str], day: int, passed: bool) -> DrillAttemptRecord:
    at = T0 + dt.timedelta(days=day)
    return DrillAttemptRecord(
        None,
        "ana",
        key[0],
        key[1],
        "campaign",
        key[0],
        1,
        1,
        at,
        at,
        100 if passed else 10,
        passed,
        {},
    )


def test_leitner_boxes() -> None:
    assert box_after([]) == 0
    assert box_after([True]) == 1
    assert box_after([True, True, True]) == 3
    assert box_after([True] * 9) == 5
    assert box_after([True, True, False]) == 1
    assert box_after([False, True]) == 2


def test_repetition_order_is_deterministic() -> None:
    a, b, c, d, e = (("pb-a", "x"), ("pb-b", "x"), ("pb-c", "x"), ("pb-d", "x"), ("pb-e", "y"))
    attempts = [
        record(a, 0, True),
        record(a, 3, True),  # box 2, due day 3 + 2 = 5
        record(b, 1, True),  # box 1, due day 2
        record(c, 2, False),  # failed: comes back right after never-tried ones
        record(d, 0, True),
        record(d, 1, True),
        record(d, 2, True),  # box 3, due day 6
        record(("gone", "z"), 0, False),  # a drill no longer in the library: ignored
    ]
    keys = [d, e, c, b, a, ("pb-0", "new")]
    order = [s.key for s in repetition_order(keys, attempts)]
    assert order == [("pb-0", "new"), e, c, b, a, d]
    assert [s.key for s in repetition_order(reversed(keys), list(reversed(attempts)))] == order
    standing = {s.key: s for s in repetition_order(keys, attempts)}
    assert (
        standing[a].box == 2
        and standing[a].due == (T0 + dt.timedelta(days=3 + INTERVAL_DAYS[2])).date()
    )
    assert standing[b].overdue_days((T0 + dt.timedelta(days=10)).date()) == 8


def test_the_service_serves_the_most_due_drill(
    drills: DrillService, clock: Clock, library: Path, cards: list[DrillCard]
) -> None:
    assert [s.card.label for s in drills.queue()] == [
        "payout-late/blocked",
        "payout-late/late-by-a-day",
        "stream-lag/buffering",
    ]
    attempt_at(drills, clock, library, card(cards, "payout-late", "blocked"), PAYOUT, "Blocked")
    # The buffering drill, answered with the wrong playbook: failed.
    attempt_at(drills, clock, library, card(cards, "stream-lag", "buffering"), PAYOUT, "Blocked")
    assert [s.card.label for s in drills.queue()] == [
        "payout-late/late-by-a-day",  # never tried
        "stream-lag/buffering",  # failed
        "payout-late/blocked",  # passed: due tomorrow
    ]
    assert drills.next_drill(category="campaign") == card(cards, "payout-late", "late-by-a-day")
    assert drills.next_drill(playbook_id="stream-lag") == card(cards, "stream-lag", "buffering")
    assert drills.next_drill(playbook_id="quiet-check") is None
    assert json.dumps([s.card.label for s in drills.queue()])  # plain data, no surprises
