"""Start-up times, each beside a reference measured in the same run, interleaved.

    python bench/startup.py [N] [--reps R] [--only launch,version,help,search] [--lang fr]

Every figure is a whole new process, timed from the parent (interpreter start
and imports included), R repetitions (default 7) taken in turn with their
reference so that a busy machine slows both alike. Medians are printed with
the spread (min-max) and the ratio of medians.

livecheck's modules are compiled to bytecode first, as installing the package
does (pip compiles a wheel's modules; an editable install under
PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module at every start,
while the references' modules are compiled): `--source` leaves them as they are.

- launch: `livecheck` opening on the bundled library (and on N generated
  playbooks, default 1,000), warm index, until the search screen is mounted with
  its search box focused (headless, as in tests), timed when the process says so
  (a line on its stdout); reference: a bare Textual app with a header, an input,
  a list and a footer, timed the same way. Target 1.3x. The time to the end of
  the process (the work started after the first frame finishing, and the exit)
  is printed beside it, for information.
- first query (--only firstkey): the launch above, then "stream key" put in the
  box (as if pasted) at once or 0.3 s after the box shows (a person seeing it,
  then typing); the time to its results on screen, against the same query in an
  app whose index is ready (target: one frame, 16 ms, more).
- `livecheck --version` and `livecheck --help`; reference: `python -c "import
  argparse"`. Target 1.3x.
- warm search: `livecheck search --json -` answering one query on N playbooks,
  nothing changed; reference: a process opening a prebuilt SQLite FTS5 table of
  the same playbooks and answering the same query with a snippet.
- memory (--only memory): the app's peak RSS with N playbooks (warm index, a
  query typed) against the bare Textual app's (target 2x).
- build (--only build): the first index build of N playbooks, `livecheck index`
  on an empty data folder, against a process parsing the same files with
  ruamel's C loader into an SQLite FTS5 table (target 3x); and the app's first
  build (from start until the index is ready) against the CLI's (target 1.2x).
  Each with its CPU time beside it (user + system, the process's and its
  children's), and the load average: a machine busy with other work stretches
  the wall time of a long build more than that of its short reference.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate, write_playbooks

PY = sys.executable
ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

LAUNCH_CHILD = """
import asyncio, sys, time
from livecheck.services.settings import resolve_settings
from livecheck.services.workspace import Workspace
from livecheck.tui.app import LivecheckApp
from textual.widgets import Input

async def main():
    if len(sys.argv) > 3:  # the interface language, as --lang-ui sets it
        from livecheck.i18n import set_language

        set_language(sys.argv[3])
    roots = [sys.argv[1]] if sys.argv[1] else []
    app = LivecheckApp(Workspace(resolve_settings(playbooks=roots, data_dir=sys.argv[2])))
    async with app.run_test(size=(100, 30)) as pilot:
        while not isinstance(app.focused, Input):
            await asyncio.sleep(0.002)
        print(type(app.screen).__name__, flush=True)

asyncio.run(main())
"""

FIRST_KEY_CHILD = """
import asyncio, sys, time
from livecheck.services.settings import resolve_settings
from livecheck.services.workspace import Workspace
from livecheck.tui.app import LivecheckApp
from textual.widgets import Input

async def typed(app, pilot, text):
    start = time.perf_counter()
    app.screen.query_one(Input).value = text  # as if pasted: the same search either time
    while getattr(app.screen, "shown_query", None) != text:
        await asyncio.sleep(0.001)
    return time.perf_counter() - start

async def main():
    roots = [sys.argv[1]] if sys.argv[1] else []
    app = LivecheckApp(Workspace(resolve_settings(playbooks=roots, data_dir=sys.argv[2])))
    async with app.run_test(size=(100, 30)) as pilot:
        while not isinstance(app.focused, Input):
            await asyncio.sleep(0.002)
        await asyncio.sleep(float(sys.argv[3]))
        first = await typed(app, pilot, "stream key")
        while not app.index_ready:
            await asyncio.sleep(0.01)
        app.screen.query_one(Input).value = ""
        await pilot.pause(0.5)
        warm = await typed(app, pilot, "stream key")
        print(f"{first} {warm}", flush=True)

asyncio.run(main())
"""

BARE_CHILD = """
import asyncio
from textual.app import App
from textual.widgets import Footer, Header, Input, ListItem, Label, ListView

class Bare(App):
    def compose(self):
        yield Header()
        yield Input(placeholder="search")
        yield ListView(*[ListItem(Label(f"item {i}")) for i in range(10)])
        yield Footer()

    def on_mount(self):
        self.query_one(Input).focus()

async def main():
    app = Bare()
    async with app.run_test(size=(100, 30)) as pilot:
        while not isinstance(app.focused, Input):
            await asyncio.sleep(0.002)
        print("Bare", flush=True)

asyncio.run(main())
"""

PARSE_FTS_CHILD = """
import sqlite3, sys
from pathlib import Path
from ruamel.yaml import YAML
yaml = YAML(typ="safe", pure=False)  # the C loader
db = sqlite3.connect(sys.argv[2])
db.execute("CREATE VIRTUAL TABLE pb USING fts5(pid UNINDEXED, title, keywords, tags, whentext, "
           "summary, body, tokenize='porter unicode61 remove_diacritics 2')")
rows = []
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    d = yaml.load(path.read_bytes())
    steps = d.get("steps") or []
    body = " ".join([*(d.get("memory") or []), *(str(s.get(k) or "") for s in steps
                     for k in ("title", "detail", "template"))])
    rows.append((d["id"], d["title"], " ".join(map(str, d.get("keywords") or [])),
                 " ".join(map(str, d.get("tags") or [])), d.get("when", ""), d.get("summary", ""), body))
db.executemany("INSERT INTO pb VALUES (?,?,?,?,?,?,?)", rows)
db.commit()
"""

APP_BUILD_CHILD = """
import asyncio, sys
from livecheck.services.settings import resolve_settings
from livecheck.services.workspace import Workspace
from livecheck.tui.app import LivecheckApp

async def main():
    app = LivecheckApp(Workspace(resolve_settings(playbooks=[sys.argv[1]], data_dir=sys.argv[2])))
    async with app.run_test(size=(100, 30)) as pilot:
        while not app.index_ready:
            await asyncio.sleep(0.01)

asyncio.run(main())
"""

MEMORY_CHILD = """
import asyncio, resource, sys
from livecheck.services.settings import resolve_settings
from livecheck.services.workspace import Workspace
from livecheck.tui.app import LivecheckApp

async def main():
    app = LivecheckApp(Workspace(resolve_settings(playbooks=[sys.argv[1]], data_dir=sys.argv[2])))
    async with app.run_test(size=(100, 30)) as pilot:
        while not app.index_ready:
            await asyncio.sleep(0.01)
        for key in "stream key":
            await pilot.press("space" if key == " " else key)
        await pilot.pause(0.5)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)

asyncio.run(main())
"""

BARE_MEMORY_CHILD = BARE_CHILD.replace('print("Bare", flush=True)', "pass") + (
    "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)

FTS_CHILD = """
import json, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
for line in sys.stdin:
    words = ["".join(c for c in w if c.isalnum()) for w in line.split()]
    match = " OR ".join(f'"{w}"*' for w in words if w)
    rows = db.execute(
        "SELECT pid, snippet(pb, -1, '**', '**', '…', 16) FROM pb WHERE pb MATCH ? "
        "ORDER BY bm25(pb, 0, 10, 10, 5, 3, 2, 1) LIMIT 10", (match,)).fetchall()
    print(json.dumps({"query": line.strip(), "results": rows}), flush=True)
"""


def timed_line(cmd: list[str]) -> tuple[float, float, str]:
    """Seconds until `cmd` prints its first line, until it ends, and that line."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV, text=True
    )
    assert proc.stdout
    line = proc.stdout.readline()
    to_line = time.perf_counter() - start
    proc.stdout.read()
    if proc.wait() != 0:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return to_line, time.perf_counter() - start, line


def launch(cmd: list[str], ends: list[float]) -> float:
    """Seconds until the app says its search box is focused (the process's end in `ends`)."""
    to_line, to_end, _ = timed_line(cmd)
    ends.append(to_end)
    return to_line


def compile_livecheck() -> None:
    """Write the bytecode of livecheck's modules, as installing the package does."""
    import compileall

    import livecheck

    compileall.compile_dir(Path(livecheck.__file__).parent, quiet=1)


def timed(cmd: list[str], stdin: str | None = None) -> float:
    start = time.perf_counter()
    if stdin is None:
        subprocess.run(cmd, env=ENV, check=True, capture_output=True)
    else:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=ENV,
            text=True,
        )
        assert proc.stdin and proc.stdout
        proc.stdin.write(stdin)
        proc.stdin.flush()
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - start
        proc.stdin.close()
        proc.wait()
        assert json.loads(line)["query"] == stdin.strip(), line
        return elapsed
    return time.perf_counter() - start


def compare(
    name: str, subject: Callable[[], float], reference: Callable[[], float], reps: int
) -> tuple[list[float], list[float]]:
    subject(), reference()  # warm the file cache once for both
    mine, ref = [], []
    for _ in range(reps):
        mine.append(subject())
        ref.append(reference())
    return mine, ref


def describe(
    name: str, ref_name: str, mine: list[float], ref: list[float], target: float | None
) -> str:
    m, r = statistics.median(mine), statistics.median(ref)
    return (
        f"{name:34} median {m * 1000:7.1f} ms ({min(mine) * 1000:.0f}-{max(mine) * 1000:.0f})   "
        f"{ref_name:22} median {r * 1000:7.1f} ms ({min(ref) * 1000:.0f}-{max(ref) * 1000:.0f})   "
        f"ratio {m / r:4.2f}x" + (f" (target <= {target}x)" if target else "")
    )


def fts5_file(lib: Path, path: Path) -> None:
    from livecheck.playbook.library import load_library

    db = sqlite3.connect(path)
    db.execute(
        "CREATE VIRTUAL TABLE pb USING fts5(pid UNINDEXED, title, keywords, tags, whentext, summary, "
        "body, tokenize='porter unicode61 remove_diacritics 2')"
    )
    for p in load_library([lib]).playbooks:
        body = " ".join(
            [
                *p.memory,
                *(s.title for s in p.steps),
                *(s.detail or "" for s in p.steps),
                *(s.template or "" for s in p.steps),
            ]
        )
        db.execute(
            "INSERT INTO pb VALUES (?,?,?,?,?,?,?)",
            (p.id, p.title, " ".join(p.keywords), " ".join(p.tags), p.when, p.summary, body),
        )
    db.commit()
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=1000)
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--only", default="version,help,launch,search")
    parser.add_argument(
        "--source", action="store_true", help="leave livecheck's modules uncompiled"
    )
    parser.add_argument(
        "--lang",
        choices=("en", "fr"),
        help="also time the launch and --help in this interface language, beside English",
    )
    args = parser.parse_args()
    if not args.source:
        compile_livecheck()
    only = set(args.only.split(","))
    script = Path(PY).parent / "livecheck"  # what a user types: the installed script
    livecheck = [str(script)] if script.exists() else [PY, "-m", "livecheck"]
    argparse_ref = [PY, "-c", "import argparse"]
    lines = []

    def run(name: str, ref_name: str, a: list[str], b: list[str], target: float) -> None:
        mine, ref = compare(name, lambda: timed(a), lambda: timed(b), args.reps)
        lines.append(describe(name, ref_name, mine, ref, target))
        print(lines[-1], flush=True)

    if "version" in only:
        run("livecheck --version", "import argparse", [*livecheck, "--version"], argparse_ref, 1.3)
    if "help" in only:
        run("livecheck --help", "import argparse", [*livecheck, "--help"], argparse_ref, 1.3)
    with tempfile.TemporaryDirectory() as tmp:
        lib, data, bundled_data = Path(tmp, "lib"), Path(tmp, "data"), Path(tmp, "bundled")
        write_playbooks(lib, generate(args.n))
        index = [*livecheck, "--data-dir"]
        subprocess.run(
            [*index, str(bundled_data), "index"], env=ENV, check=True, capture_output=True
        )
        subprocess.run(
            [*index, str(data), "--playbooks", str(lib), "index"],
            env=ENV,
            check=True,
            capture_output=True,
        )
        if "launch" in only:
            bare = [PY, "-c", BARE_CHILD]
            for name, lib_arg, data_arg in (
                ("launch, bundled library", "", bundled_data),
                (f"launch, {args.n} playbooks", str(lib), data),
            ):
                child = [PY, "-c", LAUNCH_CHILD, lib_arg, str(data_arg)]
                ends: dict[str, list[float]] = {"mine": [], "ref": []}
                mine, ref = compare(
                    name,
                    partial(launch, child, ends["mine"]),
                    partial(launch, bare, ends["ref"]),
                    args.reps,
                )
                lines.append(describe(name, "bare Textual app", mine, ref, 1.3))
                print(lines[-1], flush=True)
                lines.append(
                    describe(
                        "  (to the process's end)",
                        "bare Textual app",
                        ends["mine"][1:],
                        ends["ref"][1:],
                        None,
                    )
                )
                print(lines[-1], flush=True)
        if args.lang and "launch" in only:
            child = [PY, "-c", LAUNCH_CHILD, "", str(bundled_data)]
            no_ends: list[float] = []
            name = f"launch, bundled, {args.lang}"
            mine, ref = compare(
                name,
                partial(launch, [*child, args.lang], no_ends),
                partial(launch, [*child, "en"], no_ends),
                args.reps,
            )
            lines.append(describe(name, "the same in en", mine, ref, 1.05))
            print(lines[-1], flush=True)
        if args.lang and "help" in only:
            run(
                f"livecheck --lang-ui {args.lang} --help",
                "livecheck --lang-ui en --help",
                [*livecheck, "--lang-ui", args.lang, "--help"],
                [*livecheck, "--lang-ui", "en", "--help"],
                1.05,
            )
        if "firstkey" in only:
            for name, lib_arg, data_arg in (
                ("bundled library", "", bundled_data),
                (f"{args.n} playbooks", str(lib), data),
            ):
                for delay in ("0", "0.3"):
                    firsts, warms = [], []
                    for _ in range(args.reps):
                        child = [PY, "-c", FIRST_KEY_CHILD, lib_arg, str(data_arg), delay]
                        first, warm = map(float, timed_line(child)[2].split())
                        firsts.append(first)
                        warms.append(warm)
                    f, w = statistics.median(firsts), statistics.median(warms)
                    lines.append(
                        f"{f'first query at +{delay} s, {name}':34} median {f * 1000:7.1f} ms "
                        f"({min(firsts) * 1000:.0f}-{max(firsts) * 1000:.0f})   "
                        f"{'index ready':22} median {w * 1000:7.1f} ms ({min(warms) * 1000:.0f}-"
                        f"{max(warms) * 1000:.0f})   difference {(f - w) * 1000:5.1f} ms "
                        "(target <= 16 ms)"
                    )
                    print(lines[-1], flush=True)
        if "build" in only:
            import shutil

            def fresh(name: str) -> Path:
                path = Path(tmp, name)
                shutil.rmtree(path, ignore_errors=True)
                return path

            def cli_build() -> float:
                data_dir = fresh("build-cli")
                return timed([*index, str(data_dir), "--playbooks", str(lib), "index"])

            def app_build() -> float:
                return timed([PY, "-c", APP_BUILD_CHILD, str(lib), str(fresh("build-app"))])

            def reference() -> float:
                fresh("ref.sqlite3").unlink(missing_ok=True)
                return timed([PY, "-c", PARSE_FTS_CHILD, str(lib), str(Path(tmp, "ref.sqlite3"))])

            # CPU time (user + system, the process and those it waited for) beside
            # the wall time: on a machine shared with other work, it varies less.
            cpu: dict[str, list[float]] = {}

            def with_cpu(key: str, run: Callable[[], float]) -> Callable[[], float]:
                def timed_with_cpu() -> float:
                    before = os.times()
                    seconds = run()
                    after = os.times()
                    cpu.setdefault(key, []).append(
                        after.children_user
                        + after.children_system
                        - before.children_user
                        - before.children_system
                    )
                    return seconds

                return timed_with_cpu

            def cpu_line(key: str, ref_key: str, ref_name: str) -> str:
                mine_cpu, ref_cpu = cpu[key][1:], cpu[ref_key][1:]  # not the warm-up run
                m, r = statistics.median(mine_cpu), statistics.median(ref_cpu)
                return (
                    f"{'  (CPU time)':34} median {m * 1000:7.1f} ms   {ref_name:22} median "
                    f"{r * 1000:7.1f} ms   ratio {m / r:4.2f}x   (load average "
                    f"{os.getloadavg()[0]:.2f})"
                )

            print(f"(load average before the builds: {os.getloadavg()[0]:.2f})", flush=True)
            cli, ref = compare(
                "build", with_cpu("cli", cli_build), with_cpu("ref", reference), args.reps
            )
            lines.append(
                describe(
                    f"first index build (CLI), {args.n}", "parse + FTS5 process", cli, ref, 3.0
                )
            )
            lines.append(cpu_line("cli", "ref", "parse + FTS5 process"))
            print("\n".join(lines[-2:]), flush=True)
            app, cli2 = compare(
                "app build", with_cpu("app", app_build), with_cpu("cli2", cli_build), args.reps
            )
            lines.append(
                describe(f"first index build (app), {args.n}", "CLI build", app, cli2, 1.2)
            )
            lines.append(cpu_line("app", "cli2", "CLI build"))
            print("\n".join(lines[-2:]), flush=True)
        if "memory" in only:
            rss = [
                (
                    int(
                        subprocess.run(
                            [PY, "-c", MEMORY_CHILD, str(lib), str(data)],
                            env=ENV,
                            check=True,
                            capture_output=True,
                            text=True,
                        ).stdout.split()[-1]
                    ),
                    int(
                        subprocess.run(
                            [PY, "-c", BARE_MEMORY_CHILD],
                            env=ENV,
                            check=True,
                            capture_output=True,
                            text=True,
                        ).stdout.split()[-1]
                    ),
                )
                for _ in range(3)
            ]
            app_mb = statistics.median(a for a, _ in rss) / 1024
            bare_mb = statistics.median(b for _, b in rss) / 1024
            lines.append(
                f"{f'app peak RSS, {args.n} playbooks':34} median {app_mb:7.1f} MB   "
                f"{'bare Textual app':22} median {bare_mb:7.1f} MB   "
                f"ratio {app_mb / bare_mb:4.2f}x (target <= 2x)"
            )
            print(lines[-1], flush=True)
            size = sum(
                f.stat().st_size for f in (data / "cache" / "index").rglob("*") if f.is_file()
            )
            # Whoosh 2.7's BufferFile copied each segment it opens (mmap'd) into a BytesIO,
            # so every searcher held the whole index; search/segment_files.py reads in place.
            lines.append(f"{'  (index on disk)':34} {size / 1e6:7.1f} MB")
            print(lines[-1], flush=True)
        if "search" in only:
            fts = Path(tmp, "fts.sqlite3")
            fts5_file(lib, fts)
            query = "stream key\n"
            mine, ref = compare(
                "warm search",
                lambda: timed(
                    [*index, str(data), "--playbooks", str(lib), "search", "--json", "-"], query
                ),
                lambda: timed([PY, "-c", FTS_CHILD, str(fts)], query),
                args.reps,
            )
            lines.append(
                describe(f"warm search, {args.n} playbooks", "FTS5 process", mine, ref, None)
            )
            print(lines[-1], flush=True)
    print(f"\n(reps {args.reps}, medians with min-max, each beside its reference)")


if __name__ == "__main__":
    main()
