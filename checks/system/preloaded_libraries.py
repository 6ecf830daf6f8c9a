"""No library is preloaded into every program unless it is approved."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from typing import Any

from auditor.facts.base import Facts
from auditor.facts.ld_preload import LdPreload
from auditor.outcome import Outcome, failed, passed


def evaluate(facts: Facts, params: Mapping[str, Any]) -> Outcome:
    found: LdPreload = facts["ld_preload"]
    approved = list(params["approved"])
    unapproved = [
        lib
        for lib in found.libraries
        if lib.loaded and not any(fnmatch.fnmatch(lib.path or "", p) for p in approved)
    ]
    evidence = [f"/etc/ld.so.preload: {lib.describe()}" for lib in found.libraries]
    if found.environment:
        evidence.append(f"/etc/environment: {found.environment}")
    if unapproved or found.environment:
        what = [lib.describe() for lib in unapproved]
        if found.environment:
            what.append(f"/etc/environment {found.environment}")
        return failed(
            "a library is preloaded into every program without approval: {what}",
            evidence,
            what=what,
        )
    loaded = [lib.word for lib in found.libraries if lib.loaded]
    if loaded:
        return passed(
            "only approved libraries are preloaded: {libraries}", evidence, libraries=loaded
        )
    if found.libraries:
        return passed(
            "no library is preloaded: the words of /etc/ld.so.preload name no library", evidence
        )
    return passed(
        "no library is preloaded into every program (/etc/ld.so.preload is absent or empty)"
    )
