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

from auditor.i18n import translator
from auditor.outputs.inert import inert
from auditor.results import HostReport


def host_line(report: HostReport, lang: str = "en") -> str:
    """A stable one-line account of one host, for logs and non-terminal output."""
    _ = translator(lang)
    s = report.spec
    took = f"{report.duration or 0.0:.1f}s"
    where = f"{s.unit_id}/{s.name} {s.address}"
    if report.status != "ok":
        return _("{where}: {status}: {error} ({took})").format(
            where=where, status=report.status, error=report.error, took=took
        )
    c = Counter(r.status for r in report.results)
    names = {"pass": _("pass"), "fail": _("fail"), "error": _("error"), "skip": _("skip"),
             "waived": _("waived")}  # fmt: skip
    parts = ", ".join(f"{c[k]} {names[k]}" for k in names if c[k])
    if report.network_only:
        return _("{where}: ok from the network only, {parts} ({took})").format(
            where=where, parts=parts or _("no results"), took=took
        )
    if not report.privileged:
        return _("{where}: ok without root, {parts} ({took})").format(
            where=where, parts=parts or _("no results"), took=took
        )
    return _("{where}: ok, {parts} ({took})").format(
        where=where, parts=parts or _("no results"), took=took
    )


class ScanProgress:
    """A progress bar on a terminal; one plain line per finished host otherwise."""

    def __init__(self, console: Console, total: int, quiet: bool = False, lang: str = "en") -> None:
        _ = translator(lang)
        self.lang = lang
        self.console = console
        self.total = total
        self.done = 0
        self.quiet = quiet
        self.bar: Progress | None = None
        if console.is_terminal and not quiet:
            self.bar = Progress(
                TextColumn("[bold]" + _("auditing")),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn(_("hosts")),
                TimeElapsedColumn(),
                TextColumn(_("ETA")),
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
                self.bar.console.print(inert(host_line(report, self.lang), "yellow"))
        elif not self.quiet:
            width = len(str(self.total))
            self.console.print(
                inert(f"[{self.done:>{width}}/{self.total}] {host_line(report, self.lang)}"),
                highlight=False,
                soft_wrap=True,
            )
