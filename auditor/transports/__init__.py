"""How the auditor reaches a host: over SSH, or this machine directly."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable, Iterable

from auditor.inventory import HostSpec
from auditor.messages import Message
from auditor.transports.base import Transport
from auditor.transports.local import LocalTransport
from auditor.transports.ssh import PROMPTED, SshTarget, SshTransport


def ask_passwords(hosts: Iterable[HostSpec], lang: str) -> None:
    """Ask once per user for the hosts with ``password_prompt`` whose ``password_env`` is not
    set, before the scan starts; never when standard input is not a terminal (those hosts then
    fail to log in, saying why)."""
    waiting = [h for h in hosts if h.password_prompt and not h.local]
    users = sorted(
        {h.user for h in waiting if not (h.password_env and h.password_env in os.environ)}
        - PROMPTED.keys()
    )
    if not users or not sys.stdin.isatty():
        return
    for user in users:
        prompt = Message.of("SSH password for {user} (password_prompt): ", user=user)
        PROMPTED[user] = getpass.getpass(prompt.render(lang))


def transport_factory(trust_new_hosts: bool) -> Callable[[HostSpec], Transport]:
    """Make the transport each host needs: local for this machine, SSH for the others."""

    def make(spec: HostSpec) -> Transport:
        if spec.local:
            return LocalTransport()
        return SshTransport(
            SshTarget(
                address=spec.address,
                port=spec.port,
                user=spec.user,
                identity_file=spec.identity_file,
                known_hosts=spec.known_hosts,
                password_env=spec.password_env,
                password_prompt=spec.password_prompt,
                agent=spec.agent,
                connect_timeout=spec.connect_timeout,
                trust_new_hosts=trust_new_hosts,
            )
        )

    return make
