"""pytest fixtures of the lab (registered by ``tests/conftest.py``).

``lab``        session: a :class:`~tests.lab.lab.Lab` (cache built if needed), torn down at the
               end of the session, on Ctrl-C and on SIGTERM/SIGHUP.
``lab_hosts``  session: every scenario booted in ``lab``, as ``{name: Host}``, baseline first;
               a host that failed to boot is missing and ``lab.failures[name]`` has its log.
               A :class:`~tests.lab.host.Host` has ``name``, ``address``, ``port``, ``user``,
               ``key_path``, ``known_hosts_path``, ``scenario``, ``release``, ``role`` and
               ``expect_fail`` (check ids that must fail on it).

Without root, debootstrap or unshare the lab cannot run: the tests are skipped, except under
CI (env ``CI`` set), where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.lab import build, scenarios
from tests.lab.host import Host
from tests.lab.lab import Lab
from tests.lab.signals import interrupt_on_termination
from tests.lab.sweep import sweep

REQUIRED_TOOLS = (
    "debootstrap", "unshare", "setpriv", "ssh-keygen", "ssh", "chroot", "mount",
    "qemu-system-x86_64", "mkfs.ext4",
)  # fmt: skip


def unavailable_reason() -> str | None:
    """Why the lab cannot run on this machine, or None if it can."""
    if os.geteuid() != 0:
        return "the lab needs root (namespaces, overlayfs, debootstrap)"
    missing = [tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None]
    if missing:
        return f"the lab needs {', '.join(missing)} (run scripts/test.sh to install them)"
    with open("/proc/filesystems") as filesystems:
        if "overlay" not in filesystems.read():
            return "the kernel has no overlayfs"
    return None


def require_lab() -> None:
    """Skip (or fail under CI) when the lab cannot run here."""
    reason = unavailable_reason()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"lab unavailable in CI: {reason}", pytrace=False)
    pytest.skip(f"lab unavailable: {reason}")


@pytest.fixture(scope="session")
def lab() -> Iterator[Lab]:
    """A lab for this session; hosts come from ``lab.up(scenarios)``."""
    require_lab()
    with interrupt_on_termination():
        sweep()  # leftovers of earlier runs whose owner died
        try:
            build.ensure_all({s.release for s in scenarios.discover().values()})
        except build.BuildError as exc:
            pytest.fail(f"cannot build the lab cache: {exc}", pytrace=False)
        with Lab() as session_lab:
            yield session_lab


@pytest.fixture(scope="session")
def lab_hosts(lab: Lab) -> dict[str, Host]:
    """Every scenario's host, booted once per session; baseline first."""
    hosts = lab.up(scenarios.discover().values(), keep_going=True)
    return {host.name: host for host in hosts}


def booted(lab_hosts: dict[str, Host], lab: Lab, name: str) -> Host:
    """The host of scenario ``name``, or fail the test with its boot log."""
    if name not in lab_hosts:
        pytest.fail(lab.failures.get(name, f"no lab host {name!r}"), pytrace=False)
    return lab_hosts[name]
