"""How the auditor reaches a host: over SSH, or this machine directly."""

from __future__ import annotations

from collections.abc import Callable

from auditor.inventory import HostSpec
from auditor.transports.base import Transport
from auditor.transports.local import LocalTransport
from auditor.transports.ssh import SshTarget, SshTransport


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
                agent=spec.agent,
                connect_timeout=spec.connect_timeout,
                trust_new_hosts=trust_new_hosts,
            )
        )

    return make
