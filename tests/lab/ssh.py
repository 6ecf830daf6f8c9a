"""Run commands on lab hosts with the OpenSSH client (independent of the engine under test)."""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Mapping

from tests.lab.host import Host


def ssh_argv(host: Host, command: str) -> list[str]:
    """The ssh command line running ``command`` on ``host`` as its audit user."""
    return [
        "ssh",
        "-i", str(host.key_path),
        "-p", str(host.port),
        "-o", f"UserKnownHostsFile={host.known_hosts_path}",
        "-o", "StrictHostKeyChecking=yes",
        "-o", "BatchMode=yes",
        "-o", "IdentitiesOnly=yes",
        "-o", "LogLevel=ERROR",
        "-o", "ConnectTimeout=10",
        f"{host.user}@{host.address}",
        command,
    ]  # fmt: skip


def run(
    host: Host, command: str, timeout: float = 60, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a shell command on ``host`` as the audit user (``stdin`` on its standard input)."""
    return subprocess.run(
        ssh_argv(host, command),
        capture_output=True,
        text=True,
        timeout=timeout,
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        check=False,
    )


def run_as_root(
    host: Host, command: str, env: Mapping[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` as root on ``host``, with ``env`` set, the way a scan does: the audit
    account's sudo rule allows only ``sh -s``, so the command goes on its standard input."""
    exports = "".join(f"export {key}={shlex.quote(value)}\n" for key, value in (env or {}).items())
    return run(host, "sudo -n sh -s", timeout, stdin=f"{exports}{command}\n")
