"""meetings: a council meeting with an agenda of several proposals, its attendance and,
per item, the decision and the vote

Revision ID: 0029_meetings
Revises: 0028_directory

Until now a meeting was a time and a place attached to one proposal (proposals.meeting_id,
which stays: the meeting a proposal is on now). Each such proposal becomes its meeting's
one-item agenda; one already adopted or declined there keeps that as the item's decision
(without a vote: none was recorded), and its meeting counts as held.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import linli.storage.models

revision = "0029_meetings"
down_revision = "0028_directory"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=12), nullable=False, server_default="scheduled")
        )
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("attendance", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("attendees", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("updated_at", linli.storage.models.UTCDateTime(), nullable=True)
        )
    op.create_table(
        "meeting_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=True),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("votes_against", sa.Integer(), nullable=True),
        sa.Column("votes_abstain", sa.Integer(), nullable=True),
        sa.Column("decided_at", linli.storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_items_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposals.id"], name=op.f("fk_meeting_items_proposal_id_proposals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_items")),
        sa.UniqueConstraint("meeting_id", "proposal_id", name=op.f("uq_meeting_items_meeting_id")),
    )
    with op.batch_alter_table("meeting_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_items_meeting_id"), ["meeting_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_items_proposal_id"), ["proposal_id"], unique=False
        )
    # Today's one-proposal meetings become one-item agendas.
    op.execute(
        """
        INSERT INTO meeting_items (meeting_id, proposal_id, position, decision)
        SELECT meeting_id, id, 1,
               CASE WHEN state IN ('adopted', 'done') THEN 'adopt'
                    WHEN state = 'declined' THEN 'decline' END
        FROM proposals WHERE meeting_id IS NOT NULL
        """
    )
    op.execute(
        """
        UPDATE meetings SET status = 'held'
        WHERE id IN (SELECT meeting_id FROM meeting_items WHERE decision IS NOT NULL)
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("meeting_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_items_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_items_meeting_id"))
    op.drop_table("meeting_items")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("updated_at")
        batch_op.drop_column("attendees")
        batch_op.drop_column("attendance")
        batch_op.drop_column("version")
        batch_op.drop_column("status")
