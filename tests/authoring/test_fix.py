"""`livecheck lint --fix`: safe mechanical fixes that keep comments and key order."""

from __future__ import annotations

import re
from pathlib import Path

from livecheck.authoring.fix import fix_text
from tests.authoring.conftest import Run
from tests.conftest import BUNDLED

MESSY = """\
# a comment at the top
id: gift-delay
titel: Cadeaux en retard   # the title
summary: Les cadeaux arrivent en retard.
when: Quand un créateur attend ses cadeaux.
category: campaign
severity: low
owner: ops
reviewed: 2026-01-01
steps:
- id: check   # first
  # before the title
  title: Vérifier
  detial: |
    Regarder la console.
  choices:
  - {label: "Oui", outcome: resolved}
  - labl: Non
    outcome: escalated
# a comment at the end
"""


def comments(text: str) -> list[str]:
    return [m.group(0).strip() for m in re.finditer(r"#.*", text)]


def keys(text: str) -> list[str]:
    return re.findall(r"^[\s-]*([a-z]+):", text, re.M)


def test_fix_keeps_comments_and_key_order_and_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "campaign" / "gift-delay.fr.yaml"
    result = fix_text(MESSY, path)
    assert result.refused is None and result.changed
    after = result.after
    assert comments(after) == comments(MESSY)
    fixed_names = {"titel": "title", "detial": "detail", "labl": "label"}
    expected = [fixed_names.get(k, k) for k in keys(MESSY)]
    expected.insert(1, "lang")
    assert keys(after) == expected
    assert "lang: fr\n" in after and "\n  - id: check" in after
    assert "indentation" in result.changes and "titel -> title" in result.changes
    again = fix_text(after, path)
    assert not again.changed and again.after == after


def test_fix_leaves_an_ambiguous_key_and_a_well_formed_file_alone(tmp_path: Path) -> None:
    # 'xyz' is close to no key: left for lint to report
    text = MESSY.replace("titel:", "xyz:")
    assert "xyz:" in fix_text(text, tmp_path / "gift-delay.fr.yaml").after
    for path in sorted(BUNDLED.glob("*/*.yaml")):
        assert not fix_text(path.read_text(encoding="utf-8"), path).changed, path


def test_fix_refuses_a_file_with_yaml_errors(tmp_path: Path) -> None:
    result = fix_text(MESSY + "id: again\n", tmp_path / "x.en.yaml")
    assert result.refused is not None and "YAML errors" in result.refused and not result.changed


def test_lint_fix_and_check_from_the_command_line(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "lib"
    (root / "campaign").mkdir(parents=True)
    path = root / "campaign" / "gift-delay.fr.yaml"
    path.write_text(MESSY, encoding="utf-8")
    code, out, _ = run("lint", "--fix", "--check", str(root))
    assert code == 1
    assert f"--- {path}\n" in out and "-titel: Cadeaux en retard   # the title" in out
    assert "+title: Cadeaux en retard   # the title" in out and "would fix 1 file" in out
    assert path.read_text(encoding="utf-8") == MESSY  # --check never writes
    code, out, err = run("lint", "--fix", str(root))
    assert code == 0, out + err
    assert "+lang: fr" in out and "fixed 1 file" in err and "0 errors" in out
    code, out, _ = run("lint", "--fix", "--check", str(root))
    assert code == 0 and "would fix 0 files" in out


def test_lint_fix_with_json_output_keeps_standard_output_json(run: Run, tmp_path: Path) -> None:
    import json

    root = tmp_path / "lib"
    (root / "campaign").mkdir(parents=True)
    (root / "campaign" / "gift-delay.fr.yaml").write_text(MESSY, encoding="utf-8")
    code, out, err = run("lint", "--fix", "--format", "json", str(root))
    assert code == 0 and json.loads(out) == [] and "+lang: fr" in err
