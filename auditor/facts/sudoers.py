"""The ``sudoers`` fact: sudo rules and Defaults from /etc/sudoers and its includes; None when
there is none."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from auditor.facts.accounts import parse_stat_line
from auditor.facts.base import FileDump, FileEntry, Raw, collector, split_files, split_sections

TAGS = {
    "PASSWD": "PASSWD",
    "NOPASSWD": "PASSWD",
    "EXEC": "EXEC",
    "NOEXEC": "EXEC",
    "SETENV": "SETENV",
    "NOSETENV": "SETENV",
    "LOG_INPUT": "LOG_INPUT",
    "NOLOG_INPUT": "LOG_INPUT",
    "LOG_OUTPUT": "LOG_OUTPUT",
    "NOLOG_OUTPUT": "LOG_OUTPUT",
    "MAIL": "MAIL",
    "NOMAIL": "MAIL",
    "FOLLOW": "FOLLOW",
    "NOFOLLOW": "FOLLOW",
    "INTERCEPT": "INTERCEPT",
    "NOINTERCEPT": "INTERCEPT",
}

ROOT_NAMES = frozenset({"ALL", "root", "#0"})

_ALIAS = re.compile(r"(User|Runas|Host|Cmnd|Cmd)_Alias\s+(.*)$")

_INCLUDE = re.compile(r"[#@]include(dir)?\s+(\S+)")

_DEFAULTS = re.compile(r"Defaults(?:([:@>!])(\S+))?(?:\s+(.*))?$")

_OPTION = re.compile(
    r"(?:ROLE|TYPE|CWD|CHROOT|TIMEOUT|NOTBEFORE|NOTAFTER|APPARMOR_PROFILE"
    r"|PRIVS|LIMITPRIVS)=\S+\s*"
)

_TAG = re.compile(r"([A-Z_]+)\s*:\s*")


@dataclass(frozen=True)
class SudoRule:
    """One command granted to a list of principals (``%group``, ``ALL``, user names...)."""

    users: tuple[str, ...]
    command: str
    runas: tuple[str, ...] | None = None
    tags: frozenset[str] = frozenset()
    where: str = ""
    text: str = ""

    @property
    def as_root(self) -> bool:
        """Whether the command may run as root (the default when no Runas list is given)."""
        return self.runas is None or bool(ROOT_NAMES & set(self.runas))

    def evidence(self) -> str:
        return f"{self.where}: {self.text}"


@dataclass(frozen=True)
class SudoDefault:
    """A ``Defaults`` line: scope ``""`` (everyone), ``:`` users, ``>`` runas, ``@`` hosts,
    ``!`` commands, the targets of the scope and its settings."""

    scope: str
    targets: tuple[str, ...]
    settings: tuple[str, ...]
    where: str = ""
    text: str = ""

    def evidence(self) -> str:
        return f"{self.where}: {self.text}"


@dataclass(frozen=True)
class Sudoers:
    """Every rule and Defaults line sudo reads, the files read and the files sudo skips, and
    the mode and owner of every file dumped and of the include directories."""

    rules: tuple[SudoRule, ...]
    defaults: tuple[SudoDefault, ...]
    files: tuple[str, ...]
    skipped: tuple[str, ...] = ()
    modes: tuple[FileEntry, ...] = ()


def _split(text: str, sep: str = ",") -> list[str]:
    """Split on ``sep`` outside parentheses and quotes, honouring backslash escapes."""
    parts, depth, quote, buf, escaped = [], 0, False, [], False
    for ch in text:
        if escaped:
            buf.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
            buf.append(ch)
            continue
        if ch == '"':
            quote = not quote
        elif not quote and ch == "(":
            depth += 1
        elif not quote and ch == ")":
            depth = max(0, depth - 1)
        if ch == sep and depth == 0 and not quote:
            parts.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf).strip())
    return [p for p in parts if p]


def _strip_comment(line: str) -> str:
    """Drop a ``#`` comment; ``#`` followed by a digit is a uid, ``#include`` a directive."""
    text = line.strip()
    if "#" not in text or _INCLUDE.match(text):
        return text
    start = line.find("#")
    while start >= 0:
        if not line[start + 1 : start + 2].isdigit():
            return line[:start].strip()
        start = line.find("#", start + 1)
    return text


def _host_specs(rhs: str) -> list[str]:
    """Split ``cmnds : hosts = cmnds ...`` at the colons that start a new host list."""
    specs, start, depth = [], 0, 0
    for i, ch in enumerate(rhs):
        depth += (ch == "(") - (ch == ")")
        if ch != ":" or depth:
            continue
        before = rhs[start:i].rstrip()
        word = re.search(r"([A-Z_]+)$", before)
        if word and word.group(1) in TAGS:
            continue
        if re.match(r"\s*[^:=()\s][^:=()]*=", rhs[i + 1 :]):
            specs.append(rhs[start:i])
            start = i + 1
    specs.append(rhs[start:])
    return specs


@dataclass
class _Parser:
    files: dict[str, FileDump]
    aliases: dict[str, dict[str, list[str]]] = field(
        default_factory=lambda: {k: {} for k in ("User", "Runas", "Host", "Cmnd")}
    )
    rules: list[SudoRule] = field(default_factory=list)
    defaults: list[SudoDefault] = field(default_factory=list)
    read: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def expand(self, kind: str, items: list[str], depth: int = 0) -> list[str]:
        out = []
        for item in items:
            bang = len(item) - len(item.lstrip("!"))
            name = item[bang:].strip()
            if name in self.aliases[kind] and depth < 16:
                inner = self.expand(kind, self.aliases[kind][name], depth + 1)
                out += [("!" if bang % 2 else "") + x for x in inner]
            else:
                out.append(("!" if bang % 2 else "") + name)
        return out

    def parse_file(self, path: str, depth: int = 0) -> None:
        if path in self.read or path not in self.files or depth > 8:
            return
        self.read.append(path)
        pending, first = "", 0
        directory = posixpath.dirname(path)
        for number, raw_line in enumerate(self.files[path].lines(), 1):
            first = first or number
            if raw_line.endswith("\\"):
                pending += raw_line[:-1] + " "
                continue
            line = " ".join(_strip_comment(pending + raw_line).split())
            pending, start, first = "", first, 0
            if line:
                self.parse_line(line, f"{path}:{start}", directory, depth)

    def parse_line(self, line: str, where: str, directory: str, depth: int) -> None:
        if m := _INCLUDE.match(line):
            target = posixpath.join(directory, m.group(2).strip('"'))
            if not m.group(1):
                self.parse_file(target, depth + 1)
                return
            for path in sorted(p for p in self.files if posixpath.dirname(p) == target):
                name = posixpath.basename(path)
                if name.endswith("~") or "." in name:
                    self.skipped.append(path)
                else:
                    self.parse_file(path, depth + 1)
            return
        if m := _ALIAS.match(line):
            kind = "Cmnd" if m.group(1) == "Cmd" else m.group(1)
            for part in _host_specs(m.group(2)):
                name, _, value = part.partition("=")
                self.aliases[kind][name.strip()] = _split(value)
            return
        if m := _DEFAULTS.match(line):
            kind = {">": "Runas", "@": "Host", "!": "Cmnd"}.get(m.group(1) or "", "User")
            targets = tuple(self.expand(kind, _split(m.group(2) or "")))
            settings = tuple(_split(m.group(3) or ""))
            self.defaults.append(SudoDefault(m.group(1) or "", targets, settings, where, line))
            return
        self.parse_spec(line, where)

    def parse_spec(self, line: str, where: str) -> None:
        left, sep, rhs = line.partition("=")
        names = re.sub(r"\s*,\s*", ",", left.strip()).split()
        if not sep or len(names) != 2:
            return
        users = tuple(self.expand("User", _split(names[0])))
        for index, spec in enumerate(_host_specs(rhs)):
            if index:
                spec = spec.partition("=")[2]
            runas: tuple[str, ...] | None = None
            tags: dict[str, str] = {}
            for item in _split(spec):
                rest = item
                if m := re.match(r"\(([^)]*)\)\s*", rest):
                    run_users = m.group(1).partition(":")[0].strip()
                    runas = tuple(self.expand("Runas", _split(run_users)))
                    rest = rest[m.end() :]
                while m := _OPTION.match(rest):
                    rest = rest[m.end() :]
                while (m := _TAG.match(rest)) and m.group(1) in TAGS:
                    tags[TAGS[m.group(1)]] = m.group(1)
                    rest = rest[m.end() :]
                for command in self.expand("Cmnd", [rest.strip()]):
                    self.rules.append(
                        SudoRule(users, command, runas, frozenset(tags.values()), where, line)
                    )


# The directories sudo reads files from come first (section ``dirs``: mode, owner, group and
# path of /etc/sudoers.d and of @includedir targets), then the files themselves.
@collector(
    "sudoers",
    """
if [ ! -e /etc/sudoers ]; then echo NO-SUDOERS; exit 0; fi
inc=$(sed -n 's/^[#@]include\\(dir\\)\\{0,1\\}[[:space:]]\\{1,\\}\\([^[:space:]]*\\).*/\\2/p' \\
  /etc/sudoers | head -n 20 | while IFS= read -r p; do
  case "$p" in /*) ;; *) p="/etc/$p";; esac
  [ "$p" = /etc/sudoers.d ] || printf '%s\\n' "$p"
done)
sec dirs
set --
for d in /etc/sudoers.d $inc; do [ -d "$d" ] && set -- "$@" "$d"; done
[ $# -eq 0 ] || stat -L -c '%a %U %G %n' -- "$@" 2>/dev/null
sec files
# one dump_files for all the files, in their order
set -- /etc/sudoers /etc/sudoers.d/*
for p in $inc; do
  if [ -d "$p" ]; then set -- "$@" "$p"/*; else set -- "$@" "$p"; fi
done
dump_files "$@"
""",
    needs_root=True,
)
def parse_sudoers(raw: Raw) -> Sudoers | None:
    """sudo rules and Defaults from /etc/sudoers and its includes; None when there is none."""
    if raw.stdout.strip() == "NO-SUDOERS":
        return None
    files = split_files(raw.stdout)
    parser = _Parser(files)
    parser.parse_file("/etc/sudoers")
    modes = [FileEntry(f.mode, f.owner, f.group, "f", f.path) for f in files.values()]
    for line in split_sections(raw.stdout).get("dirs", []):
        if d := parse_stat_line(line):
            modes.append(FileEntry(d.mode, d.owner, d.group, "d", d.path))
    return Sudoers(
        tuple(parser.rules),
        tuple(parser.defaults),
        tuple(parser.read),
        tuple(parser.skipped),
        tuple(modes),
    )
