"""The ``usb_storage`` fact: modprobe.d rules for usb-storage, whether it is loaded and present in
the kernel."""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.facts.base import (
    FactError,
    Raw,
    collector,
    section_files,
    split_sections,
)
from auditor.parsers.config import strip_comment, where

USB_STORAGE_SCRIPT = """
sec loaded
if [ -r /proc/modules ]; then
  grep -E '^usb_storage ' /proc/modules || echo not-loaded
else
  echo unreadable
fi
sec module
d=/lib/modules/$(uname -r)
if [ ! -d "$d" ]; then
  echo no-module-directory
elif grep -qE '/usb-storage\\.ko' "$d/modules.builtin" 2>/dev/null; then
  echo built-in
elif find "$d" -name 'usb-storage.ko*' 2>/dev/null | grep -q .; then
  echo available
else
  echo absent
fi
sec files
dump_files /etc/modprobe.d/*.conf /run/modprobe.d/*.conf /usr/lib/modprobe.d/*.conf \\
  /lib/modprobe.d/*.conf /etc/modprobe.conf
"""

_DISABLING = re.compile(r"install\s+usb[-_]storage\s+(/usr)?/bin/(false|true)\b")

_BLACKLIST = re.compile(r"blacklist\s+usb[-_]storage\b")


@dataclass(frozen=True)
class UsbStorage:
    """Whether modprobe refuses usb-storage, whether it is loaded and whether it exists."""

    install_disabled: tuple[str, ...]
    blacklisted: tuple[str, ...]
    loaded: bool | None
    module: str  # available | absent | built-in | no-module-directory


@collector("usb_storage", USB_STORAGE_SCRIPT)
def parse_usb_storage(raw: Raw) -> UsbStorage:
    """modprobe.d rules for usb-storage, whether it is loaded and present in the kernel."""
    parts = split_sections(raw.stdout)
    if "loaded" not in parts or "module" not in parts:
        raise FactError("unexpected output of the usb-storage collector")
    install, blacklist = [], []
    for path, dump in section_files(parts, "files").items():
        for number, line in enumerate(dump.lines(), 1):
            text = " ".join(strip_comment(line).split())
            if _DISABLING.match(text):
                install.append(where(path, number, line))
            elif _BLACKLIST.match(text):
                blacklist.append(where(path, number, line))
    state = next((x.strip() for x in parts["loaded"] if x.strip()), "unreadable")
    loaded = None if state == "unreadable" else state != "not-loaded"
    module = next((x.strip() for x in parts["module"] if x.strip()), "no-module-directory")
    return UsbStorage(tuple(install), tuple(blacklist), loaded, module)
