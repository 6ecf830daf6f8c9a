"""The transport interface: run one command with a deadline and an output cap."""

from __future__ import annotations

import re
import shlex
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_OUTPUT_CAP = 32 * 1024 * 1024


_ERRNO = re.compile(r"\s*\[Errno [^\]]*\]\s*")


def reason(exc: BaseException) -> str:
    """Why ``exc`` happened, as a person reads it: the system's own wording for an OSError
    (``path: Permission denied``), never Python's ``[Errno N]`` or a bare class name."""
    if isinstance(exc, OSError) and exc.strerror:
        names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
        return ": ".join([" -> ".join(names), exc.strerror] if names else [exc.strerror])
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, EOFError):
        return "the connection was closed"
    text = _ERRNO.sub(": ", str(exc)).strip(": ")
    return text or f"unexpected {type(exc).__name__}"


class TransportError(Exception):
    """The host could not be used; ``status`` is the host status it implies."""

    status = "error"


class Unreachable(TransportError):
    status = "unreachable"


class AuthFailed(TransportError):
    status = "auth_failed"


@dataclass(frozen=True)
class CommandResult:
    """What a command printed and how it ended."""

    rc: int
    stdout: str
    stderr: str
    truncated: bool = False
    timed_out: bool = False


def quote(argv: Sequence[str]) -> str:
    """One shell command line from an argument vector, every argument quoted."""
    return shlex.join(argv)


class Transport(ABC):
    """Runs commands on one host. ``exec_count`` counts the commands sent."""

    def __init__(self, output_cap: int = DEFAULT_OUTPUT_CAP) -> None:
        self.output_cap = output_cap
        self.exec_count = 0

    def connect(self) -> None:  # noqa: B027 - optional for transports that need no session
        """Open the session; raise TransportError on failure."""

    @abstractmethod
    def run(self, argv: Sequence[str], stdin: bytes | None, timeout: float) -> CommandResult:
        """Run ``argv`` with ``stdin``, for at most ``timeout`` seconds."""

    def close(self) -> None:  # noqa: B027 - optional for transports that hold nothing
        """Release the session; safe to call more than once and from another thread."""

    def __enter__(self) -> Transport:
        self.connect()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
