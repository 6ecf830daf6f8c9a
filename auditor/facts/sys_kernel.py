"""Kernel facts: sysctl values (running and saved), core-dump limits, the usb-storage module."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from auditor.facts.base import (
    FactError,
    FileDump,
    Raw,
    collector,
    section_files,
    split_files,
    split_sections,
)
from auditor.facts.sys_util import strip_comment, where
from auditor.messages import Message

SYSCTL_KEYS = (
    "net.ipv4.ip_forward",
    "net.ipv6.conf.all.forwarding",
    "kernel.randomize_va_space",
    "kernel.kptr_restrict",
    "kernel.dmesg_restrict",
    "kernel.yama.ptrace_scope",
    "fs.protected_hardlinks",
    "fs.protected_symlinks",
    "fs.suid_dumpable",
)
# Searched in this order; a file name found in an earlier directory hides the same name later.
SYSCTL_DIRS = (
    "/etc/sysctl.d",
    "/run/sysctl.d",
    "/usr/local/lib/sysctl.d",
    "/usr/lib/sysctl.d",
    "/lib/sysctl.d",
)

SYSCTL_SCRIPT = f"""
sec running
for k in {" ".join(SYSCTL_KEYS)}; do
  f=/proc/sys/$(echo "$k" | tr . /)
  [ -r "$f" ] && printf '%s = %s\\n' "$k" "$(cat "$f" 2>/dev/null)"
done
sec files
dump_files {" ".join(d + "/*.conf" for d in SYSCTL_DIRS)} /etc/sysctl.conf
"""


@dataclass(frozen=True)
class Sysctl:
    """Running kernel parameters and the values the saved configuration applies at boot."""

    running: dict[str, str]
    saved: dict[str, tuple[str, str]]  # key -> (value, "file:line: text")

    def judge(
        self, key: str, ok: Callable[[str], bool], running: bool, unset_ok: bool = False
    ) -> tuple[list[Message], list[str]]:
        """Problems and evidence for one key: its saved value and, if asked, its running value.

        A key absent from the saved configuration is a problem unless ``unset_ok`` (the
        kernel default is safe) or, when running values are judged, the running value is right.
        """
        problems: list[Message] = []
        evidence: list[str] = []
        saved = self.saved.get(key)
        live = self.running.get(key)
        if saved:
            evidence.append(saved[1])
            if not ok(saved[0]):
                problems.append(
                    Message.of(
                        "{key} is set to {value} ({source})",
                        key=key,
                        value=saved[0],
                        source=saved[1].split(": ")[0],
                    )
                )
        if running and live is not None:
            evidence.append(f"running: {key} = {live}")
            if not ok(live):
                problems.append(
                    Message.of("{key} is {value} in the running kernel", key=key, value=live)
                )
        if not saved and not unset_ok and not (running and live is not None and ok(live)):
            problems.append(
                Message.of("{key} is not set in /etc/sysctl.conf or a sysctl.d file", key=key)
            )
        return problems, evidence


def satisfies(value: str, spec: str | int) -> bool:
    """Whether a sysctl value meets ``spec``: an exact value (``2``) or a minimum (``>=1``)."""
    text = str(spec).strip()
    if text.startswith(">="):
        return value.strip().lstrip("-").isdigit() and int(value) >= int(text[2:])
    return value.strip() == text


def _sysctl_order(files: dict[str, FileDump]) -> list[FileDump]:
    """Files in the order sysctl applies them: by name across directories, sysctl.conf last."""
    chosen: dict[str, FileDump] = {}
    for directory in SYSCTL_DIRS:
        for path, dump in files.items():
            if posixpath.dirname(path) == directory:
                chosen.setdefault(posixpath.basename(path), dump)
    ordered = [chosen[name] for name in sorted(chosen)]
    return ordered + ([files["/etc/sysctl.conf"]] if "/etc/sysctl.conf" in files else [])


@collector("sysctl", SYSCTL_SCRIPT)
def parse_sysctl(raw: Raw) -> Sysctl:
    """Security-relevant kernel parameters: running values and the saved sysctl configuration."""
    parts = split_sections(raw.stdout)
    if "running" not in parts:
        raise FactError("unexpected output of the sysctl collector")
    running = {}
    for line in parts["running"]:
        key, sep, value = line.partition(" = ")
        if sep:
            running[key.strip()] = " ".join(value.split())
    saved: dict[str, tuple[str, str]] = {}
    for dump in _sysctl_order(section_files(parts, "files")):
        for number, line in enumerate(dump.lines(), 1):
            if line.lstrip().startswith(";"):
                continue
            key, sep, value = strip_comment(line).partition("=")
            key = key.strip().lstrip("-").replace("/", ".")
            if sep and key:
                saved[key] = (" ".join(value.split()), where(dump.path, number, line))
    return Sysctl(running, saved)


CORE_DUMP_SCRIPT = """
dump_files /etc/security/limits.conf /etc/security/limits.d/*.conf /etc/systemd/coredump.conf \\
  /etc/systemd/coredump.conf.d/*.conf
for f in /lib/systemd/systemd-coredump /usr/lib/systemd/systemd-coredump; do
  [ -x "$f" ] && echo "systemd-coredump $f"
done
exit 0
"""


@dataclass(frozen=True)
class CoreDumpConfig:
    """limits.conf core limits and systemd-coredump settings."""

    limits: tuple[tuple[str, str, str, str], ...]  # (domain, type, value, evidence)
    coredump: dict[str, tuple[str, str]]  # setting -> (value, evidence)
    systemd_coredump: bool


@collector("core_dump_config", CORE_DUMP_SCRIPT)
def parse_core_dump_config(raw: Raw) -> CoreDumpConfig:
    """Core-dump limits from limits.conf/limits.d and systemd-coredump's storage settings."""
    files = split_files(raw.stdout)
    limits, coredump = [], {}
    for path, dump in files.items():
        for number, line in enumerate(dump.lines(), 1):
            text = strip_comment(line)
            if path.startswith("/etc/security/"):
                fields = text.split()
                if len(fields) >= 4 and fields[2] == "core":
                    limits.append((fields[0], fields[1], fields[3], where(path, number, line)))
            else:
                key, sep, value = text.partition("=")
                if sep:
                    coredump[key.strip()] = (value.strip(), where(path, number, line))
    present = any(line.startswith("systemd-coredump ") for line in raw.stdout.split("\n"))
    return CoreDumpConfig(tuple(limits), coredump, present)


USB_STORAGE_SCRIPT = """
sec loaded
if [ -r /proc/modules ]; then
  grep -E '^usb_storage ' /proc/modules || echo not-loaded
else
  echo unreadable
fi
sec module
d=/lib/modules/$(uname -r)
if [ ! -d "$d" ]; then
  echo no-module-directory
elif grep -qE '/usb-storage\\.ko' "$d/modules.builtin" 2>/dev/null; then
  echo built-in
elif find "$d" -name 'usb-storage.ko*' 2>/dev/null | grep -q .; then
  echo available
else
  echo absent
fi
sec files
dump_files /etc/modprobe.d/*.conf /run/modprobe.d/*.conf /usr/lib/modprobe.d/*.conf \\
  /lib/modprobe.d/*.conf /etc/modprobe.conf
"""

_DISABLING = re.compile(r"install\s+usb[-_]storage\s+(/usr)?/bin/(false|true)\b")
_BLACKLIST = re.compile(r"blacklist\s+usb[-_]storage\b")


@dataclass(frozen=True)
class UsbStorage:
    """Whether modprobe refuses usb-storage, whether it is loaded and whether it exists."""

    install_disabled: tuple[str, ...]
    blacklisted: tuple[str, ...]
    loaded: bool | None
    module: str  # available | absent | built-in | no-module-directory


@collector("usb_storage", USB_STORAGE_SCRIPT)
def parse_usb_storage(raw: Raw) -> UsbStorage:
    """modprobe.d rules for usb-storage, whether it is loaded and present in the kernel."""
    parts = split_sections(raw.stdout)
    if "loaded" not in parts or "module" not in parts:
        raise FactError("unexpected output of the usb-storage collector")
    install, blacklist = [], []
    for path, dump in section_files(parts, "files").items():
        for number, line in enumerate(dump.lines(), 1):
            text = " ".join(strip_comment(line).split())
            if _DISABLING.match(text):
                install.append(where(path, number, line))
            elif _BLACKLIST.match(text):
                blacklist.append(where(path, number, line))
    state = next((x.strip() for x in parts["loaded"] if x.strip()), "unreadable")
    loaded = None if state == "unreadable" else state != "not-loaded"
    module = next((x.strip() for x in parts["module"] if x.strip()), "no-module-directory")
    return UsbStorage(tuple(install), tuple(blacklist), loaded, module)
