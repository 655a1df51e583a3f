"""Hostile files in a library: special files, odd names, unreadable paths (issue 15,
items 1, 2, 3 and 11). Each is named in a problem; the rest of the library works."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from livecheck.playbook.library import load_library
from livecheck.playbook.loader import load_playbook_file
from livecheck.safety.files import NotARegularFile, read_regular_file
from livecheck.search.engine import WhooshSearch
from tests.reliability.conftest import (
    BUNDLED,
    as_nobody,
    cli_env,
    livecheck,
    nobody_can_run,
    traceback_in,
)

HACKED_EN = BUNDLED / "operational" / "hacked-account.en.yaml"
HACKED_FR = BUNDLED / "operational" / "hacked-account.fr.yaml"


def _codes(library_problems: object) -> dict[str, str]:
    return {Path(p.path).name: p.code for p in library_problems}  # type: ignore[attr-defined]


def test_a_link_to_dev_zero_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "x" / "cat"
    folder.mkdir(parents=True)
    (folder / "zero.en.yaml").symlink_to("/dev/zero")
    shutil.copy(HACKED_EN, folder / "hacked-account.en.yaml")
    result = livecheck("lint", str(tmp_path / "x"), data_dir=tmp_path / "data", timeout=60)
    assert "zero.en.yaml:1:1: warning: not a regular file" in result.stdout
    assert not traceback_in(result.stderr)
    # Named directly, the loader refuses it the same way, after reading nothing.
    loaded = load_playbook_file(folder / "zero.en.yaml")
    assert [p.code for p in loaded.problems] == ["not-a-file"]


def test_reading_stops_after_the_limit_plus_one_byte(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a" * 5000)
    data, _ = read_regular_file(big, 100)
    assert len(data) == 101
    with pytest.raises(NotARegularFile):
        read_regular_file("/dev/zero", 100)


def test_a_fifo_does_not_block_lint_or_search(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    shutil.copytree(BUNDLED, library)
    os.mkfifo(library / "operational" / "pipe.en.yaml")
    lint = livecheck("lint", str(library), data_dir=tmp_path / "data", timeout=60)
    assert "pipe.en.yaml:1:1: warning: not a regular file" in lint.stdout
    assert lint.returncode == 0  # warnings only
    search = livecheck(
        "search", "--playbooks", str(library), "--no-journal", "hacked",
        data_dir=tmp_path / "data", timeout=120,
    )  # fmt: skip
    assert search.returncode == 0, search.stderr
    assert "hacked-account" in search.stdout
    assert "1 path(s) could not be read" in search.stderr


def test_a_fifo_swapped_in_after_the_walk_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "late.en.yaml"
    os.mkfifo(fifo)
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(load_playbook_file(fifo)), daemon=True)
    worker.start()
    worker.join(10)
    assert done, "reading a FIFO blocked"
    assert [p.code for p in done[0].problems] == ["not-a-file"]  # type: ignore[attr-defined]


NON_UTF8 = os.fsdecode(b"hacked-account-\xe9.fr.yaml")


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux only")
def test_a_non_utf8_file_name_is_an_error_and_search_still_works(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    shutil.copytree(BUNDLED, library)
    shutil.copy(HACKED_FR, library / "operational" / NON_UTF8)
    lint = livecheck("lint", str(library), data_dir=tmp_path / "data", timeout=60)
    assert lint.returncode == 1
    assert "hacked-account-\\xe9.fr.yaml:1:1: error: file name is not UTF-8" in lint.stdout
    assert not traceback_in(lint.stderr)
    engine = WhooshSearch(tmp_path / "index", [library])
    report = engine.refresh()
    assert len(report.skipped) == 1
    assert engine.search("compte piraté").hits[0].id == "hacked-account"


def test_a_non_utf8_folder_name_is_reported(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    bad = library / os.fsdecode(b"op\xe9rational")
    bad.mkdir(parents=True)
    shutil.copy(HACKED_EN, bad / "hacked-account.en.yaml")
    library_result = load_library([library])
    assert [p.code for p in library_result.problems] == ["file-name-encoding"]
    assert "op\\xe9rational" in library_result.problems[0].format()


# -- unreadable paths (item 11) ---------------------------------------------------


@pytest.fixture
def shared_tmp() -> Path:
    """A folder the unprivileged user can enter (pytest's tmp_path is root's only)."""
    path = Path(tempfile.mkdtemp(prefix="livecheck-rel-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _nobody_livecheck(args: list[str], data: Path) -> object:
    env = cli_env(data)
    return as_nobody([sys.executable, "-m", "livecheck", *args], env)


needs_nobody = pytest.mark.skipif(
    not nobody_can_run(),
    reason="needs root, setpriv, and a livecheck the unprivileged user can import",
)


@needs_nobody
def test_an_unreadable_folder_is_a_lint_error(shared_tmp: Path) -> None:
    library = shared_tmp / "lib"
    shutil.copytree(BUNDLED, library)
    for path in [library, *library.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    (library / "operational").chmod(0o700)  # root's; nobody cannot list it
    data = shared_tmp / "data"
    data.mkdir()
    os.chown(data, 65534, 65534)
    lint = _nobody_livecheck(["lint", str(library / "operational")], data)
    assert lint.returncode == 1, lint.stdout  # type: ignore[attr-defined]
    assert "cannot read the folder" in lint.stdout  # type: ignore[attr-defined]
    search = _nobody_livecheck(
        ["search", "--playbooks", str(library), "--no-journal", "stream key"], data
    )
    assert search.returncode == 0, search.stderr  # type: ignore[attr-defined]
    assert "1 path(s) could not be read" in search.stderr  # type: ignore[attr-defined]


@needs_nobody
def test_an_unreadable_english_file_is_said_not_silently_replaced(shared_tmp: Path) -> None:
    library = shared_tmp / "lib"
    shutil.copytree(BUNDLED, library)
    for path in [library, *library.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    (library / "operational" / "hacked-account.en.yaml").chmod(0o600)
    data = shared_tmp / "data"
    data.mkdir()
    os.chown(data, 65534, 65534)
    lint = _nobody_livecheck(["lint", str(library)], data)
    assert "hacked-account.en.yaml:1:1: error: cannot read the file" in lint.stdout  # type: ignore[attr-defined]
    run = _nobody_livecheck(
        ["run", "hacked-account", "--playbooks", str(library), "--case", "C1"], data
    )
    assert "could not be read" in run.stderr  # type: ignore[attr-defined]
    assert "hacked-account.en.yaml:1:1: error: cannot read the file" in run.stderr  # type: ignore[attr-defined]
