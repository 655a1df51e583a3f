"""TUI speed: launch to a search box that takes keys, and keystroke to results.

    python bench/tui.py [N]

With N generated playbooks (default 1,000) and a warm index:
- launch: a new process is started; the time until the search screen is
  mounted with the search box focused (headless, as in tests) is measured
  from the parent, so interpreter start and imports are included;
- keystroke to results: typing queries one key at a time, 150 ms apart (a
  pause in typing, so no debounce delay applies), the time from each key press
  to the new results being put on the screen. Targets: launch <= 0.6 s; p99
  keystroke to results <= 50 ms.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


async def keystroke_latencies(lib: Path, data: Path, texts: list[str]) -> list[float]:
    from livecheck.tui.app import LivecheckApp
    from livecheck.tui.screens.search import SearchScreen

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
        latencies = asyncio.run(keystroke_latencies(lib, data, texts))
    print(f"playbooks: {count} (warm index)")
    print(
        f"launch to a search box taking keys: best {min(walls):.3f} s, median {statistics.median(walls):.3f} s "
        "(new process, imports included; target <= 0.6)"
    )
    print(
        f"keystroke to results on screen: {len(latencies)} keys, p50 {percentile(latencies, 50):.1f} ms, "
        f"p99 {percentile(latencies, 99):.1f} ms (target p99 <= 50)"
    )


if __name__ == "__main__":
    main()
