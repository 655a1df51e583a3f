"""Team journal speed, on a throwaway PostgreSQL server started here.

    python bench/team.py [--actions N] [--runs R] [--repeat K]

1. Recording an action: p50/p99 through the run service on the local journal
   alone (today's figure, the reference) and with a team journal (the outbox row
   in the same local commit, a replicator thread draining to the server): the
   network is never on the acknowledgement path.
2. Replication lag with the server up: from the local commit to the event being
   visible on the server (a poller reads the server every 2 ms). Target p99 <= 1 s.
3. `livecheck report` over a team journal of R runs x 10 events (default
   1,000,000 events) and 50 operators, generated on the server with
   generate_series (each run's events in order, through the server's trigger that
   stores each move's duration, as when they are received; step times vary): the
   core call, and the command line end to end, medians of --repeat. Target <= 2 s.
   The load average is printed beside them: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import psycopg  # noqa: E402
from tests.pg_server import cleanup, start_server  # noqa: E402

from livecheck.journal.store import Journal  # noqa: E402
from livecheck.journal.team.replicator import Replicator  # noqa: E402
from livecheck.journal.team.server import TeamServer  # noqa: E402
from livecheck.journal.team.server_schema import init_server  # noqa: E402
from livecheck.journal.team.snapshot import TeamSnapshot  # noqa: E402
from livecheck.playbook.library import load_library  # noqa: E402
from livecheck.reports.build import build_report  # noqa: E402
from livecheck.runs.engine import Walkthrough  # noqa: E402
from livecheck.runs.events import Event  # noqa: E402
from livecheck.services.runs import RunService  # noqa: E402

STEPS = 8
PLAYBOOKS = 20
OPERATORS = 50


def playbook(n: int) -> str:
    steps = "".join(f"  - id: s{i}\n    title: Step {i}\n" for i in range(1, 41))
    return (
        f"id: bench-run-{n}\nlang: en\ntitle: Benchmark playbook {n}\n"
        "summary: A playbook to time the team journal.\nwhen: Use when benchmarking.\n"
        "category: operational\nseverity: low\nowner: bench\nreviewed: 2026-11-01\n"
        f"sla_minutes: 30\nsteps:\n{steps}"
    )


def _note(w: Walkthrough, n: int) -> Event:
    return w.note(f"note {n}")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def record(
    root: Path, book: Path, actions: int, url: str | None
) -> tuple[list[float], list[float]]:
    """Per-action acknowledgement times (ms); with `url`, replication lags (ms) too."""
    journal = Journal.open(
        root / f"journal-{'team' if url else 'local'}.sqlite3", replicate=bool(url)
    )
    service = RunService(journal, "bench")
    run = service.start(book, variables={})
    committed: dict[int, float] = {}
    seen: dict[int, float] = {}
    stop = threading.Event()
    replicator = None
    poller = None
    if url:
        replicator = Replicator(journal, TeamServer(url), "bench")
        replicator.start()

        def poll() -> None:
            with psycopg.connect(url, options="-c search_path=livecheck", autocommit=True) as conn:
                last = 0
                while not stop.is_set() or last < len(committed) + 1:
                    row = conn.execute(
                        "SELECT coalesce(max(seq), 0) FROM events WHERE run_id = %s", (run.id,)
                    ).fetchone()
                    top = int(row[0]) if row is not None else 0
                    now = time.perf_counter()
                    for seq in range(last + 1, top + 1):
                        seen[seq] = now
                    last = top
                    if stop.is_set() and last >= len(committed) + 1:
                        break
                    time.sleep(0.002)

        poller = threading.Thread(target=poll)
        poller.start()
    times = []
    for n in range(actions):
        start = time.perf_counter()
        service.act(run, partial(_note, n=n))
        end = time.perf_counter()
        times.append((end - start) * 1000)
        committed[n + 2] = end  # seq 1 is the start
        time.sleep(0.005)  # an intern's pace is far slower; keeps the poller fair
    lags: list[float] = []
    if url and replicator and poller:
        stop.set()
        poller.join(60)
        replicator.stop()
        lags = [(seen[s] - committed[s]) * 1000 for s in committed if s in seen]
    journal.close()
    return times, lags


def generate(url: str, runs: int) -> None:
    content = playbook(0).encode()
    with psycopg.connect(url, options="-c search_path=livecheck", autocommit=True) as conn:
        conn.execute("INSERT INTO playbook_versions VALUES ('v1', %s)", (content,))
        iso = "to_char(({t}) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')"
        start = "(timestamptz '2026-01-01' + g * interval '5 minutes')"
        conn.execute(
            f"""
            INSERT INTO runs (id, kind, playbook_id, lang, version, path, title, case_ref,
                operator, started_at, status, outcome, ended_at, current_step, last_event_at,
                sla_minutes, holder)
            SELECT 'r' || g, 'case', 'bench-run-' || (g % {PLAYBOOKS}), 'en', 'v1', 'x.yaml',
                'Benchmark playbook', 'C' || g, 'op' || (g % {OPERATORS}),
                {iso.format(t=start)},
                CASE WHEN g % 10 = 0 THEN 'active' WHEN g % 10 = 1 THEN 'abandoned' ELSE 'ended' END,
                CASE WHEN g % 10 > 1 THEN CASE WHEN g % 7 = 0 THEN 'escalated' ELSE 'resolved' END END,
                CASE WHEN g % 10 > 0 THEN {iso.format(t=start + " + interval '40 minutes'")} END,
                CASE WHEN g % 10 < 2 THEN 's5' END,
                {iso.format(t=start + " + interval '40 minutes'")},
                30, 'op' || (g % {OPERATORS})
            FROM generate_series(1, {runs}) g
            """
        )
        conn.execute(
            f"""
            INSERT INTO events (run_id, seq, kind, at, step_id, data, uid)
            SELECT 'r' || g, s,
                CASE WHEN s = 1 THEN 'run-started' WHEN s = 10 THEN 'ended'
                     WHEN (g + s) % 9 = 0 THEN 'skipped' ELSE 'done' END,
                {iso.format(t=start + " + s * interval '4 minutes' + ((g * s) % 13) * interval '7 seconds' + ((g + s) % 1000) * interval '1 millisecond'")},
                CASE WHEN s BETWEEN 2 AND 9 THEN 's' || (s - 1) END,
                CASE WHEN (g + s) % 9 = 0 AND s BETWEEN 2 AND 9
                     THEN '{{"reason": "creator offline"}}' ELSE '{{}}' END,
                md5(g || '-' || s)
            FROM generate_series(1, {runs}) g, generate_series(1, 10) s
            ORDER BY g, s
            """
        )
        conn.execute(
            f"""
            INSERT INTO searches (at, operator, kind, query, normalized, results, uid)
            SELECT {iso.format(t="(timestamptz '2026-01-01' + g * interval '1 minute')")},
                'op' || (g % {OPERATORS}), 'case', 'query ' || (g % 300), 'query ' || (g % 300),
                g % 4, md5('s' || g)
            FROM generate_series(1, {runs}) g
            """
        )
        conn.execute("VACUUM ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=500)
    parser.add_argument("--runs", type=int, default=100_000, help="x 10 events")
    parser.add_argument("--repeat", type=int, default=5, help="report runs (medians)")
    args = parser.parse_args()
    server = start_server()
    if isinstance(server, str):
        sys.exit(server)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            lib = root / "lib" / "operational"
            lib.mkdir(parents=True)
            for n in range(PLAYBOOKS):
                (lib / f"bench-run-{n}.en.yaml").write_text(playbook(n), encoding="utf-8")
            book = lib / "bench-run-0.en.yaml"
            url = server.url(server.create_database())
            init_server(url)
            local, _ = record(root, book, args.actions, None)
            team, lags = record(root, book, args.actions, url)
            print(f"record one action, {args.actions} actions (each committed locally, fsynced):")
            for name, times in (
                ("local journal only (reference)", local),
                ("with a team journal", team),
            ):
                print(
                    f"  {name:<32} p50 {percentile(times, 50):6.2f} ms  p99 {percentile(times, 99):6.2f} ms"
                )
            print(
                f"replication lag, commit -> visible on the server ({len(lags)} actions): "
                f"p50 {percentile(lags, 50):.0f} ms  p99 {percentile(lags, 99):.0f} ms  "
                f"max {max(lags):.0f} ms   (target p99 <= 1000)"
            )
            big = server.url(server.create_database())
            init_server(big)
            started = time.perf_counter()
            generate(big, args.runs)
            print(
                f"team journal generated: {args.runs:,} runs, {args.runs * 10:,} events, "
                f"{OPERATORS} operators ({time.perf_counter() - started:.1f} s)"
            )
            library = load_library([root / "lib"])
            core = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                report = build_report(TeamSnapshot(big), library)
                core.append(time.perf_counter() - started)
            assert report.totals.runs == args.runs and len(report.operators) == OPERATORS
            cli = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "livecheck",
                        "report",
                        "--journal",
                        big,
                        "--playbooks",
                        str(root / "lib"),
                        "--data-dir",
                        str(root / "cli-data"),
                    ],
                    check=True,
                    capture_output=True,
                )
                cli.append(time.perf_counter() - started)
            load = os.getloadavg()
            print(
                f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
                f"({os.cpu_count()} cores; other work on the machine slows every figure)"
            )
            print(
                f"report over the team journal ({args.repeat} runs): core median "
                f"{statistics.median(core):.2f} s (min {min(core):.2f}, max {max(core):.2f}), "
                f"`livecheck report` end to end median {statistics.median(cli):.2f} s "
                f"(min {min(cli):.2f}, max {max(cli):.2f})   (target <= 2)"
            )
    finally:
        cleanup(server)


if __name__ == "__main__":
    main()
