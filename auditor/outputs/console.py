"""Progress on the terminal while hosts are audited: a bar, or one stable line per host."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from auditor.results import HostReport


def host_line(report: HostReport) -> str:
    """A stable one-line account of one host, for logs and non-terminal output."""
    s = report.spec
    took = (report.finished - report.started).total_seconds() if report.finished else 0.0
    where = f"{s.unit_id}/{s.name} {s.address}"
    if report.status != "ok":
        return f"{where}: {report.status}: {report.error} ({took:.1f}s)"
    c = Counter(r.status for r in report.results)
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
