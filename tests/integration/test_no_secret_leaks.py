"""No secret leaves where it belongs: a scan over a real OpenSSH sshd, logged in with a known
password from ``password_env``, of a machine with known shadow hashes, known private keys readable
by others and a password in a shell history; then every store row, output format, report file,
standard stream and the sshd log is searched for each of them.

The audited machine is this one, seen through an sshd started in a mount namespace of its own
where /etc/passwd, /etc/shadow, /etc/group and /etc/sudoers are bind-mounted from the test's
files: the collectors read the planted accounts as they would on any host. Needs root.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.passwords import system_crypt
from benchmarks.fleet.fleet import SSHD, make_privsep_dir

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or not Path(SSHD).exists() or not shutil.which("unshare"),
    reason="needs root, OpenSSH's sshd and unshare",
)

ADDRESS = "127.0.23.1"
UID = 4242
SALT_CHARS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
PASSWORD_ENV = "AUDITOR_TEST_LEAK_PASSWORD"


def _token(size: int = 20) -> str:
    return "".join(secrets.choice(SALT_CHARS[2:]) for _ in range(size))


def _salt(size: int = 16) -> str:
    return "".join(secrets.choice(SALT_CHARS) for _ in range(size))


def _crypt(word: str, setting: str) -> str:
    crypt = system_crypt()
    assert crypt is not None, "no crypt library"
    hashed = crypt(word, setting)
    assert hashed and hashed.startswith(setting[:3]), setting
    return hashed


@dataclass
class Planted:
    """The audited side: the sshd, the login password and every secret planted on the host."""

    root: Path
    port: int
    host_key_line: str
    password: str
    hashes: dict[str, str]  # account -> hash
    salts: list[str]
    leaked_password: str
    history_secrets: list[str]
    keys: dict[str, str]  # path -> file content
    sshd_log: Path

    def needles(self) -> dict[str, str]:
        """What must never be found, by what it is."""
        found = {"login password": self.password, "leaked password": self.leaked_password}
        for name, hashed in self.hashes.items():
            found[f"{name}'s hash"] = hashed.lstrip("!")
            found[f"{name}'s hash value"] = hashed.rsplit("$", 1)[-1]
        found.update({f"salt {s}": s for s in self.salts})
        found.update({f"history secret {i}": s for i, s in enumerate(self.history_secrets)})
        for path, text in self.keys.items():
            body = [line for line in text.splitlines() if line and "-----" not in line]
            # the first characters of a key are its format's fixed header: not secret
            body[0] = body[0][32:]
            for n, line in enumerate(body):
                for i in range(0, len(line) - 11, 24):
                    found[f"{path} line {n} at {i}"] = line[i : i + 24]
        return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((ADDRESS, 0))
        return int(s.getsockname()[1])


def _plant(root: Path) -> tuple[Planted, list[str]]:
    """Files of the audited machine under ``root``; the bind mounts that put them in place."""
    etc, home = root / "etc", root / "home" / "auditor"
    (home / ".ssh").mkdir(parents=True)
    etc.mkdir()
    password, leaked = _token(), _token()
    salts = [_salt() for _ in range(4)]
    hashes = {
        "auditor": _crypt(password, f"$6${salts[0]}"),
        "alice": _crypt(leaked, f"$y$j9T${salts[1]}"),
        "bob": _crypt("123456", f"$1${salts[2][:8]}"),
        "carol": "!" + _crypt(_token(), f"$5${salts[3]}"),
        "dave": _crypt(_token(), "Zq"),  # DES: a salt of two characters, nothing to search for
    }
    salts[2] = salts[2][:8]
    passwd = Path("/etc/passwd").read_text()
    passwd += f"auditor:x:{UID}:{UID}:Auditor:{home}:/bin/sh\n"
    shadow = "root:*:19000:0:99999:7:::\n"
    for i, (name, hashed) in enumerate(hashes.items()):
        if name != "auditor":
            passwd += f"{name}:x:{UID + 1 + i}:{UID}::/nonexistent:/bin/sh\n"
        shadow += f"{name}:{hashed}:19000:0:99999:7:::\n"
    (etc / "passwd").write_text(passwd)
    (etc / "group").write_text(Path("/etc/group").read_text() + f"auditor:x:{UID}:\n")
    (etc / "shadow").write_text(shadow)
    (etc / "shadow").chmod(0o640)
    (etc / "sudoers").write_text("root ALL=(ALL) ALL\nauditor ALL=(ALL) NOPASSWD: ALL\n")
    (etc / "sudoers").chmod(0o440)

    keys = {}
    for name, extra in (
        ("id_ed25519", ["-t", "ed25519"]),
        ("deploy.pem", ["-t", "rsa", "-m", "PEM"]),
    ):
        path = home / ".ssh" / name
        subprocess.run(["ssh-keygen", "-q", *extra, "-N", "", "-f", str(path)], check=True)
        path.chmod(0o644)  # readable by every user
        keys[str(path)] = path.read_text()
    history = [_token(), _token()]
    (home / ".bash_history").write_text(
        f"ls\nmysql -u root -p{history[0]} appdb\nexport DB_PASSWORD={history[1]}\n"
    )
    for path in [home, *home.rglob("*")]:
        os.chown(path, UID, UID)
    home.chmod(0o755)
    (root / "leaks.txt").write_text(f"alice:{leaked}\n")

    host_key = root / "host_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key)], check=True)
    port = _free_port()
    (root / "sshd_config").write_text(
        f"ListenAddress {ADDRESS}\nPort {port}\nHostKey {host_key}\nPasswordAuthentication yes\n"
        "KbdInteractiveAuthentication no\nPubkeyAuthentication no\nUsePAM no\nPidFile none\n"
        "PermitRootLogin no\nAuthorizedKeysFile none\nLogLevel VERBOSE\n"
    )
    public = (root / "host_key.pub").read_text().split()
    planted = Planted(
        root, port, f"[{ADDRESS}]:{port} {public[0]} {public[1]}", password, hashes, salts,
        leaked, history, keys, root / "sshd.log",
    )  # fmt: skip
    mounts = [f"mount --bind {etc / n} /etc/{n}" for n in ("passwd", "group", "shadow", "sudoers")]
    return planted, mounts


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Planted]:
    root = tmp_path_factory.mktemp("audited")
    planted, mounts = _plant(root)
    make_privsep_dir()
    script = " && ".join([*mounts, f"exec {SSHD} -D -e -f {root / 'sshd_config'}"])
    with planted.sshd_log.open("wb") as log:
        sshd = subprocess.Popen(
            ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 10
        while b"Server listening" not in planted.sshd_log.read_bytes():
            assert sshd.poll() is None, planted.sshd_log.read_text()
            assert time.monotonic() < deadline, "sshd did not start"
            time.sleep(0.05)
        yield planted
    finally:
        sshd.terminate()
        sshd.wait(10)


PROFILE = """\
id: leaks
title: {vi: Rò rỉ, en: Leaks}
include: {areas: [credentials]}
parameters:
  leaked_accounts: {path: LEAKS}
rules:
  - id: local_shadow_alice
    title: {vi: Dòng shadow, en: A shadow line}
    area: credentials
    severity: low
    needs_root: true
    setting: {path: /etc/shadow, pattern: '^(alice|dave):'}
  - id: local_key_lines
    title: {vi: Dòng khóa, en: Key lines}
    area: credentials
    severity: low
    setting: {path: KEY, pattern: '.', present: false}
  - id: local_key_cat
    title: {vi: In khóa, en: Print the key}
    area: credentials
    severity: low
    command: {run: [cat, PEM], expect: nothing}
"""


def _scan(env: dict[str, str], *args: str) -> tuple[bytes, bytes]:
    """``auditor scan`` in a process of its own, the password in its environment only."""
    run = subprocess.run(
        [sys.executable, "-m", "auditor", "scan", *args], env=env, capture_output=True, timeout=300
    )
    assert run.returncode == 1, run.stderr.decode()  # findings, every host audited
    return run.stdout, run.stderr


def _show(db: Path, *args: str) -> tuple[bytes, bytes]:
    """A command rendering the stored scan, with its standard output and error."""
    result = CliRunner().invoke(main, args, env={"AUDITOR_DB": str(db)})
    assert result.exit_code in (0, 1), result.output
    return result.stdout_bytes, result.stderr_bytes


def test_no_password_hash_or_key_leaves_the_host(planted: Planted, tmp_path: Path) -> None:
    key, pem = (str(p) for p in planted.keys)
    profile = tmp_path / "leaks.yaml"
    profile.write_text(
        PROFILE.replace("LEAKS", str(planted.root / "leaks.txt"))
        .replace("KEY", key)
        .replace("PEM", pem)
    )
    (tmp_path / "known_hosts").write_text(planted.host_key_line + "\n")
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(
        f"defaults: {{user: auditor, password_env: {PASSWORD_ENV}, sudo: true, "
        f"known_hosts: {tmp_path / 'known_hosts'}, timeouts: {{connect: 5, command: 120}}}}\n"
        f"units:\n  - id: lab\n    name: Lab\n    hosts:\n"
        f"      - {{name: leaky, address: {ADDRESS}, port: {planted.port}}}\n"
    )
    db, out = tmp_path / "db.sqlite", tmp_path / "out"
    out.mkdir()
    env = {**os.environ, PASSWORD_ENV: planted.password, "AUDITOR_DB": str(db)}
    env.pop("SSH_AUTH_SOCK", None)
    runs = [_scan(env, "-i", str(inventory), "-p", str(profile), "-o", str(out / "scan.json"))]
    for fmt, ext in [("json", "json"), ("html", "html"), ("csv", "csv"), ("junit", "xml"),
                     ("sarif", "sarif"), ("table", "txt")]:  # fmt: skip
        runs.append(_show(db, "results", "show", "-f", fmt, "-o", str(out / f"scan.{ext}")))
    runs.append(_show(db, "results", "show", "--lang", "en"))
    runs.append(_show(db, "results", "show", "-f", "html", "--lang", "en"))
    runs.append(_show(db, "results", "show", "--by", "requirement", "-f", "json"))
    today = date.today()
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    runs.append(_show(db, "report", "--quarter", quarter, "--format", "html", "--lang", "en",
                      "--lang", "vi", "-o", str(out / "report")))  # fmt: skip

    # the scan saw what was planted, so the search below means something
    doc = (out / "scan.json").read_text()
    assert '"status": "ok"' in doc and '"privileged": true' in doc
    for shown in ("bob", "alice", "id_ed25519", "deploy.pem", ".bash_history", "removed>"):
        assert shown in doc, shown

    texts: dict[str, bytes] = {}
    for n, (stdout, stderr) in enumerate(runs):
        texts[f"command {n}: stdout"], texts[f"command {n}: stderr"] = stdout, stderr
    for path in [*out.rglob("*"), *tmp_path.glob("db.sqlite*"), planted.sshd_log]:
        if path.is_file():
            texts[str(path)] = path.read_bytes()
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        for table in tables:
            for i, row in enumerate(conn.execute(f'select * from "{table}"')):
                texts[f"row {i} of {table}"] = repr(row).encode()
    assert len(tables) >= 4 and any(k.startswith("row 0 of results") for k in texts)
    hits = [
        f"{what} in {where}"
        for what, needle in planted.needles().items()
        for where, text in texts.items()
        if needle.encode() in text
    ]
    assert not hits, "\n".join(hits[:40])
