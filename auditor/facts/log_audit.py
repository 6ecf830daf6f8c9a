"""The ``log_audit`` fact: auditd installed, loaded rules (auditctl -l), rules files and
auditd.conf."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from auditor.facts.base import FileDump, Raw, collector, sections, split_files
from auditor.facts.process_list import Process, running
from auditor.parsers.config import shell_words


@dataclass(frozen=True)
class AuditRule:
    """One audit rule: the paths it watches, the access it records, syscalls and filters."""

    text: str
    source: str
    paths: tuple[str, ...]
    perms: str
    syscalls: tuple[str, ...]
    fields: tuple[str, ...]

    # what watches() and records_execution() compare, worked out once per rule: several checks
    # ask each rule about many paths and commands
    @cached_property
    def _watched_dirs(self) -> tuple[str, ...]:
        return tuple(p.rstrip("/") + "/" for p in self.paths)

    @cached_property
    def _programs(self) -> tuple[str, ...]:
        return tuple(map(_unmerged, self.paths))

    @cached_property
    def _any_execve(self) -> bool:
        narrowed = any(f.startswith(("path=", "dir=", "exe=")) for f in self.fields)
        return "execve" in self.syscalls and not narrowed

    def watches(self, path: str) -> bool:
        """Whether the rule records writes to ``path`` (itself or a watched directory above)."""
        if self.perms and "w" not in self.perms:
            return False
        # PATH/ starts with a watched W/ when PATH is W or lies below it
        return (path.rstrip("/") + "/").startswith(self._watched_dirs)

    def records_execution(self, command: str) -> bool:
        """Whether the rule records runs of ``command``: a path rule on it, or any-program
        execve (/bin and /usr/bin alike)."""
        if _unmerged(command) in self._programs:
            return not self.perms or "x" in self.perms
        return self._any_execve


_MERGED_BIN = re.compile(r"^/usr(?=/s?bin/)")


def _unmerged(path: str) -> str:
    return _MERGED_BIN.sub("", path.rstrip("/"))


def parse_audit_rule(line: str, source: str) -> AuditRule | None:
    """An ``auditctl`` rule line (``-w``/``-a``) or None for control lines and comments."""
    text = line.strip()
    if not text.startswith(("-w ", "-a ", "-A ")):
        return None
    try:
        words = shell_words(text)
    except ValueError:
        words = text.split()
    paths: list[str] = []
    perms = ""
    syscalls: list[str] = []
    fields: list[str] = []
    for flag, value in zip(words, [*words[1:], ""], strict=True):
        if flag == "-w":
            paths.append(value)
        elif flag == "-p":
            perms += value
        elif flag == "-S":
            syscalls += value.split(",")
        elif flag == "-F":
            fields.append(value)
            key, _, val = value.partition("=")
            if key in ("path", "dir"):
                paths.append(val)
            elif key == "perm":
                perms += val
    return AuditRule(text, source, tuple(paths), perms, tuple(syscalls), tuple(fields))


@dataclass(frozen=True)
class Audit:
    """auditd: installed, the kernel's rules (``auditctl -l``) and status (``auditctl -s``) if
    readable, rule files with the last ``-e`` they set, config."""

    installed: bool
    kernel_rules: tuple[AuditRule, ...] | None
    kernel_error: str
    file_rules: tuple[AuditRule, ...]
    rule_files: tuple[str, ...]
    config: dict[str, str] | None
    kernel_status: dict[str, str] | None = None
    file_enabled: tuple[str, str] | None = None  # (value, "file: line") of the last -e

    def rules_in_force(self, processes: Iterable[Process]) -> tuple[tuple[AuditRule, ...], str]:
        """The rules the kernel has loaded when auditd runs and they could be read, else the
        rule files; with a sentence saying which."""
        daemon = bool(running(processes, ["auditd"]))
        if daemon and self.kernel_rules is not None:
            return self.kernel_rules, "loaded rules (auditctl -l)"
        why = "auditd not running" if not daemon else self.kernel_error
        files = ", ".join(self.rule_files) or "no rule file"
        return self.file_rules, f"rule files {files} ({why})"

    def enabled_in_force(self, processes: Iterable[Process]) -> tuple[str, str]:
        """The audit ``enabled`` flag (0, 1, or 2 when the rules are locked): the kernel's
        (auditctl -s) when auditd runs and it could be read, else the last ``-e`` of the rule
        files ("" when none); with a sentence saying where it comes from."""
        daemon = bool(running(processes, ["auditd"]))
        if daemon and self.kernel_status is not None and "enabled" in self.kernel_status:
            return self.kernel_status["enabled"], "kernel status (auditctl -s)"
        if self.file_enabled is None:
            files = ", ".join(self.rule_files) or "no rule file"
            return "", f"rule files {files}: no -e line"
        return self.file_enabled[0], self.file_enabled[1]


AUDIT_SCRIPT = r"""
command -v auditd >/dev/null 2>&1 && sec installed
if command -v auditctl >/dev/null 2>&1; then
  out=$(auditctl -l 2>&1)
  sec auditctl "$?"
  printf '%s\n' "$out" | head -n 3000
  out=$(auditctl -s 2>&1)
  sec auditctl-status "$?"
  printf '%s\n' "$out" | head -n 40
fi
sec files
dump_files /etc/audit/auditd.conf /etc/audit/audit.rules /etc/audit/rules.d/*.rules
"""


def _key_values(text: str) -> dict[str, str]:
    values = {}
    for line in text.splitlines():
        key, sep, value = line.split("#", 1)[0].partition("=")
        if sep and key.strip():
            values[key.strip().lower()] = value.strip()
    return values


@collector("log_audit", AUDIT_SCRIPT, needs_root=True)
def parse_audit(raw: Raw) -> Audit:
    """auditd installed, loaded rules (auditctl -l), rules files and auditd.conf."""
    installed = False
    kernel: tuple[AuditRule, ...] | None = None
    kernel_error = "auditctl not installed"
    status: dict[str, str] | None = None
    files: dict[str, FileDump] = {}
    for name, arg, lines in sections(raw.stdout):
        if name == "installed":
            installed = True
        elif name == "auditctl":
            text = [line for line in lines if line.strip()]
            if arg == "0":
                kernel = tuple(r for r in (parse_audit_rule(x, "auditctl -l") for x in text) if r)
                kernel_error = ""
            else:
                kernel_error = (text[0] if text else f"exit status {arg}")[:200]
        elif name == "auditctl-status" and arg == "0":
            status = dict(x.strip().partition(" ")[::2] for x in lines if x.strip())
        elif name == "files":
            files = split_files("\n".join(lines))
    rule_paths = sorted(p for p in files if p.startswith("/etc/audit/rules.d/"))
    if not rule_paths and "/etc/audit/audit.rules" in files:
        rule_paths = ["/etc/audit/audit.rules"]
    file_rules = tuple(
        rule
        for path in rule_paths
        for rule in (parse_audit_rule(line, path) for line in files[path].lines())
        if rule
    )
    enabled = None
    for path in rule_paths:
        for line in files[path].lines():
            words = line.split("#", 1)[0].split()
            if len(words) >= 2 and words[0] == "-e":
                enabled = (words[1], f"{path}: {line.strip()}")
    conf = files.get("/etc/audit/auditd.conf")
    config = _key_values(conf.content) if conf else None
    return Audit(
        installed, kernel, kernel_error, file_rules, tuple(rule_paths), config, status, enabled
    )
