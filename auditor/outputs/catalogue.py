"""The check catalogue and the profiles as `auditor checks` and `auditor profiles` show them."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from auditor.outputs.rows import print_rows
from auditor.profiles import Profile
from auditor.registry import Check

REMEDIATION = {"vi": "Khắc phục", "en": "Remediation"}


def print_checks(console: Console, checks: Sequence[Check], lang: str) -> None:
    rows = [(c.id, c.meta.area, c.meta.severity, c.meta.title.get(lang)) for c in checks]
    print_rows(("id", "area", "severity", "title"), rows, console)


def print_check(console: Console, check: Check) -> None:
    """Everything about one check, in Vietnamese and English."""
    m = check.meta
    console.print(f"[bold]{m.id}[/bold]  ({m.area}, {m.severity})")
    for lang in ("vi", "en"):
        console.print(f"\n[bold]{m.title.get(lang)}[/bold]")
        console.print(f"{m.rationale.get(lang)}")
        console.print(f"[italic]{REMEDIATION[lang]}:[/italic] {m.remediation.get(lang)}")
    console.print("\n[bold]References[/bold]")
    for key, values in m.references.items():
        if values:
            console.print(f"  {key}: {', '.join(values)}")
    console.print(f"\n[bold]Facts[/bold]: {', '.join(m.facts)}")
    console.print(f"[bold]Applies to[/bold]: {', '.join(m.roles)}")
    if m.parameters:
        console.print("[bold]Parameters[/bold]")
        for name, p in m.parameters.items():
            console.print(f"  {name} = {p.default!r}: {p.description.en} (source: {p.source})")
    console.print(f"[dim]{check.origin}[/dim]")


def print_profiles(console: Console, profiles: Sequence[Profile]) -> None:
    rows = [(p.id, p.model.extends or "-", str(len(p.checks)), p.model.title.en) for p in profiles]
    print_rows(("id", "extends", "checks", "title"), rows, console)


def print_profile(console: Console, profile: Profile) -> None:
    """The checks a profile runs, with the parameters it sets."""
    console.print(f"[bold]{profile.id}[/bold]: {profile.model.title.vi} / {profile.model.title.en}")
    if profile.model.extends:
        console.print(f"extends: {profile.model.extends}")
    table = Table()
    for col in ("check", "area", "severity", "parameters"):
        table.add_column(col, overflow="fold")
    for check in profile.checks:
        params = ", ".join(f"{k}={v!r}" for k, v in profile.params_for(check).items())
        table.add_row(check.id, check.meta.area, check.meta.severity, params or "-")
    console.print(table)
