"""The Whoosh schema of the index: what is searched, stored and kept in columns."""

from __future__ import annotations

from typing import Any

from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, Schema

from livecheck.search.analysis import PLAIN, STEMMED_LANGUAGES
from livecheck.search.documents import GROUPS
from livecheck.search.fields import PLAIN as PLAIN_WORDS
from livecheck.search.fields import PREFIX as PREFIXES
from livecheck.search.fields import STEMMED, AnalyzedText

# Bump when the schema, the analyzers or the stored facts change: an index
# with another version is rebuilt.
SCHEMA_VERSION = 7


def build_schema() -> Schema:
    fields: dict[str, Any] = {
        "path": ID(stored=True, unique=True),
        "pid": ID(stored=True),
        "lang": ID(stored=True),
        "category": ID(stored=True),
        "severity": ID(stored=True),
        "tag": KEYWORD(stored=False, lowercase=True, commas=True),
        "facts": STORED(),
        # Title and keywords, read for every candidate while reranking: a column
        # is one lookup, where the stored facts would be unpickled whole.
        "headline": COLUMN(VarBytesColumn()),
        # "id<TAB>lang", so that candidates past the results' limit are collapsed
        # into their translations without unpickling their facts.
        "identity": COLUMN(VarBytesColumn()),
    }
    for group in GROUPS:
        fields[f"{group}_raw"] = AnalyzedText(PLAIN_WORDS)
        fields[f"{group}_pre"] = AnalyzedText(PREFIXES)
    for lang in (*STEMMED_LANGUAGES, PLAIN):
        for group in GROUPS:
            fields[f"{group}_{lang}"] = (
                AnalyzedText(STEMMED, lang) if lang != PLAIN else AnalyzedText(PLAIN_WORDS)
            )
    return Schema(**fields)
