"""社区发展基金: the open, append-only ledger and spending waiting for a second signature."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from linli.storage.models.base import Base


class LedgerEntry(Base):
    """One line of the 社区发展基金's open ledger. Never changed: a correction is a new line."""

    __tablename__ = "fund_ledger"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))  # income, spending
    source: Mapped[str] = mapped_column(String(16))  # stall_fee, pledge, donation, spending
    # Signed: a correction may take back part of what an earlier line said.
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    purpose: Mapped[str] = mapped_column(String(200))
    approved_by: Mapped[str | None] = mapped_column(String(100))
    corrects: Mapped[int | None] = mapped_column(ForeignKey("fund_ledger.id"))
    market_id: Mapped[int | None] = mapped_column(ForeignKey("market_days.id"))
    # A gift's giver as the public sees them (全名, 张** or 匿名), as the giver chose: the
    # ledger is public, so nothing else about them is kept here.
    donor: Mapped[str | None] = mapped_column(String(40))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    # The hash chain (storage/fund_chain.py): the previous line's hash and this line's. A
    # community's chain cannot fork: one line only may follow a given hash.
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("community_id", "prev_hash", name="uq_fund_ledger_chain"),)


class SpendingRequest(Base):
    """Spending one staff member entered, waiting for a second one to sign it. Only a signed
    request becomes a ledger line; a declined one stays here with the reason."""

    __tablename__ = "fund_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    purpose: Mapped[str] = mapped_column(String(200))
    corrects: Mapped[int | None] = mapped_column(ForeignKey("fund_ledger.id"))
    proposed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(10))  # pending, approved, declined
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(String(200))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("fund_ledger.id"))
    created_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]


@event.listens_for(LedgerEntry, "before_update")
@event.listens_for(LedgerEntry, "before_delete")
def _ledger_is_append_only(mapper, connection, target) -> None:
    # The fund's accounts are public: a line, once written, stays as it is. The database
    # refuses it too (triggers, migration 0009_civic), for writes that bypass the ORM.
    raise PermissionError("fund ledger entries are never changed or deleted")
