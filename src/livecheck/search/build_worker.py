"""A new index's playbooks read and analysed in two processes.

Reading a playbook (YAML, checks) and analysing its fields is most of a build's
time and needs nothing from the other playbooks, so a full build hands the last
part of the files to a second process while this one does the first part; then
it adds the second process's documents, already analysed, after its own. The
index is the same as one process makes (same documents, same order, the same
code analyses them; a test compares the bytes).

The second process:
- is forked from a process with one thread (the CLI), else started with
  "spawn" (a fresh interpreter: nothing is forked from the app, whose other
  threads may hold locks), asks to die with its parent (workers.py) and is always
  joined, or terminated if it is still running (an error, Ctrl-C, a build
  cancelled): no orphan process;
- sends its results in small batches through a pipe; if it fails or dies, this
  process reads and analyses what it had not sent, so a build never depends on it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from livecheck.playbook.model import Playbook, Source
from livecheck.search.documents import index_document
from livecheck.search.fields import AnalyzedText
from livecheck.search.schema import build_schema

# (path, file bytes, sha256, size, mtime_ns): what a worker needs of a scanned file.
Job = tuple[str, bytes, str, int, int]
BATCH = 16  # results sent at a time
JOIN_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class ReadFile:
    """One file, read and analysed: the document to add (None: the file has
    errors), and the playbook when the caller asked for it."""

    path: str
    document: dict[str, Any] | None
    playbook: Playbook | None


def analyse_file(job: Job, schema: Any | None, keep_playbook: bool) -> ReadFile:
    """Read and check one file, and analyse its text fields with `schema` (None:
    leave them as text). The same code in either process."""
    from livecheck.playbook.loader import load_playbook_bytes

    path, data, sha256, size, mtime_ns = job
    loaded = load_playbook_bytes(data, Source(Path(path), sha256, size, mtime_ns))
    playbook = loaded.playbook
    if playbook is None:
        return ReadFile(path, None, None)
    document = index_document(playbook, path)
    if schema is not None:
        for name, value in document.items():
            field = schema[name]
            if isinstance(field, AnalyzedText) and isinstance(value, str):
                document[name] = field.analyse(value)
    return ReadFile(path, document, playbook if keep_playbook else None)


def start_method() -> str:
    """ "fork" from a process with one thread (the CLI: the child starts at once,
    with the modules and the files it needs), else "spawn" (a fresh interpreter:
    a fork of the app would inherit locks its other threads hold)."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def second_process_pays() -> bool:
    """Whether a second process would shorten a build: two CPUs or more that this
    process may use, and the last minute's load leaves one of them idle. On a
    busy machine it does not: measured on 2 shared CPUs at a load of 2.4 to 4, a
    forked second process made a build of 1,000 playbooks 9% longer (its
    results' messages cost 0.2 s of CPU) where a spawned one also starts an
    interpreter (0.3 s)."""
    cpus = usable_cpus()
    if cpus < 2:
        return False
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # not known here
        return True
    return load <= cpus - 1


def read_in_order(
    jobs: list[Job], schema: Any | None, keep_playbooks: bool, split: int | None = None
) -> Generator[ReadFile, None, None]:
    """Each job's result, in order: jobs[:split] here, the rest in a second
    process (None: all here), text fields analysed with `schema` (needed for a
    second process). The second process is ended when this generator is closed,
    finished or fails."""
    if split is None or split >= len(jobs) or schema is None:
        for job in jobs:
            yield analyse_file(job, schema, keep_playbooks)
        return
    helper = _SecondProcess(jobs[split:], keep_playbooks)
    try:
        for job in jobs[:split]:
            yield analyse_file(job, schema, keep_playbooks)
        done = 0
        for result in helper.results():
            done += 1
            yield result
        for job in jobs[split + done :]:  # what the second process did not send
            yield analyse_file(job, schema, keep_playbooks)
    finally:
        helper.close()


class _SecondProcess:
    """The process analysing the last jobs, and the pipe it answers through."""

    def __init__(self, jobs: list[Job], keep_playbooks: bool) -> None:
        context: Any = multiprocessing.get_context(start_method())
        self._receive, send = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_work,
            args=(jobs, send, keep_playbooks, os.getpid()),
            name="livecheck-index",
            daemon=True,  # also ended if this process exits without closing it
        )
        try:
            self.process.start()
        finally:
            send.close()  # the child has its copy: EOF here when it ends

    def results(self) -> Iterator[ReadFile]:
        """Its results as they come, until it is done or fails (then it stops early)."""
        while True:
            try:
                batch = self._receive.recv()
            except (EOFError, OSError):  # it died
                return
            if batch is None:  # done
                return
            if isinstance(batch, str):  # it failed: the rest is done here
                return
            yield from batch

    def close(self) -> None:
        process = self.process
        if process.is_alive():
            process.terminate()
        process.join(JOIN_SECONDS)
        if process.is_alive():
            process.kill()
            process.join()
        self._receive.close()


def _work(jobs: list[Job], send: Any, keep_playbooks: bool, parent: int) -> None:
    """The second process: analyse `jobs`, sending results in batches, then None
    (or the error's text if one stopped it)."""
    from livecheck.search.workers import die_with_parent

    die_with_parent(parent)
    try:
        schema = build_schema()
        batch: list[ReadFile] = []
        for job in jobs:
            batch.append(analyse_file(job, schema, keep_playbooks))
            if len(batch) >= BATCH:
                send.send(batch)
                batch = []
        if batch:
            send.send(batch)
        send.send(None)
    except Exception as exc:  # the parent does the rest itself
        with contextlib.suppress(OSError):
            send.send(f"{type(exc).__name__}: {exc}")
    finally:
        send.close()
