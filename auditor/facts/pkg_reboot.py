"""The ``pkg_reboot`` fact: running kernel, installed kernel packages, reboot-required flag, needs-
restarting."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import FactError, Raw, collector, sections


@dataclass(frozen=True)
class RebootStatus:
    """What tells whether the host runs its newest kernel and libraries."""

    running: str
    version: str
    flag_file: bool
    flag_packages: tuple[str, ...]
    kernel_source: str
    kernels: tuple[tuple[str, str, str], ...]  # (package, release, package version)
    needs_restarting: bool | None
    needs_restarting_text: str = ""


REBOOT_SCRIPT = r"""
sec running "$(uname -r)"
sec version
uname -v
if [ -e /var/run/reboot-required ]; then
  sec flag
  head -c 4096 /var/run/reboot-required.pkgs 2>/dev/null
fi
if command -v dpkg-query >/dev/null 2>&1; then
  sec kernels dpkg
  dpkg-query -W -f='${db:Status-Abbrev} ${Package} ${Version}\n' 'linux-image-*' 2>/dev/null
elif command -v rpm >/dev/null 2>&1; then
  sec kernels rpm
  rpm -q --qf '%{NAME} %{VERSION}-%{RELEASE}.%{ARCH}\n' \
    kernel kernel-core kernel-uek kernel-uek-core kernel-rt-core kernel-debug-core \
    kernel-64k-core kernel-64k-debug-core 2>/dev/null \
    | grep -v ' not installed'
fi
if command -v needs-restarting >/dev/null 2>&1; then
  sec needs-restarting
  needs-restarting -r 2>&1 | head -n 20
elif command -v dnf >/dev/null 2>&1; then
  sec needs-restarting
  dnf -q -C needs-restarting -r 2>&1 | head -n 20
fi
"""

_KERNEL_PREFIXES = ("linux-image-unsigned-", "linux-image-")


def _dpkg_kernels(lines: list[str]) -> list[tuple[str, str, str]]:
    kernels = []
    for line in lines:
        words = line.split()
        if len(words) != 3 or not words[0].startswith("i"):
            continue
        _, package, version = words
        prefix = next((p for p in _KERNEL_PREFIXES if package.startswith(p)), "")
        release = package[len(prefix) :]
        if release[:1].isdigit() and not release.endswith("-dbg"):
            kernels.append((package, release, version))
    return kernels


# kernel-<variant>-core packages whose ``uname -r`` ends in ``+<variant>`` (RHEL 8 and later)
_RPM_VARIANTS = ("debug", "64k", "64k-debug", "rt")


def _rpm_release(package: str, release: str) -> str:
    """The ``uname -r`` of a kernel package: ``5.14.0-427.el9.x86_64+rt`` for kernel-rt-core.

    RT kernels before RHEL 9.3 carry ``.rt`` in their release instead and no suffix.
    """
    variant = package.removeprefix("kernel-").removesuffix("-core")
    if variant not in _RPM_VARIANTS or (variant == "rt" and ".rt" in release):
        return release
    return f"{release}+{variant}"


def _rpm_kernels(lines: list[str]) -> list[tuple[str, str, str]]:
    kernels = []
    for line in lines:
        words = line.split()
        if len(words) == 2 and words[1][:1].isdigit():
            kernels.append((words[0], _rpm_release(words[0], words[1]), words[1]))
    return kernels


def _needs_restarting(lines: list[str]) -> tuple[bool | None, str]:
    """The verdict of ``needs-restarting -r`` (dnf-plugins-core or yum-utils wording)."""
    text = " ".join(line.strip() for line in lines if line.strip())
    if "Reboot is required" in text:
        return True, text[:200]
    if "Reboot should not be necessary" in text or "Reboot is probably not necessary" in text:
        return False, text[:200]
    return None, ""


@collector("pkg_reboot", REBOOT_SCRIPT)
def parse_reboot(raw: Raw) -> RebootStatus:
    """Running kernel, installed kernel packages, reboot-required flag, needs-restarting."""
    running, version, source = "", "", ""
    flag, flag_packages, kernels = False, (), []
    restart: bool | None = None
    restart_text = ""
    for name, arg, lines in sections(raw.stdout):
        if name == "running":
            running = arg
        elif name == "version":
            version = " ".join(line.strip() for line in lines if line.strip())
        elif name == "flag":
            flag, flag_packages = True, tuple(sorted({x.strip() for x in lines if x.strip()}))
        elif name == "kernels":
            source = arg
            kernels = _dpkg_kernels(lines) if arg == "dpkg" else _rpm_kernels(lines)
        elif name == "needs-restarting":
            restart, restart_text = _needs_restarting(lines)
    if not running:
        raise FactError("uname -r printed nothing")
    return RebootStatus(
        running, version, flag, flag_packages, source, tuple(kernels), restart, restart_text
    )
