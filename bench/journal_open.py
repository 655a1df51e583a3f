"""The cost of checking the journal when it opens (PRAGMA quick_check).

    python bench/journal_open.py [--runs 10000] [--events 10]

Fills a journal with R runs of E events each (a note of ~120 characters per
event), then times `Journal.open` (which runs the check) and the check alone,
beside a plain sqlite3 connect + `SELECT count(*)` as the reference, best of 5.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import tempfile
import time
from pathlib import Path

from livecheck.journal.integrity import quick_check
from livecheck.journal.store import Journal


def fill(path: Path, runs: int, events: int) -> None:
    Journal.open(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    db.execute("INSERT INTO playbook_versions VALUES ('v', x'00')")
    now = dt.datetime.now(dt.UTC)
    for i in range(runs):
        at = (now - dt.timedelta(minutes=i)).isoformat()
        db.execute(
            "INSERT INTO runs (id, playbook_id, lang, version, path, title, operator, started_at, "
            "status, last_event_at) VALUES (?, 'p', 'en', 'v', 'x.yaml', 'T', 'op', ?, 'ended', ?)",
            (f"run-{i:06d}", at, at),
        )
        db.executemany(
            "INSERT INTO events (run_id, seq, kind, at, step_id, data) VALUES (?, ?, 'note', ?, 's', ?)",
            [
                (f"run-{i:06d}", n, at, json.dumps({"text": f"note {n} of run {i} " + "x" * 100}))
                for n in range(events)
            ],
        )
    db.commit()
    db.close()


def best(work: object, times: int = 5) -> float:
    found = []
    for _ in range(times):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        found.append((time.perf_counter() - start) * 1000)
    return min(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "journal.sqlite3"
        fill(path, args.runs, args.events)
        size = path.stat().st_size / 1e6

        def plain() -> None:
            db = sqlite3.connect(path)
            db.execute("SELECT count(*) FROM runs").fetchone()
            db.close()

        def opened() -> None:
            Journal.open(path).close()

        db = sqlite3.connect(path)
        check = best(lambda: quick_check(db))
        db.close()
        print(f"journal: {args.runs} runs, {args.runs * args.events} events, {size:.1f} MB")
        print(f"reference: sqlite3 connect + count(*): {best(plain):.1f} ms")
        print(f"PRAGMA quick_check alone: {check:.1f} ms")
        print(f"Journal.open (configure, quick_check, migrate): {best(opened):.1f} ms")


if __name__ == "__main__":
    main()
