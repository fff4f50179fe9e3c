"""outbox: indexes that match the claim

Revision ID: 0026_pushes
Revises: 0022_on_behalf

The claim asks, for each due push, whether an earlier push of the same person is being
sent, due, or waiting for a retry. With only (user_id) that read every earlier row of the
person (1,000 reminders each: a million rows for a claim of 1,000). (user_id, due_at, id)
over the rows still to be sent answers the first two with one seek, and a claim does not
move its entries; a partial index of the retrying rows answers the third. (user_id) stays:
a person's pushes of every status (export, erasure, the last push with buttons, the
foreign key).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026_pushes"
down_revision = "0025_card"
branch_labels = None
depends_on = None

LIVE = "status IN ('pending', 'sending')"
RETRYING = "status = 'pending' AND attempts > 0"


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outbox_line",
            ["user_id", "due_at", "id"],
            sqlite_where=sa.text(LIVE),
            postgresql_where=sa.text(LIVE),
        )
        batch_op.create_index(
            "ix_outbox_retry",
            ["user_id", "id"],
            sqlite_where=sa.text(RETRYING),
            postgresql_where=sa.text(RETRYING),
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_retry")
        batch_op.drop_index("ix_outbox_line")
