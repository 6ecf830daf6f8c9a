"""System facts: running processes, shell start-up files, login banners."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.base import FactError, FileDump, Raw, collector, split_files
from auditor.facts.sys_util import SEC_FUNCTION, section_files, split_sections


@dataclass(frozen=True)
class Process:
    """A running process: its id, user and command name (never its arguments)."""

    pid: int
    user: str
    name: str

    def describe(self) -> str:
        return f"{self.name} (pid {self.pid}, user {self.user})"


@collector("process_list", "ps -e -o pid= -o user= -o comm= 2>&1")
def parse_process_list(raw: Raw) -> tuple[Process, ...]:
    """Processes visible on the host: pid, user and command name (``ps -e``)."""
    found = []
    for line in raw.stdout.splitlines():
        fields = line.split(None, 2)
        if len(fields) == 3 and fields[0].isdigit():
            found.append(Process(int(fields[0]), fields[1], fields[2].strip()))
    if not found:
        first = raw.stdout.strip().splitlines()[:1]
        raise FactError(f"ps listed no process{': ' + first[0] if first else ''}")
    return tuple(found)


SHELL_FILES = "/etc/profile /etc/profile.d/*.sh /etc/bash.bashrc /etc/bashrc /etc/login.defs"


@collector("shell_init", f"dump_files {SHELL_FILES}")
def parse_shell_init(raw: Raw) -> dict[str, FileDump]:
    """System-wide shell start-up files (/etc/profile, profile.d, bashrc) and login.defs."""
    return split_files(raw.stdout)


@dataclass(frozen=True)
class Banners:
    """The pre-login banner files and the file sshd shows (its ``Banner``)."""

    files: dict[str, FileDump]
    sshd_banner: str | None


BANNER_SCRIPT = f"""
{SEC_FUNCTION}
b=""
if command -v sshd >/dev/null 2>&1; then
  b=$(sshd -T 2>/dev/null | awk '$1 == "banner" {{ print $2 }}')
fi
echo "sshd-banner ${{b:-unknown}}"
sec files
if [ -n "$b" ] && [ "$b" != none ]; then dump_files /etc/issue /etc/issue.net "$b"
else dump_files /etc/issue /etc/issue.net; fi
"""


@collector("login_banners", BANNER_SCRIPT, needs_root=True)
def parse_login_banners(raw: Raw) -> Banners:
    """/etc/issue, /etc/issue.net and the file named by sshd's Banner setting."""
    first = raw.stdout.partition("\n")[0]
    if not first.startswith("sshd-banner "):
        raise FactError("unexpected output of the banner collector")
    banner = first.split(" ", 1)[1].strip()
    files = section_files(split_sections(raw.stdout), "files")
    return Banners(files, None if banner == "unknown" else banner)
