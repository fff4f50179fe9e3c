"""directory: a facility's photos (https addresses), edited in the console and the file

Revision ID: 0028_directory
Revises: 0027_console
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0028_directory"
down_revision = "0027_console"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facilities") as batch:
        batch.add_column(sa.Column("photos", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("facilities") as batch:
        batch.drop_column("photos")
