"""The interpreter's settings for auditing many hosts at once, each in a thread.

CPython hands the GIL from a busy thread to a waiting one every 5 ms by default; with 16 hosts
parsed and judged side by side, each hand-over costs the next thread its processor caches: the
same parsing and judging took 12.1 ms of CPU per host in one thread and 16.0 ms in 16, and
12.5 ms in 16 with 20 ms turns. The cyclic garbage collector, by default, walks every object of
the hosts in flight after each 700 allocations. Both are set once, before the first host
starts; on 1,000 fleet hosts the controller's CPU went from about 45 to 40 ms per host, for
about 45 MB more at its peak (``benchmarks/RESULTS.md``). Set by the processes that audit
(``auditor scan``, ``auditor worker``), not by the runner their tests call many times.
"""

from __future__ import annotations

import gc
import sys

SWITCH_INTERVAL = 0.02  # seconds a busy thread keeps the GIL while others wait
GC_THRESHOLDS = (10_000, 20, 100)  # allocations before a young collection; young, middle


def tune_for_many_hosts() -> None:
    """Longer GIL turns, rarer collections, and what is loaded so far (checks, profile,
    modules) kept out of every later collection (``gc.freeze``)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    sys.setswitchinterval(SWITCH_INTERVAL)
