"""The kernel command line: the running kernel's and the one saved for the next boot."""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.facts.base import FactError, FileDump, Raw, collector, section_files, split_sections

GRUB_VARIABLES = ("GRUB_CMDLINE_LINUX", "GRUB_CMDLINE_LINUX_DEFAULT")


@dataclass(frozen=True)
class BootCmdline:
    """The running kernel's parameters (/proc/cmdline), those GRUB gives a normal boot
    (GRUB_CMDLINE_LINUX then GRUB_CMDLINE_LINUX_DEFAULT, after /etc/default/grub and
    /etc/default/grub.d/*.cfg as update-grub reads them) and /etc/kernel/cmdline (kernel-install,
    systemd-boot); None when absent."""

    running: tuple[str, ...] | None
    grub: tuple[str, ...] | None
    grub_files: tuple[str, ...]
    kernel_cmdline: tuple[str, ...] | None


SCRIPT = r"""
sec running
cat /proc/cmdline 2>/dev/null
sec files
dump_files /etc/default/grub /etc/default/grub.d/*.cfg /etc/kernel/cmdline
"""

_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?(GRUB_CMDLINE_LINUX(?:_DEFAULT)?)=(.*)$")
_REFERENCE = re.compile(r"\$\{(\w+)\}|\$(\w+)")


def _shell_value(text: str, variables: dict[str, str]) -> str:
    """The value of a shell assignment's right-hand side: quoted or bare words, ``$NAME`` and
    ``${NAME}`` expanded outside single quotes; what follows an unquoted space is ignored."""
    value, i = "", 0

    def expand(part: str) -> str:
        return _REFERENCE.sub(lambda m: variables.get(m.group(1) or m.group(2), ""), part)

    while i < len(text) and not text[i].isspace() and text[i] not in ";#":
        if text[i] in "'\"":
            end = text.find(text[i], i + 1)
            end = len(text) if end < 0 else end
            part = text[i + 1 : end]
            value += part if text[i] == "'" else expand(part)
            i = end + 1
        else:
            match = re.match(r"[^\s'\";#]+", text[i:])
            assert match
            value += expand(match.group(0))
            i += len(match.group(0))
    return value


def grub_cmdline(files: dict[str, FileDump]) -> tuple[str, ...] | None:
    """Words GRUB puts on a normal boot entry's kernel line, from the files update-grub sources
    (/etc/default/grub, then /etc/default/grub.d/*.cfg in name order); None without them."""
    paths = [p for p in files if p == "/etc/default/grub"]
    paths += sorted(p for p in files if p.startswith("/etc/default/grub.d/"))
    if not paths:
        return None
    variables = dict.fromkeys(GRUB_VARIABLES, "")
    for path in paths:
        for line in files[path].lines():
            match = _ASSIGNMENT.match(line)
            if match:
                variables[match.group(1)] = _shell_value(match.group(2), variables)
    return tuple(" ".join(variables[v] for v in GRUB_VARIABLES).split())


@collector("boot_cmdline", SCRIPT)
def parse_boot_cmdline(raw: Raw) -> BootCmdline:
    """Running kernel parameters and those saved in GRUB's defaults or /etc/kernel/cmdline."""
    parts = split_sections(raw.stdout)
    if "running" not in parts or "files" not in parts:
        raise FactError("no kernel command line section in the output")
    running = " ".join(line for line in parts["running"] if line.strip()).split()
    files = section_files(parts, "files")
    kernel = files.get("/etc/kernel/cmdline")
    grub_files = tuple(p for p in files if p.startswith("/etc/default/grub"))
    return BootCmdline(
        tuple(running) or None,
        grub_cmdline(files),
        grub_files,
        tuple(" ".join(kernel.lines()).split()) if kernel else None,
    )
