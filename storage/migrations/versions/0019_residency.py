"""residency: households (户), their invite codes, confirmed residencies; a household quota

Revision ID: 0019_residency
Revises: 0018_my_data
Create Date: 2026-12-03 05:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import linli.storage.models

revision = "0019_residency"
down_revision = "0018_my_data"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "households",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("created_at", linli.storage.models.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_households_community_id_communities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_households")),
        sa.UniqueConstraint("community_id", "label", name=op.f("uq_households_community_id")),
    )
    with op.batch_alter_table("households") as batch_op:
        batch_op.create_index(batch_op.f("ix_households_community_id"), ["community_id"])
    op.create_table(
        "household_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", linli.storage.models.UTCDateTime(), nullable=False),
        sa.Column("expires_at", linli.storage.models.UTCDateTime(), nullable=False),
        sa.Column("max_uses", sa.Integer(), nullable=False),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_codes_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_household_codes_code")),
    )
    with op.batch_alter_table("household_codes") as batch_op:
        batch_op.create_index(batch_op.f("ix_household_codes_household_id"), ["household_id"])
    op.create_table(
        "residencies",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("confirmed_via", sa.String(length=16), nullable=True),
        sa.Column("confirmed_at", linli.storage.models.UTCDateTime(), nullable=True),
        sa.Column("confirmed_by", sa.String(length=64), nullable=True),
        sa.Column("changed_at", linli.storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_residencies_community_id_communities"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_residencies_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_residencies_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_residencies")),
    )
    with op.batch_alter_table("residencies") as batch_op:
        batch_op.create_index(batch_op.f("ix_residencies_community_id"), ["community_id"])
        batch_op.create_index(batch_op.f("ix_residencies_household_id"), ["household_id"])
    with op.batch_alter_table("facilities") as batch_op:
        batch_op.add_column(sa.Column("max_upcoming_per_household", sa.Integer(), nullable=True))
    # Everyone who chose a community before is unconfirmed (that is how the accounts from
    # 七星园 got in) but waits on their staff's list rather than being invisible.
    op.execute(
        "INSERT INTO residencies (user_id, community_id, status)"
        " SELECT id, community_id, 'pending' FROM users WHERE community_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("facilities") as batch_op:
        batch_op.drop_column("max_upcoming_per_household")
    op.drop_table("residencies")
    op.drop_table("household_codes")
    op.drop_table("households")
