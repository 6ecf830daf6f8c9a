"""The ``core_dump_config`` fact: core-dump limits from limits.conf/limits.d and systemd-coredump's
storage settings."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import (
    Raw,
    collector,
    split_files,
)
from auditor.parsers.config import strip_comment, where

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
