"""daily_runs: once-a-day chores claimed by the first process (the staff digest)

Revision ID: 0032_daily
Revises: 0031_perf
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import linli.storage.models

revision = "0032_daily"
down_revision = "0031_perf"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "daily_runs",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("at", linli.storage.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", "day", name=op.f("pk_daily_runs")),
    )


def downgrade() -> None:
    op.drop_table("daily_runs")
