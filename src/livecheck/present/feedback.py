"""The words the front ends show for each feedback reason."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from livecheck.i18n import _
from livecheck.runs.feedback import FEEDBACK_REASONS


class _Labels(Mapping[str, str]):
    """The reasons, in the order the front ends offer them, with the words they show,
    in the language current when a label is read (never frozen at import)."""

    def __getitem__(self, reason: str) -> str:
        labels = {
            "wrong": _("Wrong: it says something that is not true"),
            "missing-step": _("Missing a step"),
            "unclear": _("Unclear: hard to follow"),
            "outdated": _("Outdated: the tools or the policy changed"),
        }
        return labels[reason]

    def __iter__(self) -> Iterator[str]:
        return iter(FEEDBACK_REASONS)

    def __len__(self) -> int:
        return len(FEEDBACK_REASONS)


FEEDBACK_LABELS: Mapping[str, str] = _Labels()
