"""The tables auditor 0.1.0 made (revision 0001), defined once: migration 0001 creates them and
migration 0002 rebuilds SQLite tables from these definitions, since reflecting a 0.1.0 file
would lose its ``ON DELETE CASCADE`` clauses and primary-key constraints."""

from __future__ import annotations

import sqlalchemy as sa


def legacy_tables() -> dict[str, sa.Table]:
    """The 0.1.0 tables on a metadata of their own, by name."""
    meta = sa.MetaData()
    scans = sa.Table(
        "scans",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started", sa.Text, nullable=False),
        sa.Column("finished", sa.Text),
        sa.Column("quarter", sa.Text, nullable=False),
        sa.Column("profile", sa.Text, nullable=False),
        sa.Column("inventory_path", sa.Text),
        sa.Column("inventory_digest", sa.Text),
        sa.Column("tool_version", sa.Text, nullable=False),
        sa.Column("interrupted", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    hosts = sa.Table(
        "hosts",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "scan_id", sa.Integer, sa.ForeignKey("scans.id", ondelete="CASCADE"), nullable=False
        ),
        *(
            sa.Column(name, sa.Integer if name == "port" else sa.Text, nullable=False)
            for name in ("name", "address", "port", "role", "unit_id", "unit_name", "unit_path")
        ),
        sa.Column("owner", sa.Text),
        sa.Column("tags", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        *(sa.Column(name, sa.Text) for name in ("error", "hostname", "os", "kernel")),
        sa.Column("started", sa.Text, nullable=False),
        sa.Column("finished", sa.Text),
    )
    sa.Index("hosts_scan", hosts.c.scan_id)
    results = sa.Table(
        "results",
        meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "host_id", sa.Integer, sa.ForeignKey("hosts.id", ondelete="CASCADE"), nullable=False
        ),
        *(
            sa.Column(name, sa.Text, nullable=False)
            for name in ("check_id", "title", "area", "severity", "status", "message", "evidence")
        ),
    )
    sa.Index("results_host", results.c.host_id)
    sa.Index("results_check", results.c.check_id, results.c.status)
    return {t.name: t for t in (scans, hosts, results)}
