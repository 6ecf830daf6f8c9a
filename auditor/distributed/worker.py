"""A worker of one site: runs the jobs of its site's queue, ``concurrency`` at once, each
auditing one host through the engine of ``auditor scan`` (:class:`~auditor.audit.HostAudit`
on a thread pool of that size, waivers applied as the scan service applies them) and storing
it once; every worker also retries the jobs of workers of its site whose heartbeat stopped."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import procrastinate
from procrastinate.exceptions import ProcrastinateException

from auditor.audit import HostAudit
from auditor.distributed.context import ScanContext, load_context
from auditor.distributed.database import conninfo
from auditor.distributed.network import NetworkBatches
from auditor.distributed.queue import TASK, make_app, queue_of
from auditor.distributed.specs import spec_from_json
from auditor.errors import UsageError
from auditor.interpreter import tune_for_many_hosts
from auditor.inventory import HostSpec
from auditor.messages import Message
from auditor.registry import load_checks
from auditor.results import HostReport
from auditor.runner import GRACE_SECONDS, overdue
from auditor.scan import apply_waivers
from auditor.store.database import HostAlreadyStored, Store, StoreError
from auditor.transports import transport_factory

STORE_RETRIES = procrastinate.RetryStrategy(
    max_attempts=3, wait=10, retry_exceptions={StoreError}
)  # a store that failed a write (restarting, full) is tried again; a refused job is not


class OneLine(logging.Formatter):
    """procrastinate's log records as one line each, without tracebacks."""

    def format(self, record: logging.LogRecord) -> str:
        why = f": {record.exc_info[1]}" if record.exc_info and record.exc_info[1] else ""
        return f"auditor worker: {record.getMessage()}{why}".splitlines()[0]


class Worker:
    """The worker of ``site`` on the store at ``db``."""

    def __init__(
        self,
        db: str,
        site: str,
        concurrency: int,
        stalled_after: float,
        trust_new_hosts: bool,
        show: Callable[[Message], None],
    ) -> None:
        self.site = site
        self.queue = queue_of(site)
        self.concurrency = concurrency
        self.stalled_after = stalled_after
        self.show = show
        self.store = Store(db)
        self.catalogue = load_checks()
        self.factory = transport_factory(trust_new_hosts)
        self.network = NetworkBatches()
        self.pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="audit")
        self._contexts: dict[int, ScanContext] = {}
        self._contexts_lock = threading.Lock()
        self.app = make_app(db, min_size=1, max_size=4)
        self.app.task(name=TASK, retry=STORE_RETRIES)(self.audit_host)

    def run(self) -> None:
        """Run jobs until SIGINT or SIGTERM (the jobs in flight are finished first)."""
        tune_for_many_hosts()
        try:
            asyncio.run(self._serve())
        finally:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.store.close()

    async def _serve(self) -> None:
        async with self.app.open_async():
            retrier = asyncio.create_task(self._retry_stalled())
            try:
                await self.app.run_worker_async(
                    queues=[self.queue],
                    name=f"auditor-{self.site}",
                    concurrency=self.concurrency,
                    update_heartbeat_interval=self.stalled_after / 4,
                    stalled_worker_timeout=self.stalled_after,
                    fetch_job_polling_interval=max(1.0, self.stalled_after / 2),
                )
            finally:
                retrier.cancel()

    async def _retry_stalled(self) -> None:
        """Put back in the queue the jobs of this site's workers silent for ``stalled_after``
        seconds (killed, or cut off from the database): another worker audits those hosts."""
        manager = self.app.job_manager
        while True:
            await asyncio.sleep(self.stalled_after / 2)
            try:
                stalled = await manager.get_stalled_jobs(
                    queue=self.queue, task_name=TASK, seconds_since_heartbeat=self.stalled_after
                )
                for job in stalled:
                    try:
                        await manager.retry_job(job)
                    except ProcrastinateException:
                        continue  # another worker of the site retried it first
                    host = job.task_kwargs["host"]["name"]
                    self.show(Message.of("a stalled job is queued again: {host}", host=host))
            except ProcrastinateException as exc:
                self.show(Message.of("stalled jobs could not be checked: {why}", why=str(exc)))

    async def audit_host(self, scan: int, host: dict[str, Any]) -> str:
        """The task: audit ``host`` of ``scan`` and store it, unless it is stored already."""
        loop = asyncio.get_running_loop()
        spec = spec_from_json(host)
        try:
            ctx = await loop.run_in_executor(self.pool, self._context, scan)
        except UsageError as exc:  # refused, a list file missing here, the store failing
            self.show(exc.message)
            raise
        if await loop.run_in_executor(self.pool, self.store.has_host, scan, spec.name):
            return "already stored"
        audits: list[HostAudit] = []
        running = loop.run_in_executor(self.pool, self._audit, ctx, spec, audits)
        limit = spec.host_timeout + GRACE_SECONDS
        try:
            report = await asyncio.wait_for(asyncio.shield(running), limit)
        except TimeoutError:
            report = overdue(audits[0])
        stored = await loop.run_in_executor(self.pool, self._store, ctx, report)
        return report.status if stored else "already stored"

    def _context(self, scan: int) -> ScanContext:
        with self._contexts_lock:
            if scan not in self._contexts:
                self._contexts[scan] = load_context(self.store, scan, self.catalogue)
            return self._contexts[scan]

    def _audit(self, ctx: ScanContext, spec: HostSpec, audits: list[HostAudit]) -> HostReport:
        batch = self.network.join(ctx.scan_id, ctx.plan, spec)
        try:
            audit = HostAudit(spec, ctx.plan, self.factory, batch)
            audits.append(audit)
            return audit.run()
        finally:
            self.network.leave(batch)

    def _store(self, ctx: ScanContext, report: HostReport) -> bool:
        """Store the host once, and finish the scan with its last planned host; False when
        another attempt of its job stored it first."""
        apply_waivers(report, ctx.waivers, ctx.ancestors, ctx.profile, ctx.today)
        try:
            self.store.add_host(ctx.scan_id, report)
        except HostAlreadyStored:
            return False
        if self.store.stored_count(ctx.scan_id) >= ctx.planned:
            self.store.finish_scan(ctx.scan_id, datetime.now(UTC), False)
        return True


def serve(
    db: str | None,
    site: str,
    concurrency: int,
    stalled_after: float,
    trust_new_hosts: bool,
    show: Callable[[Message], None],
) -> None:
    """Run the worker of ``site`` on the PostgreSQL store ``db``; procrastinate's warnings and
    errors go to standard error, a line each."""
    handler = logging.StreamHandler()
    handler.setFormatter(OneLine())
    procrastinate_log = logging.getLogger("procrastinate")
    procrastinate_log.addHandler(handler)
    procrastinate_log.setLevel(logging.WARNING)
    Worker(conninfo(db), site, concurrency, stalled_after, trust_new_hosts, show).run()
