"""days: the State Council's holiday schedule loaded by staff (`linli holidays load`)

Revision ID: 0024_days
Revises: 0022_on_behalf
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024_days"
down_revision = "0023_polish"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "official_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("day"),
    )


def downgrade() -> None:
    op.drop_table("official_days")
