"""Synthetic playbooks for benchmarks: realistic size and shape, reproducible."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = (
    "creator live stream key gift payout diamond coin agency account hacked region ban appeal "
    "minor harassment comment scam impersonation challenge music copyright cohost guest lag "
    "studio obs rtmp server verify badge campaign brief localize results onboarding handoff "
    "escalate queue policy enforcement notice room moderator report evidence screenshot "
    "direct message follower threshold eligibility restriction subscription wallet bank "
    "compte clé diffusion cadeau paiement agence piratage région mineur harcèlement arnaque"
).split()
CATEGORIES = ("trust-safety", "operational", "campaign", "onboarding")
SEVERITIES = ("low", "medium", "high", "critical")


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize()


def synthetic_playbook(i: int, rng: random.Random) -> tuple[str, str]:
    """One playbook of about 4 KB with 6 to 14 steps; returns (relative path, YAML)."""
    category = CATEGORIES[i % 4]
    pid = f"synthetic-{i:05d}-{rng.choice(WORDS[:30])}"
    n = rng.randint(6, 14)
    lines = [
        f"id: {pid}",
        "lang: en",
        f"title: {_sentence(rng, 4, 9)} {i}",
        f"summary: {_sentence(rng, 12, 24)}.",
        f"when: Use when {_sentence(rng, 8, 16).lower()}.",
        f"category: {category}",
        f"severity: {rng.choice(SEVERITIES)}",
        "owner: eu-live-creator-ops",
        "reviewed: 2026-10-01",
        f"tags: [{', '.join(sorted(set(rng.choices(WORDS[:40], k=3))))}]",
        f"keywords: [{', '.join(rng.choices(WORDS, k=5))}]",
        "sla_minutes: 30",
        "variables:",
        "  - {name: creator_handle, prompt: Creator handle, required: true, example: '@lea.live'}",
        "  - {name: room_id, prompt: LIVE room ID}",
        "memory:",
        f"  - {_sentence(rng, 6, 12)}.",
        "steps:",
    ]
    decision = rng.randint(1, n - 3)
    for s in range(n):
        lines += [f"  - id: step-{s}", f"    title: {_sentence(rng, 4, 10)}"]
        lines += [
            "    detail: |",
            f"      {_sentence(rng, 12, 24)}.",
            f"      {_sentence(rng, 5, 10)}.",
        ]
        if s == decision:
            lines += [
                "    choices:",
                f"      - {{label: {_sentence(rng, 2, 4)}, goto: step-{s + 1}}}",
                f"      - {{label: Escalate {s}, outcome: escalated}}",
            ]
        elif s % 3 == 2:
            lines += [
                "    template: |",
                f"      Hi {{creator_handle}}, {_sentence(rng, 12, 24).lower()}.",
            ]
        if s == n - 2:
            lines.append("    irreversible: true")
    lines += [
        "drills:",
        "  - id: basic",
        f"    scenario: {_sentence(rng, 12, 20)}.",
        "    outcome: resolved",
    ]
    return f"{category}/{pid}.en.yaml", "\n".join(lines) + "\n"


def write_library(root: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        rel, text = synthetic_playbook(i, rng)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
