"""Run commands on a host over SSH (paramiko), with strict host-key checking."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import select
import socket
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# paramiko's config module imports Invoke, if installed, for ssh_config's "Match exec"; Invoke
# brings unittest.mock and asyncio, a sixth of the CLI's start-up. The auditor reads no
# ssh_config, so paramiko is imported with Invoke hidden; Invoke stays importable afterwards.
_HIDE_INVOKE = "invoke" not in sys.modules
if _HIDE_INVOKE:
    sys.modules["invoke"] = None  # type: ignore[assignment]
try:
    import paramiko
finally:
    if _HIDE_INVOKE:
        del sys.modules["invoke"]
from paramiko.hostkeys import HostKeyEntry, InvalidHostKey  # noqa: E402

from auditor.redact import remember  # noqa: E402
from auditor.transports.base import (  # noqa: E402
    DEFAULT_OUTPUT_CAP,
    AuthFailed,
    CommandResult,
    Transport,
    TransportError,
    Unreachable,
    quote,
    reason,
)

_KNOWN_HOSTS_LOCK = threading.Lock()
_KNOWN_HOSTS: dict[Path, tuple[tuple[int, int], KnownHosts]] = {}
PROMPTED: dict[str, str] = {}  # user name -> the password typed for it at the scan's prompt
_NO_BANNER = "Error reading SSH protocol banner"
_NO_SESSION = "No existing session"
_READ_SIZE = 1 << 20  # at most this much of what paramiko has buffered, per read
_STDERR_CAP = 65536  # of a command's error output, only the start is kept (for its first line)
# AES-GCM before paramiko's own first choice (AES-CTR with HMAC): an AEAD cipher, so no HMAC is
# computed and compared in Python for each packet; a fleet session costs about 1.5 ms of CPU
# less (8.3 -> 6.4-7.2 ms). A server without it (OpenSSH before 6.2) gets paramiko's next choice.
AEAD_FIRST = ("aes128-gcm@openssh.com", "aes256-gcm@openssh.com")
# paramiko logs a traceback of every failed handshake; the host's error says it once, in words.
logging.getLogger("paramiko").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class SshTarget:
    """Where and how to log in. Secrets are referenced, never held in the inventory."""

    address: str
    port: int = 22
    user: str = "root"
    identity_file: str | None = None
    known_hosts: str | None = None
    password_env: str | None = None
    password_prompt: bool = False
    agent: bool = False
    connect_timeout: float = 10.0
    trust_new_hosts: bool = False

    def known_hosts_path(self) -> Path:
        return Path(self.known_hosts or "~/.ssh/known_hosts").expanduser()


def fingerprint(key: paramiko.PKey) -> str:
    """The key as OpenSSH prints it: type and SHA256 fingerprint."""
    digest = base64.b64encode(hashlib.sha256(key.asbytes()).digest()).decode().rstrip("=")
    return f"{key.get_name()} SHA256:{digest}"


class _UnknownHost(Exception):
    pass


class _RejectUnknown(paramiko.MissingHostKeyPolicy):
    def missing_host_key(
        self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey
    ) -> None:
        raise _UnknownHost(fingerprint(key))


class _RecordNew(paramiko.MissingHostKeyPolicy):
    """Trust on first use: accept an unknown key and append it to the known_hosts file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def missing_host_key(
        self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey
    ) -> None:
        with _KNOWN_HOSTS_LOCK:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="ascii") as f:
                f.write(f"{hostname} {key.get_name()} {key.get_base64()}\n")
        client.get_host_keys().add(hostname, key.get_name(), key)


class KnownHosts:
    """A known_hosts file's keys, indexed by host name; a hashed name (``|1|salt|hash``) matches
    when the name asked for hashes to it, as OpenSSH and paramiko match them. For each key type,
    the file's first line for the host wins."""

    def __init__(self, text: str) -> None:
        self._plain: dict[str, list[tuple[int, paramiko.PKey]]] = {}
        self._hashed: list[tuple[int, str, paramiko.PKey]] = []
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                entry = HostKeyEntry.from_line(line, number)
            except (paramiko.SSHException, InvalidHostKey):
                continue  # as OpenSSH does, a line it cannot read is passed over
            if entry is None or entry.key is None:
                continue
            for name in entry.hostnames:
                if name.startswith("|1|"):
                    self._hashed.append((number, name, entry.key))
                else:
                    self._plain.setdefault(name, []).append((number, entry.key))

    def lookup(self, host: str) -> dict[str, paramiko.PKey]:
        """The keys held for ``host`` (``addr`` or ``[addr]:port``), by key type."""
        found = list(self._plain.get(host, ()))
        if not host.startswith("|1|"):
            found += [
                (number, key)
                for number, hashed, key in self._hashed
                if hmac.compare_digest(paramiko.HostKeys.hash_host(host, hashed), hashed)
            ]
        keys: dict[str, paramiko.PKey] = {}
        for _, key in sorted(found, key=lambda pair: pair[0]):
            keys.setdefault(key.get_name(), key)
        return keys


def host_keys(path: Path, host: str) -> dict[str, paramiko.PKey]:
    """The keys ``path`` (a known_hosts file) holds for ``host`` (``addr`` or
    ``[addr]:port``), hashed entries included. The file is read once while it stays unchanged,
    and looked up by name: a fleet's known_hosts is parsed once per scan, not once per host
    (paramiko's own loading takes time quadratic in its lines, and its lookup linear)."""
    stat = path.stat()
    version = (stat.st_mtime_ns, stat.st_size)
    with _KNOWN_HOSTS_LOCK:
        cached = _KNOWN_HOSTS.get(path)
        if cached is None or cached[0] != version:
            cached = (version, KnownHosts(path.read_text(encoding="utf-8", errors="replace")))
            _KNOWN_HOSTS[path] = cached
    return cached[1].lookup(host)


def _password(t: SshTarget) -> str | None:
    """The password from ``password_env`` if that variable is set, else the one typed at the
    prompt for ``password_prompt``; remembered so that no message can show it."""
    value = os.environ.get(t.password_env) if t.password_env else None
    if value is None and t.password_prompt:
        value = PROMPTED.get(t.user)
        if value is None:
            raise AuthFailed(
                "password_prompt is set but no password was typed: the prompt is shown only "
                "when standard input is a terminal; unattended scans take the password from "
                "password_env or use ssh-agent or a key"
            )
    elif value is None and t.password_env:
        raise AuthFailed(f"environment variable {t.password_env} (password_env) is not set")
    if value is not None:
        remember(value)
    return value


def _send_unless_ended(chan: paramiko.Channel, data: bytes) -> None:
    """Send ``data`` to the command's standard input; a command that ended (its channel closed)
    before reading it all is not an error here: what it printed and its status tell why."""
    try:
        chan.sendall(data)
    except OSError:
        if not chan.closed:
            raise


def _connection_lost(transport: paramiko.Transport) -> bool:
    """The connection broke (its thread saved why before closing the channels) or is closed."""
    return transport.saved_exception is not None or not transport.is_active()


def _aead_first(sock: socket.socket, **options: Any) -> paramiko.Transport:
    """paramiko's transport, with the AES-GCM ciphers it supports put first."""
    transport = paramiko.Transport(sock, **options)
    security = transport.get_security_options()
    ciphers = security.ciphers
    security.ciphers = tuple(c for c in AEAD_FIRST if c in ciphers) + tuple(
        c for c in ciphers if c not in AEAD_FIRST
    )
    return transport


class SshTransport(Transport):
    """One SSH session to one host; commands run as exec requests on it."""

    def __init__(self, target: SshTarget, output_cap: int = DEFAULT_OUTPUT_CAP) -> None:
        super().__init__(output_cap)
        self.target = target
        self._client: paramiko.SSHClient | None = None

    def connect(self) -> None:
        t = self.target
        client = paramiko.SSHClient()
        known = t.known_hosts_path()
        if known.is_file():
            host = t.address if t.port == 22 else f"[{t.address}]:{t.port}"
            try:
                keys = host_keys(known, host)
            except (OSError, paramiko.SSHException) as exc:
                raise TransportError(f"cannot read known_hosts {known}: {exc}") from None
            for kind, key in keys.items():
                client.get_host_keys().add(host, kind, key)
        elif not t.trust_new_hosts:
            raise TransportError(
                f"known_hosts file {known} not found; host keys cannot be verified "
                "(create it, or pass --trust-new-hosts to record keys on first use)"
            )
        client.set_missing_host_key_policy(
            _RecordNew(known) if t.trust_new_hosts else _RejectUnknown()
        )
        if t.identity_file and not os.access(Path(t.identity_file).expanduser(), os.R_OK):
            raise TransportError(f"identity file {t.identity_file} not found or not readable")
        password = _password(t)
        where = f"{t.address}:{t.port}"
        try:
            client.connect(
                t.address,
                port=t.port,
                username=t.user,
                key_filename=str(Path(t.identity_file).expanduser()) if t.identity_file else None,
                password=password,
                allow_agent=t.agent,
                look_for_keys=False,
                timeout=t.connect_timeout,
                banner_timeout=t.connect_timeout,
                auth_timeout=t.connect_timeout,
                channel_timeout=t.connect_timeout,
                transport_factory=_aead_first,
            )
        except _UnknownHost as exc:
            client.close()
            raise TransportError(
                f"unknown host key ({exc}) for {t.address}:{t.port}, not in {known}; "
                "no credentials were offered (verify the key and add it, or use --trust-new-hosts)"
            ) from None
        except paramiko.BadHostKeyException as exc:
            client.close()
            raise TransportError(
                f"host key for {t.address}:{t.port} has CHANGED (got {fingerprint(exc.key)}, "
                f"expected {fingerprint(exc.expected_key)} from {known}); possible "
                "man-in-the-middle, no credentials were offered"
            ) from None
        except paramiko.AuthenticationException as exc:
            client.close()
            raise AuthFailed(f"authentication failed for {t.user}@{where}: {reason(exc)}") from None
        except paramiko.ssh_exception.NoValidConnectionsError as exc:
            client.close()
            causes = sorted({reason(e) for e in exc.errors.values()}) or [reason(exc)]
            raise Unreachable(f"cannot connect to {where}: {', '.join(causes)}") from None
        except TimeoutError:
            client.close()
            raise Unreachable(f"timed out connecting to {where}") from None
        except socket.gaierror as exc:
            client.close()
            raise Unreachable(f"cannot resolve {t.address}: {reason(exc)}") from None
        except OSError as exc:
            client.close()
            raise Unreachable(f"cannot connect to {where}: {reason(exc)}") from None
        except EOFError:
            client.close()
            raise TransportError(
                f"{where} closed the connection before the SSH handshake finished"
            ) from None
        except paramiko.SSHException as exc:
            client.close()
            text = reason(exc)
            if text.startswith(_NO_BANNER):
                why = exc.__context__
                if isinstance(why, TimeoutError):
                    raise TransportError(
                        f"no SSH server answered on {where} within {t.connect_timeout:g}s"
                    ) from None
                detail = text.removeprefix(_NO_BANNER).strip(": ") or (
                    reason(why) if why else "none received"
                )
                raise TransportError(
                    f"no SSH server answered on {where} (reading its banner: {detail})"
                ) from None
            if text == _NO_SESSION:  # paramiko gave up waiting for the handshake
                raise TransportError(
                    f"{where} did not complete the SSH handshake within {t.connect_timeout:g}s"
                ) from None
            raise TransportError(f"SSH error with {where}: {text}") from None
        self._client = client

    def run(self, argv: Sequence[str], stdin: bytes | None, timeout: float) -> CommandResult:
        if self._client is None or self._client.get_transport() is None:
            raise TransportError("SSH session is not open")
        self.exec_count += 1
        deadline = time.monotonic() + timeout
        transport = self._client.get_transport()
        assert transport is not None
        try:
            chan = transport.open_session(timeout=min(timeout, self.target.connect_timeout))
            chan.settimeout(max(timeout, 0.1))
            chan.exec_command(quote(argv))
            if stdin:
                _send_unless_ended(chan, stdin)
            chan.shutdown_write()
            return self._collect(chan, deadline)
        except (paramiko.SSHException, OSError, EOFError) as exc:
            raise TransportError(
                f"SSH session to {self.target.address}:{self.target.port} failed: {reason(exc)}"
            ) from None

    def _read_into(self, out: bytearray, chan: paramiko.Channel) -> None:
        """Append one read of the command's output, never past one byte beyond the cap (that
        byte tells that the cap was reached)."""
        out += chan.recv(min(_READ_SIZE, self.output_cap + 1 - len(out)))

    def _collect(self, chan: paramiko.Channel, deadline: float) -> CommandResult:
        out, err = bytearray(), bytearray()
        timed_out = False
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            select.select([chan], [], [], min(remaining, 1.0))
            # one read of what is buffered per stream, then the cap and the deadline again: a
            # host that prints as fast as it is read must not keep this loop from either
            got = False
            if chan.recv_ready():
                self._read_into(out, chan)
                got = True
            if chan.recv_stderr_ready():
                err += chan.recv_stderr(_READ_SIZE)[: _STDERR_CAP - len(err)]
                got = True
            if len(out) > self.output_cap:
                break
            if not got and chan.exit_status_ready():
                break
            if not got and chan.closed:
                break
        while len(out) <= self.output_cap and chan.recv_ready():
            self._read_into(out, chan)
        truncated = len(out) > self.output_cap
        # a closed channel reads as an exit status of -1: the host never said how the command ended
        rc = chan.recv_exit_status() if chan.exit_status_ready() else (124 if timed_out else -1)
        chan.close()
        if rc == -1 and not (timed_out or truncated) and _connection_lost(chan.get_transport()):
            raise TransportError(  # the host went away: what it printed so far is not an audit
                f"the SSH connection to {self.target.address}:{self.target.port} was lost "
                f"mid-command, after {len(out)} bytes of output"
            )
        del out[self.output_cap :]  # decoded in place: the cap is held twice, not three times
        return CommandResult(
            rc,
            out.decode(errors="replace"),
            err.decode(errors="replace"),
            truncated=truncated,
            timed_out=timed_out,
        )

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()
