"""Listings: a table on a terminal, tab-separated lines with a header row otherwise."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console
from rich.table import Table

from auditor.store.records import ScanSummary


def print_rows(headers: Sequence[str], rows: Iterable[Sequence[str]], console: Console) -> None:
    if console.is_terminal:
        table = Table()
        for header in headers:
            table.add_column(header, overflow="fold")
        for row in rows:
            table.add_row(*row)
        console.print(table)
        return
    for row in (headers, *rows):
        console.file.write("\t".join(cell.replace("\t", " ") for cell in row) + "\n")


def print_history(console: Console, scans: Iterable[ScanSummary]) -> None:
    """``auditor history``: a row per stored scan."""
    headers = ("scan", "quarter", "started", "finished", "profile", "hosts", "audited", "fails")
    rows = [
        (
            str(s.id),
            s.quarter,
            s.started,
            (s.finished or "-") + (" (interrupted)" if s.interrupted else ""),
            s.profile,
            str(s.hosts),
            str(s.audited),
            str(s.failures),
        )
        for s in scans
    ]
    print_rows(headers, rows, console)
