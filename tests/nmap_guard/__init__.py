"""The suite's nmap guard (the ``nmap`` script beside this file) and a reader of its log."""

from __future__ import annotations

import importlib.machinery
import importlib.util
from pathlib import Path

GUARD_DIR = Path(__file__).resolve().parent


def _guard_module():
    loader = importlib.machinery.SourceFileLoader("nmap_guard_script", str(GUARD_DIR / "nmap"))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def outside_loopback(log: Path) -> list[str]:
    """Targets in the guard's log that are not on 127.0.0.0/8."""
    if not log.exists():
        return []
    loopback = _guard_module().loopback
    targets = [t for line in log.read_text(encoding="utf-8").splitlines() for t in line.split("\t")]
    return [t for t in targets if t and not loopback(t)]
