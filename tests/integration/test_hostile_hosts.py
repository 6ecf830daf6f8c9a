"""Hostile hosts (issue 13, item 2) against a real OpenSSH sshd on loopback.

Each host is an ``sshd`` in its own mount and PID namespaces, where bind mounts give
``/etc/passwd``, ``group``, ``shadow`` and ``sudoers`` an audit account ``auditor`` (and, when a
test wants one, a hostile ``/etc/os-release``). A forced command in ``authorized_keys`` makes the
host misbehave: hang, flood, prompt for a password. The auditor runs as a separate process on a
pseudo-terminal, so the test sees what a person's terminal would receive, how long it took and the
largest resident memory of that process alone.

Cases already covered elsewhere, against the paramiko test server: an unknown or changed host key
and authentication failure (``test_ssh_hosts.py``); TCP accepted with no banner
(``test_ssh_hosts.py::test_hostile_hosts_never_stop_or_hang_the_others``, and in words in
``tests/unit/test_honest_summaries.py``).
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pty
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import termios
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from auditor.transports import transport_factory
from benchmarks.fleet.fleet import SSHD, make_privsep_dir
from tests.specs import host_spec

ROOT = Path(__file__).resolve().parents[2]
UID = 64000
USER = "auditor"
FORMATS = ("json", "html", "junit", "sarif", "csv")
PROFILE = (
    "id: hostile\ntitle: {vi: Thù địch, en: Hostile}\n"
    "include: {ids: [ssh_root_login, home_directories]}\n"
)
# What a hostile host plants in its output: terminal control (clear the screen, set the window
# title, hide text, ring the bell), rich markup, HTML and bytes that are not UTF-8.
ESCAPES = b"\x1b[2J\x1b]0;owned\x07\x1b[8mhidden\x1b[0m\x9b31m"
HTML = b"<script>alert(1)</script><img src=x onerror=alert(2)>"
PLANTED = b"evil " + ESCAPES + b" [bold]markup[/bold] [/] " + HTML + b" \xff\xfe\xc3("
# a file name cannot hold "/": the same without the closing tags
FILE_NAME = b".evil\x1b[2J\x1b]0;owned\x07\x1b[8m[blink]<script>alert(1)<img src=x>\xff\xfe"
# what rich itself writes on a terminal: colours, and for the progress bar cursor moves
RICH = re.compile(rb"\x1b\[[0-9;]*m|\x1b\[\?25[lh]|\x1b\[[0-9]*[AK]")

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0
    or not os.path.exists(SSHD)
    or not all(shutil.which(t) for t in ("unshare", "sudo", "ssh-keygen")),
    reason="needs root, OpenSSH's sshd, unshare and sudo",
)


class Sshd:
    """A real sshd on ``address``, its own account database, optionally a forced command."""

    def __init__(
        self,
        base: Path,
        address: str,
        client_pub: str,
        forced: str | None = None,
        sudo_rule: str = "NOPASSWD: ALL",
        os_release: bytes | None = None,
        home_files: tuple[bytes, ...] = (),
        files: dict[str, bytes] | None = None,
    ) -> None:
        self.address = address
        self.dir = base / address
        self.dir.mkdir()
        self.dir.chmod(0o755)
        d = self.dir
        keygen = ["ssh-keygen", "-q", "-t", "ed25519", "-N", ""]
        subprocess.run([*keygen, "-f", d / "hostkey"], check=True)
        home = d / "home"
        home.mkdir(mode=0o750)
        os.chown(home, UID, UID)
        for name in home_files:
            path = os.path.join(os.fsencode(home), name)
            with open(path, "wb"):
                pass
            os.chmod(path, 0o666)
        mounts = {
            "/etc/passwd": f"{USER}:x:{UID}:{UID}::{home}:/bin/sh\n",
            "/etc/group": f"{USER}:x:{UID}:\n",
            "/etc/shadow": f"{USER}:*:19000:0:99999:7:::\n",
            "/etc/sudoers": f"{USER} ALL=(ALL:ALL) {sudo_rule}\n",
        }
        lines = []
        for target, extra in mounts.items():
            copy = d / Path(target).name
            copy.write_bytes(Path(target).read_bytes() + extra.encode())
            copy.chmod(Path(target).stat().st_mode & 0o777)
            lines.append(f"mount --bind {copy} {target}")
        if os_release is not None:
            (d / "os-release").write_bytes(os_release)
            lines.append(f"mount --bind {d / 'os-release'} /etc/os-release")
        for name, content in (files or {}).items():
            (d / name).write_bytes(content)
        keys = d / "authorized_keys"
        keys.mkdir()
        prefix = ""
        if forced is not None:
            (d / "forced").write_text(f"#!/bin/sh\nD={d}\n{forced}")
            (d / "forced").chmod(0o755)
            prefix = f'command="{d / "forced"}",no-pty '
        (keys / USER).write_text(prefix + client_pub)
        with socket.socket() as s:
            s.bind((address, 0))
            self.port = s.getsockname()[1]
        (d / "sshd_config").write_text(
            f"ListenAddress {address}:{self.port}\nHostKey {d / 'hostkey'}\n"
            f"AuthorizedKeysFile {keys}/%u\nStrictModes no\nUsePAM no\n"
            "PasswordAuthentication no\nKbdInteractiveAuthentication no\n"
            "PidFile none\nLogLevel VERBOSE\n"
        )
        lines.append(f"exec {SSHD} -D -f {d / 'sshd_config'} -E {d / 'sshd.log'}")
        (d / "start.sh").write_text("\n".join(lines) + "\n")
        make_privsep_dir()
        self.proc = subprocess.Popen(
            ["unshare", "--mount", "--pid", "--fork", "--kill-child", "--propagation", "private",
             "sh", str(d / "start.sh")],
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            try:
                socket.create_connection((address, self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"sshd on {address} did not start: {self.log()}")

    def known_hosts_line(self) -> str:
        kind, key = (self.dir / "hostkey.pub").read_text().split()[:2]
        return f"[{self.address}]:{self.port} {kind} {key}"

    def log(self) -> str:
        path = self.dir / "sshd.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def disappear(self) -> None:
        """Kill sshd, the first process of its PID namespace: every session dies with it."""
        for child in (
            Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
        ):
            os.kill(int(child), signal.SIGKILL)
        self.proc.wait(5)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.disappear()


@pytest.fixture(scope="module")
def client_key(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("client") / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True)
    return path, Path(f"{path}.pub").read_text()


@pytest.fixture
def sshd(client_key: tuple[Path, str]) -> Iterator[Callable[..., Sshd]]:
    """Start real sshds (``sshd(address, forced=..., ...)``); all stop at the end of the test."""
    base = Path(tempfile.mkdtemp(prefix="auditor-hostile-"))
    base.chmod(0o755)  # the audit account reads its forced command and home below it
    started: list[Sshd] = []

    def start(address: str, **kwargs: object) -> Sshd:
        started.append(Sshd(base, address, client_key[1], **kwargs))  # type: ignore[arg-type]
        return started[-1]

    yield start
    for host in started:
        host.stop()
    shutil.rmtree(base, ignore_errors=True)


@dataclass(frozen=True)
class Run:
    """An auditor process that ran on a pseudo-terminal."""

    rc: int
    terminal: bytes  # everything it wrote to stdout and stderr
    seconds: float
    max_rss_mib: float


def auditor(*args: str, timeout: float = 120, during: Callable[[], None] | None = None) -> Run:
    """``python -m auditor ARGS`` on a 200-column pseudo-terminal; ``during`` runs once the
    process started, in this thread."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    env = {**os.environ, "AUDITOR_LANG": "en", "TERM": "xterm-256color", "COLUMNS": "200"}
    began = time.monotonic()
    rss = Path(tempfile.mkstemp(prefix="auditor-rss-")[1])
    # GNU time starts and measures the auditor: a process forked from pytest counts the pages
    # of pytest it was forked with (hundreds of MiB after the fleet tests) in its own peak
    proc = subprocess.Popen(
        ["/usr/bin/time", "-q", "-o", str(rss), "-f", "%M", sys.executable, "-m", "auditor",
         *args],
        stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env, cwd=ROOT,
        start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    if during is not None:
        during()
    out = bytearray()
    while time.monotonic() - began < timeout:
        if not select.select([master], [], [], 0.5)[0]:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the process and its children closed the terminal
            break
        if not chunk:
            break
        out += chunk
    else:
        os.killpg(proc.pid, signal.SIGKILL)
    os.close(master)
    proc.wait()
    peak_kib = int(rss.read_text().split()[-1])
    rss.unlink()
    return Run(proc.returncode, bytes(out), time.monotonic() - began, peak_kib / 1024)


def scan(
    tmp_path: Path,
    key: Path,
    hosts: list[Sshd],
    known: list[str] | None = None,
    timeouts: str = "{connect: 10, command: 8, host: 20}",
    during: Callable[[], None] | None = None,
) -> tuple[Run, dict[str, dict]]:
    """Scan ``hosts`` (named h0, h1...) as ``auditor`` with sudo; the run and the JSON hosts.
    The connect deadline is generous: these hosts misbehave after the login, and a loaded
    machine must not fail the login instead."""
    known_hosts = tmp_path / "known_hosts"
    lines = [h.known_hosts_line() for h in hosts] if known is None else known
    known_hosts.write_text("".join(line + "\n" for line in lines))
    entries = "\n".join(
        f"      - {{name: h{i}, address: {h.address}, port: {h.port}}}" for i, h in enumerate(hosts)
    )
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(
        f"defaults: {{user: {USER}, identity_file: {key}, known_hosts: {known_hosts}, "
        f"sudo: true, timeouts: {timeouts}}}\n"
        f"units:\n  - id: lab\n    name: Lab\n    hosts:\n{entries}\n"
    )
    (tmp_path / "hostile.yaml").write_text(PROFILE)
    out = tmp_path / "scan.json"
    run = auditor(
        "scan", "-p", str(tmp_path / "hostile.yaml"), "-i", str(inventory),
        "--db", str(tmp_path / "db.sqlite"), "-o", str(out), during=during,
    )  # fmt: skip
    assert out.exists(), run.terminal.decode(errors="replace")
    doc = json.loads(out.read_text())
    return run, {h["name"]: h for h in doc["hosts"]}


def result_of(host: dict, check_id: str) -> dict:
    return next(r for r in host["results"] if r["check_id"] == check_id)


def test_changed_host_key_is_refused_before_any_authentication(tmp_path, client_key, sshd):
    host, other = sshd("127.0.31.1"), sshd("127.0.31.2")
    stale = f"[{host.address}]:{host.port} " + other.known_hosts_line().split(" ", 1)[1]
    run, hosts = scan(tmp_path, client_key[0], [host], known=[stale])
    assert hosts["h0"]["status"] == "error"
    assert "has CHANGED" in hosts["h0"]["error"]
    assert "no credentials were offered" in hosts["h0"]["error"]
    log = host.log()
    assert "Connection from 127.0.0.1" in log or f"Connection from {host.address}" in log, log
    assert "publickey" not in log and USER not in log, log  # no key was offered, no user named
    assert run.rc == 3 and run.seconds < 15


def test_sudo_asking_for_a_password_audits_without_root_and_says_why(tmp_path, client_key, sshd):
    host = sshd("127.0.31.3", sudo_rule="ALL")  # a real sudo, a rule without NOPASSWD
    run, hosts = scan(tmp_path, client_key[0], [host])
    h = hosts["h0"]
    assert (h["status"], h["privileged"]) == ("ok", False)
    message = result_of(h, "ssh_root_login")["message"]
    assert result_of(h, "ssh_root_login")["status"] == "error"
    assert "needs root privileges (sudo -n failed: sudo: a password is required)" in message
    assert h["caveat"].startswith("audited without root")
    assert run.seconds < 20


def test_sudo_that_prompts_and_waits_gives_up_at_the_command_deadline(tmp_path, client_key, sshd):
    # a sudo that ignores -n and waits for a password that never comes
    fake = "printf '[sudo] password for auditor: ' >&2; exec sleep 600"
    host = sshd(
        "127.0.31.4",
        forced=f'case "$SSH_ORIGINAL_COMMAND" in sudo\\ *) {fake};; esac\n'
        'exec sh -c "$SSH_ORIGINAL_COMMAND"\n',
    )
    run, hosts = scan(
        tmp_path, client_key[0], [host], timeouts="{connect: 10, command: 4, host: 20}"
    )
    h = hosts["h0"]
    assert (h["status"], h["privileged"]) == ("ok", False)
    message = result_of(h, "ssh_root_login")["message"]
    assert "needs root privileges (sudo -n failed: [sudo] password for auditor:" in message
    assert 4 <= run.seconds < 4 + 12


def test_a_command_that_hangs_mid_output_ends_at_its_deadline(tmp_path, client_key, sshd):
    host = sshd(
        "127.0.31.5",
        forced='sh -c "$SSH_ORIGINAL_COMMAND" | { head -c 3000; exec sleep 600; }\n',
    )
    run, hosts = scan(
        tmp_path, client_key[0], [host], timeouts="{connect: 10, command: 5, host: 20}"
    )
    h = hosts["h0"]
    assert h["status"] == "ok" and h["privileged"] is True
    unjudged = [r for r in h["results"] if r["status"] == "error"]
    assert unjudged and all(
        "the command deadline passed before this collector ran" in r["message"] for r in unjudged
    )
    assert 5 <= run.seconds < 5 + 12


def test_a_command_that_hangs_silently_is_an_error_with_a_reason(tmp_path, client_key, sshd):
    host = sshd("127.0.31.6", forced="exec sleep 600\n")
    run, hosts = scan(
        tmp_path, client_key[0], [host], timeouts="{connect: 10, command: 4, host: 12}"
    )
    h = hosts["h0"]
    assert h["status"] == "error"
    assert "the facts script did not run" in h["error"]
    assert run.seconds < 12 + 5 + 8  # the host deadline, the runner's grace, start-up


def test_100_mb_of_output_stops_at_the_cap_in_bounded_memory(tmp_path, client_key, sshd):
    flood = "head -c 100000000 /dev/zero | tr '\\0' x"
    host = sshd(
        "127.0.31.7",
        forced=f'sh -c "$SSH_ORIGINAL_COMMAND" | {{ head -c 3000; {flood}; cat; }}\n',
    )
    run, hosts = scan(
        tmp_path, client_key[0], [host], timeouts="{connect: 10, command: 30, host: 60}"
    )
    h = hosts["h0"]
    assert h["status"] == "ok", h["error"]
    unjudged = [r for r in h["results"] if r["status"] == "error"]
    assert unjudged and all("output cap of" in r["message"] for r in unjudged)
    assert run.seconds < 45
    # the cap is 32 MiB: about 160 MiB measured, 95 for a plain scan; never the 100 MB
    assert run.max_rss_mib < 256, f"{run.max_rss_mib:.0f} MiB"


def test_a_host_that_disappears_mid_scan_is_an_error_with_a_reason(tmp_path, client_key, sshd):
    host = sshd(
        "127.0.31.8",
        forced='sh -c "$SSH_ORIGINAL_COMMAND" |\n'
        '{ head -c 3000; touch "$HOME/mid-scan"; sleep 600; }\n',
    )
    marker = host.dir / "home" / "mid-scan"

    def vanish() -> None:
        for _ in range(200):
            if marker.exists():
                host.disappear()
                return
            time.sleep(0.05)

    run, hosts = scan(
        tmp_path,
        client_key[0],
        [host],
        timeouts="{connect: 10, command: 30, host: 60}",
        during=vanish,
    )
    h = hosts["h0"]
    assert marker.exists()
    assert h["status"] == "error", (h, run)
    assert "127.0.31.8" in h["error"] and "lost" in h["error"]
    assert run.seconds < 20  # well before the command deadline


def inert_on_terminal(terminal: bytes) -> None:
    """Nothing but rich's own colours reaches the terminal as a control sequence."""
    assert b"\x07" not in terminal and b"\x9b" not in terminal and b"\xc2\x9b" not in terminal
    for planted in (b"\x1b[2J", b"\x1b]0;", b"\x1b[8m"):
        assert planted not in terminal
    assert b"\x1b" not in RICH.sub(b"", terminal), terminal


def test_a_command_that_ends_before_reading_its_input_gives_its_output_and_status(
    tmp_path, client_key, sshd
):
    # more input than the channel's window: the command has ended while it is still being sent
    host = sshd("127.0.31.11", forced="echo 'ended early' >&2; exit 3\n")
    known = tmp_path / "known_hosts"
    known.write_text(host.known_hosts_line() + "\n")
    spec = host_spec(
        "h", host.address, port=host.port, user=USER, identity_file=str(client_key[0]),
        known_hosts=str(known),
    )  # fmt: skip
    with transport_factory(False)(spec) as transport:
        done = transport.run(["sh", "-s"], b"#" * (8 << 20) + b"\n", 20)
    assert (done.rc, done.stderr.strip()) == (3, "ended early")


def test_escapes_html_and_invalid_utf8_from_a_host_are_inert_everywhere(tmp_path, client_key, sshd):
    os_release = b'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="' + PLANTED + b'"\n'
    good = sshd("127.0.31.9", os_release=os_release, home_files=(FILE_NAME,))
    # a host whose every command fails with hostile text on its standard error
    bad = sshd(
        "127.0.31.10",
        files={"planted": b"sh: " + PLANTED + b"\n"},
        forced='cat "$D/planted" >&2; exit 1\n',
    )
    run, hosts = scan(tmp_path, client_key[0], [good, bad])
    inert_on_terminal(run.terminal)
    h0, h1 = hosts["h0"], hosts["h1"]
    assert h0["status"] == "ok" and "<script>" in h0["os"] and "\ufffd" in h0["os"]
    homes = result_of(h0, "home_directories")
    assert homes["status"] == "fail" and "<script>alert(1)<img src=x>" in homes["message"]
    assert h1["status"] == "error" and "the facts script did not run" in h1["error"]
    db = str(tmp_path / "db.sqlite")
    for extra in ((), ("--host", "h0"), ("--host", "h1"), *(("-f", f) for f in FORMATS)):
        shown = auditor("results", "show", "--db", db, "-f", "table", *extra)
        assert shown.rc in (0, 1), shown.terminal
        inert_on_terminal(shown.terminal)
    one = auditor("results", "show", "--db", db, "-f", "table", "--host", "h0")
    assert b"[blink]" in one.terminal  # markup shown as text, not obeyed

    def render(fmt: str) -> str:
        path = tmp_path / f"out.{fmt}"
        done = auditor("results", "show", "--db", db, "-f", fmt, "-o", str(path))
        assert done.rc in (0, 1), done.terminal
        return path.read_text(encoding="utf-8")

    html = render("html")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)" in html and "\x1b" not in html
    doc = json.loads(render("json"))
    assert any("<script>" in (h["os"] or "") for h in doc["hosts"])
    suites = ET.fromstring(render("junit"))  # XML 1.0 holds no ESC: it must still parse
    texts = [t for e in suites.iter() for t in (e.text or "", *e.attrib.values())]
    assert any("<script>" in t for t in texts)  # carried as data, escaped by XML
    json.loads(render("sarif"))
    rows = list(csv.DictReader(io.StringIO(render("csv").lstrip("\ufeff"))))
    assert any("<script>" in r["message"] for r in rows)
    report_dir = tmp_path / "report"
    quarter = f"{date.today().year}-Q{(date.today().month - 1) // 3 + 1}"
    done = auditor(
        "report", "--quarter", quarter, "--format", "html", "--lang", "en",
        "-o", str(report_dir), "--db", db,
    )  # fmt: skip
    assert done.rc == 0, done.terminal
    pages = [p.read_text(encoding="utf-8") for p in report_dir.rglob("*.html")]
    assert pages and any("&lt;script&gt;" in p for p in pages)
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page and "\x1b" not in page
