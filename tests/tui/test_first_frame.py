"""What the app does before its first frame: mount the search screen, and no more.
The journal (opened for the home lists), the index (Whoosh), the YAML reader, drills
and reports come after it, so that they never delay the screen the user waits for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CHILD = """
import asyncio, json, sys
from livecheck.services.settings import resolve_settings
from livecheck.services.workspace import Workspace
from livecheck.tui.app import LivecheckApp
from livecheck.tui.widgets.search_panel import SearchPanel
from livecheck.tui.screens.search import SearchScreen

events = []
first_frame = []  # the modules loaded when the first thing after the first frame starts
start_library = LivecheckApp._start_library
load = SearchPanel.load
mount = SearchScreen.on_mount

def after_first_frame(event):
    if not first_frame:
        first_frame.extend(sorted(sys.modules))
    events.append(event)

def started(self):
    after_first_frame("library")
    start_library(self)

def loading(self, job):
    after_first_frame("home lists" if events[-1:] != ["mounting"] else "home lists on mount")
    load(self, job)

def mounting(self):
    events.append("mounting")
    mount(self)
    events.append("mounted")

LivecheckApp._start_library = started
SearchPanel.load = loading
SearchScreen.on_mount = mounting

async def main():
    app = LivecheckApp(Workspace(resolve_settings(data_dir=sys.argv[1])))
    async with app.run_test(size=(100, 30)) as pilot:
        while not app.index_ready or "home lists" not in events:
            await asyncio.sleep(0.01)
        await pilot.pause()
    print(json.dumps({"events": events, "modules": first_frame}))

asyncio.run(main())
"""


def test_nothing_but_the_search_screen_before_the_first_frame(tmp_path: Path) -> None:
    env = {**os.environ, "LIVECHECK_CONFIG": str(tmp_path / "none.toml")}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    seen = json.loads(out.stdout.splitlines()[-1])
    # The home lists (which open the journal in a worker) wait for the first frame
    # (Textual's call_after_refresh), rather than start while the screen mounts.
    events = seen["events"]
    assert events[:2] == ["mounting", "mounted"], events
    assert "home lists on mount" not in events and {"library", "home lists"} <= set(events)
    loaded = set(seen["modules"])
    top = {m.split(".")[0] for m in loaded}
    assert not top & {"whoosh", "ruamel", "_ruamel_yaml", "rapidfuzz", "sqlite3", "tomllib"}
    for package in ("journal", "reports", "drills", "runs", "authoring"):
        assert not any(m.startswith(f"livecheck.{package}") for m in loaded), package
    for module in ("search.engine", "search.index", "search.synonyms", "playbook.loader"):
        assert f"livecheck.{module}" not in loaded, module
