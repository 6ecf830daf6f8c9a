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
    rows = [
        (p.id, p.model.extends or "-", str(len(p.requirements)), str(len(p.checks)),
         p.model.title.en)
        for p in profiles
    ]  # fmt: skip
    print_rows(("id", "extends", "requirements", "checks", "title"), rows, console)


def _params(values: dict[str, object]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in values.items())


def print_profile(console: Console, profile: Profile, lang: str = "vi") -> None:
    """The profile's requirements and the checks that evidence each, with the thresholds for
    each role and their sources; then the checks run without a requirement, if any."""
    model = profile.model
    console.print(f"[bold]{profile.id}[/bold]: {model.title.get(lang)}", highlight=False)
    if profile.chain[1:]:
        console.print(f"extends: {' -> '.join(profile.chain[1:])}", highlight=False)
    if model.standard:
        console.print(f"standard: {model.standard}", highlight=False)
    table = Table()
    for col in ("requirement", "check", "roles", "thresholds", "source"):
        table.add_column(col, overflow="fold")
    for req in profile.requirements:
        head = f"{req.id} ({req.clause})\n{req.title.get(lang)}"
        if req.manual:
            questions = "\n".join(f"? {q.get(lang)}" for q in req.questions)
            table.add_row(head, "manual", ", ".join(req.roles), questions, "", end_section=True)
            continue
        for i, e in enumerate(req.evidence):
            table.add_row(
                head if i == 0 else "",
                e.check_id,
                ", ".join(e.roles),
                _params(e.parameters) or "defaults",
                e.source.cite() if e.source else "",
                end_section=i == len(req.evidence) - 1,
            )
    if profile.requirements:
        console.print(table)
    required = {c for r in profile.requirements for c in r.check_ids()}
    rest = [c for c in profile.checks if c.id not in required]
    if rest:
        plain = Table(title="Checks run without a requirement")
        for col in ("check", "roles", "parameters"):
            plain.add_column(col, overflow="fold")
        for check in rest:
            roles = ", ".join(profile.selection[check.id])
            plain.add_row(check.id, roles, _params(profile.params_for(check)) or "-")
        console.print(plain)
