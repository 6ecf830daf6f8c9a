"""The ``os_release`` fact: distribution, version and family from /etc/os-release."""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from auditor.facts.base import FactError, Raw, collector


@dataclass(frozen=True)
class OsRelease:
    """The parsed /etc/os-release."""

    id: str
    version_id: str
    pretty_name: str
    id_like: tuple[str, ...] = ()
    version_codename: str = ""

    @property
    def family(self) -> str:
        """``debian``, ``rhel`` or the distribution id when neither."""
        ids = {self.id, *self.id_like}
        if ids & {"debian", "ubuntu"}:
            return "debian"
        if ids & {"rhel", "fedora", "centos", "rocky", "almalinux"}:
            return "rhel"
        return self.id


def parse_os_release_text(text: str) -> dict[str, str]:
    """KEY=value pairs of an os-release file, shell quoting removed."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.strip().partition("=")
        if not sep or not key or key.startswith("#"):
            continue
        try:
            parts = shlex.split(value)
        except ValueError:
            parts = [value.strip("\"'")]
        values[key] = parts[0] if parts else ""
    return values


@collector("os_release", "cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release")
def parse_os_release(raw: Raw) -> OsRelease:
    """Distribution, version and family from /etc/os-release."""
    values = parse_os_release_text(raw.stdout)
    if "ID" not in values:
        raise FactError("no /etc/os-release on the host")
    return OsRelease(
        id=values["ID"].lower(),
        version_id=values.get("VERSION_ID", ""),
        pretty_name=values.get("PRETTY_NAME", values["ID"]),
        id_like=tuple(values.get("ID_LIKE", "").lower().split()),
        version_codename=values.get("VERSION_CODENAME", ""),
    )
