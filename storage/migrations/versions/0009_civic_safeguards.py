"""civic safeguards: the fund ledger's hash chain and append-only triggers; the lottery's
commit–reveal secret

Revision ID: 0009_civic
Revises: 0008
Create Date: 2026-12-02 09:30:00
"""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa
from alembic import op

from linli.storage.fund_chain import GENESIS, line_hash

revision = "0009_civic"
down_revision = "0008"
branch_labels = None
depends_on = None

REFUSE = "fund_ledger is append-only: add a correcting line instead"


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("market_days", schema=None) as batch_op:
        batch_op.add_column(sa.Column("secret", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("commitment", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("draw_pool", sa.Text(), nullable=True))
    with op.batch_alter_table("stall_applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("draw_rank", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("excused", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    # Markets not drawn yet get their secret now; drawn ones keep the seed they published.
    for (market_id,) in bind.execute(sa.text("SELECT id FROM market_days WHERE drawn_at IS NULL")):
        secret = secrets.token_hex(32)
        bind.execute(
            sa.text("UPDATE market_days SET secret = :s, commitment = :c WHERE id = :i"),
            {"s": secret, "c": hashlib.sha256(secret.encode()).hexdigest(), "i": market_id},
        )

    with op.batch_alter_table("fund_ledger", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    previous: dict[int, str] = {}
    rows = bind.execute(
        sa.text(
            "SELECT id, community_id, day, kind, source, amount, purpose, approved_by,"
            " corrects, market_id FROM fund_ledger ORDER BY id"
        )
    )
    for row in list(rows):
        prev = previous.get(row.community_id, GENESIS)
        day = row.day if isinstance(row.day, str) else row.day.isoformat()
        digest = line_hash(
            day=day,
            kind=row.kind,
            source=row.source,
            amount=row.amount,
            purpose=row.purpose,
            approved_by=row.approved_by,
            corrects=row.corrects,
            market_id=row.market_id,
            prev_hash=prev,
        )
        bind.execute(
            sa.text("UPDATE fund_ledger SET prev_hash = :p, hash = :h WHERE id = :i"),
            {"p": prev, "h": digest, "i": row.id},
        )
        previous[row.community_id] = digest
    with op.batch_alter_table("fund_ledger", schema=None) as batch_op:
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint("uq_fund_ledger_chain", ["community_id", "prev_hash"])

    # After the batch operations: on SQLite they rebuild the table, which drops triggers.
    # A later migration that rebuilds fund_ledger must create these again.
    if bind.dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION fund_ledger_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{REFUSE}';
            END
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER fund_ledger_no_change BEFORE UPDATE OR DELETE ON fund_ledger"
            " FOR EACH ROW EXECUTE FUNCTION fund_ledger_append_only()"
        )
        op.execute(
            "CREATE TRIGGER fund_ledger_no_truncate BEFORE TRUNCATE ON fund_ledger"
            " FOR EACH STATEMENT EXECUTE FUNCTION fund_ledger_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER fund_ledger_no_{event.lower()} BEFORE {event} ON fund_ledger"
                f" BEGIN SELECT RAISE(ABORT, '{REFUSE}'); END"
            )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS fund_ledger_no_truncate ON fund_ledger")
        op.execute("DROP TRIGGER IF EXISTS fund_ledger_no_change ON fund_ledger")
        op.execute("DROP FUNCTION IF EXISTS fund_ledger_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS fund_ledger_no_update")
        op.execute("DROP TRIGGER IF EXISTS fund_ledger_no_delete")
    with op.batch_alter_table("fund_ledger", schema=None) as batch_op:
        batch_op.drop_constraint("uq_fund_ledger_chain", type_="unique")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
    with op.batch_alter_table("stall_applications", schema=None) as batch_op:
        batch_op.drop_column("excused")
        batch_op.drop_column("draw_rank")
    with op.batch_alter_table("market_days", schema=None) as batch_op:
        batch_op.drop_column("draw_pool")
        batch_op.drop_column("commitment")
        batch_op.drop_column("secret")
