"""Repository for the public 公示 board: read-only queries over what a 社区 publishes.

Nothing here writes. Each query returns only rows the board may show (no hidden 金点子,
only drawn or committed lotteries) and is bounded, so a page costs a few queries whatever
the community's size.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import (
    Community,
    MarketCategory,
    MarketDay,
    Meeting,
    Proposal,
    ProposalRating,
    ProposalStep,
    StallApplication,
)


class BoardRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def communities(self) -> list[Community]:
        """Every 社区 (each has a board), by name."""
        rows = await self.s.scalars(
            select(Community).where(Community.kind == "community").order_by(Community.name)
        )
        return list(rows)

    async def community(self, code: str) -> Community | None:
        """The 社区 with this code; None for an unknown code or another kind of place."""
        return await self.s.scalar(
            select(Community).where(Community.code == code, Community.kind == "community")
        )

    async def proposals(self, community_id: int, limit: int) -> list[Proposal]:
        """The community's 金点子 that are not hidden (by staff or by reports), newest first."""
        rows = await self.s.scalars(
            select(Proposal)
            .where(Proposal.community_id == community_id, Proposal.hidden.is_(False))
            .order_by(Proposal.created_at.desc(), Proposal.id.desc())
            .limit(limit)
        )
        return list(rows)

    async def meetings(self, meeting_ids: list[int]) -> dict[int, Meeting]:
        if not meeting_ids:
            return {}
        rows = await self.s.scalars(select(Meeting).where(Meeting.id.in_(meeting_ids)))
        return {m.id: m for m in rows}

    async def progress_steps(self, proposal_ids: list[int]) -> list[ProposalStep]:
        """The 督 updates staff posted on these proposals, oldest first."""
        if not proposal_ids:
            return []
        rows = await self.s.scalars(
            select(ProposalStep)
            .where(ProposalStep.proposal_id.in_(proposal_ids), ProposalStep.kind == "progress")
            .order_by(ProposalStep.at, ProposalStep.id)
        )
        return list(rows)

    async def ratings(self, proposal_ids: list[int]) -> list[tuple[int, int]]:
        """(proposal, score) of every rating of these proposals: scores only, not who."""
        if not proposal_ids:
            return []
        rows = await self.s.execute(
            select(ProposalRating.proposal_id, ProposalRating.score).where(
                ProposalRating.proposal_id.in_(proposal_ids)
            )
        )
        return [tuple(row) for row in rows]

    async def lotteries(self, community_id: int, limit: int) -> list[MarketDay]:
        """The community's lottery markets, latest market day first (drawn or not)."""
        rows = await self.s.scalars(
            select(MarketDay)
            .where(MarketDay.community_id == community_id, MarketDay.mode == "lottery")
            .order_by(MarketDay.day.desc(), MarketDay.id.desc())
            .limit(limit)
        )
        return list(rows)

    async def categories(self, market_ids: list[int]) -> list[MarketCategory]:
        if not market_ids:
            return []
        rows = await self.s.scalars(
            select(MarketCategory)
            .where(MarketCategory.market_id.in_(market_ids))
            .order_by(MarketCategory.id)
        )
        return list(rows)

    async def draw_ranks(self, market_ids: list[int]) -> list[tuple[int, int, int, int | None]]:
        """(market, category, application number, place in the draw) of the applications
        that took part in these markets' draws: numbers only, nothing about the vendor."""
        if not market_ids:
            return []
        rows = await self.s.execute(
            select(
                StallApplication.market_id,
                StallApplication.category_id,
                StallApplication.id,
                StallApplication.draw_rank,
            )
            .where(StallApplication.market_id.in_(market_ids))
            .order_by(StallApplication.id)
        )
        return [tuple(row) for row in rows]
