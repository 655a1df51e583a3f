"""`livecheck translate`: parity, completing a translation byte for byte, the memory."""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

from livecheck.authoring.translate import FROM_MEMORY, TODO
from livecheck.playbook.library import load_library
from tests.authoring.conftest import OTHER_EN, Run


def fill_reviewed(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = [
        "reviewed: 2026-11-02\n" if line.startswith("reviewed:") else line
        for line in text.splitlines(keepends=True)
    ]
    path.write_text("".join(lines), encoding="utf-8")


def only_insertions(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before`; fails if anything of `before` changed."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), (tag, a[i1:i2], b[j1:j2])
        if tag == "insert":
            added.extend(b[j1:j2])
    return added


def test_a_new_translation_walks_like_its_source(run: Run, library: Path) -> None:
    code, out, err = run("translate", "ban-follow-up", "--to", "fr", "--playbooks", str(library))
    assert code == 0, err
    path = library / "trust-safety" / "ban-follow-up.fr.yaml"
    assert str(path) in out
    text = path.read_text(encoding="utf-8")
    assert "lang: fr" in text and "# the first thing to do" in text
    assert "# source: en sha256:" in text.splitlines()[0]
    # until reviewed, lint flags it (and only that)
    code, out, _ = run("lint", "--format", "json", str(library))
    assert {(p["path"], p["code"]) for p in json.loads(out) if p["severity"] == "error"} == {
        (str(path), "date")
    }
    fill_reviewed(path)
    library_now = load_library([library])
    assert library_now.error_count == 0, [p.format() for p in library_now.problems]
    en, fr = library_now.get("ban-follow-up", "en"), library_now.get("ban-follow-up", "fr")
    assert en is not None and fr is not None
    assert [s.id for s in fr.steps] == [s.id for s in en.steps]
    assert [v.name for v in fr.variables] == [v.name for v in en.variables]
    assert fr.outcomes == en.outcomes


def test_translation_memory_prefills_exactly_the_identical_texts(run: Run, library: Path) -> None:
    code, out, err = run("translate", "ban-follow-up", "--to", "fr", "--playbooks", str(library))
    assert code == 0, err
    text = (library / "trust-safety" / "ban-follow-up.fr.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    prefilled = [
        lines[i + 1].strip() for i, line in enumerate(lines) if line.strip() == FROM_MEMORY
    ]
    assert prefilled == [
        "title: Retrouver l'avis de sanction de la room",
        "title: Quelle règle a motivé le bannissement ?",
        "- {label: Sécurité des mineurs, outcome: escalated}",
    ]
    # "Anything else!" differs from "Anything else" by one character: not offered
    assert "- {label: Anything else!, outcome: resolved}" in lines[lines.index(f"      {TODO}") + 1]
    # untranslated text of the French file ("Creator handle") is no evidence of a translation
    assert "Creator handle" in text
    assert "3 texts prefilled" in out


def test_translating_again_adds_only_what_is_missing(run: Run, library: Path) -> None:
    run("translate", "ban-follow-up", "--to", "fr", "--playbooks", str(library))
    fr = library / "trust-safety" / "ban-follow-up.fr.yaml"
    # the translator works: text replaced, a comment of their own, TODO removed
    work = fr.read_text(encoding="utf-8").replace(
        f"    {TODO}\n    detail: Open the appeal queue and search the handle.\n",
        "    # note du traducteur : file d'appel = appeal queue\n"
        "    detail: Ouvrez la file d'appel et cherchez le pseudo.   \n",
    )
    fr.write_text(work, encoding="utf-8")
    # the source gains a step, a choice and a memory item
    en = library / "trust-safety" / "ban-follow-up.en.yaml"
    en.write_text(
        OTHER_EN.replace(
            "  - Do not promise the creator that the ban will be lifted.\n",
            "  - Do not promise the creator that the ban will be lifted.\n"
            "  - Never share the reporter's identity.\n",
        ).replace(
            "      - {label: Anything else!, outcome: resolved}\n",
            "      - {label: Anything else!, outcome: resolved}\n"
            "      - {label: Not sure, goto: ask-policy-team}\n"
            "  - id: ask-policy-team\n"
            "    title: Ask the policy team which rule applies\n"
            "    outcome: escalated\n",
        ),
        encoding="utf-8",
    )
    code, out, err = run("translate", "ban-follow-up", "--to", "fr", "--playbooks", str(library))
    assert code == 0, err
    assert "step 'ask-policy-team'" in out and "choice 3 of step 'answer'" in out
    assert "memory item 2" in out
    after = fr.read_text(encoding="utf-8")
    added = only_insertions(work, after)
    assert any("Never share the reporter's identity." in line for line in added)
    assert any("id: ask-policy-team  # source: en sha256:" in line for line in added)
    fill_reviewed(fr)
    assert load_library([library]).error_count == 0
    # and a third run has nothing left to add, and says so
    before = fr.read_text(encoding="utf-8")
    code, out, err = run("translate", "ban-follow-up", "--to", "fr", "--playbooks", str(library))
    assert code == 0 and out.startswith("nothing to do") and out.count("\n") == 1
    assert fr.read_text(encoding="utf-8") == before


def test_translate_refuses_bad_input(run: Run, library: Path) -> None:
    code, _, err = run("translate", "ban-follow-up", "--to", "en", "--playbooks", str(library))
    assert code == 1 and "is the source language" in err and err.count("\n") == 1
    code, _, err = run("translate", "ban-folow-up", "--to", "fr", "--playbooks", str(library))
    assert code == 1 and "did you mean ban-follow-up" in err
    code, _, err = run(
        "translate", "ban-follow-up", "--to", "fr", "--from", "de", "--playbooks", str(library)
    )
    assert code == 1 and "no 'de' version" in err


def test_translate_refuses_a_source_with_yaml_errors(run: Run, library: Path) -> None:
    en = library / "trust-safety" / "ban-follow-up.en.yaml"
    en.write_text(OTHER_EN.replace("severity: medium", "severity: medium\nseverity: high"))
    code, _, err = run("translate", "ban-follow-up", "--to", "fr", "--playbooks", str(library))
    assert code == 1 and "YAML errors" in err and ":8:1: duplicate key 'severity'" in err
    assert err.count("\n") == 1
    assert not (library / "trust-safety" / "ban-follow-up.fr.yaml").exists()


def test_translate_refuses_a_read_only_folder(run: Run, library: Path) -> None:
    folder = library / "trust-safety"
    os.chmod(folder, 0o555)
    try:
        code, _, err = run("translate", "ban-follow-up", "--to", "fr", "--playbooks", str(library))
    finally:
        os.chmod(folder, 0o755)
    assert code == 1 and "read-only" in err


def test_translate_refuses_a_source_that_is_not_a_regular_file(run: Run, library: Path) -> None:
    en = library / "trust-safety" / "ban-follow-up.en.yaml"
    en.unlink()
    os.mkfifo(en)  # reading it would block forever
    code, _, err = run("translate", "ban-follow-up", "--to", "fr", "--playbooks", str(library))
    # The library walk skips anything that is not a regular file (with a warning), so
    # the source is not found: refused at once, never blocked on the FIFO.
    assert code == 1 and ("not a regular file" in err or "no playbook with id" in err)
