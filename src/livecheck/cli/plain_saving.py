"""Actions NOT SAVED in the line-based walkthrough: what it says and does about them.

The run service keeps an action it could not write to the journal in memory and
retries it; when the user leaves (or the run ends) with such actions, they go to
the run's recovery file (`services.recovery`) and are written to the journal at
the next start. Leaving with them asks for a confirmation first.
"""

from __future__ import annotations

from collections.abc import Callable

from livecheck.cli.plain_prompts import EndOfInput
from livecheck.safety.text import one_line
from livecheck.services.recovery import keep_unsaved
from livecheck.services.runs import ActiveRun, RunService

Say = Callable[[str], None]
Ask = Callable[[str], str]


def may_leave(service: RunService, run: ActiveRun, say: Say, ask: Ask) -> bool:
    """Quitting with actions NOT SAVED needs a confirmation (they would be kept
    only in the recovery file until the journal can be written)."""
    if service.flush(run):
        return True
    pending = len(run.unsaved)
    say(
        f"{pending} action(s) are NOT SAVED in the journal yet (it cannot be written). "
        "If you leave, they are kept in a recovery file and written at the next start."
    )
    try:
        answer = ask("Type quit to leave anyway, or Enter to stay and retry: ")
    except EndOfInput:
        return True
    return answer.strip().lower() in ("quit", "q", "yes")


def keep_on_leaving(service: RunService, run: ActiveRun, say: Say) -> bool:
    """Leaving: what is NOT SAVED goes to the recovery file, or, when that cannot be
    written either, is shown for the user to copy (and False is returned)."""
    try:
        kept = keep_unsaved(service, run)
    except OSError as exc:
        say(
            f"WARNING: {len(run.unsaved)} action(s) are NOT SAVED and could not be kept "
            f"in a recovery file either ({exc.strerror or exc}). Copy them now:"
        )
        for event in run.unsaved:
            say(f"  {event.at:%H:%M:%S} {event.kind.value} {one_line(str(dict(event.data)))}")
        return False
    if kept is not None:
        say(
            f"{len(run.unsaved)} action(s) NOT SAVED in the journal are kept in {kept}; "
            "they are written to the journal at the next start."
        )
    return True


def keep_at_the_end(service: RunService, run: ActiveRun, say: Say, warning: str) -> None:
    """The run has ended: one more try at the journal, then the recovery file."""
    if service.flush(run):
        return
    say(warning)
    try:
        kept = keep_unsaved(service, run)
        if kept is not None:
            say(f"They are kept in {kept} and written to the journal at the next start.")
    except OSError as exc:
        say(f"They could not be kept in a recovery file either: {exc.strerror or exc}")
