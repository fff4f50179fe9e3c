"""notices: a title, as the console's compose form asks for one

Revision ID: 0030_desk
Revises: 0029_meetings

Notices written in chat have none (NULL); a notice with a title shows it above its text.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0030_desk"
down_revision = "0029_meetings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title", sa.String(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_column("title")
