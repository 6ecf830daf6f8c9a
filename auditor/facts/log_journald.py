"""The ``log_journald`` fact: systemd-journald: installed, merged journald.conf settings,
/var/log/journal present,"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.facts.base import FileDump, Raw, collector, sections, split_files

JOURNAL_UNITS = (
    "systemd-journal-upload.service",
    "systemd-journal-remote.socket",
    "systemd-journal-remote.service",
)


@dataclass(frozen=True)
class Journald:
    """systemd-journald: installed, its merged [Journal] settings, /var/log/journal present;
    the compiled-in defaults its stock journald.conf shows commented out; systemd-journal-remote
    (upload and receive programs, their units' ``systemctl is-enabled`` state, the [Upload]
    settings of journal-upload.conf)."""

    installed: bool
    settings: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (value, file)
    var_log_journal: bool = False
    defaults: dict[str, str] = field(default_factory=dict)
    upload_installed: bool = False
    remote_installed: bool = False
    units: dict[str, str] = field(default_factory=dict)  # unit -> is-enabled state, "" unknown
    upload: dict[str, tuple[str, str]] = field(default_factory=dict)

    def get(self, key: str, default: str = "") -> str:
        return self.effective(key, default)[0]

    def effective(self, key: str, default: str = "") -> tuple[str, str]:
        """(value, where): the file that set it, "compiled-in default" (as the stock file
        shows) or "default" (``default``)."""
        if key in self.settings:
            return self.settings[key]
        if key in self.defaults:
            return self.defaults[key], "compiled-in default"
        return default, "default"

    @property
    def persistent(self) -> bool:
        storage = self.get("Storage", "auto").lower()
        return storage == "persistent" or (storage == "auto" and self.var_log_journal)


_JOURNALD_DIRS = ("/etc/systemd", "/run/systemd", "/usr/local/lib/systemd", "/usr/lib/systemd")

JOURNALD_SCRIPT = r"""
for p in /lib/systemd/systemd-journald /usr/lib/systemd/systemd-journald; do
  [ -x "$p" ] && sec binary "$p"
done
for p in /lib/systemd/systemd-journal-upload /usr/lib/systemd/systemd-journal-upload; do
  [ -x "$p" ] && sec upload-binary "$p"
done
for p in /lib/systemd/systemd-journal-remote /usr/lib/systemd/systemd-journal-remote; do
  [ -x "$p" ] && sec remote-binary "$p"
done
[ -d /var/log/journal ] && sec var-log-journal
if command -v systemctl >/dev/null 2>&1; then
  t=""; command -v timeout >/dev/null 2>&1 && t="timeout 10"
  for u in systemd-journal-upload.service systemd-journal-remote.socket \
      systemd-journal-remote.service; do
    sec unit "$u"
    $t systemctl is-enabled "$u" 2>/dev/null | head -n 1
  done
fi
sec files
set --  # the files of each directory in turn, for one dump_files
for d in /etc/systemd /run/systemd /usr/local/lib/systemd /usr/lib/systemd; do
  set -- "$@" "$d/journald.conf" "$d"/journald.conf.d/*.conf \
    "$d/journal-upload.conf" "$d"/journal-upload.conf.d/*.conf
done
dump_files "$@"
"""


def _main_file(files: dict[str, FileDump], name: str) -> str | None:
    """The main file ``name`` systemd reads: the first of the directories that has one."""
    return next((f"{d}/{name}" for d in _JOURNALD_DIRS if f"{d}/{name}" in files), None)


def merge_systemd_config(
    files: dict[str, FileDump], name: str, section: str
) -> dict[str, tuple[str, str]]:
    """``section`` settings of config ``name`` (journald.conf...) merged as systemd does.

    Values are (value, file that set it).
    """
    main = _main_file(files, name)
    dropins: dict[str, str] = {}
    for directory in reversed(_JOURNALD_DIRS):
        prefix = f"{directory}/{name}.d/"
        for path in files:
            if path.startswith(prefix):
                dropins[path[len(prefix) :]] = path
    ordered = ([main] if main else []) + [dropins[k] for k in sorted(dropins)]
    settings: dict[str, tuple[str, str]] = {}
    for path in ordered:
        current = ""
        for line in files[path].lines():
            line = line.strip()
            if not line or line.startswith(("#", ";")):
                continue
            if line.startswith("["):
                current = line.strip("[]")
            elif current == section and "=" in line:
                key, _, value = line.partition("=")
                settings[key.strip()] = (value.strip(), path)
    return settings


def commented_defaults(files: dict[str, FileDump], name: str, section: str) -> dict[str, str]:
    """``#Key=value`` lines of ``section`` in the main file ``name``: systemd's stock files list
    the compiled-in defaults that way."""
    main = _main_file(files, name)
    found: dict[str, str] = {}
    current = ""
    for line in files[main].lines() if main else []:
        line = line.strip()
        if line.startswith("["):
            current = line.strip("[]")
        elif current == section and (match := re.match(r"^#\s*([A-Za-z]+)=(.*)$", line)):
            found.setdefault(match.group(1), match.group(2).strip())
    return found


@collector("log_journald", JOURNALD_SCRIPT)
def parse_journald(raw: Raw) -> Journald:
    """systemd-journald: installed, merged journald.conf settings, /var/log/journal present,
    systemd-journal-remote's programs, units and upload settings."""
    installed, var_log_journal, upload, remote = False, False, False, False
    files: dict[str, FileDump] = {}
    units: dict[str, str] = {}
    for name, arg, lines in sections(raw.stdout):
        if name == "binary":
            installed = True
        elif name == "upload-binary":
            upload = True
        elif name == "remote-binary":
            remote = True
        elif name == "var-log-journal":
            var_log_journal = True
        elif name == "unit" and arg in JOURNAL_UNITS:
            units[arg] = next((x.strip() for x in lines if x.strip()), "")
        elif name == "files":
            files = split_files("\n".join(lines))
    return Journald(
        installed,
        merge_systemd_config(files, "journald.conf", "Journal"),
        var_log_journal,
        commented_defaults(files, "journald.conf", "Journal"),
        upload,
        remote,
        units,
        merge_systemd_config(files, "journal-upload.conf", "Upload"),
    )
