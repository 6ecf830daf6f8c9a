"""Network-level audit: whether a host was audited from the network alone, nmap's XML for each
host's address (the evidence of its network checks), and the runs of ``auditor discover`` with
the devices they found.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hosts") as batch:
        batch.add_column(
            sa.Column("network_only", sa.Boolean, nullable=False, server_default=sa.false())
        )
    op.create_table(
        "network_evidence",
        sa.Column(
            "host_id",
            sa.Integer,
            sa.ForeignKey("hosts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("xml", sa.Text, nullable=False),
    )
    op.create_table(
        "discoveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started", sa.Text, nullable=False),
        sa.Column("finished", sa.Text, nullable=False),
        sa.Column("inventory_path", sa.Text),
        sa.Column("targets", sa.JSON, nullable=False),
        sa.Column("errors", sa.JSON, nullable=False),
    )
    op.create_table(
        "discovered_devices",
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
        sa.Column("services", sa.JSON, nullable=False),
        sa.Column("xml", sa.Text, nullable=False),
    )
    op.create_index("discovered_devices_discovery", "discovered_devices", ["discovery_id"])
