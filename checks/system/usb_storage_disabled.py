"""USB mass storage cannot be used on terminals: the usb-storage module is disabled."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.usb_storage import UsbStorage
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    usb: UsbStorage = facts["usb_storage"]
    evidence = [
        *usb.install_disabled,
        *usb.blacklisted,
        f"module in the running kernel: {usb.module}",
    ]
    if usb.loaded is not None and params["check_running_state"]:
        evidence.append(f"usb_storage loaded: {'yes' if usb.loaded else 'no'}")
        if usb.loaded:
            return failed("the usb_storage module is loaded (/proc/modules)", evidence)
    if usb.module == "built-in":
        return failed(
            "usb-storage is built into the kernel: modprobe rules cannot disable it", evidence
        )
    if usb.install_disabled or (usb.blacklisted and params["blacklist_is_enough"]):
        if usb.install_disabled:
            return passed("usb-storage is disabled by a modprobe install rule", evidence)
        return passed("usb-storage is disabled by a modprobe blacklist", evidence)
    if usb.module == "absent":
        return passed("the running kernel has no usb-storage module", evidence)
    if usb.blacklisted:
        return failed(
            "usb-storage is only blacklisted (it can still be loaded by name); "
            "no 'install usb-storage /bin/false' rule",
            evidence,
        )
    return failed(
        "usb-storage is not disabled: no 'install usb-storage /bin/false' or blacklist "
        "rule in modprobe.d",
        evidence,
    )
