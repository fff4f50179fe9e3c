"""fund: spending waits for a second signature; a gift may name its donor

Revision ID: 0013_fund
Revises: 0012_scope
Create Date: 2026-12-02 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import linli.storage.models

revision = "0013_fund"
down_revision = "0012_scope"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch: on SQLite a batch rebuilds the table and drops the
    # triggers that keep the ledger append-only (0009_civic).
    op.add_column("fund_ledger", sa.Column("donor", sa.String(length=40), nullable=True))
    op.create_table(
        "fund_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.Column("corrects", sa.Integer(), nullable=True),
        sa.Column("proposed_by", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("entry_id", sa.Integer(), nullable=True),
        sa.Column("created_at", linli.storage.models.UTCDateTime(), nullable=False),
        sa.Column("decided_at", linli.storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["community_id"], ["communities.id"]),
        sa.ForeignKeyConstraint(["corrects"], ["fund_ledger.id"]),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"]),
        sa.ForeignKeyConstraint(["entry_id"], ["fund_ledger.id"]),
        sa.ForeignKeyConstraint(["proposed_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_fund_requests_community_id"), "fund_requests", ["community_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_fund_requests_community_id"), table_name="fund_requests")
    op.drop_table("fund_requests")
    # DROP COLUMN (SQLite 3.35+ and PostgreSQL) leaves the append-only triggers in place.
    op.drop_column("fund_ledger", "donor")
