"""Terminal output: progress while hosts are audited, then a summary by area and severity."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from auditor.metadata import AREAS, SEVERITIES
from auditor.results import HOST_STATUSES, HostReport, ScanInfo

FAIL_SEVERITIES = tuple(reversed(SEVERITIES))
SHORT = {"critical": "crit", "high": "high", "medium": "med", "low": "low", "info": "info"}


def count_statuses(report: HostReport) -> Counter[str]:
    return Counter(r.status for r in report.results)


def host_line(report: HostReport) -> str:
    """A stable one-line account of one host, for logs and non-terminal output."""
    s = report.spec
    took = (report.finished - report.started).total_seconds() if report.finished else 0.0
    where = f"{s.unit_id}/{s.name} {s.address}"
    if report.status != "ok":
        return f"{where}: {report.status}: {report.error} ({took:.1f}s)"
    c = count_statuses(report)
    parts = ", ".join(f"{c[k]} {k}" for k in ("pass", "fail", "error", "skip", "waived") if c[k])
    return f"{where}: ok, {parts or 'no results'} ({took:.1f}s)"


class ScanProgress:
    """A progress bar on a terminal; one plain line per finished host otherwise."""

    def __init__(self, console: Console, total: int, quiet: bool = False) -> None:
        self.console = console
        self.total = total
        self.done = 0
        self.quiet = quiet
        self.bar: Progress | None = None
        if console.is_terminal and not quiet:
            self.bar = Progress(
                TextColumn("[bold]auditing"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("hosts"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            self.task = self.bar.add_task("scan", total=total)

    def __enter__(self) -> ScanProgress:
        if self.bar:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.stop()

    def host_done(self, report: HostReport) -> None:
        self.done += 1
        if self.bar:
            self.bar.advance(self.task)
            if report.status != "ok":
                self.bar.console.print(f"[yellow]{host_line(report)}")
        elif not self.quiet:
            width = len(str(self.total))
            self.console.print(
                f"[{self.done:>{width}}/{self.total}] {host_line(report)}",
                highlight=False,
                soft_wrap=True,
            )


def summary_table(reports: Sequence[HostReport]) -> Table:
    """Results by area: pass, fail per severity, error, skip, waived."""
    table = Table(
        title="Results by area and severity",
        caption="crit … info: failing results by severity",
    )
    table.add_column("area", no_wrap=True)
    table.add_column("pass", justify="right")
    for sev in FAIL_SEVERITIES:
        table.add_column(SHORT[sev], justify="right")
    for col in ("error", "skip", "waived"):
        table.add_column(col, justify="right")
    totals: Counter[tuple[str, str]] = Counter()
    for report in reports:
        for r in report.results:
            key = (r.area, f"fail {r.severity}" if r.status == "fail" else r.status)
            totals[key] += 1
    for area in (*AREAS, "total"):

        def cell(col: str, area: str = area) -> str:
            n = sum(v for (a, c), v in totals.items() if c == col and area in (a, "total"))
            return str(n) if n else "-"

        cells = [cell("pass"), *(cell(f"fail {s}") for s in FAIL_SEVERITIES)]
        cells += [cell("error"), cell("skip"), cell("waived")]
        table.add_row(area, *cells, style="bold" if area == "total" else None)
    return table


def findings_table(reports: Sequence[HostReport], limit: int = 50) -> Table:
    """Failing and erroring checks: per result for one host, per check across many."""
    if len(reports) == 1:
        table = Table(title=f"Findings on {reports[0].spec.name}")
        for col in ("check", "severity", "status", "message"):
            table.add_column(col, overflow="fold")
        order = {s: i for i, s in enumerate(FAIL_SEVERITIES)}
        rows = sorted(
            (r for r in reports[0].results if r.status in ("fail", "error")),
            key=lambda r: (r.status != "fail", order[r.severity], r.check_id),
        )
        for r in rows[:limit]:
            table.add_row(r.check_id, r.severity, r.status, r.message)
        return table
    table = Table(title="Failing checks across hosts")
    for col in ("check", "severity", "hosts failing", "hosts in error"):
        table.add_column(col)
    fails: Counter[tuple[str, str]] = Counter()
    errors: Counter[str] = Counter()
    for report in reports:
        for r in report.results:
            if r.status == "fail":
                fails[(r.check_id, r.severity)] += 1
            elif r.status == "error":
                errors[r.check_id] += 1
    for (check_id, severity), n in fails.most_common(limit):
        table.add_row(check_id, severity, str(n), str(errors.get(check_id, 0)))
    return table


def coverage_line(reports: Sequence[HostReport]) -> str:
    c = Counter(r.status for r in reports)
    parts = ", ".join(f"{c[s]} {s}" for s in HOST_STATUSES if c[s])
    return f"hosts: {len(reports)} ({parts or 'none'})"


def print_summary(console: Console, scan: ScanInfo, reports: Sequence[HostReport]) -> None:
    """Findings, the area/severity summary and coverage, for a person at a terminal."""
    console.print(findings_table(reports))
    console.print(summary_table(reports))
    for report in reports:
        if report.status != "ok":
            console.print(host_line(report), highlight=False, soft_wrap=True)
    console.print(
        f"scan {scan.id} ({scan.quarter}, profile {scan.profile}): {coverage_line(reports)}",
        highlight=False,
    )
