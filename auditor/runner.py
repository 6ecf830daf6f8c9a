"""Audit many hosts with bounded concurrency; one host's failure or hang never affects another."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import UTC, datetime

from auditor.audit import HostAudit, ScanPlan, TransportFactory
from auditor.inventory import HostSpec
from auditor.results import HostReport

GRACE_SECONDS = 5.0


def _overdue(audit: HostAudit) -> HostReport:
    audit.abort()
    return HostReport(
        audit.spec,
        datetime.now(UTC),
        finished=datetime.now(UTC),
        status="error",
        error=f"host deadline of {audit.spec.host_timeout:g}s exceeded; the audit was abandoned",
    )


def run_scan(
    hosts: Sequence[HostSpec],
    plan: ScanPlan,
    factory: TransportFactory,
    concurrency: int,
    on_done: Callable[[HostReport], None],
) -> list[HostReport]:
    """Audit ``hosts``; ``on_done`` is called in this thread as each host finishes."""
    reports: list[HostReport] = []
    pool = ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="audit")
    try:
        pending: dict[Future[HostReport], HostAudit] = {
            pool.submit(audit.run): audit
            for audit in (HostAudit(spec, plan, factory) for spec in hosts)
        }
        while pending:
            done, _ = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
            for future in done:
                audit = pending.pop(future)
                report = future.result()
                reports.append(report)
                on_done(report)
            now = time.monotonic()
            for future, audit in list(pending.items()):
                deadline = audit.deadline()
                if deadline is not None and now > deadline + GRACE_SECONDS:
                    del pending[future]
                    report = _overdue(audit)
                    reports.append(report)
                    on_done(report)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return reports
