"""Package-manager facts: pending updates, kernels and reboot, history, automatic updates, sources.

Nothing here refreshes package lists or downloads: apt simulates from its cached lists, dnf and
yum run with ``-C`` (cache only), so what is pending is judged against the lists the host
already has; :attr:`Updates.metadata_time` tells how old they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone

from auditor.facts.base import FactError, FileDump, Raw, collector, sections, split_files

TRUE_WORDS = frozenset({"1", "yes", "true", "on", "enable", "with"})


def _first_error(lines: list[str], default: str) -> str:
    for line in lines:
        if line.startswith(("E:", "Error", "error:")):
            return line.strip()[:200]
    return next((line.strip()[:200] for line in lines if line.strip()), default)


# --- pending updates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingUpdate:
    """One package with a newer version in the cached lists."""

    name: str
    installed: str
    candidate: str
    origin: str
    security: bool
    advisory: str = ""
    held: bool = False

    def describe(self) -> str:
        text = f"{self.name} {self.installed or '(installed)'} -> {self.candidate} ({self.origin})"
        extra = " ".join(x for x in (self.advisory, "[held]" if self.held else "") if x)
        return f"{text} {extra}".strip()


@dataclass(frozen=True)
class Updates:
    """Pending updates as the host's package manager sees them from its cache."""

    manager: str
    updates: tuple[PendingUpdate, ...] = ()
    security_known: bool = True
    metadata_time: int | None = None
    metadata_files: tuple[str, ...] = ()

    @property
    def security(self) -> tuple[PendingUpdate, ...]:
        return tuple(u for u in self.updates if u.security)

    def lists_note(self) -> str:
        """Evidence line: how fresh the lists the updates were judged on are."""
        if self.metadata_time is None:
            return "package lists: date unknown"
        day = datetime.fromtimestamp(self.metadata_time, UTC)
        return f"package lists last refreshed {day:%Y-%m-%d} (the scan downloads nothing)"


_INST = re.compile(r"^Inst (\S+)(?: \[([^\]]*)\])? \((\S+) ?([^)]*)\)")
_ARCH_SUFFIX = re.compile(r"\s*\[[^\]]*\]$")


def parse_apt_simulation(lines: list[str]) -> list[PendingUpdate]:
    """Upgrades in ``apt-get -s`` output: ``Inst pkg [old] (new origin, origin [arch])``.

    New packages pulled in by an upgrade (no ``[old]``) are not counted as updates.
    """
    updates = []
    for line in lines:
        match = _INST.match(line)
        if not match or not match.group(2):
            continue
        name, old, new, origin = match.groups()
        origin = _ARCH_SUFFIX.sub("", origin).strip()
        security = any("security" in part.lower() for part in origin.split(","))
        updates.append(PendingUpdate(name, old, new, origin, security))
    return updates


def _nevra_name(nevra: str) -> str:
    """``openssl-libs-1:3.0.7-25.el9.x86_64`` -> ``openssl-libs.x86_64``."""
    base, _, arch = nevra.rpartition(".")
    name = base.rsplit("-", 2)[0] if base.count("-") >= 2 else base
    return f"{name}.{arch}"


_NAME_ARCH = re.compile(r"^[^\s:/]+\.\w+$")


def _table_rows(lines: list[str]) -> list[tuple[bool, list[str]]]:
    """(indented, words) of each row of a name/version/repo table, wrapped rows joined.

    dnf and yum print a value too wide for its column on a line of its own and go on with the
    next column on an indented line; a row is complete once it has its three words.
    """
    rows: list[tuple[bool, list[str]]] = []
    open_row: list[str] | None = None
    for line in lines:
        words = line.split()
        if not words:
            open_row = None
            continue
        if open_row is not None and line[:1].isspace():
            open_row.extend(words)
        else:
            open_row = words
            rows.append((line[:1].isspace(), words))
        if len(open_row) >= 3:
            open_row = None
    return rows


def parse_check_update(lines: list[str]) -> list[tuple[str, str, str]]:
    """(name.arch, version, repo) from ``dnf/yum check-update``, joining wrapped rows.

    Packages under "Obsoleting Packages" are pending too; the installed packages they replace,
    printed indented below each, are not. Other lines ("Security: ...", headers) are skipped.
    """
    found: dict[str, tuple[str, str, str]] = {}
    for indented, words in _table_rows(lines):
        if not indented and len(words) == 3 and _NAME_ARCH.match(words[0]):
            found.setdefault(words[0], (words[0], words[1], words[2]))
    return list(found.values())


_ADVISORY = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*)*-\d{4}[:-]\S+$")


def parse_security_list(lines: list[str]) -> dict[str, str]:
    """name.arch -> advisory id from ``updateinfo list --security``.

    dnf 4 and yum print ``ID Severity/Sec. NEVRA``; dnf 5 prints ``ID type severity NEVRA date
    time``. Ids look like RHSA-2024:1234, ALSA-2024:1234, FEDORA-EPEL-2024-0a1b2c3d4e.
    """
    found: dict[str, str] = {}
    for line in lines:
        words = line.split()
        if not words or not _ADVISORY.match(words[0]):
            continue
        nevra = words[2] if len(words) == 3 else words[3] if len(words) == 6 else ""
        if "." in nevra:
            found.setdefault(_nevra_name(nevra), words[0])
    return found


def _metadata(lines: list[str]) -> tuple[int | None, tuple[str, ...]]:
    times, names = [], []
    for line in lines:
        stamp, _, name = line.strip().partition(" ")
        if stamp.isdigit():
            times.append(int(stamp))
            names.append(f"{datetime.fromtimestamp(int(stamp), UTC):%Y-%m-%d} {name}")
    return (max(times) if times else None), tuple(names)


UPDATES_SCRIPT = r"""
if command -v apt-get >/dev/null 2>&1; then
  sec manager apt
  out=$(apt-get -s -q -o Debug::NoLocking=1 -o APT::Ignore-Hold=1 dist-upgrade 2>&1)
  sec status "$?"
  printf '%s\n' "$out" | grep -E '^(Inst |E: |W: |Err)' | head -n 5000
  sec held
  dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' 2>/dev/null | grep '^h' | head -n 500
  sec lists
  for f in /var/lib/apt/lists/*Release; do
    [ -f "$f" ] && printf '%s %s\n' "$(stat -c %Y "$f")" "${f##*/}"
  done
elif command -v dnf >/dev/null 2>&1 || command -v yum >/dev/null 2>&1; then
  pm=yum; command -v dnf >/dev/null 2>&1 && pm=dnf
  sec manager "$pm"
  out=$($pm -q -C check-update 2>&1)
  sec status "$?"
  printf '%s\n' "$out" | head -n 5000
  if [ "$pm" = dnf ]; then
    out=$(dnf -q -C updateinfo list --security 2>&1)
  else
    out=$(yum -q -C updateinfo list security 2>&1)
  fi
  sec security "$?"
  printf '%s\n' "$out" | head -n 5000
  sec updateinfo
  find /var/cache/dnf /var/cache/libdnf5 /var/cache/yum -maxdepth 5 -name '*updateinfo*' \
    2>/dev/null | head -n 20
  sec lists
  find /var/cache/dnf /var/cache/libdnf5 /var/cache/yum -maxdepth 5 -name repomd.xml \
    -exec stat -c '%Y %n' {} + 2>/dev/null | head -n 200
else
  sec manager none
fi
"""


@collector("pkg_updates", UPDATES_SCRIPT)
def parse_updates(raw: Raw) -> Updates:
    """Pending updates from the cached package lists (apt simulation, dnf/yum -C)."""
    parts = sections(raw.stdout)
    if not parts or parts[0][0] != "manager":
        raise FactError("no package manager report in the output")
    manager = parts[0][1]
    if manager == "none":
        return Updates("none", security_known=False)
    by_name = {name: (arg, lines) for name, arg, lines in parts}
    status, lines = by_name.get("status", ("", []))
    metadata_time, files = _metadata(by_name.get("lists", ("", []))[1])
    if manager == "apt":
        if status != "0":
            raise FactError(f"apt-get -s dist-upgrade failed: {_first_error(lines, status)}")
        held = {w[-1].split(":")[0] for w in map(str.split, by_name.get("held", ("", []))[1]) if w}
        updates = tuple(
            replace(u, held=u.name.split(":")[0] in held) for u in parse_apt_simulation(lines)
        )
        return Updates("apt", updates, True, metadata_time, files)
    if status not in ("0", "100"):
        raise FactError(f"{manager} check-update -C failed: {_first_error(lines, status)}")
    sec_status, sec_lines = by_name.get("security", ("1", []))
    advisories = parse_security_list(sec_lines) if sec_status == "0" else {}
    known = sec_status == "0" and bool(advisories or by_name.get("updateinfo", ("", []))[1])
    updates = tuple(
        PendingUpdate(name, "", version, repo, name in advisories, advisories.get(name, ""))
        for name, version, repo in parse_check_update(lines)
    )
    return Updates(manager, updates, known, metadata_time, files)


# --- kernels and reboot ------------------------------------------------------------------------


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


# --- history -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackageEvent:
    """A package installed or upgraded, when (epoch seconds) and the log line."""

    time: int
    line: str


HISTORY_SCRIPT = r"""
sec tz "$(date +%z)"
if command -v dpkg >/dev/null 2>&1; then
  sec dpkg
  for f in /var/log/dpkg.log /var/log/dpkg.log.1 /var/log/dpkg.log.2.gz /var/log/dpkg.log.3.gz \
      /var/log/dpkg.log.4.gz /var/log/dpkg.log.5.gz /var/log/dpkg.log.6.gz /var/log/dpkg.log.7.gz \
      /var/log/dpkg.log.8.gz /var/log/dpkg.log.9.gz /var/log/dpkg.log.10.gz \
      /var/log/dpkg.log.11.gz /var/log/dpkg.log.12.gz; do
    [ -e "$f" ] || continue
    if [ ! -r "$f" ]; then
      sec unreadable "$f"; sec dpkg
      continue
    fi
    case "$f" in *.gz) reader="gzip -dc" ;; *) reader=cat ;; esac
    last=$($reader "$f" 2>/dev/null \
      | grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} (install|upgrade) ' | tail -n 3)
    if [ -n "$last" ]; then printf '%s\n' "$last"; break; fi
  done
elif command -v rpm >/dev/null 2>&1; then
  sec rpm
  rpm -qa --qf '%{INSTALLTIME} %{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\n' 2>/dev/null \
    | grep -v '^[0-9]* gpg-pubkey-' | sort -rn | head -n 3
fi
"""


def _offset(text: str) -> timezone:
    match = re.fullmatch(r"([+-])(\d\d)(\d\d)", text.strip())
    if not match:
        return UTC
    sign = -1 if match.group(1) == "-" else 1
    return timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3))))


@dataclass(frozen=True)
class PackageHistory:
    """The latest package installs or upgrades recorded, newest first."""

    source: str
    events: tuple[PackageEvent, ...]


@collector("pkg_history", HISTORY_SCRIPT)
def parse_history(raw: Raw) -> PackageHistory:
    """Latest package install/upgrade from dpkg.log* or the rpm database (install times)."""
    tz, source = UTC, ""
    events: list[PackageEvent] = []
    unreadable: list[str] = []
    for name, arg, lines in sections(raw.stdout):
        if name == "tz":
            tz = _offset(arg)
        elif name == "unreadable":
            unreadable.append(arg)
        elif name == "dpkg":
            source = "dpkg"
            for line in lines:
                try:
                    when = datetime.strptime(line[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=tz)
                except ValueError:
                    continue
                events.append(PackageEvent(int(when.timestamp()), line.strip()))
        elif name == "rpm":
            source = "rpm"
            for line in lines:
                stamp, _, package = line.strip().partition(" ")
                if stamp.isdigit() and not package.startswith("gpg-pubkey-"):
                    events.append(PackageEvent(int(stamp), f"installed {package}"))
    if not source:
        raise FactError("neither dpkg nor rpm found on the host")
    if not events and unreadable:
        raise FactError(f"cannot read {', '.join(unreadable)} (needs root)")
    events.sort(key=lambda e: e.time, reverse=True)
    return PackageHistory(source, tuple(events))


# --- automatic updates -------------------------------------------------------------------------


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


def parse_apt_config(lines: list[str]) -> dict[str, list[str]]:
    """``apt-config dump`` lines -> key (without trailing ``::``) -> values."""
    config: dict[str, list[str]] = {}
    for line in lines:
        match = re.match(r'^(\S+?)(?:::)? "(.*)";$', line.strip())
        if match:
            config.setdefault(match.group(1), []).append(match.group(2))
    return config


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


# --- package sources ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One enabled package source: where it is defined and its signature-related options."""

    file: str
    text: str
    uris: tuple[str, ...]
    options: dict[str, str]


@dataclass(frozen=True)
class Sources:
    """Package sources of the host and global settings that affect signature checks."""

    manager: str
    sources: tuple[Source, ...]
    settings: dict[str, str]


SOURCES_SCRIPT = r"""
if command -v apt-config >/dev/null 2>&1; then
  sec manager apt
  sec config
  apt-config dump 2>/dev/null \
    | grep -E '^(Acquire::Allow(Insecure|DowngradeToInsecure|Weak)Repo|APT::Get::AllowUnauth)'
  sec files
  dump_files /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources
elif command -v dnf >/dev/null 2>&1 || command -v yum >/dev/null 2>&1; then
  sec manager rpm
  sec files
  dump_files /etc/dnf/dnf.conf /etc/yum.conf /etc/yum.repos.d/*.repo
else
  sec manager none
fi
"""


def _one_line_sources(dump: FileDump) -> list[Source]:
    found = []
    for line in dump.lines():
        text = line.split("#", 1)[0].strip()
        if not text.startswith(("deb ", "deb-src ", "deb\t", "deb-src\t")):
            continue
        rest = text.split(None, 1)[1] if len(text.split(None, 1)) > 1 else ""
        options: dict[str, str] = {}
        if rest.startswith("["):
            inner, _, rest = rest[1:].partition("]")
            for item in inner.split():
                key, _, value = item.partition("=")
                options[key.lower().rstrip("+-")] = value
        uri = rest.split()[0] if rest.split() else ""
        found.append(Source(dump.path, text, (uri,), options))
    return found


def _deb822_sources(dump: FileDump) -> list[Source]:
    found = []
    for block in re.split(r"\n\s*\n", dump.content):
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            if line[:1] in " \t" and key:
                fields[key] += "\n" + line.strip()
                continue
            key, _, value = line.partition(":")
            key = key.strip().lower()
            fields[key] = value.strip()
        if not fields.get("types") or fields.get("enabled", "yes").lower() in ("no", "false", "0"):
            continue
        uris = tuple(fields.get("uris", "").split())
        options = {k: v for k, v in fields.items() if k not in ("types", "uris", "suites")}
        suites = fields.get("suites", "")
        summary = f"Types: {fields['types']}; URIs: {' '.join(uris)}; Suites: {suites}"
        flags = [f"{k}: {v}" for k, v in options.items() if k != "signed-by" and k != "components"]
        found.append(Source(dump.path, "; ".join([summary, *flags]), uris, options))
    return found


def parse_ini(text: str) -> dict[str, dict[str, str]]:
    """Sections of a yum/dnf INI file -> lower-case key -> value."""
    result: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            current = result.setdefault(stripped[1:-1].strip(), {})
        elif current is not None and "=" in stripped and not line[:1].isspace():
            key, _, value = stripped.partition("=")
            current[key.strip().lower()] = value.strip()
    return result


def _repo_sources(files: dict[str, FileDump]) -> tuple[list[Source], dict[str, str]]:
    main_file = files.get("/etc/dnf/dnf.conf") or files.get("/etc/yum.conf")
    main = parse_ini(main_file.content).get("main", {}) if main_file else {}
    settings = {f"main {k}": main[k] for k in ("gpgcheck", "pkg_gpgcheck") if k in main}
    found = []
    for path, dump in files.items():
        if not path.startswith("/etc/yum.repos.d/"):
            continue
        for repo, values in parse_ini(dump.content).items():
            if values.get("enabled", "1").lower() in ("0", "no", "false"):
                continue
            options = dict(values)
            uris = tuple(values[k] for k in ("baseurl", "mirrorlist", "metalink") if k in values)
            check = values.get("gpgcheck", values.get("pkg_gpgcheck"))
            text = f"[{repo}] gpgcheck={check if check is not None else '(main)'}"
            found.append(Source(path, text, uris, options))
    return found, settings


@collector("pkg_sources", SOURCES_SCRIPT)
def parse_sources(raw: Raw) -> Sources:
    """apt sources (one-line and deb822) or yum/dnf repositories, with signature options."""
    manager = ""
    settings: dict[str, str] = {}
    files: dict[str, FileDump] = {}
    for name, arg, lines in sections(raw.stdout):
        if name == "manager":
            manager = arg
        elif name == "config":
            for key, values in parse_apt_config(lines).items():
                settings[key] = values[-1]
        elif name == "files":
            files = split_files("\n".join(lines))
    if not manager:
        raise FactError("no package manager report in the output")
    sources: list[Source] = []
    if manager == "apt":
        for path, dump in files.items():
            deb822 = path.endswith(".sources")
            sources += _deb822_sources(dump) if deb822 else _one_line_sources(dump)
    elif manager == "rpm":
        sources, settings = _repo_sources(files)
    return Sources(manager, tuple(sources), settings)
