"""consent: the privacy notice version a user agreed to; facilities that need names at entry

Revision ID: 0017_consent
Revises: 0016_contact
Create Date: 2026-12-03 05:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import linli.storage.models

revision = "0017_consent"
down_revision = "0016_contact"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("consent_version", sa.String(length=32), nullable=True))
        batch.add_column(
            sa.Column("consented_at", linli.storage.models.UTCDateTime(), nullable=True)
        )
    with op.batch_alter_table("facilities") as batch:
        batch.add_column(
            sa.Column("entry_needs_name", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("facilities") as batch:
        batch.drop_column("entry_needs_name")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("consented_at")
        batch.drop_column("consent_version")
