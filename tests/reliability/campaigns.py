"""The campaigns behind test_campaigns.py: each one runs a fault many times and
returns its figures (inputs tried, kills, actions lost, tracebacks...)."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from livecheck.playbook.library import load_library
from livecheck.playbook.loader import load_playbook_bytes
from livecheck.playbook.model import Source
from tests.reliability.conftest import (
    BUNDLED,
    alive,
    children_of,
    cli_env,
    copy_bundled,
    livecheck,
    traceback_in,
)
from tests.reliability.driver import PlainRun

PROMPTS = ("[q]uit ?: ", "Choice number (or ? for commands): ", "(Enter to go back): ")


@dataclass
class Figures:
    name: str
    inputs: int = 0
    kills: int = 0
    acknowledged: int = 0
    lost: int = 0
    orphans: int = 0
    leftovers: int = 0
    tracebacks: int = 0
    internal_errors: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def record(self) -> None:
        """Append to $LIVECHECK_RELIABILITY_REPORT (the long run's figures for the docs)."""
        target = os.environ.get("LIVECHECK_RELIABILITY_REPORT")
        if target:
            with open(target, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(asdict(self)) + "\n")


def _notes_in_journal(data: Path) -> set[str]:
    db = sqlite3.connect(f"{(data / 'journal.sqlite3').resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT data FROM events WHERE kind = 'note'").fetchall()
    finally:
        db.close()
    return {json.loads(r[0])["text"] for r in rows}


def sigkill_plain_runs(library: Path, data: Path, kills: int, seed: int) -> Figures:
    """`livecheck run` through a pipe, killed at random moments. An action counts as
    acknowledged once the next prompt is shown; none may be missing afterwards."""
    rng = random.Random(seed)
    figures = Figures("SIGKILL of plain runs")
    start = time.monotonic()
    acknowledged: set[str] = set()
    for k in range(kills):
        run = PlainRun(["simple-check", "--case", f"K-{k}", "--playbooks", str(library)], data)
        try:
            text = run.read_until(*PROMPTS, timeout=60)
            planned = rng.randint(1, 12)
            for n in range(planned):
                if "Choice number" in text:
                    answer, note = rng.choice(["1", "2"]), None
                elif "Enter to go back" in text:
                    answer, note = "1", None
                elif rng.random() < 0.6:
                    answer, note = "n", f"kill{seed}-{k}-{n}"
                else:
                    answer, note = rng.choice(["d", "b"]), None
                run.send(answer)
                if note is not None:
                    run.read_until("Note: ", timeout=60)
                    run.send(note)
                figures.inputs += 1
                if n == planned - 1:
                    time.sleep(rng.random() * 0.02)  # kill while it commits, or just after
                    break
                text = run.read_until(*PROMPTS, "Resume it with", "Run ended", timeout=60)
                if note is not None:
                    acknowledged.add(note)
                if "Run ended" in text or "Resume it with" in text:
                    break
        finally:
            run.proc.kill()
            run.proc.wait(30)
            figures.kills += 1
            if traceback_in(run.output):
                figures.tracebacks += 1
    found = _notes_in_journal(data)
    figures.acknowledged = len(acknowledged)
    missing = sorted(acknowledged - found)
    figures.lost = len(missing)
    figures.failures.extend(missing[:10])
    db = sqlite3.connect(data / "journal.sqlite3")
    if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
        figures.failures.append("journal integrity_check failed")
    db.close()
    figures.seconds = time.monotonic() - start
    return figures


PARALLEL_INDEX = (
    "import sys, livecheck.search.index as i; i.PARALLEL_FROM = 1; i.PARALLEL_PROCS = 2; "
    "from livecheck.cli import main; sys.exit(main(sys.argv[1:]))"
)


def sigkill_indexing(library: Path, data: Path, kills: int, seed: int) -> Figures:
    """`livecheck index --rebuild` (parallel writer) killed at random moments: after
    each, no worker process is left, and search works; at the end no dead folder."""
    rng = random.Random(seed)
    figures = Figures("SIGKILL during indexing")
    start = time.monotonic()
    index = data / "cache" / "index"
    for _ in range(kills):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                PARALLEL_INDEX,
                "index",
                "--rebuild",
                "--playbooks",
                str(library),
            ],
            env=cli_env(data),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + rng.uniform(0.5, 6.0)
        seen: set[int] = set()
        while time.monotonic() < deadline and proc.poll() is None:
            seen |= children_of(proc.pid)
            time.sleep(0.05)
        seen |= children_of(proc.pid)
        proc.kill()
        proc.wait(30)
        figures.kills += 1
        time.sleep(0.5)
        wait_until = time.monotonic() + 10
        while time.monotonic() < wait_until and any(alive(w) for w in seen):
            time.sleep(0.1)
        left = [w for w in seen if alive(w)]
        figures.orphans += len(left)
        for w in left:
            os.kill(w, signal.SIGKILL)
        proc.stdout.close()  # type: ignore[union-attr]
        err = proc.stderr.read().decode(errors="replace")  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]
        if traceback_in(err):
            figures.tracebacks += 1
        result = livecheck(
            "search",
            "--playbooks",
            str(library),
            "--no-journal",
            "hacked",
            data_dir=data,
            timeout=600,
        )
        figures.inputs += 1
        if result.returncode != 0 or "hacked-account" not in result.stdout:
            figures.failures.append(f"search after a kill: {result.stderr[-300:]}")
        if traceback_in(result.stderr):
            figures.tracebacks += 1
        live = (index / "CURRENT").read_text().strip()
        folders = [p.name for p in index.glob("gen-*") if p.is_dir()]
        # The live one, and at most the older one kept for readers.
        figures.leftovers += max(0, len(folders) - 2) + sum(
            1 for p in index.glob("gen-*.lock") if p.name != f"{live}.lock"
        )
    figures.seconds = time.monotonic() - start
    return figures


def concurrent_writers(
    library: Path, data: Path, writers: int, notes: int, indexers: int
) -> Figures:
    """Several plain runs writing notes at once while indexers rebuild and update the
    index of the same data dir: every acknowledged note is in the journal."""
    figures = Figures("concurrent writers and indexers")
    start = time.monotonic()
    script = "".join(f"n\nw{{w}}-{i}\n" for i in range(notes)) + "q\n"
    procs = []
    for w in range(writers):
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "livecheck",
                    "run",
                    "simple-check",
                    "--case",
                    f"W{w}",
                    "--playbooks",
                    str(library),
                ],
                env=cli_env(data),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    idx = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "livecheck",
                "index",
                *(["--rebuild"] if i % 2 else []),
                "--playbooks",
                str(library),
            ],
            env=cli_env(data),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(indexers)
    ]
    outputs = [p.communicate(script.format(w=w), timeout=600) for w, p in enumerate(procs)]
    for p in idx:
        out, err = p.communicate(timeout=600)
        if traceback_in(err):
            figures.tracebacks += 1
        if p.returncode not in (0, 1):
            figures.failures.append(f"indexer exit {p.returncode}: {err[-300:]}")
    acknowledged = set()
    for w, (out, err) in enumerate(outputs):
        figures.inputs += notes
        if traceback_in(err) or traceback_in(out):
            figures.tracebacks += 1
        if "NOT SAVED" in out or "locked" in out + err:
            figures.failures.append(f"writer {w}: {(out + err)[-300:]}")
        acknowledged |= {f"w{w}-{i}" for i in range(notes)}
    found = _notes_in_journal(data)
    figures.acknowledged = len(acknowledged)
    figures.lost = len(acknowledged - found)
    result = livecheck(
        "search", "--playbooks", str(library), "--no-journal", "check", data_dir=data
    )
    if "simple-check" not in result.stdout:
        figures.failures.append(
            f"search after concurrent indexers: {result.stdout[-200:]} {result.stderr[-300:]}"
        )
    figures.seconds = time.monotonic() - start
    return figures


def truncated_playbooks(step: int) -> Figures:
    """Every bundled playbook cut at every `step`-th byte: problems, never a crash."""
    figures = Figures("bundled playbooks truncated")
    start = time.monotonic()
    for path in sorted(BUNDLED.rglob("*.yaml")):
        data = path.read_bytes()
        for cut in range(0, len(data), step):
            piece = data[:cut]
            figures.inputs += 1
            try:
                loaded = load_playbook_bytes(piece, Source(path, "x", len(piece), 0))
            except Exception as exc:
                figures.tracebacks += 1
                figures.failures.append(f"{path.name}@{cut}: {exc!r}")
                continue
            if any(p.code == "internal-error" for p in loaded.problems):
                figures.internal_errors += 1
                figures.failures.append(f"{path.name}@{cut}: internal-error")
    figures.seconds = time.monotonic() - start
    return figures


YAML_JUNK = [*"{}[]:,&*!|>-#'\"%@`?\t\n ", "\x00", "\x1b", "\u202e", "é", "- ", ": ", "\n  "]


def random_bytes(count: int, seed: int) -> Figures:
    """Random bytes, and random bytes spliced into real playbooks."""
    rng = random.Random(seed)
    books = [p.read_bytes() for p in sorted(BUNDLED.rglob("*.yaml"))]
    figures = Figures("random bytes")
    start = time.monotonic()
    for n in range(count):
        if n % 4 == 0:  # raw bytes (mostly stopped by the UTF-8 check)
            data = rng.randbytes(rng.randint(0, 4096))
        else:  # a real playbook with characters that mean something to YAML spliced in
            book = bytearray(rng.choice(books))
            for _ in range(rng.randint(1, 8)):
                at = rng.randrange(len(book))
                junk = "".join(rng.choice(YAML_JUNK) for _ in range(rng.randint(0, 12)))
                book[at : at + rng.randint(0, 16)] = junk.encode("utf-8")
            data = bytes(book)
        figures.inputs += 1
        try:
            loaded = load_playbook_bytes(data, Source(Path("r.en.yaml"), "x", len(data), 0))
        except Exception as exc:
            figures.tracebacks += 1
            figures.failures.append(repr(exc))
            continue
        if any(p.code == "internal-error" for p in loaded.problems):
            figures.internal_errors += 1
            figures.failures.append(f"internal-error: {loaded.problems[0].message[:200]}")
    figures.seconds = time.monotonic() - start
    return figures


ODD_NAMES = [
    "with space.en.yaml",
    "-leading-dash.en.yaml",
    "new\nline.en.yaml",
    "tab\there.en.yaml",
    "esc\x1b[31mred.en.yaml",
    "rtl\u202eoverride.en.yaml",
    "zero\u200bwidth.en.yaml",
    "émoji-🎥.en.yaml",
    ("x" * 240) + ".en.yaml",
]


def special_files(root: Path) -> Figures:
    """FIFOs, a socket, device links, broken and looping links, a folder named
    *.yaml, odd and non-UTF-8 names: lint names each, search still works."""
    figures = Figures("special files and odd names")
    start = time.monotonic()
    library = copy_bundled(root / "lib")
    odd = library / "operational"
    os.mkfifo(odd / "fifo.en.yaml")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(odd / "sock.en.yaml"))
    (odd / "zero.en.yaml").symlink_to("/dev/zero")
    (odd / "null.en.yaml").symlink_to("/dev/null")
    (odd / "urandom.en.yaml").symlink_to("/dev/urandom")
    (odd / "broken.en.yaml").symlink_to(odd / "nowhere")
    (odd / "loop.en.yaml").symlink_to(odd / "loop.en.yaml")
    (odd / "folder.en.yaml").mkdir()
    source = BUNDLED / "operational" / "stream-key-setup.en.yaml"
    for name in ODD_NAMES:
        shutil.copy(source, odd / name)
    shutil.copy(source, odd / os.fsdecode(b"latin1-\xe9.en.yaml"))
    figures.inputs = 9 + len(ODD_NAMES)
    try:
        data = root / "data"
        lint = livecheck("lint", str(library), data_dir=data, timeout=120)
        for needle in ("fifo.en.yaml", "sock.en.yaml", "zero.en.yaml", "latin1-\\xe9"):
            if needle not in lint.stdout:
                figures.failures.append(f"lint does not name {needle}")
        if "\x1b" in lint.stdout or "\u202e" in lint.stdout:
            figures.failures.append("a control or bidi character reached the terminal")
        search = livecheck(
            "search", "--playbooks", str(library), "--no-journal", "stream key", data_dir=data
        )
        if "stream-key-setup" not in search.stdout:
            figures.failures.append(f"search failed: {search.stderr[-300:]}")
        for result in (lint, search):
            if traceback_in(result.stderr):
                figures.tracebacks += 1
        if load_library([library]).file_count < 48:
            figures.failures.append("the library lost its regular playbooks")
    finally:
        sock.close()
    figures.seconds = time.monotonic() - start
    return figures
