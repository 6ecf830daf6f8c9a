"""The scan as CSV for spreadsheets: a row per host and check, a row per host not audited.

UTF-8 with a byte order mark so spreadsheet software reads Vietnamese correctly; a cell that a
spreadsheet would take for a formula gets a leading ``'`` (OWASP's CSV injection advice).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from auditor.outputs import OutputFormat
from auditor.outputs.view import ScanView
from auditor.store.records import StoredHost, StoredResult

BOM = "\ufeff"
COLUMNS = (
    "scan",
    "quarter",
    "profile",
    "unit",
    "unit_path",
    "host",
    "address",
    "role",
    "host_status",
    "host_error",
    "host_caveat",
    "check_id",
    "title",
    "area",
    "severity",
    "status",
    "message",
    "evidence",
    "waiver",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """``value`` as a cell no spreadsheet evaluates."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _row(view: ScanView, host: StoredHost, r: StoredResult | None) -> list[str]:
    scan = view.scan
    values: list[object] = [
        scan.id,
        scan.quarter,
        scan.profile,
        host.unit_id,
        " / ".join(scan.unit_path(host.unit_id)),
        host.name,
        host.address,
        host.role,
        host.status,
        host.error,
        view.caveat(host),
    ]
    if r is not None:
        values += [r.check_id, view.title(r.check_id), r.area, r.severity, r.status]
        values += [view.message(r), "\n".join(r.evidence), view.waiver_note(r)]
    values += [None] * (len(COLUMNS) - len(values))
    return [cell(v) for v in values]


def render_csv(view: ScanView) -> Iterator[str]:
    """A header row, then the rows of each host, written host by host."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    yield BOM + out.getvalue()
    for host in sorted(view.scan.hosts, key=lambda h: (h.unit_id, h.name)):
        out.seek(0)
        out.truncate()
        if host.status != "ok" and not host.results:
            writer.writerow(_row(view, host, None))
        for r in host.results:
            writer.writerow(_row(view, host, r))
        yield out.getvalue()


FORMAT = OutputFormat("csv", (".csv",), render_csv, "CSV (UTF-8 with BOM) for spreadsheets")
