"""Register the lab fixtures (``tests/lab/fixtures.py``) and the PostgreSQL server
(``tests/postgres.py``), and route every nmap the suite starts through the loopback guard
(``tests/nmap_guard/nmap``): a target outside 127.0.0.0/8 is refused when it is handed over, and
the session fails if its log holds one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.nmap_guard import GUARD_DIR, outside_loopback

pytest_plugins = ["tests.lab.fixtures", "tests.postgres"]

os.environ["PATH"] = f"{GUARD_DIR}{os.pathsep}{os.environ.get('PATH', '')}"
os.environ.setdefault(
    "AUDITOR_NMAP_LOG", str(Path(tempfile.mkdtemp(prefix="auditor-nmap-")) / "targets.log")
)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    outside = outside_loopback(Path(os.environ["AUDITOR_NMAP_LOG"]))
    if outside:
        print(f"\nnmap was handed targets outside 127.0.0.0/8: {outside}")
        session.exitstatus = 1
