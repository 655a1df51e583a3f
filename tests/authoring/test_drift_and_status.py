"""Source fingerprints: lint and `livecheck translations` name the steps changed in the source."""

from __future__ import annotations

import json
from pathlib import Path

from tests.authoring.conftest import EN, Run
from tests.authoring.test_translate import fill_reviewed


def tracked_library(run: Run, library: Path) -> Path:
    """The fixture library with the hand-made French translation recorded as up to date."""
    code, out, err = run(
        "translate", "live-ended-by-ban", "--to", "fr", "--mark-up-to-date",
        "--playbooks", str(library),
    )  # fmt: skip
    assert code == 0, err
    assert "the header" in out and "step 'explain-appeal'" in out
    return library


def change_source_step(library: Path) -> None:
    en = library / "trust-safety" / "live-ended-by-ban.en.yaml"
    en.write_text(
        EN.replace(
            "title: Find the enforcement notice for the room",
            "title: Find the enforcement notice and the moderator's note for the room",
        ),
        encoding="utf-8",
    )


def test_a_changed_source_step_is_reported_by_id(run: Run, library: Path) -> None:
    tracked_library(run, library)
    code, out, _ = run("translations", "--playbooks", str(library))
    assert code == 0, out
    assert "  ok fr: up to date" in out
    change_source_step(library)

    code, out, _ = run("lint", "--format", "json", str(library))
    drift = [p for p in json.loads(out) if p["code"] == "translation-drift"]
    fr = library / "trust-safety" / "live-ended-by-ban.fr.yaml"
    line = (
        fr.read_text(encoding="utf-8")
        .splitlines()
        .index(
            "  - id: find-notice  # source: en sha256:"
            + fr.read_text(encoding="utf-8").split("id: find-notice  # source: en sha256:")[1][:12]
        )
    )
    assert [(d["path"], d["line"], d["col"], d["severity"]) for d in drift] == [
        (str(fr), line + 1, 9, "warning")
    ]
    assert "step 'find-notice' changed in en" in drift[0]["message"]

    code, out, _ = run("translate", "live-ended-by-ban", "--to", "fr", "--playbooks", str(library))
    assert code == 0 and out.startswith("nothing to do") and out.count("\n") == 1
    assert "but find-notice changed in en since it was translated" in out

    code, out, _ = run("translations", "--playbooks", str(library))
    assert code == 1
    assert "!! fr: 1 step out of date" in out
    assert "step find-notice changed in en; it now reads: Find the enforcement notice and" in out

    code, out, _ = run("translations", "--format", "json", "--playbooks", str(library))
    assert code == 1
    by_id = {r["id"]: r for r in json.loads(out)}
    state = by_id["live-ended-by-ban"]["translations"][0]
    assert state["steps_out_of_date"] == [
        {
            "step": "find-notice",
            "source_title": "Find the enforcement notice and the moderator's note for the room",
        }
    ]
    assert state["in_parity"] is False and state["todo"] == 0
    assert by_id["ban-follow-up"]["missing"] == ["fr"] and by_id["ban-follow-up"]["in_parity"]

    # the translator checks the step, then records it
    code, out, err = run(
        "translate", "live-ended-by-ban", "--to", "fr", "--mark-up-to-date", "find-notice",
        "--playbooks", str(library),
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = run("translations", "--playbooks", str(library))
    assert code == 0 and "ok fr: up to date" in out


def test_translations_counts_markers_left_and_missing_languages(run: Run, library: Path) -> None:
    run("translate", "ban-follow-up", "--to", "fr", "--playbooks", str(library))
    fill_reviewed(library / "trust-safety" / "ban-follow-up.fr.yaml")
    code, out, _ = run(
        "translations", "--lang", "fr", "--format", "json", "--playbooks", str(library)
    )
    assert code == 1
    state = {r["id"]: r for r in json.loads(out)}["ban-follow-up"]["translations"][0]
    assert state["to_check"] == 3 and state["todo"] > 0 and state["steps_out_of_date"] == []
    code, out, _ = run("translations", "--lang", "de", "--playbooks", str(library))
    assert code == 0 and "missing: de" in out and out.strip().endswith("2 missing")


def test_mark_up_to_date_refuses_an_unknown_step(run: Run, library: Path) -> None:
    code, _, err = run(
        "translate", "live-ended-by-ban", "--to", "fr", "--mark-up-to-date", "no-such-step",
        "--playbooks", str(library),
    )  # fmt: skip
    assert code == 1 and "no step 'no-such-step'" in err and err.count("\n") == 1


def test_lint_warns_about_markers_left_once_reviewed(run: Run, library: Path) -> None:
    run("translate", "ban-follow-up", "--to", "fr", "--playbooks", str(library))
    fr = library / "trust-safety" / "ban-follow-up.fr.yaml"
    fill_reviewed(fr)
    code, out, _ = run("lint", "--format", "json", str(fr))
    assert code == 0  # a warning: the file loads, and --strict fails on it
    todo = [p for p in json.loads(out) if p["code"] == "translation-todo"]
    first = fr.read_text(encoding="utf-8").splitlines().index("# TODO translate") + 1
    assert [(p["line"], p["col"], p["severity"]) for p in todo] == [(first, 1, "warning")]
    assert "still marked '# TODO translate'" in todo[0]["message"]
    assert "3 marked '# from translation memory: check'" in todo[0]["message"]
