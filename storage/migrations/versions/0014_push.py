"""urgent pushes (the others wait out the user's quiet hours)

Revision ID: 0014_push
Revises: 0013_fund
Create Date: 2026-12-02 12:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_push"
down_revision = "0013_fund"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("urgent", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    # Pushes of urgent notices already queued stay urgent.
    op.execute(
        "UPDATE outbox SET urgent = (SELECT n.urgent FROM notices n WHERE n.id = outbox.notice_id)"
        " WHERE notice_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("urgent")
