"""known_hosts is read once per scan while it stays unchanged, not once per host."""

from __future__ import annotations

import subprocess
from pathlib import Path

import paramiko
import pytest

from auditor.transports import ssh


@pytest.fixture
def blob(tmp_path: Path) -> str:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / "k")],
                   check=True)  # fmt: skip
    return " ".join((tmp_path / "k.pub").read_text().split()[:2])


def test_the_file_is_parsed_once_and_again_only_when_it_changes(tmp_path, blob, monkeypatch):
    known = tmp_path / "known_hosts"
    known.write_text("".join(f"[127.0.70.{i}]:2222 {blob}\n" for i in range(1, 201)))
    loads = []
    real = paramiko.HostKeys

    def counting(path: str) -> paramiko.HostKeys:
        loads.append(path)
        return real(path)

    monkeypatch.setattr(ssh.paramiko, "HostKeys", counting)
    for i in range(1, 201):
        assert list(ssh.host_keys(known, f"[127.0.70.{i}]:2222")) == ["ssh-ed25519"]
    assert ssh.host_keys(known, "[127.0.70.250]:2222") == {}
    assert len(loads) == 1
    with known.open("a") as f:  # a key recorded on first use: the next host sees it
        f.write(f"[127.0.70.250]:2222 {blob}\n")
    assert list(ssh.host_keys(known, "[127.0.70.250]:2222")) == ["ssh-ed25519"]
    assert len(loads) == 2


def test_hashed_entries_are_found_too(tmp_path, blob):
    known = tmp_path / "known_hosts"
    known.write_text(f"[127.0.71.1]:2222 {blob}\n")
    subprocess.run(["ssh-keygen", "-q", "-H", "-f", str(known)], check=True, capture_output=True)
    assert known.read_text().startswith("|1|")
    assert list(ssh.host_keys(known, "[127.0.71.1]:2222")) == ["ssh-ed25519"]
