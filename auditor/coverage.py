"""How the checks cover a public benchmark: each recommendation of its sections in this
project's areas, the checks whose metadata cites it, or the reason it is declined.

A benchmark is data (``standards/cis-*.yaml``): its sections, recommendations (number, our short
title, automated or manual, levels) and, for those no check covers by design, the reason. Checks
cite a recommendation in ``references: cis:`` as ``"<cited_as> <number>"``. A benchmark for
another family (RHEL 9) names the benchmark it follows (``equivalent_of``) and, for each of its
recommendations with the same subject there, that one's number (``same_as``): the checks
covering that recommendation, or its reason for being declined, carry over.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from auditor.registry import Check
from auditor.resources import builtin_dir
from auditor.yamlfile import read_yaml

BENCHMARK_FILE = "cis-debian-12-v1.1.0.yaml"
EQUIVALENT_FILES = ("cis-rhel-9-v2.0.0.yaml",)


@dataclass(frozen=True)
class Recommendation:
    id: str
    title: str
    automated: bool
    levels: tuple[str, ...]
    declined: str | None = None  # why no check covers it, when that is a decision
    same_as: str | None = None  # the recommendation with this subject in ``equivalent_of``


@dataclass(frozen=True)
class Benchmark:
    name: str
    file: str
    cited_as: str
    sections: tuple[tuple[str, str], ...]  # (number, title)
    recommendations: tuple[Recommendation, ...]
    equivalent_of: str | None = None  # the file of the benchmark ``same_as`` numbers refer to

    def section_of(self, rec: Recommendation) -> str:
        return next(s for s, _ in self.sections if rec.id == s or rec.id.startswith(f"{s}."))


@cache
def load_benchmark(name: str = BENCHMARK_FILE) -> Benchmark:
    data = read_yaml(builtin_dir("standards") / name)[0]
    return Benchmark(
        data["benchmark"],
        name,
        data["cited_as"],
        tuple((str(s["id"]), s["title"]) for s in data["sections"]),
        tuple(
            Recommendation(str(r["id"]), r["title"], bool(r["automated"]),
                           tuple(r.get("levels", ())), r.get("declined"), r.get("same_as"))
            for r in data["recommendations"]
        ),
        data.get("equivalent_of"),
    )  # fmt: skip


@dataclass(frozen=True)
class Covered:
    """A recommendation and the checks that cover it."""

    recommendation: Recommendation
    checks: tuple[str, ...]
    declined: str | None = None  # its own reason, or that of the recommendation it is the same as

    @property
    def state(self) -> str:
        if self.checks:
            return "covered"
        return "declined" if self.declined else "not covered"


def citations(benchmark: Benchmark, checks: Mapping[str, Check]) -> dict[str, list[str]]:
    """Recommendation number -> the checks citing it (any number cited, known or not)."""
    prefix = f"{benchmark.cited_as} "
    cited: dict[str, list[str]] = {}
    for check in checks.values():
        for ref in check.meta.references.get("cis", []):
            if ref.startswith(prefix):
                cited.setdefault(ref.removeprefix(prefix).strip(), []).append(check.id)
    return cited


def coverage(benchmark: Benchmark, checks: Mapping[str, Check]) -> list[Covered]:
    """Each recommendation with the checks citing it (or its equivalent) and its reason."""
    cited = citations(benchmark, checks)
    followed: dict[str, Covered] = {}
    if benchmark.equivalent_of:
        followed = {
            c.recommendation.id: c
            for c in coverage(load_benchmark(benchmark.equivalent_of), checks)
        }
    rows = []
    for rec in benchmark.recommendations:
        same = followed.get(rec.same_as or "")
        found = {*cited.get(rec.id, ()), *(same.checks if same else ())}
        rows.append(
            Covered(rec, tuple(sorted(found)), rec.declined or (same.declined if same else None))
        )
    return rows


def share(rows: list[Covered]) -> tuple[int, int]:
    """(covered, total) over the automated recommendations."""
    automated = [r for r in rows if r.recommendation.automated]
    return sum(1 for r in automated if r.checks), len(automated)


def _summary(benchmark: Benchmark, rows: list[Covered]) -> str:
    covered, total = share(rows)
    declined = sum(1 for r in rows if r.recommendation.automated and r.state == "declined")
    return (
        f"Automated recommendations in scope: {total}; covered by a check: {covered} "
        f"({100 * covered / total:.0f} %); declined with a reason: {declined}; not covered: "
        f"{total - covered - declined}."
    )


def _sections(benchmark: Benchmark, rows: list[Covered], level: str) -> list[str]:
    lines: list[str] = []
    same = benchmark.equivalent_of is not None
    for number, title in benchmark.sections:
        in_section = [r for r in rows if benchmark.section_of(r.recommendation) == number]
        done, count = share(in_section)
        lines += [f"{level} {number} {title} ({done} of {count} automated covered)", ""]
        if same:
            lines += ["| Recommendation | | Same as | Checks or reason |", "|---|---|---|---|"]
        else:
            lines += ["| Recommendation | | Checks or reason |", "|---|---|---|"]
        for r in in_section:
            rec = r.recommendation
            kind = "automated" if rec.automated else "manual"
            shown = ", ".join(f"`{c}`" for c in r.checks) or (
                f"declined: {r.declined}" if r.declined else "—"
            )
            if same:
                lines.append(f"| {rec.id} {rec.title} | {kind} | {rec.same_as or '—'} | {shown} |")
            else:
                lines.append(f"| {rec.id} {rec.title} | {kind} | {shown} |")
        lines.append("")
    return lines


def coverage_markdown(checks: Mapping[str, Check]) -> str:
    """docs/coverage.md: for the benchmark, then each one that follows it, the share covered
    and each section's recommendations."""
    benchmark = load_benchmark()
    rows = coverage(benchmark, checks)
    lines = [
        f"# Coverage of the {benchmark.name}",
        "",
        "Generated by `auditor checks coverage` from the checks' metadata (`references: cis:`) and",
        f"`standards/{benchmark.file}`; a test keeps it current.",
        "",
        f"{_summary(benchmark, rows)} Manual recommendations are listed for completeness; the "
        "inspectors answer them as manual requirements of a profile.",
        "",
        *_sections(benchmark, rows, "##"),
    ]
    for name in EQUIVALENT_FILES:
        other = load_benchmark(name)
        other_rows = coverage(other, checks)
        lines += [
            f"## {other.name} (RHEL-family hosts)",
            "",
            f'From `standards/{other.file}`. "Same as" names the recommendation of the '
            f"{benchmark.name} with the same subject: the checks covering it judge RHEL-family "
            "hosts too, whose layouts (rpm and dnf, `system-auth`/`password-auth`, "
            "`/etc/sysconfig`) their collectors read. A check may also cite a number of this "
            f'benchmark directly (`"{other.cited_as} <number>"`).',
            "",
            _summary(other, other_rows),
            "",
            *_sections(other, other_rows, "###"),
        ]
    return "\n".join(lines)
