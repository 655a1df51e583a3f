"""Helpers of the team journal tests: a small library and runs made through the service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg

PLAYBOOK = """\
id: linear
lang: en
title: Team fixture playbook
summary: A playbook written for the team journal tests.
when: Use when the team tests need a run.
category: operational
severity: medium
owner: qa-team
reviewed: 2026-10-01
sla_minutes: 30
steps:
  - id: first
    title: Open the case
  - id: second
    title: Read the report
  - id: third
    title: Reply to the creator
"""


def write_playbook(root: Path) -> Path:
    path = root / "operational" / "linear.en.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PLAYBOOK, encoding="utf-8")
    return path


def server_rows(url: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, options="-c search_path=livecheck") as conn:
        return conn.execute(sql, params).fetchall()
