"""Boot a fleet of simulated hosts: real sshd instances on many loopback addresses whose
``ForceCommand`` replays a recorded facts output (``replay.sh``), optionally behind
``rtt_proxy.py``; writes the inventory, client key and known_hosts for ``auditor scan``.

    python -m benchmarks.fleet.fleet -n 200 --rtt-ms 100 --recording rec.out  # until Ctrl-C

Needs root (sshd, root's account for the login). Each sshd (``-r``: no re-exec per connection)
runs in a mount namespace of its own where ``/etc/passwd`` gives root ``/bin/sh`` as shell and
the fleet's directory as home, so that a session costs what a minimal host's does, not this
machine's ``~/.bashrc`` (here: pyenv's, 90 ms of CPU per login). Addresses are
``127.<net>.<i // 250>.<i % 250 + 1>`` with ``net`` the first of 100..199 whose ``.0.1`` has no
listener on the fleet's port.
"""

from __future__ import annotations

import argparse
import ctypes
import math
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

import yaml

from benchmarks.fleet.record import recorded_nonce

SSHD = "/usr/sbin/sshd"
# sshd refuses to start without its privilege separation directory; systemd makes it when it
# starts ssh.service, which a fresh machine or a container may never have done.
PRIVSEP_DIR = Path("/run/sshd")
SSHD_PORT = 22022
PROXY_PORT = 22023
LISTEN_MAX = 16  # OpenSSH's MAX_LISTEN_SOCKS: the ListenAddress lines one sshd accepts
UNIT_SIZE = 50
# Run "$@" with the file "$1" bound over /etc/passwd, in a mount namespace of its own.
FLEET_NAMESPACE = (
    "unshare", "--mount", "--propagation", "private", "sh", "-c",
    'mount --bind "$1" /etc/passwd && shift && exec "$@"', "fleet-sshd",
)  # fmt: skip
HERE = Path(__file__).resolve().parent

SSHD_CONFIG = """\
{listen}
HostKey {key}
PidFile none
AuthorizedKeysFile {authorized}
StrictModes no
UsePAM no
PermitRootLogin prohibit-password
AllowUsers root
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
PrintMotd no
PrintLastLog no
PermitTTY no
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
MaxStartups 1024
LogLevel ERROR
ForceCommand /bin/sh {replay} {recording} {nonce}
"""


def make_privsep_dir() -> None:
    """Make sshd's privilege separation directory if the machine has none yet."""
    PRIVSEP_DIR.mkdir(mode=0o755, exist_ok=True)


def _die_with_parent() -> None:
    """In the child: SIGTERM when the harness dies (PR_SET_PDEATHSIG), even on SIGKILL."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)


def _keygen(path: Path, comment: str) -> None:
    cmd = ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)]
    subprocess.run(cmd, check=True, stdin=subprocess.DEVNULL, capture_output=True)


def _listening(address: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((address, port)) == 0


def free_net(port: int = SSHD_PORT) -> int:
    """The first second octet in 100..199 whose fleet addresses nobody listens on."""
    for net in range(100, 200):
        if not any(_listening(f"127.{net}.0.1", p) for p in (port, port + 1)):
            return net
    raise RuntimeError("no free 127.N.0.0/16 for the fleet")


class Fleet:
    """``hosts`` simulated hosts answering with ``recording``; ``rtt_ms`` > 0 puts them
    behind the delaying proxy. A context manager: entering boots it, leaving stops every
    process it started and removes ``workdir`` if it created it."""

    def __init__(
        self,
        hosts: int,
        recording: Path,
        rtt_ms: float = 0.0,
        workdir: Path | None = None,
        net: int | None = None,
    ) -> None:
        self.count = hosts
        self.recording = recording.resolve()
        self.rtt_ms = rtt_ms
        self._own_dir = workdir is None
        self.dir = Path(tempfile.mkdtemp(prefix="auditor-fleet-")) if workdir is None else workdir
        self.net = free_net() if net is None else net
        self.addresses = [f"127.{self.net}.{i // 250}.{i % 250 + 1}" for i in range(hosts)]
        self.port = PROXY_PORT if rtt_ms > 0 else SSHD_PORT
        self.key = self.dir / "id_ed25519"
        self.known_hosts = self.dir / "known_hosts"
        self.inventory = self.dir / "inventory.yaml"
        self.processes: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> Fleet:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Write keys, configs and the inventory; start the sshd instances (and the proxy) and
        wait until every address accepts connections."""
        self.dir.mkdir(parents=True, exist_ok=True)
        _keygen(self.key, "auditor-fleet")
        authorized = self.dir / "authorized_keys"
        public = Path(f"{self.key}.pub").read_text().strip()
        authorized.write_text(f'from="127.0.0.0/8" {public}\n')
        replay = self.dir / "replay.sh"
        shutil.copy(HERE / "replay.sh", replay)
        nonce = recorded_nonce(self.recording)
        passwd = self._write_passwd()
        make_privsep_dir()
        known = []
        for n in range(math.ceil(self.count / LISTEN_MAX)):
            group = self.addresses[n * LISTEN_MAX : (n + 1) * LISTEN_MAX]
            key = self.dir / f"host_{n}"
            _keygen(key, f"fleet-{n}")
            blob = " ".join(Path(f"{key}.pub").read_text().split()[:2])
            known += [f"[{a}]:{self.port} {blob}" for a in group]
            config = self.dir / f"sshd_{n}.conf"
            config.write_text(
                SSHD_CONFIG.format(
                    listen="\n".join(f"ListenAddress {a}:{SSHD_PORT}" for a in group),
                    key=key,
                    authorized=authorized,
                    replay=replay,
                    recording=self.recording,
                    nonce=nonce,
                )
            )
            argv = [SSHD, "-D", "-e", "-r", "-f", str(config)]
            self._spawn([*FLEET_NAMESPACE, str(passwd), *argv], self.dir / f"sshd_{n}.log")
        self.known_hosts.write_text("\n".join(known) + "\n")
        if self.rtt_ms > 0:
            self._start_proxy()
        self._write_inventory()
        self._wait(SSHD_PORT)

    def _write_passwd(self) -> Path:
        """This machine's ``/etc/passwd`` with root's shell ``/bin/sh`` and home ``self.dir``."""
        lines = Path("/etc/passwd").read_text().splitlines()
        root = f"root:x:0:0:root:{self.dir}:/bin/sh"
        passwd = self.dir / "passwd"
        passwd.write_text("\n".join(root if x.startswith("root:") else x for x in lines) + "\n")
        return passwd

    def _spawn(self, argv: list[str], log: Path) -> subprocess.Popen[bytes]:
        with log.open("ab") as out:
            process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )
        self.processes.append(process)
        return process

    def _start_proxy(self) -> None:
        pairs = self.dir / "proxy_pairs.txt"
        pairs.write_text("".join(f"{a}:{PROXY_PORT} {a}:{SSHD_PORT}\n" for a in self.addresses))
        argv = [sys.executable, str(HERE / "rtt_proxy.py"), "--rtt-ms", str(self.rtt_ms)]
        proxy = subprocess.Popen(
            [*argv, str(pairs)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            preexec_fn=_die_with_parent,
        )
        self.processes.append(proxy)
        assert proxy.stdout is not None
        if proxy.stdout.readline().strip() != b"ready":
            raise RuntimeError(f"rtt_proxy did not start (exit status {proxy.wait()})")

    def _write_inventory(self) -> None:
        hosts = [{"name": f"h{i:04d}", "address": a} for i, a in enumerate(self.addresses)]
        units = [
            {
                "id": f"u{k // UNIT_SIZE:02d}",
                "name": f"Fleet unit {k // UNIT_SIZE:02d}",
                "hosts": hosts[k : k + UNIT_SIZE],
            }
            for k in range(0, len(hosts), UNIT_SIZE)
        ]
        defaults = {
            "user": "root",
            "port": self.port,
            "identity_file": str(self.key),
            "known_hosts": str(self.known_hosts),
            "sudo": False,
        }
        self.inventory.write_text(yaml.safe_dump({"defaults": defaults, "units": units}))

    def _wait(self, port: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        pending = list(self.addresses)
        while pending:
            pending = [a for a in pending if not _listening(a, port)]
            if not pending:
                return
            dead = [p for p in self.processes if p.poll() is not None]
            if dead or time.monotonic() > deadline:
                logs = "".join(p.read_text()[-500:] for p in self.dir.glob("sshd_*.log"))
                raise RuntimeError(f"{len(pending)} fleet addresses not listening\n{logs}")
            time.sleep(0.2)

    def stop(self) -> None:
        """Stop every process this fleet started (by its pid) and remove its own directory."""
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()
        if self._own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--hosts", type=int, default=50)
    parser.add_argument("--recording", type=Path, required=True)
    parser.add_argument("--rtt-ms", type=float, default=0.0)
    parser.add_argument("--dir", type=Path, help="work directory (kept); default: a temporary one")
    args = parser.parse_args()
    with Fleet(args.hosts, args.recording, args.rtt_ms, args.dir) as fleet:
        print(f"fleet of {fleet.count} hosts on 127.{fleet.net}.0.0/16 port {fleet.port}")
        print(f"  inventory: {fleet.inventory}")
        print(f"auditor scan -i {fleet.inventory} -q --db {fleet.dir}/results.sqlite")
        stop = {signal.SIGINT, signal.SIGTERM}
        signal.pthread_sigmask(signal.SIG_BLOCK, stop)
        signal.sigwait(stop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
