"""Paths and constants shared by the lab modules."""

from __future__ import annotations

import os
from pathlib import Path

LAB_DIR = Path(__file__).resolve().parent
SH_DIR = LAB_DIR / "sh"
PACKAGES_DIR = LAB_DIR / "packages"
BASELINE_DIR = LAB_DIR / "baseline"
SCENARIOS_DIR = LAB_DIR / "scenarios"

CACHE_DIR = Path(os.environ.get("AUDITOR_LAB_CACHE", "/var/cache/auditor-lab"))
RUN_ROOT = Path(os.environ.get("AUDITOR_LAB_RUN", "/run/auditor-lab"))

MIRROR = "http://deb.debian.org/debian"
SECURITY_MIRROR = "http://deb.debian.org/debian-security"
RELEASES = ("bookworm", "bullseye")
DEFAULT_RELEASE = "bookworm"

# Bump to rebuild every cached layer after changing how layers are built (base.py,
# withheld.py, baseline.py, chroot.py, sh/inroot.sh, sh/devices.sh).
BUILD_VERSION = "1"

ADDRESS_PREFIX = "127.0.10."
PORT = 2222
USER = "auditor"
BOOT_TIMEOUT = 30.0

# Where, inside an image, the withheld security update is kept.
WITHHELD_DIR = "/var/cache/auditor-lab/withheld"

# Environment every command run inside an image starts from.
CLEAN_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LC_ALL": "C",
    "HOME": "/root",
    "DEBIAN_FRONTEND": "noninteractive",
}
