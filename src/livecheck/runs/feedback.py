"""Feedback on a playbook, given at the end of a run: what was wrong with it."""

from __future__ import annotations

from livecheck.safety.text import strip_control

# The reasons a playbook can be flagged for, in the order the front ends offer them.
FEEDBACK_REASONS = ("wrong", "missing-step", "unclear", "outdated")
MAX_COMMENT_CHARS = 2000


def clean_comment(text: str | None) -> str | None:
    """The comment as stored: no control characters, trimmed, bounded; None when empty."""
    cleaned = strip_control(text or "").strip()[:MAX_COMMENT_CHARS]
    return cleaned or None
