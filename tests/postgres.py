"""A real PostgreSQL server for the store's tests: initdb into a temporary directory, listening
on a unix socket only, stopped at the end of the session. Each test gets a database of its own.

As root the server runs as the ``postgres`` account (PostgreSQL refuses to run as root). Without
PostgreSQL installed the tests skip, except under CI, where ``scripts/test.sh`` installs it.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PORT = 5432  # only names the socket file: the server opens no TCP port
_databases = itertools.count(1)


def _bindir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts[-3])
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_server_user(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def _run(argv: list[str]) -> None:
    proc = subprocess.run(_as_server_user(argv), capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:2])} failed: {proc.stderr.strip() or proc.stdout}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The socket directory of a running server whose superuser is ``auditor``."""
    bindir = _bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed (scripts/test.sh installs it)")
        pytest.skip("PostgreSQL is not installed")
    base = Path(tempfile.mkdtemp(prefix="auditor-pg-"))
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(base, account.pw_uid, account.pw_gid)
    data = base / "data"
    _run([str(bindir / "initdb"), "-D", str(data), "-U", "auditor", "--auth=trust", "-E", "UTF8",
          "--no-locale", "--no-sync"])  # fmt: skip
    options = f"-k {base} -c listen_addresses='' -p {PORT} -c fsync=off"
    _run([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "log"),
          "-w", "-t", "60", "start"])  # fmt: skip
    try:
        yield str(base)
    finally:
        _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """A URL of a new, empty database on the test server."""
    import psycopg

    name = f"store_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(
        host=postgres_server, port=PORT, user="auditor", dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://auditor@/{name}?host={postgres_server}&port={PORT}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_ref(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new results store on each engine in turn."""
    if request.param == "sqlite":
        return str(tmp_path / "results.sqlite")
    return request.getfixturevalue("postgres_url")
