"""The words the front ends show for each feedback reason."""

from __future__ import annotations

from livecheck.runs.feedback import FEEDBACK_REASONS

# The reasons, in the order the front ends offer them, with the words they show.
FEEDBACK_LABELS: dict[str, str] = {
    "wrong": "Wrong: it says something that is not true",
    "missing-step": "Missing a step",
    "unclear": "Unclear: hard to follow",
    "outdated": "Outdated: the tools or the policy changed",
}
assert tuple(FEEDBACK_LABELS) == FEEDBACK_REASONS
