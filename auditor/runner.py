"""Audit many hosts with bounded concurrency; one host's failure or hang never affects another.

SIGINT (Ctrl-C) and SIGTERM during a scan ask it to stop: no new host is started, the hosts in
flight get ``INTERRUPT_GRACE_SECONDS`` to finish (each is handed on as usual, so it is stored),
and the hosts still running then are abandoned. A second signal stops at once.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import UTC, datetime
from types import FrameType, TracebackType

from auditor.audit import HostAudit, ScanPlan, TransportFactory
from auditor.inventory import HostSpec
from auditor.results import HostReport

GRACE_SECONDS = 5.0  # past a host's deadline, before the runner abandons it
INTERRUPT_GRACE_SECONDS = 30.0  # after SIGINT/SIGTERM, for the hosts in flight to finish
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
BACKLOG = 2  # hosts started and not yet handed on, per unit of concurrency


class Interruption:
    """While entered (in the main thread), SIGINT and SIGTERM ask the scan to stop; a second
    one raises KeyboardInterrupt. Elsewhere nothing is installed and it is never requested."""

    def __init__(self) -> None:
        self.requested_at: float | None = None
        self._previous: dict[int, object] = {}

    def __enter__(self) -> Interruption:
        if threading.current_thread() is threading.main_thread():
            self._previous = {sig: signal.signal(sig, self._handle) for sig in STOP_SIGNALS}
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
        self._previous = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.requested_at is not None:
            raise KeyboardInterrupt
        self.requested_at = time.monotonic()

    @property
    def requested(self) -> bool:
        return self.requested_at is not None

    def grace_over(self) -> bool:
        return (
            self.requested_at is not None
            and time.monotonic() > self.requested_at + INTERRUPT_GRACE_SECONDS
        )


def overdue(audit: HostAudit) -> HostReport:
    """The report of a host abandoned past its deadline, its connection closed."""
    audit.abort()
    return HostReport(
        audit.spec,
        datetime.now(UTC),
        finished=datetime.now(UTC),
        status="error",
        error=f"host deadline of {audit.spec.host_timeout:g}s exceeded; the audit was abandoned",
    )


def _when_room(
    audit: HostAudit, room: threading.Semaphore, stop: threading.Event
) -> HostReport | None:
    """The host's audit, once there is room for it; None when the scan stopped meanwhile."""
    room.acquire()
    if stop.is_set():
        return None
    return audit.run()


def run_scan(
    hosts: Sequence[HostSpec],
    plan: ScanPlan,
    factory: TransportFactory,
    concurrency: int,
    on_done: Callable[[HostReport], None],
    interruption: Interruption | None = None,
    on_stopping: Callable[[int], None] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> int:
    """Audit ``hosts``, their network scan (when the plan has one) running alongside;
    ``on_done`` is called in this thread as each host finishes, and the report is not kept
    (it is the caller's to store). A host starts only while fewer than ``BACKLOG`` times
    ``concurrency`` hosts are started and not yet handed on: the hosts' threads, which contend
    with this one for the interpreter, never get far ahead of it, and memory stays bounded
    however large the fleet. Returns how many hosts were handed on. Once ``interruption`` is
    requested, hosts not started are dropped, ``on_stopping`` is told how many are in flight,
    and those still running after the grace period are abandoned. ``meanwhile`` runs in this
    thread once the hosts are submitted, before any is handed on: work the first hosts need
    not wait for (the scan service opens its store there); if it raises, the scan stops at
    once."""
    handed = 0
    stopping = False
    network = plan.network_scanner(hosts)
    workers = max(1, concurrency)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="audit")
    room = threading.Semaphore(BACKLOG * workers)
    stop = threading.Event()
    pending: dict[Future[HostReport | None], HostAudit] = {}
    try:
        pending.update(
            (pool.submit(_when_room, audit, room, stop), audit)
            for audit in (HostAudit(spec, plan, factory, network) for spec in hosts)
        )
        if meanwhile is not None:
            meanwhile()
        while pending:
            done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            if interruption is not None and interruption.requested and not stopping:
                stopping = True
                _stop_waiting(stop, room, workers)
                for future in [f for f in pending if f.cancel()]:
                    del pending[future]
                if on_stopping is not None:
                    started = [f for f, a in pending.items() if a.started_at is not None]
                    on_stopping(len([f for f in started if f not in done]))
            for future in done:
                audit = pending.pop(future)
                report = future.result()
                if report is None:  # it waited for room and the scan was stopped meanwhile
                    continue
                on_done(report)
                room.release()
                handed += 1
            if interruption is not None and interruption.grace_over():
                for audit in pending.values():
                    audit.abort()
                break
            now = time.monotonic()
            for future, audit in list(pending.items()):
                deadline = audit.deadline()
                if deadline is not None and now > deadline + GRACE_SECONDS:
                    del pending[future]
                    on_done(overdue(audit))
                    room.release()
                    handed += 1
    except BaseException:  # a second signal: stop at once, closing the connections in flight
        for audit in pending.values():
            audit.abort()
        raise
    finally:
        _stop_waiting(stop, room, workers)  # no thread is left waiting for room, to be joined
        pool.shutdown(wait=False, cancel_futures=True)
        if network is not None:
            network.close()
    return handed


def _stop_waiting(stop: threading.Event, room: threading.Semaphore, workers: int) -> None:
    """Wake the threads waiting for room (at most one per worker): they see the stop and end
    without auditing their host."""
    stop.set()
    room.release(workers)
