"""The ``pkg_auto_updates`` fact: unattended-upgrades / dnf-automatic / yum-cron: installed,
configured, scheduled."""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.facts.base import FactError, FileDump, Raw, collector, sections, split_files
from auditor.parsers.packages import parse_apt_config


@dataclass(frozen=True)
class AutoUpdates:
    """Automatic update tooling: packages, apt settings or dnf/yum config files, unit links."""

    manager: str
    packages: tuple[str, ...]
    apt_config: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, FileDump] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    systemd_booted: bool = False
    cron_files: tuple[str, ...] = ()


AUTO_SCRIPT = r"""
[ -d /run/systemd/system ] && sec systemd
if command -v apt-config >/dev/null 2>&1; then
  sec manager apt
  sec packages
  dpkg-query -W -f='${db:Status-Abbrev} ${Package} ${Version}\n' unattended-upgrades 2>/dev/null
  sec config
  apt-config dump 2>/dev/null \
    | grep -E '^(APT::Periodic::|Unattended-Upgrade::(Origins-Pattern|Allowed-Origins)::)'
  units="apt-daily.timer apt-daily-upgrade.timer"
  crons="/etc/cron.daily/apt-compat"
elif command -v rpm >/dev/null 2>&1; then
  sec manager rpm
  sec packages
  rpm -q --qf 'ii %{NAME} %{VERSION}-%{RELEASE}\n' dnf-automatic yum-cron 2>/dev/null \
    | grep -v ' not installed'
  units="dnf-automatic.timer dnf-automatic-install.timer yum-cron.service"
  crons="/etc/cron.daily/0yum-daily.cron"
else
  sec manager none
  exit 0
fi
sec units
for u in $units; do
  for p in /etc/systemd/system/$u /etc/systemd/system/*.wants/$u; do
    [ -L "$p" ] && printf '%s -> %s\n' "$p" "$(readlink "$p")"
  done
done
sec cron
for c in $crons; do [ -f "$c" ] && printf '%s\n' "$c"; done
sec files
dump_files /etc/dnf/automatic.conf /etc/yum/yum-cron.conf
"""


@collector("pkg_auto_updates", AUTO_SCRIPT)
def parse_auto_updates(raw: Raw) -> AutoUpdates:
    """unattended-upgrades / dnf-automatic / yum-cron: installed, configured, scheduled."""
    manager, packages, booted = "", [], False
    config: dict[str, list[str]] = {}
    units: dict[str, str] = {}
    crons: list[str] = []
    files: dict[str, FileDump] = {}
    for name, arg, lines in sections(raw.stdout):
        if name == "systemd":
            booted = True
        elif name == "manager":
            manager = arg
        elif name == "packages":
            rows = [line.split() for line in lines]
            packages = [w[1] for w in rows if len(w) == 3 and w[0] == "ii"]
        elif name == "config":
            config = parse_apt_config(lines)
        elif name == "units":
            units = dict(line.split(" -> ", 1) for line in lines if " -> " in line)
        elif name == "cron":
            crons = [line.strip() for line in lines if line.strip()]
        elif name == "files":
            files = split_files("\n".join(lines))
    if not manager:
        raise FactError("no package manager report in the output")
    return AutoUpdates(manager, tuple(packages), config, files, units, booted, tuple(crons))
