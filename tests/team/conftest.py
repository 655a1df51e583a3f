"""Fixtures of the team journal's tests: a real PostgreSQL server for the session,
a fresh database with livecheck's schema for each test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.pg_server import REQUIRE, PgServer, cleanup, start_server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
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
