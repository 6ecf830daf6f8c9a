"""The results store: scans, hosts as they were at scan time, and results with evidence (SQLite)."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from platformdirs import user_data_dir

from auditor import __version__
from auditor.errors import UsageError
from auditor.results import HostReport, ScanInfo, iso, quarter_of

DB_ENV = "AUDITOR_DB"

SCHEMA = """
CREATE TABLE IF NOT EXISTS scans (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    quarter TEXT NOT NULL,
    profile TEXT NOT NULL,
    inventory_path TEXT,
    inventory_digest TEXT,
    tool_version TEXT NOT NULL,
    interrupted INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS hosts (
    id INTEGER PRIMARY KEY,
    scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    port INTEGER NOT NULL,
    role TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    unit_name TEXT NOT NULL,
    unit_path TEXT NOT NULL,
    owner TEXT,
    tags TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    hostname TEXT,
    os TEXT,
    kernel TEXT,
    started TEXT NOT NULL,
    finished TEXT
);
CREATE INDEX IF NOT EXISTS hosts_scan ON hosts(scan_id);
CREATE TABLE IF NOT EXISTS results (
    id INTEGER PRIMARY KEY,
    host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
    check_id TEXT NOT NULL,
    title TEXT NOT NULL,
    area TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL,
    evidence TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS results_host ON results(host_id);
CREATE INDEX IF NOT EXISTS results_check ON results(check_id, status);
"""


def default_db_path() -> Path:
    """``$AUDITOR_DB`` or ``auditor.sqlite`` in the user's data directory."""
    env = os.environ.get(DB_ENV)
    return Path(env) if env else Path(user_data_dir("auditor")) / "auditor.sqlite"


@dataclass(frozen=True)
class ScanSummary:
    """A past scan as listed by ``auditor history``."""

    id: int
    started: str
    finished: str | None
    quarter: str
    profile: str
    hosts: int
    audited: int
    failures: int
    interrupted: bool


class Store:
    """A SQLite results database; one connection, used from one thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise UsageError(f"cannot open results database {path}: {exc}") from None

    def close(self) -> None:
        self.db.close()

    def begin_scan(
        self, profile: str, started: datetime, inventory_path: str | None, digest: str | None
    ) -> ScanInfo:
        with self.db:
            cur = self.db.execute(
                "INSERT INTO scans (started, quarter, profile, inventory_path, inventory_digest,"
                " tool_version) VALUES (?, ?, ?, ?, ?, ?)",
                (iso(started), quarter_of(started), profile, inventory_path, digest, __version__),
            )
        assert cur.lastrowid is not None
        return ScanInfo(
            cur.lastrowid, started, profile, quarter_of(started), inventory_path, digest
        )

    def add_host(self, scan: ScanInfo, report: HostReport) -> None:
        """Store one host's report and results in one transaction."""
        s = report.spec
        with self.db:
            cur = self.db.execute(
                "INSERT INTO hosts (scan_id, name, address, port, role, unit_id, unit_name,"
                " unit_path, owner, tags, status, error, hostname, os, kernel, started, finished)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    scan.id,
                    s.name,
                    s.address,
                    s.port,
                    s.role,
                    s.unit_id,
                    s.unit_name,
                    json.dumps(s.unit_path, ensure_ascii=False),
                    s.owner,
                    json.dumps(s.tags),
                    report.status,
                    report.error,
                    report.hostname,
                    report.os,
                    report.kernel,
                    iso(report.started),
                    iso(report.finished),
                ),
            )
            self.db.executemany(
                "INSERT INTO results (host_id, check_id, title, area, severity, status, message,"
                " evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        cur.lastrowid,
                        r.check_id,
                        r.title,
                        r.area,
                        r.severity,
                        r.status,
                        r.message,
                        json.dumps(r.evidence, ensure_ascii=False),
                    )
                    for r in report.results
                ],
            )

    def finish_scan(self, scan: ScanInfo) -> None:
        with self.db:
            self.db.execute(
                "UPDATE scans SET finished = ?, interrupted = ? WHERE id = ?",
                (iso(scan.finished), int(scan.interrupted), scan.id),
            )

    def history(self, limit: int = 50) -> Iterator[ScanSummary]:
        rows = self.db.execute(
            """SELECT s.id, s.started, s.finished, s.quarter, s.profile, s.interrupted,
                      (SELECT COUNT(*) FROM hosts h WHERE h.scan_id = s.id),
                      (SELECT COUNT(*) FROM hosts h WHERE h.scan_id = s.id AND h.status = 'ok'),
                      (SELECT COUNT(*) FROM results r JOIN hosts h ON r.host_id = h.id
                        WHERE h.scan_id = s.id AND r.status = 'fail')
               FROM scans s ORDER BY s.id DESC LIMIT ?""",
            (limit,),
        )
        for sid, started, finished, quarter, profile, interrupted, hosts, ok, fails in rows:
            yield ScanSummary(
                sid, started, finished, quarter, profile, hosts, ok, fails, bool(interrupted)
            )
