"""The report's figures over the known journal of conftest.py, each worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from livecheck.journal.store import Journal
from livecheck.playbook.library import load_library
from livecheck.reports.build import build_report
from livecheck.reports.model import Report
from livecheck.reports.period import Period

from .conftest import T0, TODAY, Filled, on_team_server

NOW = T0 + dt.timedelta(days=2)


@pytest.fixture(params=["sqlite", "postgresql"])
def filled(request: pytest.FixtureRequest, filled: Filled) -> Filled:
    """Every figure read from the local journal, and from the team server it was pushed to."""
    if request.param == "postgresql":
        return on_team_server(filled, request.getfixturevalue("team_url"))
    return filled


def report(filled: Filled, **kw: object) -> Report:
    source = filled.source or filled.journal
    return build_report(source, filled.library, today=TODAY, now=NOW, **kw)  # type: ignore[arg-type]


def test_runs_per_outcome_and_rates(filled: Filled) -> None:
    r = report(filled)
    t = r.totals
    # Case runs R1..R6 only: the drill runs D1, D2 are not counted.
    assert t.runs == 6
    # resolved R1 R2 R6; escalated R4; abandoned R3; unfinished R5.
    assert (t.resolved, t.escalated, t.abandoned, t.unfinished) == (3, 1, 1, 1)
    # finished = 6 - 1 unfinished = 5; resolution 3/5, escalation 1/5.
    assert t.finished == 5
    assert t.resolution_rate == pytest.approx(0.6)
    assert t.escalation_rate == pytest.approx(0.2)
    by_id = {p.playbook_id: p for p in r.playbooks}
    assert list(by_id) == ["linear", "decision"]  # most runs first: 4, then 2
    linear = by_id["linear"]
    assert {o.label: o.runs for o in linear.outcomes} == {"resolved": 3, "abandoned": 1}
    # linear: 4 runs, all finished; 3 resolved of 4 = 0.75, no escalation.
    assert linear.rates.resolution_rate == pytest.approx(0.75)
    assert linear.rates.escalation_rate == 0
    assert linear.owner == "ops-team"
    decision = by_id["decision"]
    assert {o.label: o.runs for o in decision.outcomes} == {"escalated": 1, "unfinished": 1}
    # decision: 1 finished run (R4), escalated: 1/1.
    assert decision.rates.escalation_rate == pytest.approx(1.0)
    assert {o.label: o.runs for o in r.outcomes} == {
        "resolved": 3,
        "escalated": 1,
        "abandoned": 1,
        "unfinished": 1,
    }


def test_time_to_outcome_against_the_sla(filled: Filled) -> None:
    r = report(filled)
    times = {t.playbook_id: t for t in r.times}
    linear = times["linear"]
    # Ended linear runs: R6 240 s, R1 300 s, R2 900 s (n = 3).
    # median = rank (3+1)//2 = 2 -> 300 s; p90 = rank ceil(0.9*3) = 3 -> 900 s.
    assert (linear.runs, linear.median_seconds, linear.p90_seconds) == (3, 300, 900)
    # SLA 10 min = 600 s: only R2 (900 s) is over it.
    assert (linear.sla_minutes, linear.with_sla, linear.breaches) == (10, 3, 1)
    decision = times["decision"]
    # R4 only: escalated after 180 s; no SLA.
    assert (decision.runs, decision.median_seconds, decision.p90_seconds) == (1, 180, 180)
    assert (decision.sla_minutes, decision.with_sla, decision.breaches) == (None, 0, 0)
    overall = r.overall_time
    assert overall is not None
    # All: 180, 240, 300, 900 (n = 4): median = mean of ranks 2 and 3 = (240+300)/2 = 270;
    # p90 = rank ceil(3.6) = 4 -> 900.
    assert (overall.runs, overall.median_seconds, overall.p90_seconds) == (4, 270, 900)
    assert (overall.sla_minutes, overall.with_sla, overall.breaches) == (None, 3, 1)


def test_per_step_time_skips_and_drop_off(filled: Filled) -> None:
    r = report(filled)
    steps = {(s.playbook_id, s.step_id): s for s in r.steps}
    # Drill steps are not there.
    assert set(steps) == {
        ("linear", "first"),
        ("linear", "second"),
        ("linear", "third"),
        ("decision", "intro"),
        ("decision", "kind"),
    }
    # In the playbook's order.
    assert [s.step_id for s in r.steps if s.playbook_id == "linear"] == ["first", "second", "third"]
    first = steps[("linear", "first")]
    # R1 120 s, R2 240 s, R3 60 s, R6 60 s -> 60 60 120 240: median (60+120)/2 = 90.
    assert (first.visits, first.median_seconds, first.skipped) == (4, 90, 0)
    assert first.step_title == "Open the case"
    second = steps[("linear", "second")]
    # R1 skipped after 60 s, R2 done after 240 s, R6 skipped after 60 s: median 60;
    # 2 skips of 3 visits; "Creator offline" and " creator offline " are one reason.
    assert (second.visits, second.median_seconds, second.skipped) == (3, 60, 2)
    assert second.skip_rate == pytest.approx(2 / 3)
    assert [(x.reason, x.count) for x in second.reasons] == [("creator offline", 2)]
    third = steps[("linear", "third")]
    # R1 120 s, R2 420 s, R6 120 s: median 120.
    assert (third.visits, third.median_seconds) == (3, 120)
    # R4 60 s, R5 120 s: median 90; the decision: R4 chose after 120 s.
    assert steps[("decision", "intro")].median_seconds == 90
    assert steps[("decision", "kind")].median_seconds == 120
    drops = {(d.playbook_id, d.step_id): (d.abandoned, d.unfinished) for d in r.drop_offs}
    # R3 abandoned at "second"; R5 left unfinished at "kind".
    assert drops == {("linear", "second"): (1, 0), ("decision", "kind"): (0, 1)}


def test_cases_per_day(filled: Filled) -> None:
    r = report(filled)
    # R1..R5 on 2026-11-02, R6 on 2026-11-03 (the drills are not cases).
    assert [(d.day.isoformat(), d.runs) for d in r.per_day] == [
        ("2026-11-02", 5),
        ("2026-11-03", 1),
    ]
    # A period fills its days without runs with zeros.
    r = report(filled, period=Period(dt.date(2026, 11, 1), dt.date(2026, 11, 4)))
    assert [d.runs for d in r.per_day] == [0, 5, 1, 0]


def test_searches_that_found_nothing_or_opened_nothing(filled: Filled) -> None:
    r = report(filled)
    # Case searches: 2 found nothing, 1 opened a playbook, 1 found 4 and opened none.
    assert (r.search_totals.searches, r.search_totals.found_nothing) == (4, 2)
    assert r.search_totals.opened_nothing == 1
    # "Compte piraté" and "  compte   PIRATE " fold to one text; the drill search is left out.
    assert [(m.normalized, m.searches, m.found_nothing) for m in r.missing] == [
        ("compte pirate", 2, 2),
        ("gift refund", 1, 0),
    ]


def test_library_figures(filled: Filled) -> None:
    r = report(filled)
    # old-one: reviewed 2025-01-01 + 30 days -> due 2025-01-31; on 2026-11-03 that is
    # 641 days overdue (334 days to the end of 2025, 307 into 2026).
    assert [(s.playbook_id, s.due, s.days_overdue) for s in r.stale] == [
        ("old-one", dt.date(2025, 1, 31), 641)
    ]
    # linear fr reviewed 2026-09-01, en 2026-10-01: 30 days behind.
    assert [
        (t.playbook_id, t.lang, t.source_lang, t.days_behind) for t in r.older_translations
    ] == [("linear", "fr", "en", 30)]


def test_drill_pass_rate_per_category(filled: Filled) -> None:
    r = report(filled)
    # D1's attempt passed, D2's (given up) failed -> 1 of 2, counted from the scored attempts.
    assert [(d.category, d.attempts, d.passed) for d in r.drills] == [("campaign", 2, 1)]
    assert r.drills[0].pass_rate == pytest.approx(0.5)


def test_feedback_per_playbook_and_owner(filled: Filled) -> None:
    r = report(filled)
    assert [(f.playbook_id, f.owner, f.total, f.reasons) for f in r.feedback] == [
        ("decision", "ts-team", 1, (("unclear", 1),)),
        ("linear", "ops-team", 1, (("outdated", 1),)),
    ]
    assert sorted((o.owner, o.total) for o in r.feedback_owners) == [
        ("ops-team", 1),
        ("ts-team", 1),
    ]
    assert [(c.playbook_id, c.reason, c.comment) for c in r.feedback_comments] == [
        ("linear", "outdated", "The admin tool moved to a new page")
    ]


def test_a_period_keeps_whole_days(filled: Filled) -> None:
    r = report(filled, period=Period(dt.date(2026, 11, 3), dt.date(2026, 11, 3)))
    # Only R6 started on 2026-11-03: one run, resolved in 240 s.
    assert (r.totals.runs, r.totals.resolved) == (1, 1)
    assert r.overall_time is not None and r.overall_time.median_seconds == 240
    # The searches and feedback were all on 2026-11-02.
    assert r.search_totals.searches == 0 and not r.feedback


def test_a_period_with_no_runs(filled: Filled) -> None:
    r = report(filled, period=Period(dt.date(2026, 12, 1), dt.date(2026, 12, 31)))
    assert not r.has_runs
    assert r.totals.runs == 0 and r.playbooks == () and r.overall_time is None
    assert r.no_runs_message() == "No runs between 1 December 2026 and 31 December 2026."
    assert len(r.per_day) == 31 and not any(d.runs for d in r.per_day)
    # Library figures do not depend on the period.
    assert [s.playbook_id for s in r.stale] == ["old-one"]


def test_category_filter(filled: Filled) -> None:
    r = report(filled, category="trust-safety")
    # Only the decision playbook: R4 escalated, R5 unfinished.
    assert [p.playbook_id for p in r.playbooks] == ["decision"]
    assert (r.totals.runs, r.totals.escalated, r.totals.unfinished) == (2, 1, 1)
    assert [f.playbook_id for f in r.feedback] == ["decision"]
    assert r.stale == () and r.older_translations == ()
    assert r.no_runs_message().endswith("category trust-safety.")
    assert report(filled, category="campaign").totals.runs == 0  # drills are not cases


def test_an_empty_journal(journal: Journal, library_root: object) -> None:
    library = load_library([library_root])  # type: ignore[list-item]
    r = build_report(journal, library, today=TODAY, now=NOW)
    assert not r.has_runs
    assert r.no_runs_message() == "No runs in the whole journal."
    assert r.per_day == () and r.drills == () and r.missing == ()
    assert r.search_totals.searches == 0


def test_a_playbook_gone_from_the_library_keeps_its_category(filled: Filled) -> None:
    for path in filled.root.rglob("decision.en.yaml"):
        path.unlink()
    library = load_library([filled.root])
    r = build_report(
        filled.source or filled.journal, library, category="trust-safety", today=TODAY, now=NOW
    )
    # Read from the version the journal kept: still trust-safety, still owned by ts-team.
    assert [(p.playbook_id, p.owner) for p in r.playbooks] == [("decision", "ts-team")]


def test_purge_removes_old_searches_and_feedback(filled: Filled) -> None:
    db = filled.journal.connection
    assert db.execute("SELECT count(*) FROM searches").fetchone()[0] == 5
    filled.journal.purge_older_than(T0 + dt.timedelta(minutes=35))
    # Searches at +10, +20, +30 and the drill search at T0 are gone; +40 stays.
    assert [r[0] for r in db.execute("SELECT normalized FROM searches")] == ["gift refund"]
    # Feedback at +30 went; the one at +3 h 10 stays (its run R4 ended at +3 h 03,
    # after the cutoff).
    assert [r[0] for r in db.execute("SELECT reason FROM feedback")] == ["unclear"]
