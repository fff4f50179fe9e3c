"""on behalf: staff register residents without a smartphone and act for them (代办)

Revision ID: 0022_on_behalf
Revises: 0021_slot_draws
Create Date: 2026-12-03 05:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import linli.storage.models

revision = "0022_on_behalf"
down_revision = "0021_slot_draws"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "offline_residents",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("room", sa.String(length=40), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("registered_by", sa.Integer(), nullable=False),
        sa.Column("created_at", linli.storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["communities.id"]),
        sa.ForeignKeyConstraint(["registered_by"], ["users.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("user_id"),
    )
    with op.batch_alter_table("offline_residents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offline_residents_community_id"), ["community_id"], unique=False
        )
    op.create_table(
        "behalf_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.Column("how", sa.String(length=12), nullable=False),
        sa.Column("given_at", linli.storage.models.UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("withdrawn_at", linli.storage.models.UTCDateTime(), nullable=True),
        sa.Column("withdrawn_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"]),
        sa.ForeignKeyConstraint(["resident_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["withdrawn_by"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("behalf_consents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_behalf_consents_resident_id"), ["resident_id"], unique=False
        )
    with op.batch_alter_table("conversation_states", schema=None) as batch_op:
        batch_op.add_column(sa.Column("acting_for", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_conversation_states_acting_for_users"), "users", ["acting_for"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("conversation_states", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_conversation_states_acting_for_users"), type_="foreignkey"
        )
        batch_op.drop_column("acting_for")
    with op.batch_alter_table("behalf_consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_behalf_consents_resident_id"))
    op.drop_table("behalf_consents")
    with op.batch_alter_table("offline_residents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offline_residents_community_id"))
    op.drop_table("offline_residents")
