"""Shared set-up for the search tests.

The fixture library (`fixtures/`, 12 files, 10 playbooks in English and French)
is written so that each ranking test has one clear right answer; see the
comments in test_ranking.py for which playbook holds which word. The index is
built once per session in a temporary folder; each test gets a fresh
`WhooshSearch` over it, so nothing a test does to an engine's caches (the
vocabulary is loaded lazily, searchers are pooled) leaks into another.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from livecheck.search.engine import SearchResponse, WhooshSearch

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BUNDLED = Path(__file__).resolve().parents[2] / "playbooks"  # the library livecheck ships
FIXTURE_FILES = 12
FIXTURE_IDS = {
    "stream-key-setup",
    "account-security-check",
    "earnings-certificate",
    "doxxing-on-live",
    "harassment-in-chat",
    "self-harm-on-live",
    "ban-appeal",
    "spam-bots-in-chat",
    "sponsored-live-overrun",
    "campaign-banner-missing",
}
# Every fixture is fresh on this date except ban-appeal (reviewed 2025-03-01,
# default 180 days); earnings-certificate (reviewed 2026-11-15, every 30 days)
# goes stale after 2026-12-15.
TODAY = dt.date(2026, 12, 1)


def copy_library(target: Path) -> Path:
    shutil.copytree(FIXTURES, target)
    return target


def ids(response: SearchResponse) -> list[str]:
    return [hit.id for hit in response.hits]


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(index_dir, library root), built once from a copy of the fixtures."""
    base = tmp_path_factory.mktemp("search-index")
    library = copy_library(base / "library")
    index_dir = base / "index"
    report = WhooshSearch(index_dir, [library]).refresh()
    assert report.added == FIXTURE_FILES and report.broken == 0, report
    return index_dir, library


@pytest.fixture
def make_engine(built_index: tuple[Path, Path]) -> Iterator[Callable[..., WhooshSearch]]:
    """Fresh engines over the shared index (read-only: never refresh them)."""
    index_dir, library = built_index
    made: list[WhooshSearch] = []

    def make(**kwargs: object) -> WhooshSearch:
        kwargs.setdefault("today", TODAY)
        engine = WhooshSearch(index_dir, [library], **kwargs)  # type: ignore[arg-type]
        made.append(engine)
        return engine

    yield make
    for engine in made:
        engine.close()


@pytest.fixture
def engine(make_engine: Callable[..., WhooshSearch]) -> WhooshSearch:
    return make_engine()


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A private, writable copy of the fixture library (for lifecycle tests)."""
    return copy_library(tmp_path / "library")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WhooshSearch]:
    """An index of the bundled library, one per test module."""
    engine = WhooshSearch(tmp_path_factory.mktemp("bundled-index"), [BUNDLED])
    engine.refresh()
    yield engine
    engine.close()
