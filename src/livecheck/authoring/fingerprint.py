"""Fingerprints of the source text a translation was made from.

The format has no extension point (every unknown key is an error), so the
fingerprint lives in a YAML comment at the end of the line that names the thing:

    id: hacked-account  # source: en sha256:3f1c0a9b27de      <- title, summary, when, memory, prompts
    steps:
      - id: secure-account  # source: en sha256:9e01b2c3d4f5  <- that step's title, detail, template, labels

Comments are ignored by every YAML reader, survive editors and are what a
translator sees next to the step, so they cannot break anyone's playbook.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from livecheck.playbook.model import Playbook, Step

DIGITS = 12
MARKER = re.compile(r"#\s*source:\s*(?P<lang>[a-z]{2})\s+sha256:(?P<hash>[0-9a-f]{6,64})")


def _digest(parts: Sequence[object]) -> str:
    data = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:DIGITS]


def step_fingerprint(step: Step) -> str:
    return _digest([step.title, step.detail, step.template, [c.label for c in step.choices]])


def header_fingerprint(pb: Playbook) -> str:
    return _digest(
        [pb.title, pb.summary, pb.when, list(pb.memory), [v.prompt for v in pb.variables]]
    )


def marker(lang: str, digest: str) -> str:
    return f"# source: {lang} sha256:{digest}"


@dataclass(frozen=True, slots=True)
class Recorded:
    lang: str
    digest: str


def read_marker(line: str) -> Recorded | None:
    found = MARKER.search(line)
    return Recorded(found["lang"], found["hash"]) if found else None


def matches(recorded: Recorded, current: str) -> bool:
    n = min(len(recorded.digest), len(current))
    return recorded.digest[:n] == current[:n]
