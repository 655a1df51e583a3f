from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from livecheck.i18n import SOURCE_LANGUAGE, set_language

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "playbooks"
# The example of the format page, verbatim (test_format_rules checks it still is).
FORMAT_EXAMPLE = (
    Path(__file__).parent / "fixtures" / "good" / "trust-safety" / "live-ended-by-ban.en.yaml"
).read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _isolated_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """No test reads the developer's config or writes to the real data dirs."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("LIVECHECK_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("LIVECHECK_CONFIG", str(home / "config.toml"))
    monkeypatch.delenv("LIVECHECK_PLAYBOOKS", raising=False)
    # English unless a test asks for another language; the language chosen by a
    # command run in-process does not outlive its test.
    for var in ("LIVECHECK_UI_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield
    set_language(SOURCE_LANGUAGE)
