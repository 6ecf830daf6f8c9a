"""Requirements and waivers: the resolved profile and the waivers in force are kept with each
scan, a waived result keeps its original status and names its waiver, and inspectors' answers
to manual requirements are kept per quarter, unit and requirement.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scans") as batch:
        batch.add_column(sa.Column("profile_content", sa.JSON))
        batch.add_column(sa.Column("waivers", sa.JSON))
    with op.batch_alter_table("results") as batch:
        batch.add_column(sa.Column("original_status", sa.Text))
        batch.add_column(sa.Column("waiver", sa.JSON))
    op.create_table(
        "inspections",
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
