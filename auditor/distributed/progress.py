"""Follow a queued scan until every planned host is stored: a line every ``every`` hosts or
``seconds`` seconds; stop with the count when no job of the scan is left to run."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa

from auditor.distributed.database import conninfo
from auditor.distributed.queue import TASK
from auditor.errors import UsageError
from auditor.messages import Message
from auditor.store.database import Store, StoredScan
from auditor.store.tables import scans

JOBS = sa.text(
    "SELECT status, count(*) FROM procrastinate_jobs "
    "WHERE task_name = :task AND (args->>'scan')::int = :scan GROUP BY status"
)


class JobsLost(UsageError):
    """No job of a queued scan is left, yet some of its planned hosts are not stored."""


def wait_for(db: str | None, ref: str, show: Callable[[Message], None] | None) -> StoredScan:
    """The queued scan ``ref`` (as ``auditor results`` names one) once every planned host
    of it is stored, followed on the way (unless ``show`` is None)."""
    store = Store(conninfo(db), create=False)
    try:
        scan_id = store.resolve(ref)
        follow(store, scan_id, show)
        return store.load(scan_id)
    finally:
        store.close()


def follow(
    store: Store,
    scan_id: int,
    show: Callable[[Message], None] | None,
    every: int = 100,
    seconds: float = 5.0,
    poll: float = 0.5,
) -> None:
    """Return once every planned host of ``scan_id`` is stored (finishing the scan if no
    worker did); :class:`JobsLost` when its jobs ended (failed, cancelled) short of that."""
    shown_at, shown_count = time.monotonic(), -1
    while True:
        stored, planned, finished = _state(store, scan_id)
        if stored >= planned:
            if not finished:
                store.finish_scan(scan_id, datetime.now(UTC), False)
            break
        jobs = _jobs(store, scan_id)
        live = jobs.get("todo", 0) + jobs.get("doing", 0)
        if show is not None and (
            stored >= shown_count + every or time.monotonic() >= shown_at + seconds
        ):
            line = Message.of(
                "scan {scan}: {stored} of {planned} hosts stored; {doing} being audited, "
                "{todo} queued, {failed} failed",
                scan=scan_id, stored=stored, planned=planned, doing=jobs.get("doing", 0),
                todo=jobs.get("todo", 0), failed=jobs.get("failed", 0),
            )  # fmt: skip
            show(line)
            shown_at, shown_count = time.monotonic(), stored
        if not live and _state(store, scan_id)[0] < planned:
            raise JobsLost(
                "scan {scan}: {missing} of its {planned} hosts are not stored and none of its "
                "jobs is left to run ({failed} failed: see the workers' logs)",
                scan=scan_id, missing=planned - stored, planned=planned,
                failed=jobs.get("failed", 0),
            )  # fmt: skip
        time.sleep(poll)
    if show is not None:
        show(Message.of("scan {scan}: all {planned} hosts stored", scan=scan_id, planned=planned))


def _state(store: Store, scan_id: int) -> tuple[int, int, bool]:
    row = sa.select(scans.c.hosts_planned, scans.c.finished).where(scans.c.id == scan_id)
    with store.engine.connect() as conn:
        planned, finished = conn.execute(row).one()
    return store.stored_count(scan_id), planned or 0, finished is not None


def _jobs(store: Store, scan_id: int) -> dict[str, int]:
    with store.engine.connect() as conn:
        rows = conn.execute(JOBS, {"task": TASK, "scan": scan_id}).all()
    return {status: count for status, count in rows}
