"""The index under faults: killed indexers, dead partial builds, a read-only or full
cache, a loose umask (issue 15, items 4, 5, 6, 7, 16)."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from livecheck.search import generations
from livecheck.search.engine import WhooshSearch
from livecheck.search.generations import lock_generation, remove_dead_generations
from tests.reliability.conftest import (
    alive,
    children_of,
    cli_env,
    copy_bundled,
    fill_up,
    livecheck,
    remount,
    simple_library,
    small_filesystem,
    traceback_in,
)

# `livecheck index --rebuild` with the parallel writer from the first file, so a
# small library is enough to see its worker processes.
PARALLEL_INDEX = (
    "import sys, livecheck.search.index as i; i.PARALLEL_FROM = 1; i.PARALLEL_PROCS = 2; "
    "from livecheck.cli import main; sys.exit(main(sys.argv[1:]))"
)


# `livecheck index --rebuild` with its files read in a second process (build_worker.py).
TWO_PROCESS_INDEX = (
    "import sys, livecheck.search.writing as w; w.SECOND_PROCESS_FROM = 1; "
    "w.second_process_pays = lambda: True; "
    "from livecheck.cli import main; sys.exit(main(sys.argv[1:]))"
)


def start_parallel_index(
    library: Path, data: Path, script: str = PARALLEL_INDEX
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", script, "index", "--rebuild", "--playbooks", str(library)],
        env=cli_env(data),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def wait_for_workers(proc: subprocess.Popen[bytes], timeout: float = 60) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        workers = children_of(proc.pid)
        if workers:
            return workers
        time.sleep(0.02)
    return set()


def kill_and_check_workers(proc: subprocess.Popen[bytes], workers: set[int]) -> None:
    """SIGKILL the indexer: its workers end and its pipes reach end of file."""
    proc.kill()
    proc.wait(10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.05)
    left = [w for w in workers if alive(w)]
    for w in left:  # never leave them behind, even when the test fails
        os.kill(w, signal.SIGKILL)
    assert not left, f"worker processes outlived the killed indexer: {left}"
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 5)
    assert ready and proc.stdout.read() is not None  # EOF: nobody holds the pipe
    proc.stdout.close()
    proc.stderr.close()  # type: ignore[union-attr]


def test_killed_indexer_leaves_no_second_process(tmp_path: Path) -> None:
    library = copy_bundled(tmp_path / "lib", copies=6)
    data = tmp_path / "data"
    proc = start_parallel_index(library, data, TWO_PROCESS_INDEX)
    workers = wait_for_workers(proc)
    if not workers:
        pytest.skip("the indexer finished before its second process could be seen")
    time.sleep(0.2)
    kill_and_check_workers(proc, workers)
    result = livecheck(
        "search", "--playbooks", str(library), "--no-journal", "hacked", data_dir=data
    )
    assert result.returncode == 0 and "hacked-account" in result.stdout, result.stderr


def gen_folders(index: Path) -> list[str]:
    return sorted(p.name for p in index.glob("gen-*") if p.is_dir())


@pytest.mark.reliability_long
def test_killed_indexer_leaves_no_worker_and_no_partial_folder(tmp_path: Path) -> None:
    library = copy_bundled(tmp_path / "lib", copies=6)
    data = tmp_path / "data"
    proc = start_parallel_index(library, data)
    workers = wait_for_workers(proc)
    if not workers:
        pytest.skip("the indexer finished before its workers could be seen")
    time.sleep(0.2)
    kill_and_check_workers(proc, workers)
    index = data / "cache" / "index"
    assert gen_folders(index), "the killed build left nothing to clean (it did not start?)"
    result = livecheck(
        "search", "--playbooks", str(library), "--no-journal", "hacked", data_dir=data
    )
    assert result.returncode == 0 and "hacked-account" in result.stdout, result.stderr
    live = (index / "CURRENT").read_text().strip()
    assert gen_folders(index) == [live]  # the dead partial build is gone
    assert not list(index.glob("*.lock"))


def test_cleanup_keeps_the_live_and_building_generations(tmp_path: Path) -> None:
    index = tmp_path / "index"
    index.mkdir()
    for name in ("gen-1-1", "gen-2-1", "gen-3-1", "gen-4-1", "gen-5-1"):
        (index / name).mkdir()
    for name in ("gen-1-1", "gen-2-1", "gen-3-1"):  # complete generations
        (index / name / "catalog.json").write_text("{}")
    (index / "CURRENT").write_text("gen-2-1")
    building = lock_generation(index, "gen-4-1")  # a rebuild in progress (this process)
    (index / "gen-5-1.lock").write_text("999999")  # a dead builder's lock, never released
    try:
        removed = remove_dead_generations(index)
        # gen-1 is complete but older than the kept one; gen-5 is a dead partial.
        assert sorted(removed) == ["gen-1-1", "gen-5-1"]
        assert gen_folders(index) == ["gen-2-1", "gen-3-1", "gen-4-1"]
    finally:
        building.release()
    # Once its builder is gone (lock released, never published) it is dead too.
    (index / "gen-4-1.lock").write_text("")
    assert "gen-4-1" in remove_dead_generations(index)
    assert "gen-2-1" in gen_folders(index)


def test_cache_cap_drops_the_kept_old_generation(tmp_path: Path) -> None:
    index = tmp_path / "index"
    for name in ("gen-1-1", "gen-2-1"):
        (index / name).mkdir(parents=True)
        (index / name / "catalog.json").write_text("{}")
        (index / name / "seg").write_bytes(b"x" * 10_000)
    (index / "CURRENT").write_text("gen-2-1")
    assert remove_dead_generations(index, cap_bytes=1_000_000) == []
    assert remove_dead_generations(index, cap_bytes=1_000) == ["gen-1-1"]


@pytest.mark.reliability_long
def test_index_files_are_private_under_umask_000(tmp_path: Path) -> None:
    library = copy_bundled(tmp_path / "lib")
    data = tmp_path / "data"
    code = (
        "import os, sys; os.umask(0); from livecheck.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    for args in (["index"], ["index", "--rebuild"]):
        subprocess.run(
            [sys.executable, "-c", code, *args, "--playbooks", str(library)],
            env=cli_env(data),
            check=True,
            capture_output=True,
            timeout=120,
        )
    # An incremental update writes new segment files into the live generation.
    (library / "operational" / "hacked-account.en.yaml").write_text(
        (library / "operational" / "hacked-account.en.yaml").read_text() + "\n# changed\n"
    )
    subprocess.run(
        [sys.executable, "-c", code, "index", "--playbooks", str(library)],
        env=cli_env(data),
        check=True,
        capture_output=True,
        timeout=120,
    )
    index = data / "cache" / "index"
    loose = []
    for path in [index, *index.rglob("*")]:
        mode = path.stat().st_mode & 0o777
        wanted = 0o700 if path.is_dir() else 0o600
        if mode != wanted:
            loose.append(f"{path.relative_to(index)} {oct(mode)}")
    assert not loose, loose


# -- read-only and full disks (items 6 and 7) -------------------------------------


@pytest.mark.reliability_long
def test_read_only_data_dir_searches_the_existing_index(tmp_path: Path) -> None:
    library = copy_bundled(tmp_path / "lib")
    with small_filesystem("64m") as where:
        data = where / "data"
        assert livecheck("index", "--playbooks", str(library), data_dir=data).returncode == 0
        remount(where, "ro")
        (library / "operational" / "hacked-account.en.yaml").write_text(
            (library / "operational" / "hacked-account.en.yaml").read_text() + "\n# changed\n"
        )
        result = livecheck(
            "search", "--playbooks", str(library), "--no-journal", "hacked", data_dir=data
        )
        assert result.returncode == 0, result.stderr
        assert "hacked-account" in result.stdout
        assert "could not be updated: the data folder is read-only" in result.stderr
        assert not traceback_in(result.stderr)
        index = livecheck("index", "--playbooks", str(library), data_dir=data)
        assert index.returncode == 1 and not traceback_in(index.stderr)
        assert "read-only" in index.stderr


def test_read_only_data_dir_without_an_index_searches_in_memory(tmp_path: Path) -> None:
    library = copy_bundled(tmp_path / "lib")
    with small_filesystem("1m") as where:
        remount(where, "ro")
        result = livecheck(
            "search", "--playbooks", str(library), "--no-journal", "stream key", data_dir=where
        )
        assert result.returncode == 0, result.stderr
        assert "stream-key" in result.stdout
        assert "searched in memory" in result.stderr
        assert not traceback_in(result.stderr)


def test_full_disk_keeps_serving_the_old_index(tmp_path: Path) -> None:
    library = copy_bundled(tmp_path / "lib")
    with small_filesystem("16m") as where:
        data = where / "data"
        assert livecheck("index", "--playbooks", str(library), data_dir=data).returncode == 0
        fill_up(where)
        for path in [p for p in sorted(library.rglob("*.yaml")) if p.name != "glossary.yaml"][:10]:
            path.write_text(path.read_text() + "\n# changed\n")
        result = livecheck(
            "search", "--playbooks", str(library), "--no-journal", "hacked", data_dir=data
        )
        assert result.returncode == 0, result.stderr
        assert "hacked-account" in result.stdout
        assert "the index could not be updated: the disk is full" in result.stderr
        assert not traceback_in(result.stderr)
        rebuild = livecheck("index", "--rebuild", "--playbooks", str(library), data_dir=data)
        assert rebuild.returncode == 1, rebuild.stderr
        assert "disk is full" in rebuild.stderr and not traceback_in(rebuild.stderr)
        index = data / "cache" / "index"
        assert gen_folders(index) == [(index / "CURRENT").read_text().strip()]
        # Once there is room again, the update goes through.
        (where / "filler").unlink()
        (where / "filler2").unlink()
        again = livecheck("index", "--playbooks", str(library), data_dir=data)
        assert again.returncode == 0 and "10 changed" in again.stdout, again.stderr


def test_generations_module_names_match_the_index() -> None:
    from livecheck.search import index

    assert index.CURRENT == generations.CURRENT and index.CATALOG == generations.CATALOG


# -- quick in-process versions for the normal suite ---------------------------------

DIE_WITH_PARENT = """
import multiprocessing, os, sys, time
from livecheck.search.workers import die_with_parent

def worker(parent):
    die_with_parent(parent)
    time.sleep(120)

if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    child = multiprocessing.Process(target=worker, args=(os.getpid(),))
    child.start()
    print(child.pid, flush=True)
    time.sleep(120)
"""


def test_a_worker_dies_with_its_parent(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(DIE_WITH_PARENT)
    parent = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=cli_env(tmp_path)
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    time.sleep(0.3)
    assert alive(child)
    parent.kill()
    parent.wait(10)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and alive(child):
        time.sleep(0.05)
    if alive(child):
        os.kill(child, signal.SIGKILL)
        pytest.fail("the worker outlived its parent")


def test_index_files_are_private_under_umask_000_in_process(tmp_path: Path) -> None:
    library = simple_library(tmp_path / "lib")
    old = os.umask(0)
    try:
        engine = WhooshSearch(tmp_path / "cache" / "index", [library])
        engine.refresh()
        book = library / "operational" / "simple-check.en.yaml"
        book.write_text(book.read_text() + "\n# changed\n")
        assert engine.refresh().changed == 1
        engine.close()
    finally:
        os.umask(old)
    index = tmp_path / "cache" / "index"
    loose = [
        f"{p.relative_to(index)} {oct(p.stat().st_mode & 0o777)}"
        for p in [index, *index.rglob("*")]
        if p.stat().st_mode & 0o777 != (0o700 if p.is_dir() else 0o600)
    ]
    assert not loose, loose


def test_read_only_cache_keeps_the_old_index_in_process(tmp_path: Path) -> None:
    library = simple_library(tmp_path / "lib")
    with small_filesystem("8m") as where:
        engine = WhooshSearch(where / "index", [library])
        engine.refresh()
        remount(where, "ro")
        book = library / "operational" / "simple-check.en.yaml"
        book.write_text(book.read_text() + "\n# changed\n")
        report = engine.refresh()
        assert report.failed == "the index could not be updated: the data folder is read-only"
        assert engine.search("simple check").hits[0].id == "simple-check"
        engine.close()
