"""The open-files limit: raised for the concurrency asked, which is capped when it cannot be."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

from auditor.limits import FILES_PER_HOST, RESERVED_FILES, needed, usable_concurrency


def in_child(code: str) -> str:
    """Run ``code`` in a fresh interpreter (limits are per process) and give its output."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_a_low_soft_limit_is_raised_for_the_concurrency_asked():
    out = in_child(
        "import resource; from auditor.limits import usable_concurrency, needed\n"
        "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))\n"
        "n, note = usable_concurrency(512)\n"
        "print(n, note, resource.getrlimit(resource.RLIMIT_NOFILE)[0] >= needed(512))"
    )
    assert out == "512 None True"


def test_a_hard_limit_too_low_caps_the_concurrency_and_says_why():
    out = in_child(
        "import resource; from auditor.limits import usable_concurrency\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (400, 400))\n"
        "n, note = usable_concurrency(512)\n"
        "print(n); print(note.render('en'))"
    )
    count, message = out.splitlines()
    assert int(count) == (400 - RESERVED_FILES) // FILES_PER_HOST
    assert message.startswith(f"concurrency capped at {count} (asked 512): the open-files limit")


def test_a_scan_warns_in_one_line_when_it_caps(tmp_path: Path):
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_NOFILE, (200, 200))\n"
        "from auditor.cli import main; sys.exit(main())"
    )
    inv = tmp_path / "inv.yaml"
    inv.write_text("units: [{id: u, name: U, hosts: [{name: a, address: 127.0.0.1, port: 1}]}]\n")
    done = subprocess.run(
        [sys.executable, "-c", code, "scan", "-i", str(inv), "-q", "-c", "512", "--db",
         str(tmp_path / "db.sqlite"), "-p", "de-an-06", "-o", str(tmp_path / "o.json")],
        capture_output=True, text=True, env={**os.environ, "AUDITOR_LANG": "en"}, check=False,
    )  # fmt: skip
    warning = [line for line in done.stderr.splitlines() if "concurrency capped" in line]
    assert warning == [
        "auditor: warning: concurrency capped at 22 (asked 512): the open-files limit is 200 and "
        "each host in flight needs up to 6 (raise it with 'ulimit -n' or LimitNOFILE=)"
    ]


def test_what_a_concurrency_needs():
    assert needed(100) == RESERVED_FILES + 100 * FILES_PER_HOST
    assert usable_concurrency(1) == (1, None)
    assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] >= needed(1)
