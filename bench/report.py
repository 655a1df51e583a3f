"""Report speed: `livecheck report` over a journal of 100,000 events.

    python bench/report.py [--events N] [--repeat R]

Writes a library of 40 playbooks (4 categories, 8 steps, half with an SLA) and a
journal holding N events (default 100,000) in the journal's own schema:
case runs that resolve, escalate, skip steps with reasons, get abandoned or stay
unfinished, spread over 90 days, plus drill runs (one in 20, each a scored attempt), 5,000 searches
and a feedback flag on one case run in 50. The journal is filled directly with executemany in one
transaction (the run service would take minutes at one fsync per action).

Then times the core call (`build_report`, median of R) and the command line end
to end (`python -m livecheck report`, text and json), and prints the figures.
Target: <= 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from livecheck.journal.records import RUN_COLUMNS
from livecheck.journal.store import Journal
from livecheck.playbook.library import load_library
from livecheck.reports.build import build_report
from livecheck.reports.render import render

CATEGORIES = ("trust-safety", "operational", "campaign", "onboarding")
STEPS = 8
START = dt.datetime(2026, 8, 1, 8, 0, tzinfo=dt.UTC)
REASONS = ("creator offline", "not needed", "already done", "tool down", "no access")
QUERIES = (
    "compte pirate",
    "live coupe",
    "gift missing",
    "agency scam",
    "payout late",
    "ban appeal",
)


def playbook_text(n: int) -> tuple[str, str, str]:
    category = CATEGORIES[n % len(CATEGORIES)]
    pb_id = f"bench-{n:02d}"
    sla = "sla_minutes: 30\n" if n % 2 == 0 else ""
    steps = "".join(f"  - id: s{i}\n    title: Step {i} of {pb_id}\n" for i in range(STEPS))
    text = f"""\
id: {pb_id}
lang: en
title: Benchmark playbook {n}
summary: A playbook to time the report.
when: Use when benchmarking.
category: {category}
severity: low
owner: team-{n % 5}
reviewed: 2026-0{1 + n % 9}-01
review_every_days: {90 + n * 5}
{sla}steps:
{steps}drills:
  - id: d1
    scenario: Something happens to a creator.
    outcome: resolved
"""
    return pb_id, category, text


def iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def fill(journal: Journal, books: list[tuple[str, Path, bytes]], events_wanted: int) -> int:
    rng = random.Random(7)
    runs, events, searches, feedback, attempts = [], [], [], [], []
    versions = [(hashlib.sha256(c).hexdigest(), c) for _, _, c in books]
    count = 0
    n = 0
    while count < events_wanted:
        n += 1
        index = rng.randrange(len(books))
        pb_id, path, _ = books[index]
        sha = versions[index][0]
        kind = "drill" if n % 20 == 0 else "case"
        run_id = f"bench-{n:07d}"
        t = START + dt.timedelta(minutes=rng.randrange(90 * 24 * 60))
        started = t
        run_events: list[tuple[str, dt.datetime, str | None, str]] = [
            ("run-started", t, None, "{}")
        ]
        fate = rng.random()
        stop_at = rng.randrange(STEPS) if fate < 0.2 else STEPS
        for step in range(stop_at):
            t += dt.timedelta(seconds=rng.randrange(20, 600))
            if rng.random() < 0.1:
                data = json.dumps({"reason": rng.choice(REASONS)})
                run_events.append(("skipped", t, f"s{step}", data))
            else:
                run_events.append(("done", t, f"s{step}", "{}"))
            if rng.random() < 0.2:
                run_events.append(("note", t, f"s{step}", json.dumps({"text": "a note"})))
        current: str | None = f"s{stop_at}" if stop_at < STEPS else None
        if stop_at < STEPS and fate < 0.1:
            status, outcome, ended = "abandoned", None, t
            run_events.append(("abandoned", t, current, json.dumps({"reason": "duplicate"})))
        elif stop_at < STEPS:
            status, outcome, ended = "active", None, None
        elif fate < 0.35:
            status, outcome, ended = "ended", "escalated", t
            run_events[-1] = ("escalated", t, None, json.dumps({"outcome": "escalated"}))
        else:
            status, outcome, ended = "ended", "resolved", t
        runs.append(
            (
                run_id, kind, pb_id, "en", sha, str(path), f"Benchmark playbook {index}", None,
                "bench", iso(started), status, outcome, iso(ended) if ended else None,
                current, iso(t), 30 if index % 2 == 0 else None,
            )
        )  # fmt: skip
        for seq, (ev_kind, at, step_id, data) in enumerate(run_events, 1):
            events.append((run_id, seq, ev_kind, iso(at), step_id, data))
        count += len(run_events)
        if kind == "drill":
            score = rng.randrange(40, 101)
            attempts.append(
                (run_id, "trainee", pb_id, "basic", path.parent.name, pb_id, 1, 1, iso(started),
                 iso(t), score, int(score >= 80), "{}")
            )  # fmt: skip
        if kind == "case" and n % 50 == 0:
            feedback.append(
                (run_id, pb_id, "en", iso(t), "bench", rng.choice(("wrong", "unclear")), "fix it")
            )
    for i in range(5000):
        at = START + dt.timedelta(minutes=rng.randrange(90 * 24 * 60))
        query = rng.choice(QUERIES) + ("" if i % 3 else f" {i % 40}")
        results = 0 if i % 4 == 0 else rng.randrange(1, 10)
        opened = None if results == 0 or i % 5 == 0 else f"bench-{i % 40:02d}"
        searches.append((iso(at), "bench", "case", query, query, results, opened, None))
    with journal._write() as db:
        db.executemany("INSERT INTO playbook_versions (sha256, content) VALUES (?, ?)", versions)
        db.executemany(f"INSERT INTO runs ({RUN_COLUMNS}) VALUES ({', '.join('?' * 16)})", runs)
        db.executemany(
            "INSERT INTO events (run_id, seq, kind, at, step_id, data) VALUES (?, ?, ?, ?, ?, ?)",
            events,
        )
        db.executemany(
            "INSERT INTO searches (at, operator, kind, query, normalized, results, "
            "opened_playbook_id, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            searches,
        )
        db.executemany(
            "INSERT INTO feedback (run_id, playbook_id, lang, at, operator, reason, comment) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            feedback,
        )
        db.executemany(
            "INSERT INTO drill_attempts (run_id, trainee, playbook_id, drill_id, category, "
            "chosen_playbook_id, searches, found_rank, started_at, finished_at, score, passed, "
            "breakdown) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            attempts,
        )
    journal.connection.execute("ANALYZE")
    print(f"journal: {len(runs):,} runs, {count:,} events, {len(searches):,} searches, "
          f"{len(feedback):,} feedback, {len(attempts):,} drill attempts")  # fmt: skip
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        books = []
        for n in range(40):
            pb_id, category, text = playbook_text(n)
            path = root / "lib" / category / f"{pb_id}.en.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            books.append((pb_id, path, text.encode()))
        data = root / "data"
        journal = Journal.open(data / "journal.sqlite3")
        t0 = time.perf_counter()
        fill(journal, books, args.events)
        print(f"filled in {time.perf_counter() - t0:.1f} s")

        library = load_library([root / "lib"])
        core = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            report = build_report(journal, library)
            core.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        text = render(report, "text")
        render_s = time.perf_counter() - t0
        print(f"core build_report: median {statistics.median(core):.3f} s, "
              f"max {max(core):.3f} s over {args.repeat} runs; text rendering {render_s:.3f} s")  # fmt: skip
        t = report.totals
        print(f"figures: {t.runs:,} case runs, resolution {t.resolution_rate:.1%}, "
              f"escalation {t.escalation_rate:.1%}, {len(report.steps)} step rows, "
              f"{len(report.missing)} missing searches, drills {[(d.category, d.attempts, d.passed) for d in report.drills]}")  # fmt: skip
        assert "Runs per playbook" in text
        journal.close()

        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
        for fmt in ("text", "json"):
            cmd = [sys.executable, "-m", "livecheck", "report", "--format", fmt,
                   "--playbooks", str(root / "lib"), "--data-dir", str(data)]  # fmt: skip
            timings = []
            for _ in range(3):
                t0 = time.perf_counter()
                done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
                timings.append(time.perf_counter() - t0)
            print(f"CLI `livecheck report --format {fmt}` end to end: median "
                  f"{statistics.median(timings):.3f} s ({len(done.stdout):,} bytes)")  # fmt: skip
        print("target: <= 2 s")


if __name__ == "__main__":
    main()
