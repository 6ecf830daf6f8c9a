"""Plan a scan in the PostgreSQL store as the scan service begins one, and queue a job per
host on the queue of its site."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass

from auditor.distributed.database import conninfo
from auditor.distributed.queue import TASK, apply_schema, make_app, queue_of
from auditor.distributed.specs import spec_to_json
from auditor.errors import UsageError
from auditor.messages import Message
from auditor.profiles import Profile
from auditor.scan import Targets, begin
from auditor.store.database import Store


@dataclass(frozen=True)
class Queued:
    """A queued scan: its id, the hosts queued per site, what is wrong with its waivers."""

    scan_id: int
    sites: dict[str, int]
    waiver_problems: tuple[Message, ...]


def enqueue(db: str | None, chosen: Targets, profile: Profile) -> Queued:
    """Begin a scan of ``chosen`` in the store at ``db`` and queue its hosts' jobs; refused
    without an inventory or for hosts whose password is asked at a terminal (a worker has
    none)."""
    db = conninfo(db)
    if chosen.inventory_path is None:
        raise UsageError("--enqueue needs an inventory (-i): a worker cannot audit this machine")
    prompted = [h.name for h in chosen.hosts if h.password_prompt]
    if prompted:
        raise UsageError(
            "hosts {names} ask their password at a terminal (password_prompt), which a worker "
            "does not have: give them a key, the ssh-agent or password_env",
            names=prompted,
        )
    store = Store(db)
    try:
        apply_schema(db)
        scan_id, problems = begin(store, chosen, profile)
    finally:
        store.close()
    asyncio.run(_defer(db, scan_id, chosen))
    sites = Counter(h.site for h in chosen.hosts)
    return Queued(scan_id, dict(sorted(sites.items())), tuple(problems))


async def _defer(db: str, scan_id: int, chosen: Targets) -> None:
    app = make_app(db, min_size=1, max_size=1)
    async with app.open_async():
        by_site: dict[str, list[dict[str, object]]] = {}
        for spec in chosen.hosts:
            job = {"scan": scan_id, "host": spec_to_json(spec)}
            by_site.setdefault(spec.site, []).append(job)
        for site, jobs in by_site.items():
            deferrer = app.configure_task(TASK, queue=queue_of(site))
            await deferrer.batch_defer_async(*jobs)
