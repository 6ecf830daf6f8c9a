"""The wheel carries the engine, store migrations, built-in checks, profiles and templates, and
installs `auditor`."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_installs_a_working_command_in_a_fresh_venv(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(ROOT)],
        check=True,
    )
    (wheel,) = dist.glob("auditor-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    builtin = "auditor/_builtin/"
    for area in ("patching", "logging", "credentials", "network", "system"):
        assert any(n.startswith(f"{builtin}checks/{area}/") and n.endswith(".yaml") for n in names)
    assert f"{builtin}checks/credentials/ssh_root_login.py" in names
    assert f"{builtin}profiles/de-an-06.yaml" in names
    assert f"{builtin}reports/scan.html.j2" in names
    assert "auditor/store/migrations/env.py" in names
    assert "auditor/store/migrations/versions/0002_hand_off.py" in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True)
    exe = str(venv / "bin" / "auditor")
    elsewhere = {"cwd": tmp_path, "capture_output": True, "text": True}
    listed = subprocess.run([exe, "checks", "list"], **elsewhere)
    assert listed.returncode == 0 and "ssh_root_login" in listed.stdout
    assert (
        "_builtin" in subprocess.run([exe, "checks", "show", "ssh_root_login"], **elsewhere).stdout
    )
    assert "de-an-06" in subprocess.run([exe, "profiles", "list"], **elsewhere).stdout
    scan = subprocess.run(
        [exe, "scan", "--db", str(tmp_path / "db.sqlite"), "-o", str(tmp_path / "r.html"), "-q"],
        **elsewhere,
    )
    assert scan.returncode in (0, 1, 3), scan.stderr
    assert "<table>" in (tmp_path / "r.html").read_text()
    shown = subprocess.run(
        [exe, "results", "show", "--db", str(tmp_path / "db.sqlite"), "-o", "-", "-f", "html"],
        **elsewhere,
    )
    assert shown.returncode == 0 and shown.stdout == (tmp_path / "r.html").read_text()
