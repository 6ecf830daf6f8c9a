"""Keys authorised to log in are strong enough (no DSA, no short RSA or ECDSA)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.cred_keys import PublicKey
from auditor.outcome import Outcome, failed, passed


def weakness(key: PublicKey, params: Mapping[str, Any]) -> str:
    """Why ``key`` is too weak, or ``""``."""
    base = key.type.removesuffix("-cert-v01@openssh.com")
    if base == "ssh-dss":
        return "DSA"
    if key.bits is None:
        return ""
    if base == "ssh-rsa" and key.bits < params["min_rsa_bits"]:
        return f"RSA under {params['min_rsa_bits']} bits"
    if base.startswith("ecdsa-") and key.bits < params["min_ecdsa_bits"]:
        return f"ECDSA under {params['min_ecdsa_bits']} bits"
    return ""


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    files = facts["ssh_user_keys"].authorized
    weak, notes, count = [], [], 0
    for f in files:
        for key in f.keys:
            count += 1
            if key.error:
                notes.append(f"{f.path}: ignored line ({key.type}: {key.error})")
            elif why := weakness(key, params):
                weak.append(f"{f.user}: {key.describe()} in {f.path} ({why})")
    if weak:
        return failed(f"{len(weak)} weak key(s) may log in: " + "; ".join(weak), weak + notes)
    return passed(
        f"all {count - len(notes)} authorised key(s) in {len(files)} file(s) are strong", notes
    )
