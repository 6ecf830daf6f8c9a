"""Run commands on this machine."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence

from auditor.transports.base import CommandResult, Transport


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
            return CommandResult(127, "", str(exc))
        truncated = len(proc.stdout) > self.output_cap
        return CommandResult(
            proc.returncode,
            proc.stdout[: self.output_cap].decode(errors="replace"),
            proc.stderr[:65536].decode(errors="replace"),
            truncated=truncated,
        )
