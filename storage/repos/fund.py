"""Repository for the 社区发展基金's ledger: appending a chained line, reading a chain."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.fund_chain import GENESIS, hash_of
from linli.storage.models import Community, LedgerEntry


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
