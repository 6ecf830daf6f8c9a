"""docs/checks.md: the catalogue of checks as a Markdown table, generated from the metadata."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.metadata import AREAS
from auditor.registry import Check
from auditor.standards import load_standards


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _references(check: Check) -> str:
    refs = check.meta.references
    parts = [
        f"{s.label} {', '.join(refs[key])}" for key, s in load_standards().items() if refs.get(key)
    ]
    return "; ".join(parts)


def checks_markdown(checks: Iterable[Check]) -> str:
    """The catalogue, grouped by area; regenerate with ``auditor checks list --format markdown``."""
    checks = sorted(checks, key=lambda c: (AREAS.index(c.meta.area), c.id))
    lines = [
        "# Checks",
        "",
        "Generated from the checks' metadata by `auditor checks list --format markdown`;",
        "do not edit by hand. `auditor checks show ID` gives the rationale, remediation",
        "and parameters.",
        "",
        f"{len(checks)} checks.",
        "",
        "| id | area | severity | applies to | title (vi) | title (en) | references |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for c in checks:
        m = c.meta
        lines.append(
            f"| `{m.id}` | {m.area} | {m.severity} | {', '.join(m.roles)} | {_cell(m.title.vi)} "
            f"| {_cell(m.title.en)} | {_cell(_references(c))} |"
        )
    return "\n".join(lines) + "\n"
