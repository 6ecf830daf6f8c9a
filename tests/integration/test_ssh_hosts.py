"""Scans over real SSH to servers on loopback: host keys, exec budget, and hostile hosts."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import paramiko
import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.transports.ssh import SshTarget, SshTransport
from tests.integration.sshserver import FakeSshHost

# one cheap check that needs root: these tests are about the transport, not the catalogue
ONE_CHECK_PROFILE = "id: one\ntitle: {vi: Một, en: One}\ninclude: {ids: [ssh_root_login]}\n"


@pytest.fixture(scope="module")
def client_key(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, paramiko.PKey]:
    path = tmp_path_factory.mktemp("client") / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True)
    return path, paramiko.Ed25519Key.from_private_key_file(str(path))


def scan(
    tmp_path: Path,
    key: Path,
    hosts: list[FakeSshHost],
    known: list[str],
    *extra: str,
    timeouts: str = "{connect: 3, command: 6, host: 10}",
) -> tuple[int, dict]:
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text("".join(line + "\n" for line in known))
    entries = "\n".join(
        f"      - {{name: h{i}, address: {h.address}, port: {h.port}}}" for i, h in enumerate(hosts)
    )
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(
        f"defaults: {{user: auditor, identity_file: {key}, known_hosts: {known_hosts}, "
        f"sudo: true, timeouts: {timeouts}}}\n"
        f"units:\n  - id: lab\n    name: Lab\n    hosts:\n{entries}\n"
    )
    out = tmp_path / "scan.json"
    profile = tmp_path / "one.yaml"
    profile.write_text(ONE_CHECK_PROFILE)
    result = CliRunner().invoke(
        main,
        [
            "scan",
            "-p",
            str(profile),
            "-i",
            str(inventory),
            "--db",
            str(tmp_path / "db.sqlite"),
            "-o",
            str(out),
            "-q",
            "-c",
            "8",
            *extra,
        ],
    )
    doc = json.loads(out.read_text())
    return result.exit_code, {h["name"]: h for h in doc["hosts"]}


def test_host_is_audited_with_one_exec_request_under_sudo(tmp_path, client_key):
    key_path, key = client_key
    with FakeSshHost("127.0.20.1", "shell", key) as host:
        code, hosts = scan(tmp_path, key_path, [host], [host.known_hosts_line()])
    h = hosts["h0"]
    assert h["status"] == "ok" and h["privileged"] is True
    assert h["os"] and h["results"]
    assert host.record.execs == ["sudo -n sh -s"]
    assert code in (0, 1)


def test_without_sudo_the_scan_runs_and_root_facts_say_why(tmp_path, client_key):
    key_path, key = client_key
    with FakeSshHost("127.0.20.2", "shell", key, sudo_fails=True) as host:
        _, hosts = scan(tmp_path, key_path, [host], [host.known_hosts_line()])
    h = hosts["h0"]
    assert h["status"] == "ok" and h["privileged"] is False
    assert host.record.execs == ["sudo -n sh -s", "sh -s"]
    assert len(host.record.execs) <= 3
    root_login = next(r for r in h["results"] if r["check_id"] == "ssh_root_login")
    assert root_login["status"] == "error"
    assert (
        "needs root privileges (sudo -n failed: sudo: a password is required)"
        in (root_login["message"])
    )


def target_of(host: FakeSshHost, tmp_path: Path, key_path: Path) -> SshTarget:
    """The SSH target of ``host`` as ``auditor`` with ``key_path``, its key the one known."""
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text(host.known_hosts_line() + "\n")
    return SshTarget(
        host.address, host.port, "auditor", str(key_path), str(known_hosts), connect_timeout=3
    )


@pytest.mark.parametrize(
    ("offered", "chosen"),
    [
        (None, "aes128-gcm@openssh.com"),
        (("aes256-ctr", "aes256-gcm@openssh.com"), "aes256-gcm@openssh.com"),
        (("aes128-ctr", "aes256-ctr"), "aes128-ctr"),
    ],
)
def test_sessions_prefer_aes_gcm_and_fall_back_without_it(tmp_path, client_key, offered, chosen):
    key_path, key = client_key
    with (
        FakeSshHost("127.0.20.9", "shell", key, ciphers=offered) as host,
        SshTransport(target_of(host, tmp_path, key_path)) as session,
    ):
        assert session.run(["true"], None, 6).rc == 0
        negotiated = session._client.get_transport()
        assert (negotiated.local_cipher, negotiated.remote_cipher) == (chosen, chosen)


@pytest.mark.parametrize(
    ("printed", "kept", "truncated"),
    [(999, 999, False), (1000, 1000, False), (1001, 1000, True), (300_000, 1000, True)],
)
def test_output_past_the_cap_is_cut_and_said_to_be(tmp_path, client_key, printed, kept, truncated):
    key_path, key = client_key
    with (
        FakeSshHost("127.0.20.10", "shell", key) as host,
        SshTransport(target_of(host, tmp_path, key_path), output_cap=1000) as session,
    ):
        result = session.run(["head", "-c", str(printed), "/dev/zero"], None, 6)
    assert (len(result.stdout), result.truncated, result.timed_out) == (kept, truncated, False)


def test_unknown_host_key_refused_before_any_credentials(tmp_path, client_key):
    key_path, key = client_key
    with FakeSshHost("127.0.20.3", "shell", key) as host:
        code, hosts = scan(tmp_path, key_path, [host], [])
    assert hosts["h0"]["status"] == "error"
    assert "unknown host key (ssh-ed25519 SHA256:" in hosts["h0"]["error"]
    assert "no credentials were offered" in hosts["h0"]["error"]
    assert host.record.auth_attempts == 0 and host.record.execs == []
    assert code == 3


def test_changed_host_key_refused_before_any_credentials(tmp_path, client_key):
    key_path, key = client_key
    with (
        FakeSshHost("127.0.20.4", "shell", key) as host,
        FakeSshHost("127.0.20.5", "shell", key) as other,
    ):
        stale = other.known_hosts_line().replace(
            f"[{other.address}]:{other.port}", f"[{host.address}]:{host.port}"
        )
        _, hosts = scan(tmp_path, key_path, [host], [stale])
    assert hosts["h0"]["status"] == "error"
    assert "has CHANGED" in hosts["h0"]["error"]
    assert host.record.auth_attempts == 0


def test_trust_on_first_use_records_the_key(tmp_path, client_key):
    key_path, key = client_key
    with FakeSshHost("127.0.20.6", "shell", key) as host:
        _, hosts = scan(tmp_path, key_path, [host], [], "--trust-new-hosts")
        assert hosts["h0"]["status"] == "ok"
        recorded = (tmp_path / "known_hosts").read_text().split()
        assert recorded == host.known_hosts_line().split()
        known_hosts = tmp_path / "known_hosts"
        # the next scan, without the flag, verifies against the recorded key
        inventory = (tmp_path / "inventory.yaml").read_text()
        (tmp_path / "inventory.yaml").write_text(inventory)
        result = CliRunner().invoke(
            main,
            [
                "scan",
                "-p",
                str(tmp_path / "one.yaml"),
                "-i",
                str(tmp_path / "inventory.yaml"),
                "--db",
                str(tmp_path / "db.sqlite"),
                "--format",
                "json",
                "-q",
            ],
        )
        assert json.loads(result.stdout)["hosts"][0]["status"] == "ok"
        assert known_hosts.read_text().split() == recorded


def test_wrong_key_is_auth_failed(tmp_path, client_key, tmp_path_factory):
    key_path, _ = client_key
    other = tmp_path_factory.mktemp("other") / "id"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)], check=True)
    other_key = paramiko.Ed25519Key.from_private_key_file(str(other))
    with FakeSshHost("127.0.20.7", "shell", other_key) as host:
        _, hosts = scan(tmp_path, key_path, [host], [host.known_hosts_line()])
    assert hosts["h0"]["status"] == "auth_failed"


def test_hostile_hosts_never_stop_or_hang_the_others(tmp_path, client_key):
    key_path, key = client_key
    behaviours = ["silent", "stall", "flood", "hang", "shell"]
    hosts = [FakeSshHost(f"127.0.21.{i + 1}", b, key) for i, b in enumerate(behaviours)]
    for h in hosts:
        h.__enter__()
    try:
        began = time.monotonic()
        code, result = scan(tmp_path, key_path, hosts, [h.known_hosts_line() for h in hosts])
        took = time.monotonic() - began
    finally:
        for h in hosts:
            h.__exit__()
    status = {b: result[f"h{i}"] for i, b in enumerate(behaviours)}
    assert status["shell"]["status"] == "ok" and status["shell"]["results"]
    assert status["silent"]["status"] in ("unreachable", "error")
    assert status["stall"]["status"] in ("unreachable", "error")
    # the flood ends at the output cap or when the session breaks: either way an error with a reason
    assert status["flood"]["status"] == "error"
    assert any(
        why in status["flood"]["error"] for why in ("did not run", "SSH session to 127.0.21.3")
    )
    assert status["hang"]["status"] == "error"
    assert took < 30, f"scan took {took:.0f}s"
    assert code in (1, 3)
