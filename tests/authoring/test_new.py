"""`livecheck new`: a skeleton that lints with only "fill this in" problems, never overwriting."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from livecheck.authoring.skeleton import FILL_IN_CODES
from tests.authoring.conftest import Run


def lint_codes(run: Run, path: Path) -> set[str]:
    code, out, _ = run("lint", "--format", "json", str(path))
    assert code == 1
    return {p["code"] for p in json.loads(out)}


def test_new_writes_a_skeleton_that_lints_with_only_fill_in_problems(
    run: Run, library: Path
) -> None:
    code, out, err = run("new", "gift-delay", "--category", "campaign", "--playbooks", str(library))
    assert code == 0, err
    path = library / "campaign" / "gift-delay.en.yaml"
    assert str(path) in out
    text = path.read_text(encoding="utf-8")
    assert text.count("\n#") >= 5  # commented
    assert lint_codes(run, path) == FILL_IN_CODES


def test_new_with_a_title_and_lang(run: Run, library: Path) -> None:
    code, _, err = run(
        "new", "retard-cadeaux", "--category", "campaign", "--lang", "fr",
        "--title", "Cadeaux en retard : que faire", "--playbooks", str(library),
    )  # fmt: skip
    assert code == 0, err
    path = library / "campaign" / "retard-cadeaux.fr.yaml"
    assert 'title: "Cadeaux en retard : que faire"' in path.read_text(encoding="utf-8")
    title_line = (
        path.read_text(encoding="utf-8")
        .splitlines()
        .index('title: "Cadeaux en retard : que faire"')
    )
    code, out, _ = run("lint", "--format", "json", str(path))
    assert title_line + 1 not in {p["line"] for p in json.loads(out)}


def test_new_from_an_existing_playbook_keeps_its_structure(run: Run, library: Path) -> None:
    code, _, err = run(
        "new", "ban-second-look", "--category", "trust-safety", "--from", "live-ended-by-ban",
        "--playbooks", str(library),
    )  # fmt: skip
    assert code == 0, err
    path = library / "trust-safety" / "ban-second-look.en.yaml"
    text = path.read_text(encoding="utf-8")
    assert "goto: escalate-minor-safety" in text and "irreversible: true" in text
    assert "Find the enforcement notice" not in text
    assert lint_codes(run, path) <= FILL_IN_CODES


def test_new_never_overwrites(run: Run, library: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run(
        "new", "x-one", "--category", "campaign", "--output", str(target),
        "--playbooks", str(library),
    )  # fmt: skip
    assert code == 1 and "already exists" in err and "never overwrites" in err
    assert target.read_text(encoding="utf-8") == "keep me"
    code, _, err = run(
        "new", "live-ended-by-ban", "--category", "campaign", "--playbooks", str(library)
    )
    assert code == 1 and "already exists" in err


def test_new_refuses_bad_input(run: Run, library: Path, tmp_path: Path) -> None:
    code, _, err = run(
        "new", "x-two", "--category", "campaign", "--from", "live-ended-by-bam",
        "--playbooks", str(library),
    )  # fmt: skip
    assert code == 1 and "did you mean live-ended-by-ban" in err
    code, _, err = run("new", "Bad Id", "--category", "campaign", "--playbooks", str(library))
    assert code == 1 and "not a valid id" in err
    assert err.count("\n") == 1


def test_new_refuses_a_read_only_root(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "ro"
    root.mkdir()
    os.chmod(root, 0o555)
    try:
        code, _, err = run("new", "x-three", "--category", "campaign", "--playbooks", str(root))
    finally:
        os.chmod(root, 0o755)
    assert code == 1 and "no playbook folder is writable" in err
    assert not (root / "campaign").exists()


@pytest.mark.parametrize("explicit", [False, True])
def test_output_outside_the_roots_needs_output(
    run: Run, library: Path, tmp_path: Path, explicit: bool
) -> None:
    from livecheck.authoring import files
    from livecheck.authoring.errors import AuthoringError

    outside = tmp_path / "elsewhere" / "x.en.yaml"
    if explicit:
        files.check_target(outside, [library], explicit=True)
    else:
        with pytest.raises(AuthoringError, match="outside the playbook folders"):
            files.check_target(outside, [library], explicit=False)
