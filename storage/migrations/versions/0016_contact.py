"""contact: how residents reach their community's office (联系居委会)

Revision ID: 0016_contact
Revises: 0015_names
Create Date: 2026-12-02 17:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import linli.storage.models

revision = "0016_contact"
down_revision = "0015_names"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "community_contacts",
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=60), nullable=True),
        sa.Column("hours", sa.String(length=60), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("updated_at", linli.storage.models.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["communities.id"]),
        sa.PrimaryKeyConstraint("community_id"),
    )


def downgrade() -> None:
    op.drop_table("community_contacts")
