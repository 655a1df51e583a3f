"""Learning from the team's searches: suggested keywords and searches that found
nothing, on a journal generated here (the report fixture library)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from livecheck.journal.store import Journal
from livecheck.playbook.library import load_library
from livecheck.reports.build import build_report
from livecheck.reports.keywords import keyword_report, telling_words
from livecheck.reports.period import Period
from livecheck.reports.render import render
from livecheck.search.log import search_record
from tests.reports.conftest import T0, write_library
from tests.reports.test_formats_and_cli import common, run_cli

# (query, results, opened playbook, kind); "linear" is titled "Report fixture
# linear" and its steps open, call and reply to the creator.
SEARCHES = [
    ("OBS crashed for the creator", 2, "linear", "case"),
    ("obs keeps crashing", 3, "linear", "case"),
    ("Hi, creator says OBS is broken, what do I do", 3, "linear", "case"),
    ("obs", 1, "linear", "drill"),  # practice: never counted
    ("call the creators", 1, "linear", "case"),  # "creators": the playbook has "creator"
    ("someone fixture", 1, "linear", "case"),  # an everyday word, a held one
    ("encoder", 1, "decision", "case"),  # once only: under the threshold
    ("Compte piraté", 0, None, "case"),
    ("  compte   PIRATE ", 0, None, "case"),
    ("gift refund", 4, None, "case"),  # found something: not "nothing found"
]


def fill(journal: Journal) -> None:
    for n, (query, results, opened, kind) in enumerate(SEARCHES):
        record = search_record(
            query,
            results=results,
            operator="intern-ana",
            opened_playbook_id=opened,
            kind=kind,
            at=T0 + dt.timedelta(minutes=n),
        )
        assert record is not None
        journal.record_search(record)


def test_telling_words_leave_out_framing_filler_and_everyday_words() -> None:
    words = telling_words("hi, creator says she didn't change her password, what do I do")
    assert words == ["password"]  # "change" is an everyday word


def test_words_searched_before_opening_a_playbook_that_lacks_them(
    journal: Journal, library_root: Path
) -> None:
    fill(journal)
    library = load_library([library_root])
    with journal.snapshot() as db:
        report = keyword_report(db, library)
    found = {(s.playbook_id, s.word): s.searches for s in report.suggestions}
    # "obs" three times (the drill search left out); "crashed"/"crashing" meet as one stem
    # only through the playbook, so each is its own word here.
    assert found[("linear", "obs")] == 3
    assert ("linear", "creators") not in found
    assert ("linear", "someone") not in found
    assert ("decision", "encoder") not in found  # searched once
    assert all(s.owner == "ops-team" for s in report.suggestions if s.playbook_id == "linear")
    assert report.suggestions[0].word == "obs"  # most searched first
    with journal.snapshot() as db:
        once = keyword_report(db, library, min_searches=1)
    assert ("decision", "encoder") in {(s.playbook_id, s.word) for s in once.suggestions}


def test_searches_that_found_nothing_are_grouped_by_folded_text(
    journal: Journal, library_root: Path
) -> None:
    fill(journal)
    with journal.snapshot() as db:
        report = keyword_report(db, load_library([library_root]))
    assert [(n.normalized, n.searches) for n in report.nothing_found] == [("compte pirate", 2)]


def test_the_period_limits_what_is_counted(journal: Journal, library_root: Path) -> None:
    fill(journal)
    later = Period(since=(T0 + dt.timedelta(days=1)).date())
    with journal.snapshot() as db:
        report = keyword_report(db, load_library([library_root]), period=later)
    assert report.suggestions == () and report.nothing_found == ()


def test_the_report_has_a_section_for_the_owners(journal: Journal, library_root: Path) -> None:
    fill(journal)
    report = build_report(journal, load_library([library_root]), now=T0 + dt.timedelta(days=1))
    text = render(report, "text")
    assert "Suggested keywords" in text and "obs" in text
    data = json.loads(render(report, "json"))
    assert {"playbook_id": "linear", "owner": "ops-team", "word": "obs", "searches": 3} in data[
        "keyword_suggestions"
    ]
    assert "keyword_suggestions,linear,,obs,searches,3" in render(report, "csv")


def test_the_keywords_command(tmp_path: Path) -> None:
    root = write_library(tmp_path / "playbooks")
    data = tmp_path / "data"
    journal = Journal.open(data / "journal.sqlite3")
    fill(journal)
    journal.close()
    code, out, err = run_cli("keywords", "--suggest", *common(root, data))
    assert code == 0, err
    assert "linear (owner: ops-team)" in out and "obs  3 searches" in out
    assert "compte pirate" in out
    code, out, err = run_cli("keywords", "--suggest", "--min", "4", "--json", *common(root, data))
    assert code == 0, err
    assert json.loads(out)["suggestions"] == []
    code, _, err = run_cli("keywords", *common(root, data))
    assert code == 2 and "--suggest" in err
    with pytest.raises(SystemExit) as exited:  # argparse refuses it
        run_cli("keywords", "--suggest", "--min", "0", *common(root, data))
    assert exited.value.code == 2
