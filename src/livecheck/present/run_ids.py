"""The words about which run is meant and whose it is: a run id given by its start
(like git), and a run taken from this machine by a lead's forced take-over."""

from __future__ import annotations

from collections.abc import Sequence

from livecheck.i18n import _, ngettext
from livecheck.safety.text import one_line

AMBIGUOUS_SHOWN = 10  # candidates listed; the rest are counted


def ambiguous_run(prefix: str, candidates: Sequence[tuple[str, str, str]], total: int) -> str:
    """A start of a run id that several runs share: the candidates (id, playbook, how
    it stands), on one line, and what to do."""
    listed = "; ".join(
        f"{run_id} ({one_line(playbook)}, {standing})"
        for run_id, playbook, standing in candidates[:AMBIGUOUS_SHOWN]
    )
    more = total - min(len(candidates), AMBIGUOUS_SHOWN)
    if more > 0:
        listed += " " + ngettext("and {n} more", "and {n} more", more).format(n=more)
    return ngettext(
        "{id} matches {n} run: {runs}; give more of the id",
        "{id} matches {n} runs: {runs}; give more of the id",
        total,
    ).format(id=repr(one_line(prefix)), n=total, runs=listed)


def local_standing(status: str, outcome: str | None) -> str:
    """How a run of this machine's journal stands, in a list of candidates."""
    if status == "active":
        return _("unfinished")
    if status == "abandoned":
        return _("abandoned")
    return outcome or _("ended")


def taken_from_you(run_id: str, holder: str | None) -> str:
    """Said when acting on a run the team server says someone else took over."""
    if holder:
        return _(
            "run {id} was taken over by {name}: it is theirs now. What you recorded after "
            "that is kept on the team journal as late actions, apart from the run's history."
        ).format(id=run_id, name=one_line(holder))
    return _(
        "run {id} was taken over and handed to the team: take it again to continue. What "
        "you recorded after that is kept on the team journal as late actions."
    ).format(id=run_id)
