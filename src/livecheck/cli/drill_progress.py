"""`livecheck drill --progress` (one trainee) and `--progress --all` (the team): the
progress tables. The words are `present.drill_progress`'s; this lays them out."""

from __future__ import annotations

import sys
from typing import TextIO

from livecheck.cli.common import EXIT_OK, EXIT_PROBLEMS, fail
from livecheck.drills.catalogue import DrillCard
from livecheck.drills.progress import ProgressReport
from livecheck.i18n import _, format_datetime
from livecheck.journal.store import Journal, JournalError
from livecheck.present.drill_progress import (
    certified_line,
    drill_passed,
    no_attempts_yet,
    not_certified_line,
    progress_columns,
    progress_headline,
    team_progress_columns,
)
from livecheck.safety.text import one_line
from livecheck.services.drills import DrillRequest
from livecheck.services.settings import Settings


def print_team_progress(
    settings: Settings, journal: Journal, cards: list[DrillCard], *, local: bool
) -> int:
    """`--progress --all`: one line per trainee, aggregated where the attempts are."""
    from livecheck.drills.progress import team_progress
    from livecheck.services.team import figures_source

    try:
        source, warning = figures_source(settings, journal, local=local)
        if warning:
            print(f"livecheck: {warning}", file=sys.stderr)
        if source is journal:
            standings = journal.drill_standings()
        else:
            from livecheck.journal.team.server import TeamServer

            assert settings.team is not None
            server = TeamServer(settings.team.url)
            try:
                standings = server.drill_standings()
            finally:
                server.close()
    except JournalError as exc:
        return fail(str(exc), EXIT_PROBLEMS)
    people = team_progress(cards, standings)
    if not people:
        print(no_attempts_yet())
        return EXIT_OK
    heads = team_progress_columns()
    width = max(len(heads[0]), *(len(one_line(p.trainee)) for p in people))
    wide, tries, when = (max(n, len(h)) for n, h in zip((9, 8, 16), heads[1:4], strict=True))
    print(
        f"{heads[0]:<{width}}  {heads[1]:>{wide}}  {heads[2]:>{tries}}  {heads[3]:<{when}}  "
        f"{heads[4]}"
    )
    for p in people:
        last = p.last_at.astimezone().strftime("%Y-%m-%d %H:%M") if p.last_at else _("never")
        passed = f"{p.passed}/{p.total}"
        print(
            f"{one_line(p.trainee):<{width}}  {passed:>{wide}}  {p.attempts:>{tries}}  "
            f"{last:<{when}}  {', '.join(p.certified) or '-'}"
        )
    return EXIT_OK


def print_progress(report: ProgressReport, out: TextIO, request: DrillRequest) -> None:
    rows = [
        d
        for d in report.drills
        if (request.playbook_id is None or d.playbook_id == request.playbook_id)
        and (request.category is None or d.category == request.category)
    ]
    out.write(progress_headline(report) + "\n\n")
    heads = progress_columns()
    width = max([len(heads[0]), *(len(d.label) for d in rows)])
    cat, tries, top, wide = (max(n, len(h)) for n, h in zip((12, 8, 4, 6), heads[1:5], strict=True))
    out.write(
        f"{heads[0]:<{width}}  {heads[1]:<{cat}}  {heads[2]:>{tries}}  {heads[3]:>{top}}  "
        f"{heads[4]:<{wide}}  {heads[5]}\n"
    )
    for d in rows:
        best = "-" if d.best is None else str(d.best)
        last = format_datetime(d.last_at.astimezone()) if d.last_at else _("never")
        out.write(
            f"{d.label:<{width}}  {d.category:<{cat}}  {d.attempts:>{tries}}  {best:>{top}}  "
            f"{drill_passed(d):<{wide}}  {last}\n"
        )
    out.write("\n")
    out.write(certified_line(report) + "\n")
    pending = not_certified_line(report)
    if pending:
        out.write(pending + "\n")
