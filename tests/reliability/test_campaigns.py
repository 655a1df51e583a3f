"""The reliability campaigns: a short version with the normal suite, a long one
behind the `reliability_long` marker:

    python -m pytest -m reliability_long tests/reliability -s

(`LIVECHECK_RELIABILITY_REPORT=file.jsonl` appends each campaign's figures to
that file; docs/reliability.md holds the last long run's.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability import campaigns
from tests.reliability.conftest import copy_bundled, simple_library

long = pytest.mark.reliability_long


def check(figures: campaigns.Figures) -> None:
    figures.record()
    print(figures)
    assert figures.lost == 0, figures
    assert figures.orphans == 0, figures
    assert figures.leftovers == 0, figures
    assert figures.tracebacks == 0, figures
    assert figures.internal_errors == 0, figures
    assert not figures.failures, figures


def test_sigkill_plain_runs(tmp_path: Path) -> None:
    library = simple_library(tmp_path / "lib")
    check(campaigns.sigkill_plain_runs(library, tmp_path / "data", kills=3, seed=1))


@long
def test_sigkill_plain_runs_long(tmp_path: Path) -> None:
    library = simple_library(tmp_path / "lib")
    check(campaigns.sigkill_plain_runs(library, tmp_path / "data", kills=60, seed=2))


@long
def test_sigkill_indexing_long(tmp_path: Path) -> None:
    library = copy_bundled(tmp_path / "lib", copies=20)
    check(campaigns.sigkill_indexing(library, tmp_path / "data", kills=25, seed=3))


def test_concurrent_writers_and_indexers(tmp_path: Path) -> None:
    library = simple_library(tmp_path / "lib")
    check(campaigns.concurrent_writers(library, tmp_path / "data", writers=2, notes=3, indexers=1))


@long
def test_concurrent_writers_and_indexers_long(tmp_path: Path) -> None:
    library = simple_library(tmp_path / "lib")
    copy_bundled(library / "bundled", copies=4)
    check(campaigns.concurrent_writers(library, tmp_path / "data", writers=6, notes=40, indexers=4))


def test_truncated_playbooks() -> None:
    check(campaigns.truncated_playbooks(step=397))


@long
def test_truncated_playbooks_long() -> None:
    check(campaigns.truncated_playbooks(step=3))


def test_random_bytes() -> None:
    check(campaigns.random_bytes(150, seed=4))


@long
def test_random_bytes_long() -> None:
    check(campaigns.random_bytes(20_000, seed=5))


def test_special_files_and_odd_names(tmp_path: Path) -> None:
    check(campaigns.special_files(tmp_path))
