"""The network scans of a worker's jobs, batched as :func:`auditor.runner.run_scan` batches a
scan's: the hosts of one scan whose jobs start within ``window`` seconds of the first (up to
``batch_size``) share one :class:`~auditor.network.scanner.NetworkScanner`. A host's SSH audit
starts at once; only its network checks wait for its batch, closed when the last of its hosts
is done."""

from __future__ import annotations

import threading
import time

from auditor.audit import ScanPlan
from auditor.inventory import HostSpec
from auditor.network.scanner import BATCH_SIZE, NetworkResult, NetworkScanner


class PendingScan(NetworkScanner):
    """A batch still taking hosts: its nmap runs start when it is sealed; :meth:`result`
    waits for that (within the host's timeout) and then for the host's part."""

    def __init__(self, plan: ScanPlan) -> None:  # the scanner proper is made by seal()
        self.plan = plan
        self.specs: list[HostSpec] = []
        self.left = 0
        self._scanner: NetworkScanner | None = None
        self._error = ""
        self._sealed = threading.Event()

    def seal(self) -> None:
        try:
            self._scanner = self.plan.network_scanner(self.specs)
        except (OSError, RuntimeError) as exc:  # no process or thread could be started
            self._error = f"the network scan could not be started: {exc}"
        finally:
            self._sealed.set()

    def result(self, spec: HostSpec, timeout: float) -> NetworkResult:
        began = time.monotonic()
        if not self._sealed.wait(max(0.0, timeout)):
            return NetworkResult(None, f"the network scan did not start within {timeout:.0f}s")
        if self._scanner is None:
            return NetworkResult(None, self._error)
        return self._scanner.result(spec, timeout - (time.monotonic() - began))

    def close(self) -> None:
        if self._scanner is not None:
            self._scanner.close()


class NetworkBatches:
    """Batches of the hosts a worker audits at once, per scan."""

    def __init__(self, window: float = 1.0, batch_size: int = BATCH_SIZE) -> None:
        self.window = window
        self.batch_size = batch_size
        self._open: dict[int, PendingScan] = {}
        self._lock = threading.Lock()

    def join(self, key: int, plan: ScanPlan, spec: HostSpec) -> PendingScan | None:
        """The batch of scan ``key`` that ``spec`` joins (None when the plan scans no network);
        give it back to :meth:`leave` when the host is done."""
        if not plan.network_ports:
            return None
        with self._lock:
            batch = self._open.get(key)
            if batch is None:
                batch = self._open[key] = PendingScan(plan)
                timer = threading.Timer(self.window, self._seal, (key, batch))
                timer.daemon = True
                timer.start()
            batch.specs.append(spec)
            batch.left += 1
            if len(batch.specs) >= self.batch_size:
                self._seal_locked(key, batch)
        return batch

    def leave(self, batch: PendingScan | None) -> None:
        """The host of ``batch`` is done; the last one closes its scanner."""
        if batch is None:
            return
        with self._lock:
            batch.left -= 1
            if batch.left > 0:
                return
            for key, pending in list(self._open.items()):
                if pending is batch:  # every host of it done before it was sealed
                    del self._open[key]
            batch.close()

    def _seal(self, key: int, batch: PendingScan) -> None:
        with self._lock:
            self._seal_locked(key, batch)

    def _seal_locked(self, key: int, batch: PendingScan) -> None:
        if self._open.get(key) is batch:
            del self._open[key]
            batch.seal()
