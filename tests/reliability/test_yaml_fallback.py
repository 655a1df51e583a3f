"""The pure-Python YAML parser, used when ruamel.yaml.clib is missing (issue 13):
it must give the same results as the C parser. The missing clib is simulated in
a subprocess (its import made to fail) so this process keeps the C parser."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from livecheck.playbook.library import load_library
from tests.reliability.conftest import BUNDLED, REPO

FIXTURES = REPO / "tests" / "fixtures"

PURE = """
import json, sys
sys.modules["ruamel.yaml.cyaml"] = None  # what an install without the clib looks like
from livecheck.playbook import yaml_reader
assert yaml_reader._PARSER_COUNTS_BYTES is False, "still the C parser"
from livecheck.playbook.library import load_library
from pathlib import Path
library = load_library([Path(p) for p in sys.argv[1:]])
print(json.dumps([p.as_json() for p in library.problems]))
"""


def _pure_problems(*paths: Path) -> list[dict[str, object]]:
    out = subprocess.run(
        [sys.executable, "-c", PURE, *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        cwd=REPO,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_pure_parser_lints_like_the_c_parser() -> None:
    paths = (BUNDLED, FIXTURES / "good", FIXTURES / "bad")
    pure = _pure_problems(*paths)
    assert not [p for p in pure if p["code"] == "internal-error"]
    c_parser = [p.as_json() for p in load_library(list(paths)).problems]
    # Same findings; reader errors may point one column apart (characters vs bytes).
    assert [(p["path"], p["code"], p["line"]) for p in pure] == [
        (p["path"], p["code"], p["line"]) for p in c_parser
    ]
