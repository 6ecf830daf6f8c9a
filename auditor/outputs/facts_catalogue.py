"""``auditor facts list|show``: the facts a check can declare, for people writing checks — what
gathers each (a collector's shell and parser, a controller-side probe, or the runner), what it
returns, the shared inputs it reads, and the checks that use it."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rich.console import Console

from auditor.errors import UsageError
from auditor.facts import load_collectors
from auditor.facts.base import SHARED_INPUTS, Target
from auditor.outputs.rows import print_rows
from auditor.probes import PROBES
from auditor.registry import RUNNER_FACTS, Check

RECORDED = Path(__file__).resolve().parents[2] / "tests" / "data" / "facts"


@dataclass(frozen=True)
class FactInfo:
    """One fact as a check's author needs to know it."""

    name: str
    kind: str  # collector, probe or runner
    description: str
    source: str  # the function that gathers or parses it, as module:function
    returns: str
    needs_root: bool = False
    shared: tuple[str, ...] = ()
    script: str = ""
    checks: tuple[str, ...] = ()

    def recorded(self) -> list[Path]:
        """Recorded outputs of a collector in a source checkout (tests/data/facts/NAME/)."""
        folder = RECORDED / self.name
        return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []


def _source(func: Any) -> tuple[str, str]:
    returns = inspect.signature(func).return_annotation
    shown = returns if isinstance(returns, str) else getattr(returns, "__name__", str(returns))
    return f"{func.__module__}:{func.__qualname__}", shown


def fact_catalogue(checks: Mapping[str, Check]) -> dict[str, FactInfo]:
    """Every fact by name, with the checks that declare it."""
    users: dict[str, list[str]] = {}
    for check in checks.values():
        for name in check.meta.facts:
            users.setdefault(name, []).append(check.id)
    found: dict[str, FactInfo] = {}
    for c in load_collectors().values():
        source, returns = _source(c.parse)
        found[c.name] = FactInfo(c.name, "collector", c.description, source, returns,
                                 c.needs_root, c.uses, c.script.strip())  # fmt: skip
    for p in PROBES.values():
        source = "auditor.network.scanner:NetworkScanner"
        found[p.name] = FactInfo(p.name, "probe", p.description, source, p.returns)
    for name in RUNNER_FACTS:
        doc = (Target.__doc__ or "").strip().splitlines()[0]
        found[name] = FactInfo(name, "runner", doc, "auditor.facts.base:Target", "Target")
    return {
        name: replace(info, checks=tuple(sorted(users.get(name, []))))
        for name, info in sorted(found.items())
    }


def print_facts(console: Console, infos: Mapping[str, FactInfo]) -> None:
    rows = [
        (i.name, i.kind, "yes" if i.needs_root else "", ", ".join(i.shared), str(len(i.checks)),
         i.description)
        for i in infos.values()
    ]  # fmt: skip
    print_rows(("fact", "kind", "root", "shared inputs", "checks", "description"), rows, console)


def print_fact(console: Console, infos: Mapping[str, FactInfo], name: str) -> None:
    """Everything about one fact. Rich's Syntax (with Pygments) is imported here, not with
    the CLI, which imports this module for every command."""
    from rich.syntax import Syntax

    info = infos.get(name)
    if info is None:
        raise UsageError("unknown fact {name!r} (see 'auditor facts list')", name=name)
    console.print(f"[bold]{info.name}[/bold] ({info.kind}): {info.description}", highlight=False)
    console.print(f"gathered by {info.source}, returns {info.returns}", highlight=False)
    if info.kind == "collector":
        console.print(f"needs root: {'yes' if info.needs_root else 'no'}", highlight=False)
    for shared in info.shared:
        console.print(
            f"reads with 'shared {shared}' the shared input gathered by:", highlight=False
        )
        console.print(Syntax(SHARED_INPUTS[shared].script.strip(), "bash", word_wrap=True))
    if info.script:
        console.print("shell run on the host:")
        console.print(Syntax(info.script, "bash", word_wrap=True))
    console.print(f"checks: {', '.join(info.checks) or 'none'}", highlight=False)
    recorded = info.recorded()
    if recorded:
        where = RECORDED.relative_to(RECORDED.parents[2]) / info.name
        console.print(f"recorded outputs ({where}/): {', '.join(p.name for p in recorded)}",
                      highlight=False)  # fmt: skip
