"""The job queue: a procrastinate App on the PostgreSQL store, its schema, and where a host's
job goes (the queue named after the site of its unit)."""

from __future__ import annotations

from typing import Any

import procrastinate
import psycopg

from auditor.distributed.database import conninfo
from auditor.store.engine import PG_MIGRATION_LOCK

TASK = "auditor.audit_host"  # the one task: audit one host of a queued scan, store it once
QUEUE_PREFIX = "site:"


def queue_of(site: str) -> str:
    """The queue of a site's jobs."""
    return f"{QUEUE_PREFIX}{site}"


def make_app(db: str, **pool: Any) -> procrastinate.App:
    """An App on the database at ``db`` (not opened); ``pool`` sizes its connection pool."""
    return procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=conninfo(db), **pool)
    )


def apply_schema(db: str) -> None:
    """Create procrastinate's tables and functions unless they are there, under the lock the
    store's own migrations take (so two controllers starting at once create them once)."""
    with psycopg.connect(conninfo(db), autocommit=False) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (PG_MIGRATION_LOCK,))
        found = conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
        if found is None or found[0] is None:
            conn.execute(procrastinate.schema.SchemaManager.get_schema())
        conn.commit()
