"""The ``login_defs`` fact: settings of /etc/login.defs (``KEY value``) and /etc/default/useradd
(``KEY=value``)."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.facts.accounts import optional_int
from auditor.facts.base import Raw, collector, split_files


@dataclass(frozen=True)
class LoginDefs:
    """Settings of /etc/login.defs and /etc/default/useradd, with their lines for evidence."""

    settings: dict[str, str]
    lines: dict[str, str]
    useradd: dict[str, str]
    present: bool = True

    def number(self, key: str) -> int | None:
        value = self.settings.get(key)
        return optional_int(value) if value is not None else None

    @property
    def uid_min(self) -> int:
        value = self.number("UID_MIN")
        return 1000 if value is None else value

    def evidence(self, key: str) -> str:
        return self.lines.get(key, f"{key} not set in /etc/login.defs")


@collector("login_defs", "dump_files /etc/login.defs /etc/default/useradd")
def parse_login_defs(raw: Raw) -> LoginDefs:
    """Settings of /etc/login.defs (``KEY value``) and /etc/default/useradd (``KEY=value``)."""
    files = split_files(raw.stdout)
    settings, lines = {}, {}
    defs = files.get("/etc/login.defs")
    for line in defs.lines() if defs else []:
        if line.startswith("#"):  # most lines: comments (an indented one is left out below)
            continue
        parts = line.split(None, 1)
        if parts and not parts[0].startswith("#"):
            settings[parts[0]] = parts[1].strip() if len(parts) > 1 else ""
            lines[parts[0]] = "/etc/login.defs: " + " ".join(line.split())
    useradd = {}
    defaults = files.get("/etc/default/useradd")
    for line in defaults.lines() if defaults else []:
        key, sep, value = line.strip().partition("=")
        if sep and key and not key.startswith("#"):
            useradd[key.strip()] = value.strip().strip("\"'")
    return LoginDefs(settings, lines, useradd, defs is not None)
