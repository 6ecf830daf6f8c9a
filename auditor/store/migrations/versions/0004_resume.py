"""Resumable scans: a scan keeps the profile as it was named (an id or a file) and the names of
the hosts it planned, so that a scan that did not finish can be resumed with the hosts it lacks.
Scans stored before this revision have neither and cannot be resumed.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scans") as batch:
        batch.add_column(sa.Column("profile_ref", sa.Text))
        batch.add_column(sa.Column("planned_hosts", sa.JSON))
