"""A throwaway PostgreSQL server for tests and bench/bench.py: `initdb` in a temporary folder, `postgres` on a free
loopback port (its unix socket in that folder too), stopped and removed afterwards.

The binaries come from PATH or Debian's /usr/lib/postgresql/<version>/bin (`apt-get install postgresql`); without
them `postgres_bin()` is None and the tests that need a server skip. PostgreSQL refuses to run as root, so as root
the server runs as the `postgres` account (created by Debian's package) or `nobody`."""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from tests.chat_server import free_port

NO_SERVER = "no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/*/bin: " \
            "apt-get install postgresql"


def postgres_bin() -> Path | None:
    """The folder holding initdb and pg_ctl, or None."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    return debian[-1].parent if debian else None


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name).pw_name
        except KeyError:
            continue
    raise RuntimeError("running as root and no `postgres` or `nobody` account to run PostgreSQL as")


@dataclass
class PostgresServer:
    bin: Path
    data: Path
    port: int
    user: str | None  # the system account the server runs as (None: this process's own)
    log: Path

    @property
    def url(self) -> str:
        return self.database_url("postgres")

    def database_url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        """A fresh, empty database; its URL."""
        import psycopg  # the test dependency of this helper only

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.database_url(name)

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.data}"
        self._pg_ctl("start", "-w", "-t", "60", "-o", options, "-l", str(self.log))

    def stop(self) -> None:
        self._pg_ctl("stop", "-w", "-t", "60", "-m", "fast")

    def _pg_ctl(self, *args: str) -> None:
        result = subprocess.run([str(self.bin / "pg_ctl"), "-D", str(self.data / "cluster"), *args],
                                user=self.user, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"pg_ctl {args[0]} failed: {result.stderr or result.stdout}\n{log}")


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """A running server with trust authentication for the `postgres` role, on 127.0.0.1 only."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise RuntimeError(NO_SERVER)
    user = _run_as()
    # Not pytest's tmp_path nor $TMPDIR: they may sit under a folder only root may enter while the server runs as
    # `postgres`, and the socket's path must stay under 108 characters.
    data = Path(tempfile.mkdtemp(prefix="storefront-pg-", dir="/tmp" if Path("/tmp").is_dir() else None))
    if user:
        shutil.chown(data, user)
    server = PostgresServer(bin_dir, data, free_port(), user, data / "server.log")
    try:
        subprocess.run([str(bin_dir / "initdb"), "-D", str(data / "cluster"), "-U", "postgres", "-A", "trust",
                        "-E", "UTF8", "--no-sync"], user=user, check=True, capture_output=True, timeout=120)
        server.start()
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(data, ignore_errors=True)


# ---------------------------------------------------------------------------------------------- pytest fixtures
# Imported by the conftest.py of the folders whose tests use them.

@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One server for the test session; skips the test when PostgreSQL is not installed."""
    if postgres_bin() is None:
        pytest.skip(NO_SERVER)
    with postgres_server() as server:
        yield server


@pytest.fixture
def database_url(postgres, request) -> str:
    """An empty database of the test's own on the session's server."""
    return postgres.create_database("t_" + hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:16])


@pytest.fixture(params=["sqlite", "postgres"])
def database(request) -> str | None:
    """Where chat history and checkpoints go: SQLite files in the data folder (None, the default), or a database
    on the session's PostgreSQL server (skipped when PostgreSQL is not installed)."""
    return request.getfixturevalue("database_url") if request.param == "postgres" else None
