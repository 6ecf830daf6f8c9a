"""The ``sysctl`` fact: security-relevant kernel parameters: running values and the saved sysctl
configuration."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from auditor.facts.base import (
    FactError,
    FileDump,
    Raw,
    collector,
    section_files,
    split_sections,
)
from auditor.messages import Message
from auditor.parsers.config import strip_comment, where

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

# Each key and its file, and the shell reading the file as $(cat FILE) would (its lines, without
# the newlines at the end, without NUL bytes): with no process for each key.
SYSCTL_SCRIPT = f"""
sec running
set -- {" ".join(f"{k} /proc/sys/{k.replace('.', '/')}" for k in SYSCTL_KEYS)}
while [ $# -gt 0 ]; do
  k=$1 f=$2; shift 2
  [ -r "$f" ] || continue
  v=""; l=""
  {{ while IFS= read -r l; do v="$v$l$NL"; l=""; done; }} < "$f" 2>/dev/null
  v="$v$l"
  while :; do case "$v" in *"$NL") v=${{v%"$NL"}} ;; *) break ;; esac; done
  printf '%s = %s\\n' "$k" "$v"
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
