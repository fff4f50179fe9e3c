"""outbox: a claim's worker and lease in outbox_claims, not in the row

Revision ID: 0031_perf
Revises: 0030_desk

Writing the worker's name and the lease into a claimed row made it longer; in full pages
(rows are appended) that split a page for most claimed rows, and the lease index moved
every entry: a claim of 1,000 reminders among a million wrote 23.6 MB of WAL on SQLite.
Kept in their own small table, a claim changes only the row's status and attempts
(8.4 MB), and the heartbeat rewrites a few small rows instead of every row it holds.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import linli.storage.models

revision = "0031_perf"
down_revision = "0030_desk"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_claims",
        sa.Column("message_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("worker", sa.String(length=64), nullable=False),
        sa.Column("until", linli.storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["outbox.id"],
            name=op.f("fk_outbox_claims_message_id_outbox"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_outbox_claims")),
    )
    op.create_index("ix_outbox_claims_until", "outbox_claims", ["until"])
    op.create_index("ix_outbox_claims_worker", "outbox_claims", ["worker"])
    # Rows being sent right now keep their worker and lease.
    op.execute(
        "INSERT INTO outbox_claims (message_id, worker, until) "
        "SELECT id, claimed_by, claimed_until FROM outbox "
        "WHERE status = 'sending' AND claimed_by IS NOT NULL AND claimed_until IS NOT NULL"
    )
    op.drop_index("ix_outbox_lease", table_name="outbox")
    # Neither column is in an index or a constraint any more: a plain DROP COLUMN
    # (SQLite 3.35+), not a copy of the whole table.
    op.drop_column("outbox", "claimed_by")
    op.drop_column("outbox", "claimed_until")


def downgrade() -> None:
    op.add_column(
        "outbox", sa.Column("claimed_until", linli.storage.models.UTCDateTime(), nullable=True)
    )
    op.add_column("outbox", sa.Column("claimed_by", sa.String(length=64), nullable=True))
    op.execute(
        "UPDATE outbox SET claimed_by = (SELECT worker FROM outbox_claims c "
        "WHERE c.message_id = outbox.id), claimed_until = (SELECT until FROM outbox_claims c "
        "WHERE c.message_id = outbox.id) WHERE status = 'sending'"
    )
    op.create_index("ix_outbox_lease", "outbox", ["status", "claimed_until"])
    op.drop_index("ix_outbox_claims_worker", table_name="outbox_claims")
    op.drop_index("ix_outbox_claims_until", table_name="outbox_claims")
    op.drop_table("outbox_claims")
