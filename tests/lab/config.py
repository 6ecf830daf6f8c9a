"""Paths and constants shared by the lab modules."""

from __future__ import annotations

import os
from pathlib import Path

LAB_DIR = Path(__file__).resolve().parent
SH_DIR = LAB_DIR / "sh"
PACKAGES_DIR = LAB_DIR / "packages"
BASELINE_DIR = LAB_DIR / "baseline"
SCENARIOS_DIR = LAB_DIR / "scenarios"
VM_DIR = LAB_DIR / "vm"

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

# Virtual machines (scenarios with "# machine: vm"): hosts with their own kernel, disk and
# network, for what a namespace host shares with the machine (audit subsystem, block devices,
# interface addresses). QEMU's user network: the guest's only address, and the address at which
# it reaches the machine's loopback (where the lab's NTP server listens).
VM_RELEASE = "bookworm"
VM_NETWORK = "10.0.2.0/24"
VM_GUEST_ADDRESS = "10.0.2.15/24"
VM_MACHINE_ALIAS = "10.0.2.2"
VM_MEMORY_MB = 1024
VM_DISK_SIZE = "2G"
VM_BOOT_TIMEOUT = 420.0
VM_PARALLEL = 2  # guests booted at once (one emulated CPU each)
# A guest's command timeout in lab inventories (the auditor's default is 300 s): emulated, and
# scanned beside the other guests, it runs the facts script many times slower than a real host.
VM_COMMAND_TIMEOUT = 600
VM_PROVISION_TIMEOUT = 1800.0

# Where, inside an image, the withheld security update is kept.
WITHHELD_DIR = "/var/cache/auditor-lab/withheld"

# Environment every command run inside an image starts from.
CLEAN_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LC_ALL": "C",
    "HOME": "/root",
    "DEBIAN_FRONTEND": "noninteractive",
}
