from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from livecheck.i18n import SOURCE_LANGUAGE, set_language
from tests.pg_server import REQUIRE, PgServer, cleanup, start_server

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
    monkeypatch.delenv("LIVECHECK_JOURNAL", raising=False)
    # English unless a test asks for another language; the language chosen by a
    # command run in-process does not outlive its test.
    for var in ("LIVECHECK_UI_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield
    set_language(SOURCE_LANGUAGE)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A throwaway PostgreSQL server for the session (skips without one, fails in CI)."""
    server = start_server()
    if isinstance(server, str):
        if os.environ.get(REQUIRE) == "1":
            pytest.fail(f"{server}, and {REQUIRE}=1")
        pytest.skip(server)
    try:
        yield server
    finally:
        cleanup(server)


@pytest.fixture
def team_url(pg_server: PgServer) -> str:
    """A fresh database with livecheck's schema and roles."""
    from livecheck.journal.team.server_schema import init_server

    url = pg_server.url(pg_server.create_database())
    init_server(url)
    return url
