"""Keys authorised to log in are strong enough (no DSA, no short RSA or ECDSA)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.ssh_user_keys import PublicKey
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed


def weakness(key: PublicKey, params: Mapping[str, Any]) -> Message | None:
    """Why ``key`` is too weak, or None."""
    base = key.type.removesuffix("-cert-v01@openssh.com")
    if base == "ssh-dss":
        return Message.of("DSA")
    if key.bits is None:
        return None
    if base == "ssh-rsa" and key.bits < params["min_rsa_bits"]:
        return Message.of("RSA under {bits} bits", bits=params["min_rsa_bits"])
    if base.startswith("ecdsa-") and key.bits < params["min_ecdsa_bits"]:
        return Message.of("ECDSA under {bits} bits", bits=params["min_ecdsa_bits"])
    return None


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    files = facts["ssh_user_keys"].authorized
    weak: list[Message] = []
    notes: list[str] = []
    count = 0
    for f in files:
        for key in f.keys:
            count += 1
            if key.error:
                notes.append(f"{f.path}: ignored line ({key.type}: {key.error})")
            elif why := weakness(key, params):
                weak.append(
                    Message.of(
                        "{user}: {key} in {path} ({why})",
                        user=f.user,
                        key=key.describe(),
                        path=f.path,
                        why=why,
                    )
                )
    if weak:
        return failed(
            "{count} weak key(s) may log in: {keys}",
            [m.render("en") for m in weak] + notes,
            count=len(weak),
            keys=weak,
        )
    return passed(
        "all {count} authorised key(s) in {files} file(s) are strong",
        notes,
        count=count - len(notes),
        files=len(files),
    )
