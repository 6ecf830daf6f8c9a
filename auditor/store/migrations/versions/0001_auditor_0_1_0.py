"""The schema auditor 0.1.0 wrote (SQLite, without a version table).

A database from that release is stamped with this revision when it is first opened, then
upgraded like any other.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from alembic import op

from auditor.store.legacy import legacy_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in legacy_tables().values():
        table.create(op.get_bind())
