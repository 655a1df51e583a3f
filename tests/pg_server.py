"""A throwaway PostgreSQL server for the tests: initdb into a temp dir, pg_ctl start
on a free localhost port (and a socket in that dir), stopped at the end.

As root, the server runs as the `postgres` system user (PostgreSQL refuses to run
as root) in a temp dir it owns. Without the server binaries the tests skip with
one line, unless LIVECHECK_REQUIRE_POSTGRES=1 (CI), which makes that a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

REQUIRE = "LIVECHECK_REQUIRE_POSTGRES"
PASSWORD = "right-password"  # the `lea` login role's, for the wrong-password test


def find_bindir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        return Path(candidate).parent
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        bindir = Path(out.stdout.strip())
        if (bindir / "initdb").exists():
            return bindir
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    bindir: Path
    root: Path
    port: int
    as_user: list[str]

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    def url(self, db: str = "postgres", user: str = "postgres", **query: str) -> str:
        tail = ("?" + "&".join(f"{k}={v}" for k, v in query.items())) if query else ""
        return f"postgresql://{user}@127.0.0.1:{self.port}/{db}{tail}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.as_user, *args], capture_output=True, text=True, check=check, cwd="/"
        )

    def start(self) -> None:
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.datadir),
            "-l",
            str(self.root / "log"),
            "-w",
            "-t",
            "60",
            "-o",
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=100",
            "start",
        )

    def stop(self) -> None:
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.datadir),
            "-m",
            "fast",
            "-w",
            "stop",
            check=False,
        )

    def create_database(self) -> str:
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return name


def start_server() -> PgServer | str:
    """A running server, or the reason there is none."""
    bindir = find_bindir()
    if bindir is None:
        return "PostgreSQL tests skipped: no server binaries (initdb) found"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "PostgreSQL tests skipped: psycopg is not installed (pip install -e '.[test]')"
    root = Path(tempfile.mkdtemp(prefix="livecheck-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    os.chmod(root, 0o700)
    server = PgServer(bindir, root, free_port(), as_user)
    hba = root / "hba-setup"
    server._run(
        str(bindir / "initdb"),
        "-D",
        str(server.datadir),
        "-U",
        "postgres",
        "-A",
        "trust",
        "--no-sync",
        "-E",
        "UTF8",
        "--locale=C",
    )
    del hba
    # The superuser may log in without a password (the tests' admin); every other
    # role must give its password (the wrong-password test).
    (server.datadir / "pg_hba.conf").write_text(
        "local all postgres trust\n"
        "host all postgres 127.0.0.1/32 trust\n"
        "local all all scram-sha-256\n"
        "host all all 127.0.0.1/32 scram-sha-256\n",
        encoding="utf-8",
    )
    if as_user:
        shutil.chown(server.datadir / "pg_hba.conf", "postgres", "postgres")
    server.start()
    return server


def cleanup(server: PgServer) -> None:
    server.stop()
    shutil.rmtree(server.root, ignore_errors=True)
