"""The ``remote_access_packages`` fact: installed remote-desktop packages (names matching VNC, RDP,
AnyDesk, TeamViewer...)."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import FactError, Raw, collector

REMOTE_PACKAGE_PATTERN = "vnc|rdp|anydesk|teamviewer|rustdesk|ultraviewer|krfb|vino"

REMOTE_PACKAGES_SCRIPT = f"""
if command -v dpkg-query >/dev/null 2>&1; then
  echo format=dpkg
  dpkg-query -W -f '${{db:Status-Abbrev}} ${{Package}} ${{Version}}\\n' 2>/dev/null \\
    | grep -Ei '{REMOTE_PACKAGE_PATTERN}'
elif command -v rpm >/dev/null 2>&1; then
  echo format=rpm
  rpm -qa --qf 'ii %{{NAME}} %{{VERSION}}-%{{RELEASE}}\\n' 2>/dev/null \\
    | grep -Ei '{REMOTE_PACKAGE_PATTERN}'
else
  echo format=none
fi
for p in /opt/teamviewer /opt/anydesk /usr/bin/anydesk /usr/bin/rustdesk /usr/bin/teamviewer \\
  /opt/rustdesk /opt/UltraViewer; do
  [ -e "$p" ] && echo "path $p"
done
exit 0
"""


@dataclass(frozen=True)
class RemoteAccessSoftware:
    """Installed packages (and install paths) whose names suggest remote-desktop software."""

    packages: dict[str, str]
    paths: tuple[str, ...]
    package_manager: str


@collector("remote_access_packages", REMOTE_PACKAGES_SCRIPT)
def parse_remote_access_packages(raw: Raw) -> RemoteAccessSoftware:
    """Installed remote-desktop packages (names matching VNC, RDP, AnyDesk, TeamViewer...)."""
    lines = raw.stdout.splitlines()
    if not lines or not lines[0].startswith("format="):
        raise FactError("unexpected output of the package query")
    packages, paths = {}, []
    for line in lines[1:]:
        fields = line.split()
        if fields[:1] == ["path"] and len(fields) > 1:
            paths.append(line[5:])
        elif len(fields) >= 3 and fields[0] in {"ii", "hi"}:
            packages[fields[1]] = fields[2]
    return RemoteAccessSoftware(packages, tuple(paths), lines[0][7:])
