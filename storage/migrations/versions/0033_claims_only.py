"""outbox: a claim is its row in outbox_claims alone; the push keeps status 'pending'

Revision ID: 0033_claims_only
Revises: 0032_daily

Claiming 1,000 reminders among a million rewrote 1,000 rows scattered over as many pages
(status and attempts, and the status index's entries) and spent ~50 ms committing them on
SQLite. The claim now only adds small rows to outbox_claims; the try is counted when the
outcome is recorded (or when a dead worker's claim is taken over). Rows being sent now go
back to 'pending' with the try their claim counted undone; their claim rows stay.

outbox_claims keeps only its key: checking each new claim's parent row cost a claim of
1,000 4 ms on SQLite, the two indexes 1.5 ms more, and the table holds only the pushes in
flight, which the heartbeat and the expired-lease lookup read whole at little cost.
"""

from __future__ import annotations

from alembic import op

revision = "0033_claims_only"
down_revision = "0032_daily"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "UPDATE outbox SET status = 'pending', attempts = attempts - 1 WHERE status = 'sending'"
    )
    op.drop_index("ix_outbox_claims_worker", table_name="outbox_claims")
    op.drop_index("ix_outbox_claims_until", table_name="outbox_claims")
    with op.batch_alter_table("outbox_claims") as batch:
        batch.drop_constraint("fk_outbox_claims_message_id_outbox", type_="foreignkey")


def downgrade() -> None:
    # Claims of rows that are gone would break the foreign key (none are ever deleted).
    op.execute("DELETE FROM outbox_claims WHERE message_id NOT IN (SELECT id FROM outbox)")
    with op.batch_alter_table("outbox_claims") as batch:
        batch.create_foreign_key(
            "fk_outbox_claims_message_id_outbox",
            "outbox",
            ["message_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.create_index("ix_outbox_claims_until", "outbox_claims", ["until"])
    op.create_index("ix_outbox_claims_worker", "outbox_claims", ["worker"])
    op.execute(
        "UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE status = 'pending' "
        "AND id IN (SELECT message_id FROM outbox_claims)"
    )
