"""The ``pam`` fact: shared PAM stacks (Debian common-*, RHEL system-auth/password-auth) and module
configs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from auditor.facts.base import FileDump, Raw, collector, split_files

DEBIAN_STACKS = {kind: (f"/etc/pam.d/common-{kind}",) for kind in ("auth", "account", "password")}

RHEL_STACKS = ("/etc/pam.d/system-auth", "/etc/pam.d/password-auth")

PAM_FILES = (
    *(p for paths in DEBIAN_STACKS.values() for p in paths),
    *RHEL_STACKS,
    "/etc/security/pwquality.conf",
    "/etc/security/pwquality.conf.d/*.conf",
    "/etc/security/faillock.conf",
    "/etc/security/pwhistory.conf",
)

_TOKEN = re.compile(r"\[[^\]]*\]|\S+")


@dataclass(frozen=True)
class PamRule:
    """One line of a PAM stack: ``type control module args...``."""

    file: str
    type: str
    control: str
    module: str  # the module's file name (pam_unix.so), or the stack an include names
    args: tuple[str, ...]
    text: str
    module_path: str = ""  # the module as written: a name, or an absolute path

    def arg(self, name: str) -> str | None:
        """The value of ``name=value`` (the last one), ``""`` for a bare flag, else None."""
        found = None
        for a in self.args:
            key, sep, value = a.partition("=")
            if key == name:
                found = value if sep else ""
        return found

    def evidence(self) -> str:
        return f"{self.file}: {self.text}"


@lru_cache(maxsize=512)
def pam_rules(path: str, content: str) -> tuple[PamRule, ...]:
    """The rules of a PAM stack file, in order; Debian's ``@include FILE`` is a rule of type
    ``@include`` (``module`` names the file), as ``include`` and ``substack`` controls do.
    Remembered by path and content: the hosts of a fleet mostly share their PAM files, and the
    rules are immutable."""
    rules = []
    for line in content.replace("\\\n", " ").splitlines():
        text = line.split("#", 1)[0].strip()
        tokens = _TOKEN.findall(text)
        if len(tokens) == 2 and tokens[0] == "@include":
            rules.append(PamRule(path, "@include", "", tokens[1], (), text, tokens[1]))
            continue
        if len(tokens) < 3:
            continue
        module = tokens[2].rsplit("/", 1)[-1]
        rules.append(PamRule(path, tokens[0].lstrip("-"), tokens[1], module, tuple(tokens[3:]),
                             " ".join(tokens), tokens[2]))  # fmt: skip
    return tuple(rules)


@dataclass(frozen=True)
class Setting:
    """A ``key = value`` setting and where it was read."""

    value: str
    where: str


@dataclass(frozen=True)
class PamFiles:
    """Dumped PAM files by their requested path; a stack file's rules are parsed once, when
    first asked for (several checks read the same stacks)."""

    files: dict[str, FileDump]

    @cached_property
    def _parsed(self) -> dict[str, tuple[PamRule, ...]]:
        return {}

    def all_rules(self, path: str) -> tuple[PamRule, ...]:
        """Every rule of the file ``path``, in order (none when it was not dumped)."""
        if path not in self._parsed:
            dump = self.files.get(path)
            self._parsed[path] = pam_rules(path, dump.content) if dump else ()
        return self._parsed[path]


@dataclass(frozen=True)
class PamConfig(PamFiles):
    """The dumped PAM stack files and module configuration files."""

    def rules(self, path: str, kind: str) -> list[PamRule]:
        """The rules of type ``kind`` (auth, account, password, session) in the file ``path``."""
        return [r for r in self.all_rules(path) if r.type == kind]

    def stacks(self, kind: str) -> tuple[str, ...]:
        """The shared stack files of ``kind`` present on the host (Debian's, else RHEL's)."""
        debian = tuple(p for p in DEBIAN_STACKS.get(kind, ()) if p in self.files)
        return debian or tuple(p for p in RHEL_STACKS if p in self.files)

    def conf(self, *paths: str) -> dict[str, Setting]:
        """``key = value`` settings of the files matching ``paths`` (globs allowed), in order."""
        settings: dict[str, Setting] = {}
        for pattern in paths:
            regex = re.compile(re.escape(pattern).replace(r"\*", "[^/]*") + "$")
            for path in sorted(p for p in self.files if regex.match(p)):
                for line in self.files[path].lines():
                    text = line.split("#", 1)[0].strip()
                    if not text:
                        continue
                    key, sep, value = text.partition("=")
                    key = key.strip()
                    settings[key] = Setting(value.strip() if sep else "", f"{path}: {text}")
        return settings


@collector(
    "pam",
    """
set --
for f in """
    + " ".join(PAM_FILES)
    + """; do
  if [ -L "$f" ]; then
    r=$(readlink -f -- "$f"); printf 'LINK %s %s\\n' "$f" "$r"; set -- "$@" "$r"
  else
    set -- "$@" "$f"
  fi
done
dump_files "$@"  # the files, links resolved, after the links: in one dump_files
""",
)
def parse_pam(raw: Raw) -> PamConfig:
    """Shared PAM stacks (Debian common-*, RHEL system-auth/password-auth) and module configs."""
    links = {}
    for line in raw.stdout.splitlines():
        if line.startswith("LINK "):
            path, _, target = line[5:].partition(" ")
            links[target] = path
    files = {}
    for path, dump in split_files(raw.stdout).items():
        files[links.get(path, path)] = dump
    return PamConfig(files)
