"""The store as the hand-off: language-neutral messages, the unit tree, host snapshots.

Results lose their stored title (titles come from the check catalogue when shown) and keep their
message as a template with arguments; a 0.1.0 message becomes a template without arguments.
Scans gain the digest of the resolved profile and the number of hosts planned; hosts gain
whether they were audited as root, their exec request count, the audit's duration in
seconds (unknown for 0.1.0 hosts) and a snapshot, and lose the unit
name and path, now kept once per scan in ``units``. 0.1.0 did not store unit ids above a host's
own unit, so a migrated unit's parent is known only when that parent unit held hosts itself.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

from auditor.store.legacy import legacy_tables

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _legacy_units(conn: sa.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        sa.text("SELECT scan_id, unit_id, unit_name, unit_path FROM hosts ORDER BY id")
    ).all()
    by_scan: dict[int, dict[str, tuple[str, list[str]]]] = defaultdict(dict)
    for scan_id, unit_id, name, path in rows:
        by_scan[scan_id].setdefault(unit_id, (name, json.loads(path or "[]")))
    units = []
    for scan_id, found in by_scan.items():
        id_of = {name: unit_id for unit_id, (name, _) in found.items()}
        for position, (unit_id, (name, path)) in enumerate(found.items()):
            parent = id_of.get(path[-2]) if len(path) > 1 else None
            units.append(
                {"scan_id": scan_id, "unit_id": unit_id, "name": name, "parent_id": parent,
                 "owner": None, "position": position}
            )  # fmt: skip
    return units


def _literal(text: str) -> str:
    return json.dumps(
        {"template": text.replace("{", "{{").replace("}", "}}"), "args": {}}, ensure_ascii=False
    )


def upgrade() -> None:
    conn = op.get_bind()
    old = legacy_tables()
    sqlite = conn.dialect.name == "sqlite"

    def rebuilt(name: str) -> Any:
        """A batch that rebuilds the table from its 0.1.0 definition on SQLite, or alters it."""
        if sqlite:
            return op.batch_alter_table(name, copy_from=old[name], recreate="always")
        return op.batch_alter_table(name)

    units = op.create_table(
        "units",
        sa.Column(
            "scan_id", sa.Integer, sa.ForeignKey("scans.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("unit_id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("parent_id", sa.Text),
        sa.Column("owner", sa.Text),
        sa.Column("position", sa.Integer, nullable=False),
    )
    legacy_units = _legacy_units(conn)
    if legacy_units:
        op.bulk_insert(units, legacy_units)
    for row in conn.execute(sa.text("SELECT id, message FROM results")).all():
        conn.execute(
            sa.text("UPDATE results SET message = :m WHERE id = :i"),
            {"m": _literal(row.message), "i": row.id},
        )

    with rebuilt("scans") as batch:
        batch.add_column(sa.Column("profile_digest", sa.Text))
        batch.add_column(sa.Column("hosts_planned", sa.Integer))
    conn.execute(
        sa.text(
            "UPDATE scans SET hosts_planned ="
            " (SELECT COUNT(*) FROM hosts WHERE hosts.scan_id = scans.id)"
        )
    )
    with rebuilt("hosts") as batch:
        batch.drop_column("unit_name")
        batch.drop_column("unit_path")
        batch.alter_column("tags", type_=sa.JSON, postgresql_using="tags::json")
        batch.add_column(sa.Column("privileged", sa.Boolean))
        batch.add_column(sa.Column("exec_count", sa.Integer))
        batch.add_column(sa.Column("duration", sa.Float))
        batch.add_column(sa.Column("snapshot", sa.JSON))
        batch.create_unique_constraint("hosts_scan_name", ["scan_id", "name"])
    with rebuilt("results") as batch:
        batch.drop_column("title")
        batch.alter_column("message", type_=sa.JSON, postgresql_using="message::json")
        batch.alter_column("evidence", type_=sa.JSON, postgresql_using="evidence::json")
