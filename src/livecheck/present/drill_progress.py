"""A trainee's drill progress in words: the headline, the columns of the progress
table, what is certified and what is not yet. The plain front end lays them out as
a table; the app can style the same sentences."""

from __future__ import annotations

from livecheck.drills.progress import DrillProgress, ProgressReport
from livecheck.drills.score import PASS_MARK
from livecheck.i18n import _, ngettext, pgettext
from livecheck.safety.text import one_line


def progress_headline(report: ProgressReport) -> str:
    """`Drill progress for Sam: 3 of 5 drills passed (pass mark 80)`."""
    return ngettext(
        "Drill progress for {trainee}: {passed} of {n} drill passed (pass mark {mark})",
        "Drill progress for {trainee}: {passed} of {n} drills passed (pass mark {mark})",
        len(report.drills),
    ).format(
        trainee=one_line(report.trainee),
        passed=report.passed,
        n=len(report.drills),
        mark=PASS_MARK,
    )


def progress_columns() -> tuple[str, str, str, str, str, str]:
    """The progress table's headings: drill, category, attempts, best, passed, last attempt."""
    return (
        pgettext("column", "DRILL"),
        pgettext("column", "CATEGORY"),
        pgettext("column", "ATTEMPTS"),
        pgettext("column", "BEST"),
        pgettext("column", "PASSED"),
        pgettext("column", "LAST ATTEMPT"),
    )


def drill_passed(drill: DrillProgress) -> str:
    """The PASSED column: `yes` or `no`."""
    return pgettext("drill passed", "yes") if drill.passed else pgettext("drill passed", "no")


def certified_line(report: ProgressReport) -> str:
    """`Certified categories: campaign (2/2)`, or `… none yet`."""
    certified = [c for c in report.categories if c.certified]
    if not certified:
        return _("Certified categories: none yet")
    names = ", ".join(f"{c.category} ({c.total}/{c.total})" for c in certified)
    return _("Certified categories: {names}").format(names=names)


def not_certified_line(report: ProgressReport) -> str | None:
    """`Not yet certified: payout 1/3`; None when every category is certified."""
    pending = [c for c in report.categories if not c.certified]
    if not pending:
        return None
    names = ", ".join(f"{c.category} {c.passed}/{c.total}" for c in pending)
    return _("Not yet certified: {names}").format(names=names)


def team_progress_columns() -> tuple[str, str, str, str, str]:
    """The team's progress table (`drill --progress --all`): trainee, passed, attempts,
    last attempt, certified categories."""
    return (
        pgettext("column", "TRAINEE"),
        pgettext("column", "PASSED"),
        pgettext("column", "ATTEMPTS"),
        pgettext("column", "LAST ATTEMPT"),
        pgettext("column", "CERTIFIED"),
    )


def no_attempts_yet() -> str:
    return _("No drill attempts yet.")
