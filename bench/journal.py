"""Journal speed: recording one action, and listing unfinished runs.

    python bench/journal.py [--actions N] [--runs R]

Records N actions (notes and steps) through the run service, each committed
(WAL, synchronous=FULL, BEGIN IMMEDIATE) before the next, and prints p50/p99
per action. Then fills the journal to R runs (half of them unfinished) and
times listing unfinished runs. Targets: p99 <= 10 ms per action; listing with
10,000 runs <= 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from livecheck.journal.store import Journal
from livecheck.runs.engine import Walkthrough
from livecheck.runs.events import Event
from livecheck.services.runs import RunService

PLAYBOOK = """\
id: bench-run
lang: en
title: Benchmark playbook
summary: A playbook to time the journal.
when: Use when benchmarking.
category: operational
severity: low
owner: bench
reviewed: 2026-11-01
steps:
""" + "".join(f"  - id: s{i}\n    title: Step {i}\n" for i in range(40))


def _note(w: Walkthrough, n: int) -> Event:
    return w.note(f"note {n}")


def _done(w: Walkthrough) -> Event:
    return w.done()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        book = root / "lib" / "operational" / "bench-run.en.yaml"
        book.parent.mkdir(parents=True)
        book.write_text(PLAYBOOK, encoding="utf-8")
        journal = Journal.open(root / "data" / "journal.sqlite3")
        service = RunService(journal, "bench")
        run = service.start(book, variables={}, case_ref="BENCH-1")
        times = []
        for n in range(args.actions):
            plan: Callable[[Walkthrough], Event] = (
                partial(_note, n=n) if run.state.over or n % 3 else _done
            )
            if run.state.over:
                run = service.start(book, variables={}, case_ref=f"BENCH-{n}")
            start = time.perf_counter()
            service.act(run, plan)
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"actions recorded: {len(times)} (each committed: WAL, synchronous=FULL, BEGIN IMMEDIATE)"
        )
        print(
            f"record one action ms: p50 {percentile(times, 50):.2f}  p99 {percentile(times, 99):.2f}  "
            f"mean {statistics.mean(times):.2f}   (target p99 <= 10)"
        )
        fill_runs(root / "data" / "journal.sqlite3", args.runs)
        listing = []
        for _ in range(20):
            start = time.perf_counter()
            shown = journal.unfinished_runs()
            listing.append((time.perf_counter() - start) * 1000)
        every = []
        for _ in range(5):
            start = time.perf_counter()
            total = journal.unfinished_runs(limit=None)
            every.append((time.perf_counter() - start) * 1000)
        count = journal.connection.execute("SELECT count(*) FROM runs").fetchone()[0]
        print(f"runs in journal: {count}, unfinished: {len(total)}")
        print(
            f"list unfinished runs (newest {len(shown)}, as `livecheck runs` shows): "
            f"median {statistics.median(listing):.1f} ms, max {max(listing):.1f} ms   (target <= 100)"
        )
        print(f"list all {len(total)} unfinished runs: median {statistics.median(every):.1f} ms")
        journal.close()


def fill_runs(path: Path, count: int) -> None:
    """Bulk-insert runs for the listing benchmark (one transaction, not the hot path)."""
    db = sqlite3.connect(path)
    version = db.execute("SELECT sha256 FROM playbook_versions LIMIT 1").fetchone()[0]
    now = dt.datetime.now(dt.UTC)
    rows = []
    for i in range(count):
        at = (now - dt.timedelta(minutes=i)).isoformat()
        active = i % 2 == 0
        rows.append(
            (
                f"bench-{i:06d}",
                "case",
                "bench-run",
                "en",
                version,
                "x.yaml",
                "Benchmark playbook",
                f"CASE-{i}",
                "bench",
                at,
                "active" if active else "ended",
                None if active else "resolved",
                None if active else at,
                "s3" if active else None,
                at,
                None,
            )
        )
    db.executemany(
        "INSERT INTO runs (id, kind, playbook_id, lang, version, path, title, case_ref, operator, "
        "started_at, status, outcome, ended_at, current_step, last_event_at, sla_minutes) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    db.commit()
    db.close()


if __name__ == "__main__":
    main()
