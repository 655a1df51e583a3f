"""Shared helpers for the reliability tests: libraries, the CLI in a subprocess,
processes, and faults (read-only and full file systems, another user).

The short tests run with the normal suite; those marked `reliability_long` are
deselected by default (pyproject's addopts) and run with
`python -m pytest -m reliability_long tests/reliability`.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "playbooks"


def copy_bundled(target: Path, copies: int = 1) -> Path:
    """The bundled library, `copies` times over (copy N in its own subfolder)."""
    if copies == 1:
        shutil.copytree(BUNDLED, target)
        return target
    target.mkdir(parents=True)
    for n in range(copies):
        shutil.copytree(BUNDLED, target / f"copy{n:03d}")
    return target


SIMPLE_PLAYBOOK = """\
id: simple-check
lang: en
title: A simple check
summary: Steps to walk in reliability tests.
when: Use in tests.
category: operational
severity: low
owner: tests
reviewed: 2026-11-01
outcomes: [resolved, escalated]
steps:
  - id: look
    title: Look at the account
  - id: decide
    title: Is it fixed?
    choices:
      - {label: "Yes", goto: confirm}
      - {label: "No", outcome: escalated}
  - id: confirm
    title: Confirm with the creator
  - id: note
    title: Write the note
  - id: close
    title: Close the case
"""


def simple_library(target: Path) -> Path:
    """A library of one small playbook with no variables (quick to walk through a pipe)."""
    (target / "operational").mkdir(parents=True)
    (target / "operational" / "simple-check.en.yaml").write_text(SIMPLE_PLAYBOOK)
    return target


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIVECHECK_")}
    env["LIVECHECK_DATA_DIR"] = str(data_dir)
    env["LIVECHECK_CONFIG"] = str(data_dir / "no-config.toml")
    env["PYTHONPATH"] = str(REPO)
    env.update(extra)
    return env


def livecheck(
    *args: str, data_dir: Path, timeout: float = 120, stdin: str | None = None, **popen: object
) -> subprocess.CompletedProcess[str]:
    """`livecheck ARGS` in a subprocess, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "livecheck", *args],
        env=cli_env(data_dir),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        **popen,  # type: ignore[call-overload]
    )


def children_of(pid: int) -> set[int]:
    """Every live descendant of `pid` (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            parents[int(entry)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def traceback_in(text: str) -> bool:
    return "Traceback (most recent call last)" in text


@contextlib.contextmanager
def small_filesystem(size: str = "1m", *, read_only: bool = False) -> Iterator[Path]:
    """A tmpfs of `size` (full disks and read-only folders without touching the real disk)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    where = Path(f"/tmp/livecheck-rel-{uuid.uuid4().hex[:8]}")
    where.mkdir(mode=0o700)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        where.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace')}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)
        with contextlib.suppress(OSError):
            where.rmdir()


def remount(where: Path, option: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{option}", str(where)], check=True)


def fill_up(where: Path) -> None:
    """Fill the file system at `where` to the last byte."""
    with contextlib.suppress(OSError), open(where / "filler", "wb") as fh:
        while True:
            fh.write(b"\0" * 4096)
            fh.flush()
    with contextlib.suppress(OSError), open(where / "filler2", "wb") as fh:
        while True:
            fh.write(b"\0")
            fh.flush()


NOBODY = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--")


@functools.cache
def nobody_can_run() -> bool:
    """Root with setpriv, and the unprivileged user can import livecheck from this
    interpreter (a virtualenv inside a 0700 temp folder is out of its reach)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return False
    probe = subprocess.run(
        [*NOBODY, sys.executable, "-c", "import livecheck"],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        timeout=60,
        check=False,
    )
    return probe.returncode == 0


def as_nobody(
    cmd: list[str], env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run `cmd` as the unprivileged user nobody (root ignores file permissions)."""
    return subprocess.run(
        [*NOBODY, *cmd],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
