"""link: one resident across Telegram and WeChat (accounts linked by a one-time code)

Revision ID: 0020_link
Revises: 0019_residency
Create Date: 2026-12-03 05:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import linli.storage.models

revision = "0020_link"
down_revision = "0019_residency"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("linked_to", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("push_channel", sa.String(length=16), nullable=True))
        batch_op.create_index(batch_op.f("ix_users_linked_to"), ["linked_to"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_users_linked_to_users"), "users", ["linked_to"], ["id"]
        )
    op.create_table(
        "link_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("created_at", linli.storage.models.UTCDateTime(), nullable=False),
        sa.Column("expires_at", linli.storage.models.UTCDateTime(), nullable=False),
        sa.Column("used_at", linli.storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_link_codes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_codes")),
    )
    op.create_index(op.f("ix_link_codes_code"), "link_codes", ["code"], unique=False)
    op.create_index(op.f("ix_link_codes_user_id"), "link_codes", ["user_id"], unique=False)
    op.create_table(
        "link_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", linli.storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_link_failures_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_failures")),
    )
    op.create_index(op.f("ix_link_failures_at"), "link_failures", ["at"], unique=False)
    op.create_index(op.f("ix_link_failures_user_id"), "link_failures", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_link_failures_user_id"), table_name="link_failures")
    op.drop_index(op.f("ix_link_failures_at"), table_name="link_failures")
    op.drop_table("link_failures")
    op.drop_index(op.f("ix_link_codes_user_id"), table_name="link_codes")
    op.drop_index(op.f("ix_link_codes_code"), table_name="link_codes")
    op.drop_table("link_codes")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_users_linked_to_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_users_linked_to"))
        batch_op.drop_column("push_channel")
        batch_op.drop_column("linked_to")
