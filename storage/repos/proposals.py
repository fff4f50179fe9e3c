"""Repository for 金点子 proposals: their steps, supports, meetings, ratings and reports."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import (
    Meeting,
    Proposal,
    ProposalRating,
    ProposalReport,
    ProposalStep,
    ProposalSupport,
)


class ProposalRepo:
    def __init__(self, session: AsyncSession, dialect: str = "sqlite") -> None:
        self.s = session
        self.dialect = dialect

    def add(
        self,
        row: Proposal | ProposalStep | ProposalRating | ProposalReport | ProposalSupport | Meeting,
    ) -> None:
        self.s.add(row)

    async def get(self, proposal_id: int) -> Proposal | None:
        return await self.s.get(Proposal, proposal_id)

    async def meeting(self, meeting_id: int) -> Meeting | None:
        return await self.s.get(Meeting, meeting_id)

    # --- lists ---

    async def open_in(self, community_id: int, open_states: tuple[str, ...]) -> list[Proposal]:
        """The community's proposals in these states that are not hidden."""
        rows = await self.s.scalars(
            select(Proposal).where(
                Proposal.community_id == community_id,
                Proposal.state.in_(open_states),
                Proposal.hidden.is_(False),
            )
        )
        return list(rows)

    async def by_author(self, user_id: int) -> list[Proposal]:
        """The user's proposals, newest first."""
        rows = await self.s.scalars(
            select(Proposal)
            .where(Proposal.author_id == user_id)
            .order_by(Proposal.created_at.desc())
        )
        return list(rows)

    async def windows_closed(self, now: dt.datetime) -> list[Proposal]:
        """Proposals still collecting whose window has ended."""
        query = select(Proposal).where(
            Proposal.state == "collecting", Proposal.window_ends_at <= now
        )
        if self.dialect == "postgresql":
            # Several processes run this chore: each window is closed by the one that locked it
            # (SQLite's BEGIN IMMEDIATE already lets one writer at a time read and then write).
            query = query.with_for_update(skip_locked=True)
        return list(await self.s.scalars(query))

    async def hidden_by_reports(self, community_id: int) -> list[Proposal]:
        """Hidden proposals whose last hiding was by reports, oldest change first."""
        last_hiding = (
            select(ProposalStep.proposal_id, func.max(ProposalStep.id).label("step_id"))
            .where(ProposalStep.kind == "hidden")
            .group_by(ProposalStep.proposal_id)
            .subquery()
        )
        rows = await self.s.scalars(
            select(Proposal)
            .join(last_hiding, last_hiding.c.proposal_id == Proposal.id)
            .join(ProposalStep, ProposalStep.id == last_hiding.c.step_id)
            .where(
                Proposal.community_id == community_id,
                Proposal.hidden.is_(True),
                ProposalStep.actor == "reports",
            )
            .order_by(Proposal.updated_at, Proposal.id)
        )
        return list(rows)

    async def listing(
        self,
        community_id: int,
        *,
        author_id: int | None = None,
        supporter_id: int | None = None,
        states: tuple[str, ...] | None = None,
        category: str | None = None,
        limit: int = 200,
    ) -> list[Proposal]:
        """A community's proposals, latest change first: one author's (hidden ones too), or
        the visible ones, of those a user supports, in these states, of this category."""
        query = select(Proposal).where(Proposal.community_id == community_id)
        if author_id is not None:
            query = query.where(Proposal.author_id == author_id)
        else:
            query = query.where(Proposal.hidden.is_(False))
        if supporter_id is not None:
            query = query.where(
                Proposal.id.in_(
                    select(ProposalSupport.proposal_id).where(
                        ProposalSupport.user_id == supporter_id
                    )
                )
            )
        if states:
            query = query.where(Proposal.state.in_(states))
        if category:
            query = query.where(Proposal.category == category)
        rows = await self.s.scalars(
            query.order_by(Proposal.updated_at.desc(), Proposal.id.desc()).limit(limit)
        )
        return list(rows)

    async def timeline(self, proposal_id: int) -> list[ProposalStep]:
        rows = await self.s.scalars(
            select(ProposalStep)
            .where(ProposalStep.proposal_id == proposal_id)
            .order_by(ProposalStep.at, ProposalStep.id)
        )
        return list(rows)

    # --- supports ---

    async def supporters(self, proposal_id: int) -> list[int]:
        rows = await self.s.scalars(
            select(ProposalSupport.user_id).where(ProposalSupport.proposal_id == proposal_id)
        )
        return list(rows)

    async def support_of(self, proposal_id: int, user_id: int) -> ProposalSupport | None:
        return await self.s.scalar(
            select(ProposalSupport).where(
                ProposalSupport.proposal_id == proposal_id, ProposalSupport.user_id == user_id
            )
        )

    async def add_support(self, proposal: Proposal, user_id: int, now: dt.datetime) -> None:
        """Record a support and count it in one UPDATE (two at once both count); the
        proposal is read again with the new count."""
        self.s.add(ProposalSupport(proposal_id=proposal.id, user_id=user_id, created_at=now))
        await self.s.flush()  # the unique constraint stops a double tap from another process
        await self.s.execute(
            update(Proposal)
            .where(Proposal.id == proposal.id)
            .values(supports=Proposal.supports + 1)
            .execution_options(synchronize_session=False)
        )
        await self.s.refresh(proposal)

    async def count_supports(self, proposal_id: int) -> int:
        return (
            await self.s.scalar(
                select(func.count())
                .select_from(ProposalSupport)
                .where(ProposalSupport.proposal_id == proposal_id)
            )
            or 0
        )

    # --- ratings and reports ---

    async def rating_of(self, proposal_id: int, user_id: int) -> ProposalRating | None:
        return await self.s.scalar(
            select(ProposalRating).where(
                ProposalRating.proposal_id == proposal_id, ProposalRating.user_id == user_id
            )
        )

    async def has_rated(self, proposal_id: int, user_id: int) -> bool:
        found = await self.s.scalar(
            select(ProposalRating.id).where(
                ProposalRating.proposal_id == proposal_id, ProposalRating.user_id == user_id
            )
        )
        return found is not None

    async def report_of(self, proposal_id: int, user_id: int) -> ProposalReport | None:
        return await self.s.scalar(
            select(ProposalReport).where(
                ProposalReport.proposal_id == proposal_id, ProposalReport.user_id == user_id
            )
        )

    # --- figures ---

    async def states_and_carriers(self, community_id: int) -> list[tuple[str, str | None]]:
        """Each proposal's state and who carried it out."""
        rows = await self.s.execute(
            select(Proposal.state, Proposal.carried_by).where(Proposal.community_id == community_id)
        )
        return [(state, carrier) for state, carrier in rows]

    async def rating_scores(self, community_id: int) -> list[int]:
        rows = await self.s.scalars(
            select(ProposalRating.score)
            .join(Proposal, Proposal.id == ProposalRating.proposal_id)
            .where(Proposal.community_id == community_id)
        )
        return list(rows)

    # --- a resident who moved away ---

    async def supports_in(self, user_id: int, community_id: int) -> list[ProposalSupport]:
        rows = await self.s.scalars(
            select(ProposalSupport)
            .join(Proposal, Proposal.id == ProposalSupport.proposal_id)
            .where(ProposalSupport.user_id == user_id, Proposal.community_id == community_id)
        )
        return list(rows)

    async def reports_in(self, user_id: int, community_id: int) -> list[ProposalReport]:
        rows = await self.s.scalars(
            select(ProposalReport)
            .join(Proposal, Proposal.id == ProposalReport.proposal_id)
            .where(ProposalReport.user_id == user_id, Proposal.community_id == community_id)
        )
        return list(rows)

    async def drop(self, row: ProposalSupport | ProposalReport) -> None:
        await self.s.delete(row)
        await self.s.flush()
