"""The ``shell_init`` fact: system-wide shell start-up files (/etc/profile, profile.d, bashrc) and
login.defs."""

from __future__ import annotations

from auditor.facts.base import (
    FileDump,
    Raw,
    collector,
    split_files,
)

SHELL_FILES = "/etc/profile /etc/profile.d/*.sh /etc/bash.bashrc /etc/bashrc /etc/login.defs"


@collector("shell_init", f"dump_files {SHELL_FILES}")
def parse_shell_init(raw: Raw) -> dict[str, FileDump]:
    """System-wide shell start-up files (/etc/profile, profile.d, bashrc) and login.defs."""
    return split_files(raw.stdout)
