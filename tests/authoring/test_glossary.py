"""The glossary: avoided variants warned at file:line:col; malformed entries reported."""

from __future__ import annotations

import json
from pathlib import Path

from livecheck.playbook.library import load_library
from tests.authoring.conftest import Run
from tests.conftest import BUNDLED

GLOSSARY = """\
creator:
  fr: créateur
  avoid:
    fr: [streameur, un streamer]
escalate:
  fr: escalader
  avoid:
    fr: [faire remonter]
"""


def test_lint_warns_where_a_french_playbook_uses_an_avoided_variant(
    run: Run, library: Path
) -> None:
    (library / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    fr = library / "trust-safety" / "live-ended-by-ban.fr.yaml"
    text = fr.read_text(encoding="utf-8").replace(
        "title: Retrouver l'avis de sanction de la room",
        "title: Retrouver l'avis du streameur, puis faire\n      remonter",
    )
    fr.write_text(text, encoding="utf-8")
    _code, out, _ = run("lint", "--format", "json", str(library))
    found = [
        (p["line"], p["col"], p["message"]) for p in json.loads(out) if p["code"] == "glossary"
    ]
    shown = "    title: Retrouver l'avis du streameur, puis faire"
    line = text.splitlines().index(shown) + 1
    expected = [(line, shown.index("streameur") + 1), (line, shown.index("faire") + 1)]
    assert [(ln, col) for ln, col, _ in found] == expected
    assert "'streameur'" in found[0][2] and "write 'créateur'" in found[0][2]
    assert "(term 'escalate'): write 'escalader'" in found[1][2]
    # the glossary is no playbook, and English playbooks are not checked against French words
    assert load_library([library]).file_count == 3


def test_a_malformed_glossary_entry_is_reported_with_its_position(run: Run, library: Path) -> None:
    (library / "glossary.yaml").write_text(
        "creator:\n  fr: créateur\n  avoid:\n    fr: streameur\nagency: agence\n",
        encoding="utf-8",
    )
    code, out, _ = run("lint", "--format", "json", str(library))
    found = [
        (p["path"], p["line"], p["col"], p["severity"])
        for p in json.loads(out)
        if p["code"] == "glossary"
    ]
    where = str(library / "glossary.yaml")
    assert found == [(where, 4, 9, "error"), (where, 5, 9, "error")]
    assert code == 1


def test_the_bundled_glossary_is_read_and_the_bundled_library_respects_it(run: Run) -> None:
    from livecheck.authoring.glossary import read_glossary

    glossary = read_glossary(BUNDLED / "glossary.yaml")
    assert glossary.problems == ()
    assert {a.term for a in glossary.for_lang("fr")} >= {"LIVE", "creator", "agency", "escalate"}
    code, out, _ = run("lint", "--strict", str(BUNDLED))
    assert code == 0, out
