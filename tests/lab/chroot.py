"""Run commands inside an image directory at build time, isolated in throw-away namespaces."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tests.lab.config import CLEAN_ENV, SH_DIR

_ACTIVE: set[subprocess.Popen[str]] = set()
_ACTIVE_LOCK = threading.Lock()


class CommandFailed(RuntimeError):
    """A command run in an image exited non-zero."""


@dataclass(frozen=True)
class Bind:
    """A directory of the build machine made visible inside the image."""

    source: Path
    target: str
    read_only: bool = True

    def args(self) -> list[str]:
        return ["--ro-bind" if self.read_only else "--bind", str(self.source), self.target]


def run_tracked(cmd: Sequence[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Like ``subprocess.run`` (text mode), but :func:`kill_active` can stop it from any thread."""
    with subprocess.Popen(cmd, text=True, **kwargs) as process:
        with _ACTIVE_LOCK:
            _ACTIVE.add(process)
        try:
            stdout, stderr = process.communicate()
        finally:
            with _ACTIVE_LOCK:
                _ACTIVE.discard(process)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def kill_active() -> None:
    """Kill every build command still running (their namespaces die with them)."""
    with _ACTIVE_LOCK:
        for process in _ACTIVE:
            process.kill()


def isolated(argv: Sequence[str], *, network: bool = True) -> list[str]:
    """``argv`` in private mount and pid namespaces (plus an empty network namespace unless
    ``network``), killed with everything it started if the calling thread dies."""
    prefix = ["setpriv", "--pdeathsig", "KILL", "unshare", "--mount", "--pid", "--fork"]
    prefix += ["--kill-child", "--propagation", "private"]
    if not network:
        prefix.append("--net")
    return [*prefix, *argv]


def in_root_argv(
    root: Path, argv: Sequence[str], *, network: bool, binds: Sequence[Bind] = ()
) -> list[str]:
    """The command line that runs ``argv`` chrooted in ``root``.

    Private mount and pid namespaces make every mount and process vanish when the command ends;
    without ``network`` the command also gets an empty network namespace.
    """
    extra = [arg for bind in binds for arg in bind.args()]
    inroot = ["/bin/sh", str(SH_DIR / "inroot.sh"), str(root), *extra, "--", *argv]
    return isolated(inroot, network=network)


def run_in_root(
    root: Path,
    argv: Sequence[str],
    *,
    network: bool = False,
    binds: Sequence[Bind] = (),
    env: Mapping[str, str] | None = None,
    log: IO[str] | None = None,
    capture: bool = False,
) -> str:
    """Run ``argv`` inside ``root`` as root; return its stdout when ``capture``.

    Output goes to ``log`` (or is captured); a non-zero exit raises :class:`CommandFailed`.
    """
    full_env = {**CLEAN_ENV, **(env or {})}
    cmd = in_root_argv(root, argv, network=network, binds=binds)
    if log is not None:
        log.write(f"$ {' '.join(argv)}\n")
        log.flush()
    result = run_tracked(
        cmd,
        env=full_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE if capture else log,
        stderr=log if log is not None else subprocess.PIPE,
    )
    if result.returncode != 0:
        detail = result.stderr[-2000:] if isinstance(result.stderr, str) else "see the build log"
        raise CommandFailed(f"{' '.join(argv)} in {root} exited {result.returncode}: {detail}")
    return result.stdout if capture else ""
