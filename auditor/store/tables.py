"""The tables of the results store (SQLAlchemy Core), as the newest migration leaves them.

Timestamps are ISO 8601 text in UTC, so they sort and compare the same on SQLite and PostgreSQL.
Messages, evidence, tags, snapshots, the resolved profile and waivers are JSON; nothing here is in
a person's language except what people wrote (justifications, inspectors' notes).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

scans = sa.Table(
    "scans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("started", sa.Text, nullable=False),
    sa.Column("finished", sa.Text),
    sa.Column("quarter", sa.Text, nullable=False),
    sa.Column("profile", sa.Text, nullable=False),
    sa.Column("profile_digest", sa.Text),
    sa.Column("profile_content", sa.JSON),
    sa.Column("inventory_path", sa.Text),
    sa.Column("inventory_digest", sa.Text),
    sa.Column("tool_version", sa.Text, nullable=False),
    sa.Column("hosts_planned", sa.Integer),
    sa.Column("interrupted", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("waivers", sa.JSON),
    sa.Column("profile_ref", sa.Text),  # the profile as named: a built-in id or a file
    sa.Column("planned_hosts", sa.JSON),  # names of the hosts planned, in order
)

units = sa.Table(
    "units",
    metadata,
    sa.Column(
        "scan_id", sa.Integer, sa.ForeignKey("scans.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("unit_id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("parent_id", sa.Text),
    sa.Column("owner", sa.Text),
    sa.Column("position", sa.Integer, nullable=False),
)

hosts = sa.Table(
    "hosts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("scan_id", sa.Integer, sa.ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("port", sa.Integer, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("unit_id", sa.Text, nullable=False),
    sa.Column("owner", sa.Text),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("error", sa.Text),
    sa.Column("hostname", sa.Text),
    sa.Column("os", sa.Text),
    sa.Column("kernel", sa.Text),
    sa.Column("privileged", sa.Boolean),
    sa.Column("exec_count", sa.Integer),
    sa.Column("started", sa.Text, nullable=False),
    sa.Column("finished", sa.Text),
    sa.Column("duration", sa.Float),
    sa.Column("snapshot", sa.JSON),
    sa.Column("network_only", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.UniqueConstraint("scan_id", "name", name="hosts_scan_name"),
)
sa.Index("hosts_scan", hosts.c.scan_id)

results = sa.Table(
    "results",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("host_id", sa.Integer, sa.ForeignKey("hosts.id", ondelete="CASCADE"), nullable=False),
    sa.Column("check_id", sa.Text, nullable=False),
    sa.Column("area", sa.Text, nullable=False),
    sa.Column("severity", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("message", sa.JSON, nullable=False),
    sa.Column("evidence", sa.JSON, nullable=False),
    sa.Column("original_status", sa.Text),
    sa.Column("waiver", sa.JSON),
)
sa.Index("results_host", results.c.host_id)

# nmap's <host> element for a host's address: the evidence of its network checks, read on demand
network_evidence = sa.Table(
    "network_evidence",
    metadata,
    sa.Column(
        "host_id",
        sa.Integer,
        sa.ForeignKey("hosts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("xml", sa.Text, nullable=False),
)

# ``auditor discover`` runs: the ranges searched, and every live device found in them
discoveries = sa.Table(
    "discoveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("started", sa.Text, nullable=False),
    sa.Column("finished", sa.Text, nullable=False),
    sa.Column("inventory_path", sa.Text),
    sa.Column("targets", sa.JSON, nullable=False),  # [{unit_id, network}]
    sa.Column("errors", sa.JSON, nullable=False),
)

discovered_devices = sa.Table(
    "discovered_devices",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "discovery_id",
        sa.Integer,
        sa.ForeignKey("discoveries.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("unit_id", sa.Text),
    sa.Column("managed", sa.Boolean, nullable=False),
    sa.Column("hostname", sa.Text),
    sa.Column("services", sa.JSON, nullable=False),  # ["23/tcp telnet (...)", ...]
    sa.Column("xml", sa.Text, nullable=False),
)
sa.Index("discovered_devices_discovery", discovered_devices.c.discovery_id)
sa.Index("results_check", results.c.check_id, results.c.status)

inspections = sa.Table(
    "inspections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("quarter", sa.Text, nullable=False),
    sa.Column("unit_id", sa.Text, nullable=False),
    sa.Column("requirement_id", sa.Text, nullable=False),
    sa.Column("result", sa.Text, nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("inspector", sa.Text, nullable=False),
    sa.Column("inspected_on", sa.Text, nullable=False),
    sa.Column("recorded_at", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.UniqueConstraint("quarter", "unit_id", "requirement_id", name="inspections_answer"),
)
