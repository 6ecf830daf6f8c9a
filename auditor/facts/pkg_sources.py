"""The ``pkg_sources`` fact: apt sources (one-line and deb822) or yum/dnf repositories, with
signature options."""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.facts.base import FactError, FileDump, Raw, collector, sections, split_files
from auditor.parsers.packages import parse_apt_config


@dataclass(frozen=True)
class Source:
    """One enabled package source: where it is defined and its signature-related options."""

    file: str
    text: str
    uris: tuple[str, ...]
    options: dict[str, str]


@dataclass(frozen=True)
class Sources:
    """Package sources of the host and global settings that affect signature checks."""

    manager: str
    sources: tuple[Source, ...]
    settings: dict[str, str]


SOURCES_SCRIPT = r"""
if command -v apt-config >/dev/null 2>&1; then
  sec manager apt
  sec config
  apt-config dump 2>/dev/null \
    | grep -E '^(Acquire::Allow(Insecure|DowngradeToInsecure|Weak)Repo|APT::Get::AllowUnauth)'
  sec files
  dump_files /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources
elif command -v dnf >/dev/null 2>&1 || command -v yum >/dev/null 2>&1; then
  sec manager rpm
  sec files
  dump_files /etc/dnf/dnf.conf /etc/yum.conf /etc/yum.repos.d/*.repo
else
  sec manager none
fi
"""


def _one_line_sources(dump: FileDump) -> list[Source]:
    found = []
    for line in dump.lines():
        text = line.split("#", 1)[0].strip()
        if not text.startswith(("deb ", "deb-src ", "deb\t", "deb-src\t")):
            continue
        rest = text.split(None, 1)[1] if len(text.split(None, 1)) > 1 else ""
        options: dict[str, str] = {}
        if rest.startswith("["):
            inner, _, rest = rest[1:].partition("]")
            for item in inner.split():
                key, _, value = item.partition("=")
                options[key.lower().rstrip("+-")] = value
        uri = rest.split()[0] if rest.split() else ""
        found.append(Source(dump.path, text, (uri,), options))
    return found


def _deb822_sources(dump: FileDump) -> list[Source]:
    found = []
    for block in re.split(r"\n\s*\n", dump.content):
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            if line[:1] in " \t" and key:
                fields[key] += "\n" + line.strip()
                continue
            key, _, value = line.partition(":")
            key = key.strip().lower()
            fields[key] = value.strip()
        if not fields.get("types") or fields.get("enabled", "yes").lower() in ("no", "false", "0"):
            continue
        uris = tuple(fields.get("uris", "").split())
        options = {k: v for k, v in fields.items() if k not in ("types", "uris", "suites")}
        suites = fields.get("suites", "")
        summary = f"Types: {fields['types']}; URIs: {' '.join(uris)}; Suites: {suites}"
        flags = [f"{k}: {v}" for k, v in options.items() if k != "signed-by" and k != "components"]
        found.append(Source(dump.path, "; ".join([summary, *flags]), uris, options))
    return found


def parse_ini(text: str) -> dict[str, dict[str, str]]:
    """Sections of a yum/dnf INI file -> lower-case key -> value."""
    result: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            current = result.setdefault(stripped[1:-1].strip(), {})
        elif current is not None and "=" in stripped and not line[:1].isspace():
            key, _, value = stripped.partition("=")
            current[key.strip().lower()] = value.strip()
    return result


def _repo_sources(files: dict[str, FileDump]) -> tuple[list[Source], dict[str, str]]:
    main_file = files.get("/etc/dnf/dnf.conf") or files.get("/etc/yum.conf")
    main = parse_ini(main_file.content).get("main", {}) if main_file else {}
    settings = {f"main {k}": main[k] for k in ("gpgcheck", "pkg_gpgcheck") if k in main}
    found = []
    for path, dump in files.items():
        if not path.startswith("/etc/yum.repos.d/"):
            continue
        for repo, values in parse_ini(dump.content).items():
            if values.get("enabled", "1").lower() in ("0", "no", "false"):
                continue
            options = dict(values)
            uris = tuple(values[k] for k in ("baseurl", "mirrorlist", "metalink") if k in values)
            check = values.get("gpgcheck", values.get("pkg_gpgcheck"))
            text = f"[{repo}] gpgcheck={check if check is not None else '(main)'}"
            found.append(Source(path, text, uris, options))
    return found, settings


@collector("pkg_sources", SOURCES_SCRIPT)
def parse_sources(raw: Raw) -> Sources:
    """apt sources (one-line and deb822) or yum/dnf repositories, with signature options."""
    manager = ""
    settings: dict[str, str] = {}
    files: dict[str, FileDump] = {}
    for name, arg, lines in sections(raw.stdout):
        if name == "manager":
            manager = arg
        elif name == "config":
            for key, values in parse_apt_config(lines).items():
                settings[key] = values[-1]
        elif name == "files":
            files = split_files("\n".join(lines))
    if not manager:
        raise FactError("no package manager report in the output")
    sources: list[Source] = []
    if manager == "apt":
        for path, dump in files.items():
            deb822 = path.endswith(".sources")
            sources += _deb822_sources(dump) if deb822 else _one_line_sources(dump)
    elif manager == "rpm":
        sources, settings = _repo_sources(files)
    return Sources(manager, tuple(sources), settings)
