"""The query API is engine-free, and it stems as the Whoosh index does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from livecheck.search.analysis import STEMMED_LANGUAGES, WORD_PATTERN, fold, stems
from livecheck.search.analyzers import stemming_analyzer, terms

PLAYBOOKS = Path(__file__).resolve().parents[2] / "playbooks"


def _words() -> list[str]:
    import re

    found: set[str] = set()
    for path in PLAYBOOKS.rglob("*.yaml"):
        found.update(re.findall(WORD_PATTERN, path.read_text(encoding="utf-8")))
    extra = ["sécurité", "securite", "créatrices", "Déjà", "the", "may", "us", "yet", "le", "à"]
    return sorted(found | set(extra))


def test_query_stems_are_the_terms_the_index_holds() -> None:
    words = _words()
    assert len(words) > 500
    for lang in STEMMED_LANGUAGES:
        analyzer = stemming_analyzer(lang)
        for word in words:
            for form in {word, fold(word)}:
                assert list(stems(lang, form)) == terms(analyzer, form), (lang, form)


def test_reading_and_planning_a_query_loads_no_whoosh_engine() -> None:
    script = (
        "import sys;"
        "from livecheck.search.plan import QueryPlanner;"
        "from livecheck.search.query import parse_query;"
        "from livecheck.search.api import SearchEngine;"
        "from livecheck.search.catalog import Catalog;"
        "from livecheck.search.vocabulary import Vocabulary;"
        "QueryPlanner(Vocabulary(['stream', 'key']), doc_frequency=lambda f, t: 1, doc_count=9)"
        ".plan(parse_query('stream ke'));"
        "print(sorted(m for m in sys.modules if m.startswith('whoosh')"
        " and not m.startswith('whoosh.lang') and m not in ('whoosh', 'whoosh.compat')))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_stop_words_stemmed_fields_leave_out_are_whooshs() -> None:
    from whoosh.analysis.filters import STOP_WORDS

    from livecheck.search.snowball import STOP_FILTER_DEFAULT

    assert frozenset(STOP_WORDS) == STOP_FILTER_DEFAULT
