"""Crash safety of the journal, with real processes.

`livecheck run` is driven through a pipe one answer at a time. After k answers
have been *acknowledged* (the next prompt has appeared, which the front end only
prints once the action is committed), the process is killed with SIGKILL. Every
acknowledged action must then be in the journal, and the run must resume at the
next step. Two processes writing the same journal at once must not lose or
refuse anything either.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from livecheck.journal.store import Journal
from livecheck.runs.engine import Walkthrough
from livecheck.services.runs import RunService
from tests.runs.conftest import REPO, Cli, cli_env, model, playbook_path

pytestmark = pytest.mark.slow

# One answer (one or two lines) per action on the "seven" playbook, and the
# same action for the engine, to compute what the journal must hold.
ACTIONS: list[tuple[list[str], object]] = [
    (["d"], lambda w: w.done()),
    (["n", "creator sent a screenshot"], lambda w: w.note("creator sent a screenshot")),
    (["d"], lambda w: w.done()),
    (["2"], lambda w: w.choose("Way B")),
    (["s", "already checked by the lead"], lambda w: w.skip("already checked by the lead")),
    (["b"], lambda w: w.back()),
    (["d"], lambda w: w.done()),
    (["d"], lambda w: w.done()),
    (["d"], lambda w: w.done()),  # the last step: the run ends
]
PROMPT = re.compile(rb"\[q\]uit \?: |\(or \? for commands\): ")


def expected_after(k: int) -> Walkthrough:
    w = Walkthrough(model("seven"), ())
    w.apply(w.start({}))
    for _, plan in ACTIONS[:k]:
        w.apply(plan(w))  # type: ignore[operator]
    return w


def shape(events: list) -> list[tuple[object, ...]]:  # type: ignore[type-arg]
    return [(e.seq, e.kind, e.step_id, dict(e.data)) for e in events]


class Session:
    """A `livecheck run` process fed through a pipe, its output collected by a thread."""

    def __init__(self, argv: list[str]) -> None:
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=REPO,
            env=cli_env(),
        )
        self.output = b""
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while chunk := os.read(fd, 65536):
            with self._changed:
                self.output += chunk
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_for(self, pattern: re.Pattern[bytes], count: int, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(pattern.findall(self.output)) < count:
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._reader.is_alive()):
                    raise AssertionError(
                        f"waited for {count} x {pattern.pattern!r}; output so far:\n"
                        + self.output.decode(errors="replace")
                    )
                self._changed.wait(min(left, 0.2))

    def send(self, *lines: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("".join(f"{line}\n" for line in lines).encode())
        self.proc.stdin.flush()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        assert self.proc.returncode == -signal.SIGKILL
        self._reader.join(timeout=5)


def run_argv(data_dir: Path, library: Path, tmp_path: Path, *args: str) -> list[str]:
    config = tmp_path / "config.toml"
    config.write_text('operator = "intern-ana"\n', encoding="utf-8")
    return [
        sys.executable,
        "-m",
        "livecheck",
        "--data-dir",
        str(data_dir),
        "--playbooks",
        str(library),
        "--config",
        str(config),
        "run",
        *args,
    ]


@pytest.mark.parametrize("k", range(len(ACTIONS)))
def test_kill_after_k_acknowledged_answers_loses_nothing(
    k: int, library: Path, data_dir: Path, journal_path: Path, tmp_path: Path, cli: Cli
) -> None:
    session = Session(run_argv(data_dir, library, tmp_path, "seven", "--case", f"CRASH-{k}"))
    session.wait_for(PROMPT, 1)  # the run is started and journaled
    for i in range(k):
        session.send(*ACTIONS[i][0])
        session.wait_for(PROMPT, i + 2)  # acknowledged: the next prompt is showing
    session.kill()

    expected = expected_after(k)
    journal = Journal.open(journal_path)
    try:
        runs = journal.unfinished_runs()
        assert [r.case_ref for r in runs] == [f"CRASH-{k}"]
        run_id = runs[0].id
        assert shape(journal.events(run_id)) == shape(expected.events)
        resumed = RunService(journal, "intern-ana").resume(run_id)
        assert not resumed.playbook_changed
        assert resumed.state.current == expected.state.current
        assert [r.step_id for r in resumed.state.path] == [r.step_id for r in expected.state.path]
        assert runs[0].current_step == expected.state.current
    finally:
        journal.close()

    listed = cli("runs")
    assert listed.returncode == 0, listed.stderr
    assert run_id in listed.stdout and f"CRASH-{k}" in listed.stdout

    rest = [line for answer, _ in ACTIONS[k:] for line in answer]
    resumed_run = cli("run", "--resume", run_id, stdin="".join(f"{x}\n" for x in rest))
    assert resumed_run.returncode == 0, resumed_run.stdout + resumed_run.stderr
    assert "Run ended: resolved." in resumed_run.stdout
    assert "Traceback" not in resumed_run.stderr

    journal = Journal.open(journal_path)
    try:
        record = journal.run(run_id)
        assert record is not None and (record.status, record.outcome) == ("ended", "resolved")
        assert shape(journal.events(run_id)) == shape(expected_after(len(ACTIONS)).events)
        assert journal.unfinished_runs() == []
    finally:
        journal.close()


def test_kill_in_the_middle_of_an_answer_records_nothing_of_it(
    library: Path, data_dir: Path, journal_path: Path, tmp_path: Path
) -> None:
    session = Session(run_argv(data_dir, library, tmp_path, "seven"))
    session.wait_for(PROMPT, 1)
    session.send("d")
    session.wait_for(PROMPT, 2)
    session.send("n")  # asks for the note's text; nothing to record yet
    session.wait_for(re.compile(rb"Note: "), 1)
    session.kill()
    journal = Journal.open(journal_path)
    try:
        (run,) = journal.unfinished_runs()
        assert shape(journal.events(run.id)) == shape(expected_after(1).events)
    finally:
        journal.close()


def test_a_completed_run_through_a_pipe_is_fully_journaled(
    library: Path, data_dir: Path, journal_path: Path, tmp_path: Path
) -> None:
    session = Session(run_argv(data_dir, library, tmp_path, "seven"))
    for i, (answer, _) in enumerate(ACTIONS):
        session.wait_for(PROMPT, i + 1)
        session.send(*answer)
    assert session.proc.wait(timeout=15) == 0
    journal = Journal.open(journal_path)
    try:
        assert journal.unfinished_runs() == []
        (record,) = journal.runs_between(None, None, ("case",))
        assert shape(journal.events(record.id)) == shape(expected_after(len(ACTIONS)).events)
    finally:
        journal.close()


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from livecheck.journal.store import Journal
    from livecheck.services.runs import RunService

    journal_path, playbook, name, go, count = sys.argv[1:6]
    journal = Journal.open(Path(journal_path))
    service = RunService(journal, name)
    run = service.start(Path(playbook), variables={}, case_ref=name)
    print(run.id, flush=True)
    while not Path(go).exists():
        time.sleep(0.005)
    for i in range(int(count)):
        service.act(run, lambda w: w.note(f"{name} note {i}"))
    journal.close()
    print("finished", flush=True)
    """
)


def test_two_processes_journal_at_once_without_losing_anything(
    library: Path, journal_path: Path, tmp_path: Path
) -> None:
    Journal.open(journal_path).close()  # created (and migrated) once, as the CLI would
    go = tmp_path / "go"
    count = 500
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(journal_path),
                str(playbook_path(library, "linear")),
                name,
                str(go),
                str(count),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env=cli_env(),
        )
        for name in ("alpha", "beta")
    ]
    run_ids = []
    for writer in writers:
        assert writer.stdout is not None
        run_ids.append(writer.stdout.readline().strip())
    go.touch()  # both start writing at the same moment
    results = [(w.wait(timeout=60), *w.communicate()) for w in writers]
    for code, out, err in results:
        assert code == 0, err
        assert "finished" in out
        assert "locked" not in err and "Traceback" not in err

    journal = Journal.open(journal_path)
    try:
        total = journal.connection.execute(
            "SELECT count(*) FROM events WHERE kind = 'note'"
        ).fetchone()[0]
        assert total == 2 * count
        for run_id, name in zip(run_ids, ("alpha", "beta"), strict=True):
            events = journal.events(run_id)
            assert [e.seq for e in events] == list(range(1, count + 2))
            assert [e.get("text") for e in events[1:]] == [f"{name} note {i}" for i in range(count)]
        # the two writers really did write at the same time (their spans overlap)
        spans = [(journal.events(r)[1].at, journal.events(r)[-1].at) for r in run_ids]
        assert spans[0][0] < spans[1][1] and spans[1][0] < spans[0][1], spans
        assert journal.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        journal.close()
