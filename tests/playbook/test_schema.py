"""The shipped JSON Schema agrees with lint on the shape of playbooks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from livecheck.playbook.library import find_playbook_files, load_library
from livecheck.playbook.schema import playbook_schema
from tests.conftest import BUNDLED, REPO

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def as_json_data(value: Any) -> Any:
    """YAML dates become ISO strings, as an editor's schema check sees them."""
    if isinstance(value, dict):
        return {k: as_json_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json_data(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def validator() -> jsonschema.Draft202012Validator:
    schema = playbook_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def bundled_files() -> list[Path]:
    return [f.path for f in find_playbook_files([BUNDLED])]


def test_schema_is_valid_draft_2020_12() -> None:
    validator()


def test_committed_schema_is_up_to_date() -> None:
    committed = json.loads((REPO / "docs" / "playbook.schema.json").read_text(encoding="utf-8"))
    assert committed == playbook_schema(), "run: livecheck schema > docs/playbook.schema.json"


@pytest.mark.parametrize("path", bundled_files(), ids=lambda p: p.name)
def test_every_bundled_playbook_matches_the_schema(path: Path) -> None:
    data = as_json_data(YAML(typ="safe").load(path.read_text(encoding="utf-8")))
    errors = sorted(validator().iter_errors(data), key=str)
    assert not errors, "\n".join(e.message for e in errors)


def test_schema_rejects_what_lint_rejects_as_shape(tmp_path: Path) -> None:
    good = {
        "id": "x",
        "lang": "en",
        "title": "T",
        "summary": "S",
        "when": "W",
        "category": "operational",
        "severity": "low",
        "owner": "o",
        "reviewed": "2026-01-01",
        "steps": [{"id": "a", "title": "A"}],
    }
    check = validator()
    assert not list(check.iter_errors(good))
    for broken in (
        {**good, "titel": "x"},
        {**good, "severity": "hihg"},
        {**good, "id": "Not A Slug"},
        {**good, "steps": []},
        {**good, "memory": ["1", "2", "3", "4", "5", "6"]},
        {**good, "steps": [{"id": "a", "title": "A", "goto": "a", "outcome": "resolved"}]},
        {**good, "steps": [{"id": "a", "title": "A", "choices": [{"label": "L"}]}]},
    ):
        assert list(check.iter_errors(broken)), broken


def test_good_fixtures_match_the_schema() -> None:
    files = [f.path for f in find_playbook_files([FIXTURES / "good"])]
    assert load_library([FIXTURES / "good"]).error_count == 0
    for path in files:
        data = as_json_data(YAML(typ="safe").load(path.read_text(encoding="utf-8")))
        assert not list(validator().iter_errors(data)), path
