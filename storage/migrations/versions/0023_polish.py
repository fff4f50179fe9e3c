"""polish: English names, descriptions and rules of the directory, shown to English readers

Revision ID: 0023_polish
Revises: 0022_on_behalf
Create Date: 2026-12-03 08:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023_polish"
down_revision = "0022_on_behalf"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_en", sa.String(length=100), nullable=True))
    with op.batch_alter_table("facilities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_en", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("description_en", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("rules_en", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("facilities", schema=None) as batch_op:
        batch_op.drop_column("rules_en")
        batch_op.drop_column("description_en")
        batch_op.drop_column("name_en")
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_column("name_en")
