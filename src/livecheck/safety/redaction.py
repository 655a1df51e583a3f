"""Hiding personal data in exports: e-mail addresses, phone numbers, @handles.

Phone numbers are found by Google's libphonenumber (the `phonenumbers`
package), not by a digit pattern: a pattern cannot tell `06 12 34 56 78` from
a date (`2026-11-03`), a ticket number (`123456789`) or an IP address, and
misses numbers written the way other countries write them. Numbers are looked
for as written in the team's countries (France first, then Belgium, the UK,
the US and Germany), and in any country when they start with + or 00.
"""

from __future__ import annotations

import re
from typing import Any

PHONE_REGIONS = ("FR", "BE", "GB", "US", "DE")

# Any local part RFC 5322 allows unquoted (apostrophes included: lea.o'neil),
# then a host name (with or without dots: lea@localhost) or an address literal
# (lea@[192.168.0.1]).
_EMAIL = re.compile(
    r"[\w.!#$%&'*+/=?^`{|}~-]+@(?:\[[^\]\s]*\]|[\w-]+(?:\.[\w-]+)*)",
)
_HANDLE = re.compile(r"(?<![\w@])@[\w.]+")
_DIGITS = re.compile(r"\d")
_MIN_PHONE_DIGITS = 6


def _phone_spans(text: str) -> list[tuple[int, int]]:
    if len(_DIGITS.findall(text)) < _MIN_PHONE_DIGITS:
        return []
    import phonenumbers  # loaded only when a text may hold a number (it is large)

    spans: set[tuple[int, int]] = set()
    for region in PHONE_REGIONS:
        matcher: Any = phonenumbers.PhoneNumberMatcher(text, region)
        spans.update((m.start, m.end) for m in matcher)
    # Overlapping finds (the same number read in two regions) become one span.
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def redact(text: str) -> str:
    """`text` with e-mail addresses, phone numbers and @handles replaced."""
    text = _EMAIL.sub("[email]", text)
    for start, end in reversed(_phone_spans(text)):
        text = f"{text[:start]}[phone]{text[end:]}"
    return _HANDLE.sub("[handle]", text)
