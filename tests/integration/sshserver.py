"""SSH servers on loopback addresses for transport tests: honest ones that run commands on
this machine, and hostile ones that stay silent, stall, flood or hang.

Every server stops when its context exits; nothing listens outside 127.0.0.0/8.
"""

from __future__ import annotations

import socket
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

import paramiko

BEHAVIOURS = ("shell", "silent", "stall", "flood", "hang")


@dataclass
class Record:
    """What the server saw: authentication attempts and exec requests."""

    auth_attempts: int = 0
    execs: list[str] = field(default_factory=list)


class _Server(paramiko.ServerInterface):
    def __init__(self, owner: FakeSshHost) -> None:
        self.owner = owner

    def get_allowed_auths(self, username: str) -> str:
        return "publickey"

    def check_auth_publickey(self, username: str, key: paramiko.PKey) -> int:
        self.owner.record.auth_attempts += 1
        if key.asbytes() == self.owner.client_key.asbytes():
            return paramiko.AUTH_SUCCESSFUL
        return paramiko.AUTH_FAILED

    def check_channel_request(self, kind: str, chanid: int) -> int:
        if kind == "session":
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_exec_request(self, channel: paramiko.Channel, command: bytes) -> bool:
        self.owner.record.execs.append(command.decode())
        threading.Thread(
            target=self.owner.serve_exec, args=(channel, command.decode()), daemon=True
        ).start()
        return True


class FakeSshHost:
    """An SSH server on ``address`` with a behaviour from :data:`BEHAVIOURS`."""

    def __init__(
        self,
        address: str,
        behaviour: str,
        client_key: paramiko.PKey,
        sudo_fails: bool = False,
        ciphers: tuple[str, ...] | None = None,
    ) -> None:
        assert address.startswith("127."), "test servers listen on loopback only"
        assert behaviour in BEHAVIOURS
        self.address = address
        self.behaviour = behaviour
        self.client_key = client_key
        self.sudo_fails = sudo_fails
        self.ciphers = ciphers  # the only ciphers the server offers; None: paramiko's own
        self.host_key = paramiko.Ed25519Key.from_private_key_file(_ed25519_key_file())
        self.record = Record()
        self._stop = threading.Event()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((address, 0))
        self._sock.listen(8)
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self._open: list[socket.socket] = []

    def known_hosts_line(self) -> str:
        return (
            f"[{self.address}]:{self.port} {self.host_key.get_name()} {self.host_key.get_base64()}"
        )

    def __enter__(self) -> FakeSshHost:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._sock.close()
        for conn in self._open:
            conn.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            self._open.append(conn)
            if self.behaviour == "silent":
                continue
            if self.behaviour == "stall":
                conn.sendall(b"SSH-2.0-OpenSSH_9.2\r\n")
                continue
            transport = paramiko.Transport(conn)
            transport.add_server_key(self.host_key)
            if self.ciphers is not None:
                transport.get_security_options().ciphers = self.ciphers
            try:
                transport.start_server(server=_Server(self))
            except (paramiko.SSHException, EOFError, OSError):
                continue  # the client hung up mid-handshake (e.g. it refused the host key)

    def serve_exec(self, channel: paramiko.Channel, command: str) -> None:
        if self.behaviour == "hang":
            self._stop.wait(120)
            return
        if self.behaviour == "flood":
            chunk = b"x" * 65536
            try:
                while not self._stop.is_set() and not channel.closed:
                    channel.sendall(chunk)
            except (OSError, EOFError):
                pass
            return
        stdin = bytearray()
        while not channel.eof_received:
            data = channel.recv(65536)
            if not data:
                break
            stdin += data
        argv = ["sh", "-c", command]
        if self.sudo_fails:  # an account without sudo rights: sudo refuses, commands run as nobody
            if command.startswith("sudo "):
                channel.sendall_stderr(b"sudo: a password is required\n")
                channel.send_exit_status(1)
                channel.close()
                return
            argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *argv]
        proc = subprocess.run(
            argv, input=bytes(stdin), capture_output=True, timeout=120, check=False
        )
        try:  # a client may hang up before it took all (at its output cap)
            channel.sendall(proc.stdout)
            channel.sendall_stderr(proc.stderr)
            channel.send_exit_status(proc.returncode)
            channel.close()
        except (OSError, EOFError):
            pass


def _ed25519_key_file() -> str:
    """A fresh ed25519 key made by ssh-keygen (paramiko cannot generate ed25519 keys)."""
    import tempfile

    directory = Path(tempfile.mkdtemp(prefix="auditor-hostkey-"))
    path = directory / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True)
    return str(path)
