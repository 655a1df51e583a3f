"""Ranking quality on independent sets: playbooks and queries written by
someone who never saw the search code.

    python bench/quality.py [--set NAME|all] [--mixed N] [--show-misses]

Five sets, each a queries.tsv with a folder of playbooks (or the bundled
library), each by a different author who never saw the search code, on
different case types:
- bench/quality/: the development set; ranking changes were tried against it;
- bench/quality-holdout/: written second. Its overall figures decided whether
  a change was kept, and later its single-word misses were read: it is no
  longer untouched;
- bench/quality-third/: written third, never used to choose anything; measured
  once the thesaurus was in, after which one more change (two-letter prefixes)
  was made;
- bench/quality-fourth/: written last and measured only at the very end;
- bench/quality-bundled/: queries only, over the BUNDLED library (`playbooks/`),
  written independently and frozen before any run; measured once before and once
  after a change (its README has the results), then read: it is now a
  development set, like the first four. Mixed mode mixes the bundled library
  into the generated playbooks;
- bench/quality-fresh/: queries only, over the bundled library, written by a
  helper who never saw the search code and frozen before any run (issue 19,
  item 4); measured once, at the end, by name (`--set quality-fresh`); since
  read, and now a development set;
- bench/quality-situations/: queries only, over the bundled library, written by
  the helper that tuned the everyday words for situations, while tuning: a
  development set to catch regressions, not an independent measure.

Searches every query against its set's playbooks alone, then mixed into N
generated playbooks (default 2,000) built from the same vocabulary, and prints
top-1 / top-3 per kind of query. Targets: top-1 >= 90% and top-3 >= 95%
overall, top-3 >= 85% for every kind.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from livecheck.search.engine import WhooshSearch
from synthetic import generate, write_playbooks

BENCH = Path(__file__).resolve().parent
BUNDLED = BENCH.parent / "playbooks"
SETS = (
    "quality",
    "quality-holdout",
    "quality-third",
    "quality-fourth",
    "quality-bundled",
    "quality-fresh",
    "quality-situations",
    "quality-sixth",
    "quality-seventh",
)
# `all` runs the four sets with their own playbooks; the bundled-library sets are run by name.
DEFAULT_SETS = SETS[:4]


def playbooks_of(here: Path) -> Path:
    """A set's playbooks: its own folder, or the bundled library for a set without one."""
    own = here / "playbooks"
    return own if own.is_dir() else BUNDLED


def read_queries(here: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in (here / "queries.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, query, expected = line.split("\t")
            rows.append((kind, query, expected))
    return rows


def library_words(here: Path) -> list[str]:
    """The evaluation playbooks' own words, most frequent first."""
    counts: dict[str, int] = defaultdict(int)
    for path in playbooks_of(here).rglob("*.yaml"):
        for word in re.findall(r"[^\W\d_]{3,}", path.read_text(encoding="utf-8").lower()):
            counts[word] += 1
    return sorted(counts, key=lambda w: -counts[w])


def evaluate(
    engine: WhooshSearch, queries: list[tuple[str, str, str]], show: bool
) -> dict[str, list[int | None]]:
    ranks: dict[str, list[int | None]] = defaultdict(list)
    for kind, query, expected in queries:
        ids = [h.id for h in engine.search(query, limit=10).hits]
        rank = ids.index(expected) + 1 if expected in ids else None
        ranks[kind].append(rank)
        if show and rank != 1:
            print(f"  miss [{kind}] {query!r}: expected {expected} at {rank}, got {ids[:3]}")
    return ranks


def fts5_ranks(lib: Path, queries: list[tuple[str, str, str]]) -> dict[str, list[int | None]]:
    """The reference baseline: SQLite FTS5, each word an OR-ed prefix, bm25."""
    from livecheck.playbook.library import load_library

    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE pb USING fts5(pid UNINDEXED, title, keywords, tags, whentext, summary, "
        "body, tokenize='porter unicode61 remove_diacritics 2')"
    )
    for p in load_library([lib]).playbooks:
        body = " ".join(
            [*p.memory, *(s.title for s in p.steps), *(s.detail or "" for s in p.steps)]
        )
        db.execute(
            "INSERT INTO pb VALUES (?,?,?,?,?,?,?)",
            (p.id, p.title, " ".join(p.keywords), " ".join(p.tags), p.when, p.summary, body),
        )
    ranks: dict[str, list[int | None]] = defaultdict(list)
    for kind, query, expected in queries:
        words = ["".join(c for c in w if c.isalnum()) for w in query.split()]
        match = " OR ".join(f'"{w}"*' for w in words if w)
        rows = db.execute(
            "SELECT pid FROM pb WHERE pb MATCH ? ORDER BY bm25(pb, 0, 10, 10, 5, 3, 2, 1) LIMIT 10",
            (match,),
        ).fetchall()
        ids = [r[0] for r in rows]
        ranks[kind].append(ids.index(expected) + 1 if expected in ids else None)
    return ranks


def report(title: str, ranks: dict[str, list[int | None]]) -> None:
    print(f"\n{title}")
    every = [r for rs in ranks.values() for r in rs]
    for kind, rs in sorted(ranks.items()):
        top1 = sum(r == 1 for r in rs) / len(rs)
        top3 = sum(r is not None and r <= 3 for r in rs) / len(rs)
        print(
            f"  {kind:15} n={len(rs):3}  top1 {top1:5.0%}  top3 {top3:5.0%}{'' if top3 >= 0.85 else '  < 85%'}"
        )
    top1 = sum(r == 1 for r in every) / len(every)
    top3 = sum(r is not None and r <= 3 for r in every) / len(every)
    print(
        f"  {'ALL':15} n={len(every):3}  top1 {top1:5.0%}  top3 {top3:5.0%}   (targets 90% / 95%)"
    )


def evaluate_set(name: str, mixed: int, show: bool) -> None:
    here = BENCH / name
    queries = read_queries(here)
    print(f"\n=== {name} ({len(queries)} queries)")
    playbooks = playbooks_of(here)
    with tempfile.TemporaryDirectory() as tmp:
        alone = WhooshSearch(Path(tmp, "alone"), [playbooks])
        alone.refresh()
        count = len(list(playbooks.rglob("*.yaml")))
        report(f"alone ({count} files)", evaluate(alone, queries, show))
        report("fts5 baseline, alone", fts5_ranks(playbooks, queries))
        if mixed:
            lib = Path(tmp, "mixed")
            shutil.copytree(playbooks, lib)
            write_playbooks(lib / "generated", generate(mixed, seed=3, words=library_words(here)))
            engine = WhooshSearch(Path(tmp, "mixed-index"), [lib])
            engine.refresh()
            report(f"mixed into {mixed} generated playbooks", evaluate(engine, queries, show))
            report("fts5 baseline, mixed", fts5_ranks(lib, queries))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=(*SETS, "all"), default="all")
    parser.add_argument("--mixed", type=int, default=2000)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    for name in DEFAULT_SETS if args.set == "all" else (args.set,):
        evaluate_set(name, args.mixed, args.show_misses)


if __name__ == "__main__":
    main()
