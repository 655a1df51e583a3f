"""Feedback on a playbook, given at the end of a run: what was wrong with it."""

from __future__ import annotations

from livecheck.journal.store import FEEDBACK_REASONS
from livecheck.textsafe import strip_control

# The reasons, in the order the front ends offer them, with the words they show.
FEEDBACK_LABELS: dict[str, str] = {
    "wrong": "Wrong: it says something that is not true",
    "missing-step": "Missing a step",
    "unclear": "Unclear: hard to follow",
    "outdated": "Outdated: the tools or the policy changed",
}
assert tuple(FEEDBACK_LABELS) == FEEDBACK_REASONS
MAX_COMMENT_CHARS = 2000


def clean_comment(text: str | None) -> str | None:
    """The comment as stored: no control characters, trimmed, bounded; None when empty."""
    cleaned = strip_control(text or "").strip()[:MAX_COMMENT_CHARS]
    return cleaned or None
