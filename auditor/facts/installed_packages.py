"""The ``installed_packages`` fact: number of installed packages (dpkg or rpm)."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import FactError, Raw, collector, whole_number


@dataclass(frozen=True)
class InstalledPackages:
    """The package manager's database and the number of packages installed in it."""

    manager: str
    count: int


@collector(
    "installed_packages",
    """
if command -v dpkg-query >/dev/null 2>&1; then
  printf 'dpkg %s\\n' "$(dpkg-query -W -f '${db:Status-Abbrev}\\n' 2>/dev/null | grep -c '^ii')"
elif command -v rpm >/dev/null 2>&1; then
  printf 'rpm %s\\n' "$(rpm -qa 2>/dev/null | grep -vc '^gpg-pubkey-')"
else
  echo none
fi
""",
)
def parse_installed_packages(raw: Raw) -> InstalledPackages:
    """Number of installed packages (dpkg or rpm)."""
    manager, _, count = raw.stdout.strip().partition(" ")
    if manager == "none":
        raise FactError("neither dpkg nor rpm is installed")
    number = whole_number(count)
    if manager not in ("dpkg", "rpm") or number is None:
        raise FactError(f"unexpected package count output: {raw.stdout.strip()[:80]!r}")
    return InstalledPackages(manager, number)
