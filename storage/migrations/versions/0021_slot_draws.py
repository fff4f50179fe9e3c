"""slot draws: a facility in lottery mode gives popular slots by a verifiable draw among
households; the commitment published when entries open can never change

Revision ID: 0021_slot_draws
Revises: 0020_link
Create Date: 2026-12-03 05:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import linli.storage.models

revision = "0021_slot_draws"
down_revision = "0020_link"
branch_labels = None
depends_on = None

FIXED = "slot_draws.commitment is published when entries open and cannot change"
WRONG_SECRET = "slot_draws.secret does not hash to the published commitment"


def upgrade() -> None:
    with op.batch_alter_table("facilities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lottery_opens_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("lottery_draw_hours", sa.Integer(), nullable=True))
    op.create_table(
        "slot_draws",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("facility_id", sa.Integer(), nullable=False),
        sa.Column("commitment", sa.String(length=64), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=True),
        sa.Column("opens_at", linli.storage.models.UTCDateTime(), nullable=False),
        sa.Column("draw_at", linli.storage.models.UTCDateTime(), nullable=False),
        sa.Column("seed", sa.String(length=64), nullable=True),
        sa.Column("pool", sa.Text(), nullable=True),
        sa.Column("places", sa.Integer(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("drawn_at", linli.storage.models.UTCDateTime(), nullable=True),
        sa.Column("created_at", linli.storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["facility_id"], ["facilities.id"], name=op.f("fk_slot_draws_facility_id_facilities")
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"], ["slots.id"], name=op.f("fk_slot_draws_slot_id_slots")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slot_draws")),
        sa.UniqueConstraint("slot_id", name=op.f("uq_slot_draws_slot_id")),
    )
    op.create_index(op.f("ix_slot_draws_draw_at"), "slot_draws", ["draw_at"], unique=False)
    op.create_index(op.f("ix_slot_draws_facility_id"), "slot_draws", ["facility_id"], unique=False)
    op.create_table(
        "slot_draw_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draw_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("unit_key", sa.String(length=40), nullable=False),
        sa.Column("entered_at", linli.storage.models.UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name=op.f("fk_slot_draw_entries_booking_id_bookings")
        ),
        sa.ForeignKeyConstraint(
            ["draw_id"], ["slot_draws.id"], name=op.f("fk_slot_draw_entries_draw_id_slot_draws")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_slot_draw_entries_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slot_draw_entries")),
        sa.UniqueConstraint("draw_id", "unit_key", name=op.f("uq_slot_draw_entries_draw_id")),
    )
    op.create_index(
        op.f("ix_slot_draw_entries_draw_id"), "slot_draw_entries", ["draw_id"], unique=False
    )
    op.create_index(
        op.f("ix_slot_draw_entries_user_id"), "slot_draw_entries", ["user_id"], unique=False
    )
    # The commitment is the promise: once published it stays. PostgreSQL also checks that
    # a revealed secret is the one committed to; SQLite has no SHA-256 in SQL, so there
    # the service checks it before it stores a result, and `verify-draw` checks it after.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION slot_draws_guard() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'UPDATE' AND NEW.commitment IS DISTINCT FROM OLD.commitment THEN
                    RAISE EXCEPTION '{FIXED}';
                END IF;
                IF NEW.secret IS NOT NULL AND
                   encode(sha256(convert_to(NEW.secret, 'UTF8')), 'hex') <> NEW.commitment THEN
                    RAISE EXCEPTION '{WRONG_SECRET}';
                END IF;
                RETURN NEW;
            END
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER slot_draws_guard BEFORE INSERT OR UPDATE ON slot_draws"
            " FOR EACH ROW EXECUTE FUNCTION slot_draws_guard()"
        )
    else:
        op.execute(
            "CREATE TRIGGER slot_draws_commitment_fixed BEFORE UPDATE OF commitment ON slot_draws"
            " WHEN NEW.commitment IS NOT OLD.commitment"
            f" BEGIN SELECT RAISE(ABORT, '{FIXED}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS slot_draws_guard ON slot_draws")
        op.execute("DROP FUNCTION IF EXISTS slot_draws_guard()")
    else:
        op.execute("DROP TRIGGER IF EXISTS slot_draws_commitment_fixed")
    op.drop_index(op.f("ix_slot_draw_entries_user_id"), table_name="slot_draw_entries")
    op.drop_index(op.f("ix_slot_draw_entries_draw_id"), table_name="slot_draw_entries")
    op.drop_table("slot_draw_entries")
    op.drop_index(op.f("ix_slot_draws_facility_id"), table_name="slot_draws")
    op.drop_index(op.f("ix_slot_draws_draw_at"), table_name="slot_draws")
    op.drop_table("slot_draws")
    with op.batch_alter_table("facilities", schema=None) as batch_op:
        batch_op.drop_column("lottery_draw_hours")
        batch_op.drop_column("lottery_opens_days")
