"""The library shipped with livecheck: complete, lint-clean, and inside the wheel."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import pytest

from livecheck.cli import main
from livecheck.playbook.library import load_library
from livecheck.playbook.spec import CATEGORIES
from tests.conftest import BUNDLED, REPO


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    return load_library([BUNDLED])


def test_bundled_library_passes_lint_strict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--strict", str(BUNDLED)]) == 0
    out = capsys.readouterr().out
    assert out.strip().endswith("0 errors, 0 warnings"), out


def test_bundled_translations_are_tracked_and_in_parity(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["translations", "--playbooks", str(BUNDLED)]) == 0
    out = capsys.readouterr().out
    assert "not tracked" not in out and "0 out of parity" in out, out


def test_library_covers_the_team_work(library) -> None:  # type: ignore[no-untyped-def]
    ids = {pb.id for pb in library.playbooks}
    french = {pb.id for pb in library.playbooks if pb.lang == "fr"}
    assert len(ids) >= 30
    assert len(french) >= 10
    assert set(Counter(pb.category for pb in library.playbooks)) == set(CATEGORIES)
    assert sum(bool(pb.drills) for pb in library.playbooks if pb.lang == "en") >= 10


def test_library_uses_the_whole_format(library) -> None:  # type: ignore[no-untyped-def]
    steps = [s for pb in library.playbooks for s in pb.steps]
    assert any(s.choices for s in steps)
    assert any(s.irreversible for s in steps)
    assert any(s.pause for s in steps)
    assert any(s.template and "{" in s.template for s in steps)
    assert any(s.mode == "do-confirm" for s in steps)
    critical = [pb for pb in library.playbooks if pb.severity in ("high", "critical")]
    assert critical and all(pb.memory for pb in critical)
    assert any(pb.keywords for pb in library.playbooks)


def test_default_roots_are_the_bundled_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(load_library([BUNDLED]).playbooks)


@pytest.mark.slow
def test_wheel_carries_the_library(tmp_path: Path) -> None:
    """A plain `pip install .` must bring the playbooks, not only an editable install."""
    from hatchling.builders.wheel import WheelBuilder

    builder = WheelBuilder(str(REPO))
    wheel = next(iter(builder.build(directory=str(tmp_path), versions=["standard"])))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        n.removeprefix("livecheck/playbooks/")
        for n in names
        if n.startswith("livecheck/playbooks/")
    }
    expected = {str(p.relative_to(BUNDLED)) for p in BUNDLED.rglob("*.yaml")}
    assert expected and expected <= shipped
    assert "glossary.yaml" in shipped  # the team's glossary travels with the library
    assert "livecheck/cli/__init__.py" in names and "livecheck/playbook/loader.py" in names
