"""Repository for the 社区发展基金's ledger (appending a chained line, reading a chain) and
the spending requests a second staff member signs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.fund_chain import GENESIS, hash_of
from linli.storage.models import Community, LedgerEntry, SpendingRequest


class FundRepo:
    def __init__(self, session: AsyncSession, dialect: str = "sqlite") -> None:
        self.s = session
        self.dialect = dialect

    async def append(self, entry: LedgerEntry) -> LedgerEntry:
        """Chain the line to its community's last one and add it.

        Two staff adding lines at once must not both follow the same hash: on PostgreSQL
        the community's row is locked first; SQLite's transaction already holds the write
        lock (BEGIN IMMEDIATE). The unique (community, prev_hash) refuses a fork anyway.
        """
        if self.dialect == "postgresql":
            await self.s.execute(
                select(Community.id).where(Community.id == entry.community_id).with_for_update()
            )
        last = await self.s.scalar(
            select(LedgerEntry.hash)
            .where(LedgerEntry.community_id == entry.community_id)
            .order_by(LedgerEntry.id.desc())
            .limit(1)
        )
        entry.amount = Decimal(entry.amount).quantize(Decimal("0.01"))
        entry.prev_hash = last or GENESIS
        entry.hash = hash_of(entry)
        self.s.add(entry)
        await self.s.flush()
        return entry

    async def lines(self, community_id: int) -> list[LedgerEntry]:
        """A community's lines in the order they were written (the chain's order)."""
        rows = await self.s.scalars(
            select(LedgerEntry)
            .where(LedgerEntry.community_id == community_id)
            .order_by(LedgerEntry.id)
        )
        return list(rows)

    async def line(self, entry_id: int) -> LedgerEntry | None:
        return await self.s.get(LedgerEntry, entry_id)

    async def by_day(self, community_id: int) -> list[LedgerEntry]:
        """A community's lines by the day they record (the public ledger's order)."""
        rows = await self.s.scalars(
            select(LedgerEntry)
            .where(LedgerEntry.community_id == community_id)
            .order_by(LedgerEntry.day, LedgerEntry.id)
        )
        return list(rows)

    async def between(
        self, community_id: int, first: dt.date, before: dt.date
    ) -> list[LedgerEntry]:
        """Lines recording a day from `first` up to (not including) `before`, by day."""
        rows = await self.s.scalars(
            select(LedgerEntry)
            .where(
                LedgerEntry.community_id == community_id,
                LedgerEntry.day >= first,
                LedgerEntry.day < before,
            )
            .order_by(LedgerEntry.day, LedgerEntry.id)
        )
        return list(rows)

    async def balance_before(self, community_id: int, day: dt.date) -> Decimal:
        """Income less spending over every line recording a day before `day`."""
        signed = case((LedgerEntry.kind == "income", LedgerEntry.amount), else_=-LedgerEntry.amount)
        total = await self.s.scalar(
            select(func.coalesce(func.sum(signed), 0)).where(
                LedgerEntry.community_id == community_id, LedgerEntry.day < day
            )
        )
        return Decimal(total or 0).quantize(Decimal("0.01"))

    async def income_lines(self, community_id: int) -> list[LedgerEntry]:
        """Every income line, newest first."""
        rows = await self.s.scalars(
            select(LedgerEntry)
            .where(LedgerEntry.community_id == community_id, LedgerEntry.kind == "income")
            .order_by(LedgerEntry.day.desc(), LedgerEntry.id.desc())
        )
        return list(rows)

    async def income_between(self, community_id: int, first: dt.date, last: dt.date) -> Decimal:
        """The community's income on the days from `first` to `last`, both included."""
        total = await self.s.scalar(
            select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
                LedgerEntry.community_id == community_id,
                LedgerEntry.kind == "income",
                LedgerEntry.day >= first,
                LedgerEntry.day <= last,
            )
        )
        return Decimal(total or 0)

    async def income_of_market(self, market_id: int) -> Decimal:
        """What a market day brought in (its stall fees)."""
        total = await self.s.scalar(
            select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
                LedgerEntry.market_id == market_id, LedgerEntry.kind == "income"
            )
        )
        return Decimal(total or 0)

    # --- spending requests ---

    def add_request(self, request: SpendingRequest) -> None:
        self.s.add(request)

    async def request(self, request_id: int, *, lock: bool = False) -> SpendingRequest | None:
        """A spending request; `lock`: held on PostgreSQL, so two signing at once write one
        line (SQLite's transaction already holds the write lock)."""
        return await self.s.get(
            SpendingRequest, request_id, with_for_update=lock and self.dialect == "postgresql"
        )

    async def pending(self, community_id: int) -> list[SpendingRequest]:
        rows = await self.s.scalars(
            select(SpendingRequest)
            .where(
                SpendingRequest.community_id == community_id, SpendingRequest.status == "pending"
            )
            .order_by(SpendingRequest.id)
        )
        return list(rows)
