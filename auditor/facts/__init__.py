"""Fact collectors, registered by importing every module of this package (and plug-ins).

Each built-in module other than ``base`` and ``script`` holds one collector, named after the
module (``sshd.py`` registers ``sshd``); helpers several facts parse with live in
``auditor.parsers``. The loader refuses anything else, as the check registry refuses a check
whose id is not its file name.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from functools import cache
from importlib.metadata import entry_points

from auditor.facts.base import COLLECTORS, Collector

ENTRY_POINT_GROUP = "auditor.facts"
FRAMEWORK_MODULES = frozenset({"base", "script", "walks"})


def misplaced(collectors: dict[str, Collector], modules: list[str]) -> list[str]:
    """Why the built-in ``modules`` do not each hold exactly the collector named after them."""
    defined = Counter(
        c.parse.__module__.removeprefix(f"{__name__}.")
        for c in collectors.values()
        if c.parse.__module__.startswith(f"{__name__}.")
    )
    problems = [
        f"{c.parse.__module__} registers {name!r}: a collector lives in the module named after it"
        for name, c in sorted(collectors.items())
        if c.parse.__module__.startswith(f"{__name__}.")
        and c.parse.__module__ != f"{__name__}.{name}"
    ]
    problems += [
        f"{__name__}.{module} holds {defined[module]} collectors, not one"
        for module in modules
        if defined[module] != 1
    ]
    return problems


@cache
def load_collectors() -> dict[str, Collector]:
    """Every registered collector by name: built-in modules, then ``auditor.facts`` plug-ins."""
    modules = [i.name for i in pkgutil.iter_modules(__path__) if i.name not in FRAMEWORK_MODULES]
    for name in modules:
        importlib.import_module(f"{__name__}.{name}")
    problems = misplaced(COLLECTORS, modules)
    if problems:
        raise RuntimeError("; ".join(problems))
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        importlib.import_module(ep.value.split(":")[0])
    return dict(COLLECTORS)
