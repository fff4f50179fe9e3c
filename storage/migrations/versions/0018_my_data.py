"""my data: one-time download links to a resident's own data (WeChat cannot send files)

Revision ID: 0018_my_data
Revises: 0017_consent
Create Date: 2026-12-03 05:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import linli.storage.models

revision = "0018_my_data"
down_revision = "0017_consent"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "export_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", linli.storage.models.UTCDateTime(), nullable=False),
        sa.Column("expires_at", linli.storage.models.UTCDateTime(), nullable=False),
        sa.Column("used_at", linli.storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token"),
    )
    op.create_index(op.f("ix_export_links_user_id"), "export_links", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_export_links_user_id"), table_name="export_links")
    op.drop_table("export_links")
