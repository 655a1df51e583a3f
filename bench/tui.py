"""TUI speed: launch to a search box that takes keys, and keystroke to results.

    python bench/tui.py [N]

With N generated playbooks (default 1,000) and a warm index:
- launch: a new process is started; the time until the search screen is
  mounted with the search box focused (headless, as in tests) is measured
  from the parent, so interpreter start and imports are included (bench/startup.py
  compares it with a bare Textual app: target 1.3x);
- keystroke to results: typing queries one key at a time, 150 ms apart (a
  pause in typing, so no debounce delay applies), the time from each key press
  to the new results being in the list (the screen noting them), and, for
  information, to the first frame drawn after that (the compositor's update;
  headless, so the terminal's own writing is left out). Target (issue 18): p99
  keystroke to results <= 16 ms, one frame.

The load averages are printed: on a shared machine, compare runs of the same load.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from livecheck.services.settings import resolve_settings
from livecheck.services.workspace import Workspace
from synthetic import generate, queries, write_playbooks

CHILD = """
import asyncio, sys, time
start = time.perf_counter()
from livecheck.services.settings import resolve_settings
from livecheck.services.workspace import Workspace
from livecheck.tui.app import LivecheckApp
from livecheck.tui.screens.search import SearchScreen
from textual.widgets import Input

async def main():
    app = LivecheckApp(Workspace(resolve_settings(playbooks=[sys.argv[1]], data_dir=sys.argv[2])))
    async with app.run_test(size=(100, 30)) as pilot:
        while not (isinstance(app.screen, SearchScreen) and isinstance(app.focused, Input)):
            await asyncio.sleep(0.002)
        print(f"{time.perf_counter() - start:.4f}", flush=True)

asyncio.run(main())
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def launch_seconds(lib: Path, data: Path) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(lib), str(data)],
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - start, float(proc.stdout.strip())


async def keystroke_latencies(
    lib: Path, data: Path, texts: list[str], frames: list[float]
) -> list[float]:
    """Key press to results in the list, per key; `frames` gets key press to the
    first frame drawn after them."""
    from textual.app import App

    from livecheck.tui.app import LivecheckApp
    from livecheck.tui.screens.search import SearchScreen

    drawn: list[float] = []
    display = App._display

    def timed_display(self: App[None], screen: Any, renderable: Any) -> None:
        drawn.append(time.perf_counter())
        display(self, screen, renderable)

    App._display = timed_display  # type: ignore[method-assign,assignment]

    app = LivecheckApp(Workspace(resolve_settings(playbooks=[str(lib)], data_dir=str(data))))
    latencies: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        while not app.index_ready:
            await asyncio.sleep(0.01)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        for text in texts:
            await pilot.press("escape")
            await pilot.pause(0.15)
            typed = ""
            for char in text:
                typed += char
                await pilot.pause(0.15)
                start = time.perf_counter()
                await pilot.press("space" if char == " " else char)
                expected = " ".join(typed.split())
                while screen.shown_query != expected:
                    if time.perf_counter() - start > 2:
                        break
                    await asyncio.sleep(0.0005)
                if typed.strip():
                    latencies.append((screen.shown_at - start) * 1000)
                    while not drawn or drawn[-1] < screen.shown_at:
                        if time.perf_counter() - start > 2:
                            break
                        await asyncio.sleep(0.0005)
                    after = [d for d in drawn if d >= screen.shown_at]
                    if after:
                        frames.append((after[0] - start) * 1000)
    App._display = display  # type: ignore[method-assign]
    return latencies


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    playbooks = generate(count)
    texts = [q for q, _ in queries(playbooks, 24)]
    with tempfile.TemporaryDirectory() as tmp:
        lib, data = Path(tmp, "lib"), Path(tmp, "data")
        write_playbooks(lib, playbooks)
        Workspace(resolve_settings(playbooks=[str(lib)], data_dir=str(data))).engine.refresh()
        launches = [launch_seconds(lib, data) for _ in range(3)]
        walls = [w for w, _ in launches]
        frames: list[float] = []
        latencies = asyncio.run(keystroke_latencies(lib, data, texts, frames))
    print(f"playbooks: {count} (warm index); load averages {os.getloadavg()}")
    print(
        f"launch to a search box taking keys: best {min(walls):.3f} s, median {statistics.median(walls):.3f} s "
        "(new process, imports included; bench/startup.py gives the ratio to a bare app)"
    )
    print(
        f"keystroke to results in the list: {len(latencies)} keys, p50 "
        f"{percentile(latencies, 50):.1f} ms, p99 {percentile(latencies, 99):.1f} ms "
        "(target p99 <= 16, one frame)"
    )
    if frames:
        print(
            f"keystroke to the next frame drawn: {len(frames)} keys, p50 "
            f"{percentile(frames, 50):.1f} ms, p99 {percentile(frames, 99):.1f} ms (information)"
        )


if __name__ == "__main__":
    main()
