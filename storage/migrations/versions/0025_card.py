"""card: a facility's own rule for statutory holidays (Sunday hours, closed, or its own hours)

Revision ID: 0025_card
Revises: 0022_on_behalf
Create Date: 2026-12-03 08:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025_card"
down_revision = "0024_days"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facilities") as batch:
        batch.add_column(
            sa.Column(
                "holiday_policy", sa.String(length=8), nullable=False, server_default="sunday"
            )
        )
        batch.add_column(sa.Column("holiday_hours", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("facilities") as batch:
        batch.drop_column("holiday_hours")
        batch.drop_column("holiday_policy")
