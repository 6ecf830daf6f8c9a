"""The summary a person reads at a terminal: findings, results by area and severity, coverage."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator

from rich.console import Console
from rich.table import Table

from auditor.i18n import translator
from auditor.metadata import AREAS, SEVERITIES
from auditor.outputs import OutputFormat
from auditor.outputs.inert import inert
from auditor.outputs.view import ScanView
from auditor.results import HOST_STATUSES
from auditor.store.records import StoredHost

FAIL_SEVERITIES = tuple(reversed(SEVERITIES))
SHORT = {"critical": "crit", "high": "high", "medium": "med", "low": "low", "info": "info"}
FILE_WIDTH = 160


def summary_table(view: ScanView) -> Table:
    """Results by area: pass, fail per severity, error, skip, waived."""
    _ = translator(view.lang)
    table = Table(
        title=_("Results by area and severity"),
        caption=_("crit … info: failing results by severity"),
    )
    table.add_column(_("area"), no_wrap=True)
    table.add_column(_("pass"), justify="right")
    for sev in FAIL_SEVERITIES:
        table.add_column(SHORT[sev], justify="right")
    for col in (_("error"), _("skip"), _("waived")):
        table.add_column(col, justify="right")
    totals: Counter[tuple[str, str]] = Counter()
    for host in view.scan.hosts:
        for r in host.results:
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


def findings_table(view: ScanView, limit: int = 50) -> Table:
    """Failing and erroring checks: per result for one host, per check across many."""
    _ = translator(view.lang)
    hosts = view.scan.hosts
    if len(hosts) == 1:
        table = Table(title=inert(_("Findings on {host}").format(host=hosts[0].name)))
        for col in (_("check"), _("severity"), _("status"), _("message")):
            table.add_column(col, overflow="fold")
        order = {s: i for i, s in enumerate(FAIL_SEVERITIES)}
        rows = sorted(
            (r for r in hosts[0].results if r.status in ("fail", "error")),
            key=lambda r: (r.status != "fail", order[r.severity], r.check_id),
        )
        for r in rows[:limit]:
            table.add_row(inert(r.check_id), r.severity, r.status, inert(view.message(r)))
        return table
    table = Table(title=_("Failing checks across hosts"))
    for col in (_("check"), _("severity"), _("hosts failing"), _("hosts in error")):
        table.add_column(col)
    fails: Counter[tuple[str, str]] = Counter()
    errors: Counter[str] = Counter()
    for host in hosts:
        for r in host.results:
            if r.status == "fail":
                fails[(r.check_id, r.severity)] += 1
            elif r.status == "error":
                errors[r.check_id] += 1
    for (check_id, severity), n in fails.most_common(limit):
        table.add_row(inert(check_id), severity, str(n), str(errors.get(check_id, 0)))
    return table


def not_audited_line(host: StoredHost) -> str:
    return f"{host.unit_id}/{host.name} {host.address}: {host.status}: {host.error}"


def caveat_line(view: ScanView, host: StoredHost) -> str:
    """An ``ok`` host the reader must not take for clean: audited without root."""
    return f"{host.unit_id}/{host.name} {host.address}: {host.status}, {view.caveat(host)}"


def coverage_line(view: ScanView) -> str:
    scan = view.scan
    c = Counter(h.status for h in scan.hosts)
    parts = ", ".join(f"{c[s]} {s}" for s in HOST_STATUSES if c[s])
    _ = translator(view.lang)
    without_root = [h for h in scan.hosts if h.without_root]
    if without_root:
        unjudged = sum(h.not_judged for h in without_root)
        parts += "; " + _("{hosts} audited without root: {count} checks not judged").format(
            hosts=len(without_root), count=unjudged
        )
    network_only = sum(h.network_only and h.status == "ok" for h in scan.hosts)
    if network_only:
        parts += "; " + _("{hosts} audited from the network only").format(hosts=network_only)
    planned = scan.hosts_planned if scan.hosts_planned is not None else len(scan.hosts)
    stored = f"{len(scan.hosts)} of {planned}" if planned != len(scan.hosts) else str(planned)
    return _("hosts: {stored} ({parts})").format(stored=stored, parts=parts or _("none"))


def print_summary(console: Console, view: ScanView) -> None:
    """Findings, the area/severity summary and coverage, for a person at a terminal."""
    scan = view.scan
    console.print(findings_table(view))
    console.print(summary_table(view))
    for host in scan.hosts:
        if host.status != "ok":
            console.print(inert(not_audited_line(host)), highlight=False, soft_wrap=True)
        elif host.without_root or host.network_only:
            console.print(inert(caveat_line(view, host)), highlight=False, soft_wrap=True)
    _ = translator(view.lang)
    if scan.interrupted:
        template = _("scan {id} interrupted ({quarter}, profile {profile}): {coverage}")
    else:
        template = _("scan {id} ({quarter}, profile {profile}): {coverage}")
    shown = template.format(
        id=scan.id, quarter=scan.quarter, profile=scan.profile, coverage=coverage_line(view)
    )
    console.print(inert(shown), highlight=False)


def render_table(view: ScanView) -> Iterator[str]:
    out = io.StringIO()
    print_summary(Console(file=out, width=FILE_WIDTH, no_color=True, highlight=False), view)
    yield out.getvalue()


FORMAT = OutputFormat("table", (".txt",), render_table, "the terminal summary as plain text")
