"""sshd offers no weak cipher, MAC or key-exchange algorithm."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.messages import Message
from auditor.outcome import Outcome, failed, passed, skipped

KINDS = (("ciphers", "weak_ciphers"), ("macs", "weak_macs"), ("kexalgorithms", "weak_kex"))


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    sshd = facts["sshd"]
    if sshd is None:
        return skipped("no SSH server installed")
    weak: list[Message] = []
    evidence: list[str] = []
    for key, param in KINDS:
        offered = ",".join(sshd.get(key, [])).split(",")
        evidence.append(f"{key} {','.join(offered)}")
        bad = [a for a in offered if any(fnmatch.fnmatch(a, p) for p in params[param])]
        if bad:
            weak.append(Message.of("{key}: {algorithms}", key=key, algorithms=bad))
    if weak:
        return failed("sshd offers weak algorithms: {weak}", evidence, weak=weak)
    return passed("sshd offers no weak cipher, MAC or key-exchange algorithm", evidence)
