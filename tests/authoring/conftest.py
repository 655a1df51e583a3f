"""A small library of en/fr playbooks in tmp_path, and a helper to run the CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from livecheck.cli import main
from tests.conftest import FORMAT_EXAMPLE

EN = FORMAT_EXAMPLE  # live-ended-by-ban, trust-safety

# Its French translation, made by hand: only the words differ.
FR = (
    EN.replace("lang: en", "lang: fr")
    .replace(
        "title: A creator's LIVE was ended by a ban",
        "title: Le LIVE d'un créateur a été coupé par un bannissement",
    )
    .replace(
        "title: Find the enforcement notice for the room",
        "title: Retrouver l'avis de sanction de la room",
    )
    .replace(
        "title: Which policy was the ban for?", "title: Quelle règle a motivé le bannissement ?"
    )
    .replace("label: Minor safety", "label: Sécurité des mineurs")
    .replace("label: Anything else", "label: Autre chose")
    .replace("Hi {creator_handle},", "Bonjour {creator_handle},")
)

# A second English playbook that shares sentences with the first: the translation
# memory should fill exactly those from FR.
OTHER_EN = """\
id: ban-follow-up
lang: en
title: Follow up on a ban appeal
summary: The creator appealed a ban and asks where it stands.
when: A creator asks about an appeal they sent.
category: trust-safety
severity: medium
owner: eu-live-creator-ops
reviewed: 2026-10-01
variables:
  - {name: creator_handle, prompt: Creator handle, required: true}
memory:
  - Do not promise the creator that the ban will be lifted.
steps:
  # the first thing to do
  - id: find-notice
    title: Find the enforcement notice for the room
    detail: Open the appeal queue and search the handle.
  - id: answer
    title: Which policy was the ban for?
    choices:
      - {label: Minor safety, outcome: escalated}
      - {label: Anything else!, outcome: resolved}
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    (root / "trust-safety").mkdir(parents=True)
    (root / "trust-safety" / "live-ended-by-ban.en.yaml").write_text(EN, encoding="utf-8")
    (root / "trust-safety" / "live-ended-by-ban.fr.yaml").write_text(FR, encoding="utf-8")
    (root / "trust-safety" / "ban-follow-up.en.yaml").write_text(OTHER_EN, encoding="utf-8")
    return root


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def go(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return go
