"""What the team's searches teach the library: keywords to add, searches that failed.

The search log (the journal's `searches` table) records what was searched
and which playbook was then opened. A word that people typed, and that the
playbook they opened does not hold in any form (any language version, any
part of it, stemmed and without accents), is a keyword its owner may want to
add: the next person who types it finds the playbook at once. Searches that
found nothing are grouped by their folded text: each group is a playbook, or
a keyword, the library is missing.

Words that say nothing about a case are left out: stop words, the framing and
negation of a pasted sentence, everyday words (the search's own lists), words
under 3 letters and numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from livecheck.i18n import _, ngettext, pgettext
from livecheck.playbook.library import Library
from livecheck.playbook.model import Playbook
from livecheck.reports.dialect import Db
from livecheck.reports.lines import count
from livecheck.reports.model import (
    DEFAULT_MIN_SEARCHES,
    KeywordReport,
    KeywordSuggestion,
    NothingFound,
)
from livecheck.reports.period import Period
from livecheck.reports.queries import timed
from livecheck.reports.table import Table
from livecheck.safety.text import one_line
from livecheck.search.analysis import STOP_WORDS, WORD_PATTERN, fold, word_forms
from livecheck.search.everyday_words import bundled_everyday_words
from livecheck.search.understanding import bundled_understanding

MIN_LETTERS = 3
TOP_NOTHING_FOUND = 50
_WORD = re.compile(WORD_PATTERN)


def _where(period: Period, extra: str) -> tuple[str, list[str]]:
    clauses, params = timed("at", period)
    return " AND ".join(["kind = 'case'", extra, *clauses]), params


def telling_words(text: str) -> list[str]:
    """The distinct words of a search that could name what a case is about."""
    words = [fold(w) for w in _WORD.findall(text)]
    understanding = bundled_understanding()
    dropped = understanding.framing.covered(words) | understanding.negation.covered(words)
    everyday = bundled_everyday_words()
    kept = [
        w
        for i, w in enumerate(words)
        if i not in dropped
        and len(w) >= MIN_LETTERS
        and w.isalpha()
        and w not in STOP_WORDS
        and w not in everyday
    ]
    return list(dict.fromkeys(kept))


def _playbook_forms(versions: Iterable[Playbook]) -> frozenset[str]:
    """Every form (folded word and its stems) of every word of a playbook's versions."""
    forms: set[str] = set()
    for pb in versions:
        texts = [pb.id.replace("-", " "), pb.title, pb.summary, pb.when, *pb.keywords]
        texts += [t.replace("-", " ") for t in pb.tags]
        texts += list(pb.memory)
        for step in pb.steps:
            texts += [step.title, step.detail or "", step.template or ""]
            texts += [c.label for c in step.choices]
        for text in texts:
            for word in _WORD.findall(text):
                forms |= word_forms(word)
    return frozenset(forms)


def keyword_suggestions(
    db: Db,
    library: Library,
    *,
    period: Period | None = None,
    min_searches: int = DEFAULT_MIN_SEARCHES,
) -> tuple[KeywordSuggestion, ...]:
    """Words searched before opening a playbook that holds none of their forms,
    counted in distinct searches, at least `min_searches` times."""
    where, params = _where(period or Period(), "opened_playbook_id IS NOT NULL")
    rows = db.execute(
        f"SELECT normalized, opened_playbook_id FROM searches WHERE {where}", params
    ).fetchall()
    versions: dict[str, list[Playbook]] = defaultdict(list)
    for pb in library.playbooks:
        versions[pb.id].append(pb)
    forms: dict[str, frozenset[str]] = {}
    counts: Counter[tuple[str, str]] = Counter()
    for normalized, playbook_id in rows:
        if playbook_id not in versions:  # removed since: nobody owns it now
            continue
        if playbook_id not in forms:
            forms[playbook_id] = _playbook_forms(versions[playbook_id])
        held = forms[playbook_id]
        for word in telling_words(normalized):
            if held.isdisjoint(word_forms(word)):
                counts[(playbook_id, word)] += 1
    return tuple(
        KeywordSuggestion(pid, versions[pid][0].owner or None, word, n)
        for (pid, word), n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if n >= min_searches
    )


def nothing_found(
    db: Db, *, period: Period | None = None, limit: int = TOP_NOTHING_FOUND
) -> tuple[NothingFound, ...]:
    """Searches that found nothing, grouped by folded text, most frequent first."""
    where, params = _where(period or Period(), "results = 0")
    rows = db.execute(
        f"SELECT normalized, count(*), max(at) FROM searches WHERE {where} "
        f"GROUP BY normalized ORDER BY count(*) DESC, max(at) DESC LIMIT {int(limit)}",
        params,
    ).fetchall()
    return tuple(NothingFound(text, n, dt.datetime.fromisoformat(last)) for text, n, last in rows)


def keyword_report(
    db: Db,
    library: Library,
    *,
    period: Period | None = None,
    min_searches: int = DEFAULT_MIN_SEARCHES,
) -> KeywordReport:
    return KeywordReport(
        keyword_suggestions(db, library, period=period, min_searches=min_searches),
        nothing_found(db, period=period),
        min_searches,
    )


def suggestions_table(suggestions: Iterable[KeywordSuggestion]) -> Table:
    """The report's section: words to add to a playbook's keywords, for its owner."""
    rows = tuple(
        (one_line(s.playbook_id), one_line(s.owner or "—"), one_line(s.word), count(s.searches))
        for s in suggestions
    )
    return Table(
        "keywords",
        _("Suggested keywords: searched, then a playbook without the word was opened"),
        (
            pgettext("column", "Playbook"),
            pgettext("column", "Owner"),
            pgettext("column", "Word"),
            pgettext("column", "Searches"),
        ),
        rows,
        _("No suggestion."),
        numeric=frozenset({3}),
        note=ngettext(
            "Words searched at least {n} time; `livecheck keywords --suggest` lists them "
            "with other thresholds.",
            "Words searched at least {n} times; `livecheck keywords --suggest` lists them "
            "with other thresholds.",
            DEFAULT_MIN_SEARCHES,
        ).format(n=count(DEFAULT_MIN_SEARCHES)),
    )
