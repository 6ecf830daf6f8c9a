"""Run commands on this machine, audited as a host of its own when there is no inventory."""

from __future__ import annotations

import os
import pwd
import socket
import subprocess
from collections.abc import Sequence

from auditor.inventory import BUILTIN_TIMEOUTS, HostSpec, UnitNode
from auditor.transports.base import CommandResult, Transport, reason

LOCAL_UNIT = UnitNode("local", "this machine")


def local_host() -> HostSpec:
    """This machine as a host: audited as the current user, through sudo unless root."""
    try:
        user = pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        user = str(os.geteuid())
    return HostSpec(
        name=socket.gethostname(),
        address="localhost",
        port=0,
        role="server",
        unit_id=LOCAL_UNIT.id,
        unit_name=LOCAL_UNIT.name,
        unit_path=(LOCAL_UNIT.name,),
        user=user,
        identity_file=None,
        known_hosts=None,
        password_env=None,
        agent=False,
        sudo=os.geteuid() != 0,
        connect_timeout=BUILTIN_TIMEOUTS["connect"],
        command_timeout=BUILTIN_TIMEOUTS["command"],
        host_timeout=BUILTIN_TIMEOUTS["host"],
        local=True,
    )


class LocalTransport(Transport):
    """This machine, as the user running the auditor."""

    def run(self, argv: Sequence[str], stdin: bytes | None, timeout: float) -> CommandResult:
        self.exec_count += 1
        try:
            proc = subprocess.run(
                list(argv), input=stdin or b"", capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            out = (exc.stdout or b"")[: self.output_cap]
            return CommandResult(124, out.decode(errors="replace"), "", timed_out=True)
        except OSError as exc:
            return CommandResult(127, "", f"cannot run {argv[0]}: {reason(exc)}")
        truncated = len(proc.stdout) > self.output_cap
        return CommandResult(
            proc.returncode,
            proc.stdout[: self.output_cap].decode(errors="replace"),
            proc.stderr[:65536].decode(errors="replace"),
            truncated=truncated,
        )
