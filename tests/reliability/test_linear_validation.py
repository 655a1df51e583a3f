"""Validation time grows linearly with a playbook's size (issue 15, item 12): a
step with thousands of choices and a long goto chain. The checks are timed on
a playbook of N and of 2N (best of 3 each, and up to 3 attempts, so one slow
moment on a shared machine does not decide) and the ratio is bounded: linear gives about 2,
quadratic about 4."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from livecheck.playbook.lint.rules import check_playbook
from livecheck.playbook.lint.structure import StructureChecker
from livecheck.playbook.loader import load_playbook_bytes
from livecheck.playbook.model import Playbook, Source
from livecheck.playbook.problems import Findings
from livecheck.playbook.yaml_reader import parse_yaml

HEAD = (
    "id: big\nlang: en\ntitle: Big\nsummary: s\nwhen: w\ncategory: operational\n"
    "severity: low\nowner: o\nreviewed: 2026-11-01\noutcomes: [resolved, escalated]\n"
    "variables:\n  - {name: who, prompt: Who}\n"
)
MAX_RATIO = 3.0


def many_choices(n: int) -> str:
    lines = [HEAD + "steps:\n  - id: pick\n    title: Pick\n    choices:"]
    lines += [f"      - {{label: choice {i}, goto: s{i}}}" for i in range(n)]
    for i in range(n):
        lines.append(f"  - id: s{i}\n    title: Step {i} for {{who}}\n    outcome: resolved")
    return "\n".join(lines) + "\n"


def goto_chain(n: int) -> str:
    lines = [HEAD + "steps:"]
    for i in range(n):
        nxt = f"\n    goto: s{i + 1}" if i + 1 < n else "\n    outcome: resolved"
        lines.append(f"  - id: s{i}\n    title: Step {i}\n    detail: for {{who}}{nxt}")
    return "\n".join(lines) + "\n"


def _playbook(text: str) -> Playbook:
    data = text.encode()
    loaded = load_playbook_bytes(data, Source(Path("big.en.yaml"), "0", len(data), 0))
    assert loaded.playbook is not None, [p.format() for p in loaded.problems[:3]]
    return loaded.playbook


def best_of_3(work: Callable[[], object]) -> float:
    """The best of three timings, each after a full collection with the cyclic
    collector paused (its passes over the large trees come at random moments).
    CPU time of this process, not wall time: on a shared machine, waiting for a
    core says nothing about the algorithm."""
    times = []
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            work()
            times.append(time.process_time() - start)
        finally:
            gc.enable()
    return min(times)


def _checks(text: str) -> Callable[[], object]:
    pb = _playbook(text)
    return lambda: check_playbook(pb, text, Findings(Path("big.en.yaml")))


def _structure(text: str) -> Callable[[], object]:
    root, _ = parse_yaml(text)
    return lambda: StructureChecker(Findings(Path("big.en.yaml"))).read_playbook(root)


@pytest.mark.parametrize("shape", [many_choices, goto_chain], ids=["choices", "goto-chain"])
@pytest.mark.parametrize(
    "part",
    [_checks, pytest.param(_structure, marks=pytest.mark.reliability_long)],
    ids=["rules-and-graph", "structure"],
)
def test_validation_is_linear(
    shape: Callable[[int], str], part: Callable[[str], Callable[[], object]]
) -> None:
    n = 2000
    small_work, large_work = part(shape(n)), part(shape(2 * n))
    seen = []
    # A shared machine can stall one timing; a quadratic check fails every attempt.
    for _ in range(3):
        small, large = best_of_3(small_work), best_of_3(large_work)
        seen.append(f"{small:.3f} s -> {large:.3f} s")
        if large / small < MAX_RATIO:
            return
    pytest.fail(f"{n} then {2 * n}: " + "; ".join(seen))
