"""Index worker processes that never outlive the process that started them.

Whoosh's parallel writer forks worker processes that wait on a queue for jobs.
If the indexer is killed (SIGKILL, a closed terminal), nobody ever sends them
the "finish" job: they wait forever, holding the caller's stdout and stderr
(a pipe reading `livecheck index` never sees its end). Each worker here:

- asks Linux to send it SIGKILL when its parent dies (PR_SET_PDEATHSIG, through
  ctypes: no dependency), then checks that the parent did not die before that
  request was made;
- elsewhere (or if prctl is unavailable) watches its parent id from a daemon
  thread and exits when it changes (the worker was re-parented: its parent died).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from typing import Any

from whoosh.multiproc import MpWriter, SubWriterTask

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5


def die_with_parent(parent: int) -> None:
    """Make this (child) process end when the process `parent` ends."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="livecheck-parent-watch", daemon=True).start()


class _LinkedTask(SubWriterTask):  # type: ignore[misc]
    """A Whoosh sub-writer that dies with the indexer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._parent = os.getpid()

    def run(self) -> None:
        die_with_parent(self._parent)
        super().run()


class LinkedMpWriter(MpWriter):  # type: ignore[misc]
    """Whoosh's parallel writer, with workers that die with this process."""

    def _new_task(self) -> Any:
        task = _LinkedTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        task.daemon = True  # also ended when this process exits normally
        self.tasks.append(task)
        task.start()
        return task
