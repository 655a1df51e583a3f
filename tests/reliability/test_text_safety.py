"""Redaction and invisible characters in what livecheck shows and exports
(issue 15, items 14 and 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from livecheck.journal.export import render
from livecheck.playbook.problems import Problem, Severity
from livecheck.safety.redaction import redact
from livecheck.safety.text import one_line, strip_control

# Real-world ways of writing a phone number, per country, as notes hold them.
PHONES = [
    # France
    "06 12 34 56 78",
    "0612345678",
    "06.12.34.56.78",
    "06-12-34-56-78",
    "+33 6 12 34 56 78",
    "+33612345678",
    "+33 (0)6 12 34 56 78",
    "0033 6 12 34 56 78",
    "01 42 68 53 00",
    # Belgium
    "+32 470 12 34 56",
    "0470 12 34 56",
    "0470/12.34.56",
    "02 512 34 56",
    # United Kingdom
    "+44 20 7946 0958",
    "020 7946 0958",
    "07911 123456",
    "+44 7911 123456",
    "(020) 7946 0958",
    # United States
    "+1 (415) 555-2671",
    "(415) 555-2671",
    "415-555-2671",
    "415.555.2671",
    "+1 415 555 2671",
    # Germany
    "+49 30 123456",
    "+49 151 23456789",
    "030 1234567",
    "(030) 123 4567",
    "0151 23456789",
    "+49 (0)30 1234567",
]

NOT_PHONES = [
    "2026-11-03",
    "on 2026-11-03 at 14:30",
    "2026-11-03T12:30:00Z",
    "12/11/2026",
    "ticket 123456789",
    "order #12345678",
    "192.168.0.1",
    "10.0.0.254",
    "run 20261103-a1b2c3",
    "1234567 coins",
    "version 1.2.3.4",
]


@pytest.mark.parametrize("number", PHONES)
def test_phone_numbers_are_redacted(number: str) -> None:
    out = redact(f"creator called from {number} today")
    assert out == "creator called from [phone] today", out


@pytest.mark.parametrize("text", NOT_PHONES)
def test_dates_tickets_and_addresses_are_kept(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "lea@localhost",
        "lea.o'neil@example.fr",
        "lea@[192.168.0.1]",
        "lea+live@sub.example.co.uk",
        "LEA_2@exa-mple.com",
    ],
)
def test_email_addresses_are_redacted_whole(text: str) -> None:
    assert redact(f"mail {text}, then") == "mail [email], then"


@pytest.mark.parametrize("handle", ["@l", "@lea", "@lea.live", "@lea_2026"])
def test_handles_are_redacted(handle: str) -> None:
    assert redact(f"creator {handle} said") == "creator [handle] said"


INVISIBLE = ["\u202e", "\u202a", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff"]
INVISIBLE += [chr(c) for c in range(0x2066, 0x206A)] + ["\u2028", "\u2029", "\u061c", "\u00ad"]


@pytest.mark.parametrize("char", INVISIBLE)
def test_invisible_characters_are_shown(char: str) -> None:
    shown = f"<U+{ord(char):04X}>"
    assert strip_control(f"safe{char}text") == f"safe{shown}text"
    assert one_line(f"a{char}b") == f"a{shown}b"


def test_bidi_override_in_every_output() -> None:
    evil = "Reset \u202ekcatta\u202c key\u200b"
    # A problem line, an export row (JSON lines and CSV) and a list line.
    problem = Problem(Path(f"x{evil}.yaml"), 1, 1, Severity.ERROR, "c", evil)
    assert "\u202e" not in problem.format() and "<U+202E>" in problem.format()
    rows = [{"data": {"note": evil}, "run_id": evil}]
    jsonl = "".join(render(iter(rows), ("run_id", "data"), "jsonl"))
    assert "\u202e" not in json.loads(jsonl)["data"]["note"]
    assert "\\u202e" not in jsonl.lower() and "<U+202E>" in jsonl
    csv = "".join(render(iter(rows), ("run_id", "data"), "csv"))
    assert "\u202e" not in csv and "<U+202E>" in csv
