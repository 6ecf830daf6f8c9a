"""Fact collectors, registered by importing every module of this package (and plug-ins)."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from importlib.metadata import entry_points

from auditor.facts.base import COLLECTORS, Collector

ENTRY_POINT_GROUP = "auditor.facts"


@cache
def load_collectors() -> dict[str, Collector]:
    """Every registered collector by name: built-in modules, then ``auditor.facts`` plug-ins."""
    for info in pkgutil.iter_modules(__path__):
        if info.name not in {"base", "script"}:
            importlib.import_module(f"{__name__}.{info.name}")
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        importlib.import_module(ep.value.split(":")[0])
    return dict(COLLECTORS)
