"""The open-files limit a scan needs: raised at start, the concurrency capped below it.

Each host in flight holds a socket and, with paramiko, a few descriptors more (a channel's
pipes, a thread's event file); the store, the outputs and the nmap processes need some of their
own. A soft limit too low for the requested concurrency is raised to the hard limit; when even
that is too low, the concurrency is capped and the scan says so.
"""

from __future__ import annotations

import resource

from auditor.messages import Message

FILES_PER_HOST = 6  # descriptors one host in flight may hold (socket, pipes, event files)
RESERVED_FILES = 64  # the store, outputs, nmap's pipes, Python's own


def needed(concurrency: int) -> int:
    return RESERVED_FILES + concurrency * FILES_PER_HOST


def usable_concurrency(requested: int) -> tuple[int, Message | None]:
    """The concurrency the open-files limit allows (raising the soft limit as far as the hard
    one when needed), and a message when it is less than ``requested``."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = needed(requested)
    if soft != resource.RLIM_INFINITY and soft < want:
        raised = want if hard == resource.RLIM_INFINITY else min(hard, want)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
            soft = raised
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY or soft >= want:
        return requested, None
    allowed = max(1, (soft - RESERVED_FILES) // FILES_PER_HOST)
    return allowed, Message.of(
        "concurrency capped at {allowed} (asked {requested}): the open-files limit is {limit} "
        "and each host in flight needs up to {per} (raise it with 'ulimit -n' or LimitNOFILE=)",
        allowed=allowed, requested=requested, limit=soft, per=FILES_PER_HOST,
    )  # fmt: skip
