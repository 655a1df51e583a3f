"""The app's library index: brought in line with the playbook files in a worker.

Owns the index refresh (one at a time), its progress and the warnings about paths
that could not be read, and hands the screens the IndexProgress and IndexUpdated
messages. Start-up (when the first refresh and the rechecks begin) is the app's.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App
from textual.message import Message
from textual.worker import Worker

from livecheck.i18n import _, ngettext
from livecheck.tui.messages import IndexProgress, IndexUpdated, copy_message

if TYPE_CHECKING:
    from livecheck.search.index import RefreshReport
    from livecheck.search.titles import TitleIndex
    from livecheck.services.workspace import Workspace

# How often a build's progress is shown. Each update redraws the search screen
# on the app's thread, which shares the GIL with the build: at 0.1 s, the app's
# thread took 2.7-3.0 s of CPU during a first build of 1,000 playbooks on a busy
# machine; at 0.5 s, 0.5-0.9 s, and the whole process 30% less.
PROGRESS_SECONDS = 0.5


class LibraryIndexing(App[None]):
    """The index refresh worker of LivecheckApp (which sets these attributes)."""

    workspace: Workspace
    index_ready: bool
    broken_files: int  # playbook files left out of the index for their errors
    titles: TitleIndex | None
    _refreshing: threading.Lock  # one index refresh at a time
    _files_checked: bool  # the playbook files were checked against the index since launch

    def refresh_library(self) -> Worker[None] | None:
        """Bring the index in line with the files, in a worker: typing never waits.

        Not while a refresh is still running (then None): a thread cannot be
        cancelled, and a first build of a large library takes longer than
        LIBRARY_RECHECK_SECONDS; each recheck then started another full build beside
        it (several builds at once made the app's first build several times slower
        than the CLI's)."""
        if not self._refreshing.acquire(blocking=False):
            return None
        return self._refresh_worker()

    @work(thread=True, group="index")
    def _refresh_worker(self) -> None:
        try:
            self._refresh_index()
        finally:
            self._refreshing.release()

    def _search_last_index(self) -> bool:
        """At launch, with last time's index of this library on disk: open and warm it,
        and let the screens search it at once; the files are checked against it next
        (a few hundred ms that the first keystroke no longer waits for), and the
        screens search again if they changed."""
        from livecheck.search.api import RefreshReport

        engine = self.workspace.engine
        try:
            if not engine.searchable():
                return False
            engine.warm_up()
        except Exception:  # damaged: the refresh rebuilds it, as without an index
            return False
        self.index_ready = True
        self.post_message(IndexUpdated(RefreshReport()))
        return True

    def _refresh_index(self) -> None:
        last = 0.0
        first = not self._files_checked  # the first check since launch
        if first and not self.index_ready:
            self._search_last_index()

        def progress(done: int, total: int) -> None:
            # Two updates a second: one message per playbook kept the UI thread
            # redrawing the bar and slowed the build it was showing several times.
            nonlocal last
            now = time.monotonic()
            if total > 20 and (done == total or now - last >= PROGRESS_SECONDS):
                last = now
                self.post_message(IndexProgress(done, total))

        on_playbook = None
        if not self.index_ready:
            from livecheck.search.titles import TitleIndex

            if self.titles is None:
                self.titles = TitleIndex(self.workspace.today)
            on_playbook = self.titles.add
        try:
            report = self.workspace.engine.refresh(progress=progress, on_playbook=on_playbook)
            if not self.index_ready:
                self.workspace.engine.warm_up()  # so that the first keystroke waits for nothing
        except Exception as exc:  # a broken index folder must not take the app down
            self.call_from_thread(
                self.notify,
                _("Could not update the index: {error}").format(error=exc),
                severity="error",
                markup=False,
            )
            return
        self._files_checked = True
        self.broken_files = report.broken
        self.index_ready = True
        if first or report.touched or report.rebuilt:
            self._warn_about_refresh(report)
        if first or report.touched or report.rebuilt:
            self.post_message(IndexUpdated(report))

    def _warn_about_refresh(self, report: RefreshReport) -> None:
        """Paths that could not be read, and an index that could not be written."""
        problems = []
        if report.skipped:
            problems.append(
                ngettext(
                    "{n} playbook path could not be read; `livecheck lint` lists it.",
                    "{n} playbook paths could not be read; `livecheck lint` lists them.",
                    len(report.skipped),
                ).format(n=len(report.skipped))
            )
        if report.failed:
            problems.append(report.failed.capitalize() + ".")
        if problems:
            self.call_from_thread(
                self.notify, " ".join(problems), severity="warning", markup=False, timeout=10
            )

    @on(IndexProgress)
    @on(IndexUpdated)
    def _forward_to_screens(self, message: Message) -> None:
        # Screens (not the app) react: the search screen shows progress and re-runs
        # its query. bubble=False keeps the copies from coming back up to the app.
        for screen in self.screen_stack:
            screen.post_message(copy_message(message))
