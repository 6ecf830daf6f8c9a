"""The results store itself (:class:`Store`), on SQLAlchemy."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar

import sqlalchemy as sa

from auditor import __version__
from auditor.errors import UsageError
from auditor.inventory import UnitNode
from auditor.messages import Message
from auditor.network.discovery import Discovery
from auditor.results import QUARTER, HostReport, iso, quarter_of
from auditor.snapshot import Snapshot
from auditor.store import default_db
from auditor.store.engine import open_engine
from auditor.store.records import Answer, ScanSummary, StoredHost, StoredResult, StoredScan
from auditor.store.tables import (
    discovered_devices,
    discoveries,
    hosts,
    inspections,
    network_evidence,
    results,
    scans,
    units,
)

__all__ = [
    "HostAlreadyStored",
    "ScanSummary",
    "Store",
    "StoreError",
    "StoredScan",
]


class StoreError(UsageError):
    """The results database failed a read or a write; the message names it and why."""


class HostAlreadyStored(StoreError):
    """A host of a scan was written a second time; the first write stands."""


F = TypeVar("F", bound=Callable[..., Any])
_ROWS_AT_ONCE = 2000  # results read from the database at a time while a scan is loaded


def _database_errors(method: F) -> F:
    """Turn a database failure (locked, full, damaged, not this schema) into a StoreError."""

    @wraps(method)
    def wrapper(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sa.exc.SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise StoreError(f"results database {self.where}: {reason}") from exc

    return wrapper  # type: ignore[return-value]


class Store:
    """A results database (SQLite file or PostgreSQL), migrated to this release when opened."""

    def __init__(self, ref: str | None = None, create: bool = True) -> None:
        self.engine, self.where = open_engine(ref or default_db(), create)

    def close(self) -> None:
        self.engine.dispose()

    @_database_errors
    def begin_scan(
        self,
        profile: str,
        profile_digest: str,
        started: datetime,
        inventory_path: str | None,
        inventory_digest: str | None,
        unit_tree: Sequence[UnitNode],
        planned: int,
        profile_content: dict[str, Any] | None = None,
        waivers: dict[str, Any] | None = None,
        profile_ref: str | None = None,
        planned_hosts: Sequence[str] | None = None,
    ) -> int:
        """Record a new scan with the unit tree as it is now, the resolved profile and the
        waivers it applies, and (to resume it) how the profile was named and the hosts'
        names; its id."""
        with self.engine.begin() as conn:
            scan_id = conn.execute(
                scans.insert().values(
                    started=iso(started),
                    quarter=quarter_of(started),
                    profile=profile,
                    profile_digest=profile_digest,
                    profile_content=profile_content,
                    waivers=waivers,
                    inventory_path=inventory_path,
                    inventory_digest=inventory_digest,
                    tool_version=__version__,
                    hosts_planned=planned,
                    interrupted=False,
                    profile_ref=profile_ref,
                    planned_hosts=None if planned_hosts is None else list(planned_hosts),
                )
            ).inserted_primary_key[0]
            if unit_tree:
                conn.execute(
                    units.insert(),
                    [
                        {"scan_id": scan_id, "unit_id": u.id, "name": u.name,
                         "parent_id": u.parent_id, "owner": u.owner, "position": i}
                        for i, u in enumerate(unit_tree)
                    ],
                )  # fmt: skip
        return int(scan_id)

    @_database_errors
    def add_host(self, scan_id: int, report: HostReport) -> None:
        """Store one host with its results in one transaction; a second write is refused."""
        s = report.spec
        row = {
            "scan_id": scan_id, "name": s.name, "address": s.address, "port": s.port,
            "role": s.role, "unit_id": s.unit_id, "owner": s.owner, "tags": list(s.tags),
            "status": report.status, "error": report.error, "hostname": report.hostname,
            "os": report.os, "kernel": report.kernel, "privileged": report.privileged,
            "exec_count": report.exec_count, "started": iso(report.started),
            "finished": iso(report.finished),
            "duration": report.duration,
            "snapshot": report.snapshot.to_json() if report.snapshot else None,
            "network_only": report.network_only,
        }  # fmt: skip
        try:
            with self.engine.begin() as conn:
                host_id = conn.execute(hosts.insert().values(**row)).inserted_primary_key[0]
                if report.network_xml:
                    conn.execute(
                        network_evidence.insert().values(host_id=host_id, xml=report.network_xml)
                    )
                if report.results:
                    conn.execute(
                        results.insert(),
                        [
                            {"host_id": host_id, "check_id": r.check_id, "area": r.area,
                             "severity": r.severity, "status": r.status,
                             "message": r.message.to_json(), "evidence": list(r.evidence),
                             "original_status": r.original_status, "waiver": r.waiver}
                            for r in report.results
                        ],
                    )  # fmt: skip
        except sa.exc.IntegrityError:
            if self.has_host(scan_id, s.name):
                raise HostAlreadyStored(
                    f"host {s.name} is already stored in scan {scan_id}"
                ) from None
            raise

    @_database_errors
    def has_host(self, scan_id: int, name: str) -> bool:
        """Whether the host ``name`` of scan ``scan_id`` is stored."""
        query = sa.select(hosts.c.id).where(hosts.c.scan_id == scan_id, hosts.c.name == name)
        with self.engine.connect() as conn:
            return conn.execute(query).first() is not None

    @_database_errors
    def stored_count(self, scan_id: int) -> int:
        """How many hosts of scan ``scan_id`` are stored."""
        query = sa.select(sa.func.count()).select_from(hosts).where(hosts.c.scan_id == scan_id)
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one()

    @_database_errors
    def finish_scan(self, scan_id: int, finished: datetime, interrupted: bool) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                scans.update()
                .where(scans.c.id == scan_id)
                .values(finished=iso(finished), interrupted=interrupted)
            )

    @_database_errors
    def reopen_scan(self, scan_id: int) -> None:
        """Mark a scan unfinished again while it is resumed, so that a crash leaves it
        resumable; :meth:`finish_scan` closes it."""
        with self.engine.begin() as conn:
            conn.execute(
                scans.update().where(scans.c.id == scan_id).values(finished=None, interrupted=False)
            )

    @_database_errors
    def resumable(self, ref: str | None) -> int:
        """The scan to resume: ``ref`` (a number), which must be unfinished or interrupted, or
        without it the newest such scan."""
        if ref is not None:
            scan_id = self.resolve(ref)
            query = sa.select(scans.c.finished, scans.c.interrupted).where(scans.c.id == scan_id)
            with self.engine.connect() as conn:
                row = conn.execute(query).one()
            if row.finished is not None and not row.interrupted:
                raise UsageError("scan {scan} finished; there is nothing to resume", scan=scan_id)
            return scan_id
        query = sa.select(sa.func.max(scans.c.id)).where(
            sa.or_(scans.c.finished.is_(None), scans.c.interrupted)
        )
        with self.engine.connect() as conn:
            found = conn.execute(query).scalar()
        if found is None:
            raise UsageError(
                "no unfinished or interrupted scan in {where} to resume", where=self.where
            )
        return int(found)

    @_database_errors
    def history(
        self, limit: int = 50, quarter: str | None = None, profile: str | None = None
    ) -> list[ScanSummary]:
        """Past scans, newest first, optionally of one quarter or profile."""
        if quarter is not None and not QUARTER.match(quarter):
            raise UsageError("a quarter is written like 2026-Q4, not {quarter!r}", quarter=quarter)
        host_count = (
            sa.select(sa.func.count()).where(hosts.c.scan_id == scans.c.id).scalar_subquery()
        )
        audited = (
            sa.select(sa.func.count())
            .where(hosts.c.scan_id == scans.c.id, hosts.c.status == "ok")
            .scalar_subquery()
        )
        failures = (
            sa.select(sa.func.count())
            .select_from(results.join(hosts))
            .where(hosts.c.scan_id == scans.c.id, results.c.status == "fail")
            .scalar_subquery()
        )
        query = sa.select(scans, host_count, audited, failures).order_by(scans.c.id.desc())
        if quarter:
            query = query.where(scans.c.quarter == quarter)
        if profile:
            query = query.where(scans.c.profile == profile)
        with self.engine.connect() as conn:
            rows = conn.execute(query.limit(limit)).all()
        return [
            ScanSummary(
                row.id,
                row.started,
                row.finished,
                row.quarter,
                row.profile,
                row[-3],
                row[-2],
                row[-1],
                bool(row.interrupted),
            )
            for row in rows
        ]

    @_database_errors
    def finished_between(self, start: str, end: str, profile: str | None = None) -> list[int]:
        """Ids of the scans that started in [start, end) and finished (interrupted or not),
        oldest first."""
        query = sa.select(scans.c.id).where(
            scans.c.started >= start, scans.c.started < end, scans.c.finished.is_not(None)
        )
        if profile is not None:
            query = query.where(scans.c.profile == profile)
        with self.engine.connect() as conn:
            return list(conn.execute(query.order_by(scans.c.id)).scalars())

    @_database_errors
    def resolve(self, ref: str | int | None) -> int:
        """A scan id from ``ref``: a number, or ``latest``/None for the newest scan."""
        with self.engine.connect() as conn:
            if ref is None or ref == "latest":
                found = conn.execute(sa.select(sa.func.max(scans.c.id))).scalar()
                if found is None:
                    raise UsageError(
                        "no scan is stored in {where} (run 'auditor scan')", where=self.where
                    )
                return int(found)
            if not str(ref).isdigit():
                raise UsageError("a scan is named by its number or 'latest', not {ref!r}", ref=ref)
            found = conn.execute(sa.select(scans.c.id).where(scans.c.id == int(ref))).scalar()
        if found is None:
            raise UsageError(
                "no scan {ref} in {where} (see 'auditor history')", ref=ref, where=self.where
            )
        return int(found)

    @_database_errors
    def add_discovery(
        self, found: Discovery, started: datetime, finished: datetime, inventory: str | None
    ) -> int:
        """Store a discovery run and every live device it found, in one transaction."""
        with self.engine.begin() as conn:
            run = conn.execute(
                discoveries.insert().values(
                    started=iso(started), finished=iso(finished), inventory_path=inventory,
                    targets=[{"unit_id": t.unit_id, "network": t.network} for t in found.targets],
                    errors=list(found.errors),
                )
            ).inserted_primary_key[0]  # fmt: skip
            if found.devices:
                conn.execute(
                    discovered_devices.insert(),
                    [
                        {"discovery_id": run, "address": d.address, "unit_id": d.unit_id,
                         "managed": d.managed, "hostname": d.hostname or None,
                         "services": [s.label() for s in d.services], "xml": d.xml}
                        for d in found.devices
                    ],
                )  # fmt: skip
        return int(run)

    @_database_errors
    def network_xml(self, scan_id: int, host: str) -> str | None:
        """nmap's ``<host>`` element for a host of the scan, or None when none was kept."""
        query = (
            sa.select(network_evidence.c.xml)
            .join(hosts, hosts.c.id == network_evidence.c.host_id)
            .where(hosts.c.scan_id == scan_id, hosts.c.name == host)
        )
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one_or_none()

    @_database_errors
    def load(self, scan_id: int) -> StoredScan:
        """The scan as stored: its unit tree, hosts in stored order, and their results."""
        with self.engine.connect() as conn:
            scan = conn.execute(sa.select(scans).where(scans.c.id == scan_id)).one_or_none()
            if scan is None:
                raise UsageError(
                    "no scan {scan_id} in {where} (see 'auditor history')",
                    scan_id=scan_id,
                    where=self.where,
                )
            unit_rows = conn.execute(
                sa.select(units).where(units.c.scan_id == scan_id).order_by(units.c.position)
            ).all()
            host_rows = conn.execute(
                sa.select(hosts).where(hosts.c.scan_id == scan_id).order_by(hosts.c.id)
            ).all()
            by_host = _results_by_host(conn, scan_id)
        return StoredScan(
            id=scan.id,
            started=scan.started,
            finished=scan.finished,
            quarter=scan.quarter,
            profile=scan.profile,
            profile_digest=scan.profile_digest,
            profile_content=scan.profile_content,
            inventory_path=scan.inventory_path,
            inventory_digest=scan.inventory_digest,
            tool_version=scan.tool_version,
            hosts_planned=scan.hosts_planned,
            interrupted=bool(scan.interrupted),
            waivers=scan.waivers,
            units=tuple(UnitNode(u.unit_id, u.name, u.parent_id, u.owner) for u in unit_rows),
            hosts=tuple(_host(h, by_host.get(h.id, [])) for h in host_rows),
            profile_ref=scan.profile_ref,
            planned_hosts=None if scan.planned_hosts is None else tuple(scan.planned_hosts),
        )

    @_database_errors
    def record_answers(self, answers: Sequence[Answer], recorded: datetime) -> None:
        """Store inspectors' answers in one transaction; an answer replaces an earlier one for
        the same quarter, unit and requirement."""
        with self.engine.begin() as conn:
            for a in answers:
                conn.execute(
                    inspections.delete().where(
                        inspections.c.quarter == a.quarter,
                        inspections.c.unit_id == a.unit_id,
                        inspections.c.requirement_id == a.requirement_id,
                    )
                )
                row = {**asdict(a), "recorded_at": iso(recorded)}
                conn.execute(inspections.insert().values(**row))

    @_database_errors
    def answers(self, quarter: str) -> list[Answer]:
        """Every answer recorded for ``quarter``."""
        query = sa.select(inspections).where(inspections.c.quarter == quarter)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(inspections.c.unit_id, inspections.c.id)).all()
        return [
            Answer(r.quarter, r.unit_id, r.requirement_id, r.result, r.note, r.inspector,
                   r.inspected_on, r.source)
            for r in rows
        ]  # fmt: skip


def _results_by_host(conn: sa.Connection, scan_id: int) -> dict[int, list[StoredResult]]:
    """The results of scan ``scan_id`` by host id, in stored order. Their JSON columns are read
    as text and each distinct text decoded once: across a fleet most messages and evidence
    lists repeat (a check passing says the same on every host), and the repeats then share one
    object, which also keeps the loaded scan small."""
    c, text = results.c, sa.Text()
    columns = (c.host_id, c.check_id, c.area, c.severity, c.status, sa.cast(c.message, text),
               sa.cast(c.evidence, text), c.original_status, sa.cast(c.waiver, text))  # fmt: skip
    query = (
        sa.select(*columns)
        .join(hosts)
        .where(hosts.c.scan_id == scan_id)
        .order_by(c.host_id, c.id)
        .execution_options(yield_per=_ROWS_AT_ONCE)
    )
    rows = conn.execute(query)
    messages: dict[str, Message] = {}
    evidence: dict[str, tuple[str, ...]] = {}
    by_host: dict[int, list[StoredResult]] = {}
    for host_id, check_id, area, severity, status, said, listed, original, waiver in rows:
        message = messages.get(said)
        if message is None:
            message = messages[said] = Message.from_json(json.loads(said))
        shown = evidence.get(listed)
        if shown is None:
            shown = evidence[listed] = tuple(json.loads(listed))
        by_host.setdefault(host_id, []).append(
            StoredResult(
                sys.intern(check_id),
                sys.intern(area),
                sys.intern(severity),
                sys.intern(status),
                message,
                shown,
                original,
                None if waiver in (None, "null") else json.loads(waiver),
            )
        )
    return by_host


def _host(row: Any, found: list[StoredResult]) -> StoredHost:
    return StoredHost(
        name=row.name,
        address=row.address,
        port=row.port,
        role=row.role,
        unit_id=row.unit_id,
        owner=row.owner,
        tags=tuple(row.tags),
        status=row.status,
        error=row.error,
        hostname=row.hostname,
        os=row.os,
        kernel=row.kernel,
        privileged=row.privileged,
        exec_count=row.exec_count,
        started=row.started,
        finished=row.finished,
        duration=row.duration,
        snapshot=Snapshot.from_json(row.snapshot) if row.snapshot else None,
        results=tuple(found),
        network_only=bool(row.network_only),
    )
