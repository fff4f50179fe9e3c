"""Repository for the figures staff read (charts and their CSV): only the columns that are
counted, for one community and a bounded span. Grouping by month happens in the caller, in
the community's time zone, the same way on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import (
    Booking,
    Facility,
    FacilityCommunity,
    LedgerEntry,
    MarketCategory,
    MarketDay,
    Proposal,
    ProposalRating,
    ProposalStep,
    StallApplication,
)


class FiguresRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def facilities_serving(self, community_id: int) -> list[tuple[int, str, str | None]]:
        """(id, name, English name) of the bookable facilities the community may use."""
        rows = await self.s.execute(
            select(Facility.id, Facility.name, Facility.name_en)
            .join(FacilityCommunity, FacilityCommunity.facility_id == Facility.id)
            .where(FacilityCommunity.community_id == community_id, Facility.bookable.is_(True))
            .order_by(Facility.id)
        )
        return [(fid, name, name_en) for fid, name, name_en in rows]

    async def bookings_between(
        self, facility_ids: list[int], start: dt.datetime, end: dt.datetime
    ) -> list[tuple[int, dt.datetime, str]]:
        """(facility, start, status) of every booking starting in [start, end)."""
        if not facility_ids:
            return []
        rows = await self.s.execute(
            select(Booking.facility_id, Booking.starts_at, Booking.status).where(
                Booking.facility_id.in_(facility_ids),
                Booking.starts_at >= start,
                Booking.starts_at < end,
            )
        )
        return [(fid, at, status) for fid, at, status in rows]

    async def proposals_between(
        self, community_id: int, start: dt.datetime, end: dt.datetime
    ) -> list[tuple[int, str, int, dt.datetime]]:
        """(id, state, progress, submitted) of proposals submitted in [start, end), hidden
        ones too: a count of stages is not a list anyone reads them from."""
        rows = await self.s.execute(
            select(Proposal.id, Proposal.state, Proposal.progress, Proposal.created_at).where(
                Proposal.community_id == community_id,
                Proposal.created_at >= start,
                Proposal.created_at < end,
            )
        )
        return [(pid, state, progress, at) for pid, state, progress, at in rows]

    async def decisions_between(
        self, community_id: int, start: dt.datetime, end: dt.datetime
    ) -> list[tuple[dt.datetime, dt.datetime]]:
        """(submitted, decided) of each adoption or refusal at a meeting in [start, end)."""
        rows = await self.s.execute(
            select(Proposal.created_at, ProposalStep.at)
            .join(Proposal, Proposal.id == ProposalStep.proposal_id)
            .where(
                Proposal.community_id == community_id,
                ProposalStep.kind == "state",
                ProposalStep.state.in_(("adopted", "declined")),
                ProposalStep.at >= start,
                ProposalStep.at < end,
            )
        )
        return [(submitted, decided) for submitted, decided in rows]

    async def ratings_between(
        self, community_id: int, start: dt.datetime, end: dt.datetime
    ) -> list[int]:
        """The scores (1–5) residents gave in [start, end)."""
        rows = await self.s.scalars(
            select(ProposalRating.score)
            .join(Proposal, Proposal.id == ProposalRating.proposal_id)
            .where(
                Proposal.community_id == community_id,
                ProposalRating.created_at >= start,
                ProposalRating.created_at < end,
            )
        )
        return list(rows)

    async def markets_between(
        self, community_id: int, first: dt.date, last: dt.date
    ) -> list[MarketDay]:
        rows = await self.s.scalars(
            select(MarketDay)
            .where(
                MarketDay.community_id == community_id,
                MarketDay.day >= first,
                MarketDay.day <= last,
            )
            .order_by(MarketDay.day, MarketDay.id)
        )
        return list(rows)

    async def stalls_of(self, market_ids: list[int]) -> list[tuple[int, int]]:
        """(market, stalls) of each kind of stall."""
        if not market_ids:
            return []
        rows = await self.s.execute(
            select(MarketCategory.market_id, MarketCategory.stalls).where(
                MarketCategory.market_id.in_(market_ids)
            )
        )
        return [(mid, stalls) for mid, stalls in rows]

    async def applications_of(self, market_ids: list[int]) -> list[tuple[int, str, bool | None]]:
        """(market, status, attended) of each stall application."""
        if not market_ids:
            return []
        rows = await self.s.execute(
            select(
                StallApplication.market_id, StallApplication.status, StallApplication.attended
            ).where(StallApplication.market_id.in_(market_ids))
        )
        return [(mid, status, came) for mid, status, came in rows]

    async def ledger_between(
        self, community_id: int, first: dt.date, last: dt.date
    ) -> list[tuple[dt.date, str, Decimal]]:
        """(day, kind, amount) of the fund's lines dated first..last."""
        rows = await self.s.execute(
            select(LedgerEntry.day, LedgerEntry.kind, LedgerEntry.amount).where(
                LedgerEntry.community_id == community_id,
                LedgerEntry.day >= first,
                LedgerEntry.day <= last,
            )
        )
        return [(day, kind, Decimal(amount)) for day, kind, amount in rows]
