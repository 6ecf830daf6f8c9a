"""known_hosts is read once per scan while it stays unchanged, not once per host."""

from __future__ import annotations

import subprocess
from pathlib import Path

import paramiko
import pytest

from auditor.transports import ssh


@pytest.fixture
def blob(tmp_path: Path) -> str:
    return new_key(tmp_path / "k")


def new_key(path: Path) -> str:
    """A new ed25519 public key, as known_hosts writes it: type and base64."""
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True)
    return " ".join(path.with_suffix(".pub").read_text().split()[:2])


def test_the_file_is_parsed_once_and_again_only_when_it_changes(tmp_path, blob, monkeypatch):
    known = tmp_path / "known_hosts"
    known.write_text("".join(f"[127.0.70.{i}]:2222 {blob}\n" for i in range(1, 201)))
    loads = []
    real = ssh.KnownHosts

    def counting(text: str) -> ssh.KnownHosts:
        loads.append(text)
        return real(text)

    monkeypatch.setattr(ssh, "KnownHosts", counting)
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


def test_hashed_and_plain_lines_agree_with_paramiko(tmp_path, blob):
    """For each key type the file's first line for the host wins, hashed or not; other hosts'
    lines, comments, blank and broken lines change nothing."""
    other = new_key(tmp_path / "other")
    hashed = tmp_path / "hashed"
    hashed.write_text(f"127.0.72.1 {other}\n")
    subprocess.run(["ssh-keygen", "-q", "-H", "-f", str(hashed)], check=True, capture_output=True)
    known = tmp_path / "known_hosts"
    known.write_text(
        "# comment\n\n"
        f"{hashed.read_text().strip()}\n"
        f"127.0.72.1,127.0.72.2 {blob}\n"
        "127.0.72.1 ssh-ed25519 not-base64\n"
        f"[127.0.72.1]:2222 {blob}\n"
    )
    readable = tmp_path / "readable"  # paramiko stops at the broken line; OpenSSH passes it over
    readable.write_text(known.read_text().replace("127.0.72.1 ssh-ed25519 not-base64\n", ""))
    theirs = paramiko.HostKeys(str(readable))
    for host in ("127.0.72.1", "127.0.72.2", "[127.0.72.1]:2222", "127.0.72.3"):
        ours = ssh.host_keys(known, host)
        expected = theirs.lookup(host)
        assert {k: v.asbytes() for k, v in ours.items()} == (
            {k: expected[k].asbytes() for k in expected} if expected else {}
        ), host
    assert ssh.host_keys(known, "127.0.72.1")["ssh-ed25519"].get_base64() == other.split()[1]
