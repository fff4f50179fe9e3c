"""the community a staff member chose to act for

Revision ID: 0012_scope
Revises: 0011_screen
Create Date: 2026-12-02 12:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_scope"
down_revision = "0011_screen"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("staff_community_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_users_staff_community_id_communities"),
            "communities",
            ["staff_community_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_users_staff_community_id_communities"), type_="foreignkey"
        )
        batch_op.drop_column("staff_community_id")
