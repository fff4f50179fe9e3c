"""What waits for a community's staff, read in a few queries for the console's 待办 page and
the daily digest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import (
    Facility,
    FacilityRequest,
    MarketDay,
    Notice,
    OutboxMessage,
    Proposal,
    RoleGrant,
    SpendingRequest,
    StallApplication,
)


class WorklistRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def role_holders(self) -> list[tuple[int, int]]:
        """(person, community) for every role in force, each pair once."""
        rows = await self.s.execute(
            select(RoleGrant.user_id, RoleGrant.community_id)
            .where(RoleGrant.revoked_at.is_(None))
            .distinct()
            .order_by(RoleGrant.user_id, RoleGrant.community_id)
        )
        return [(u, c) for u, c in rows.all()]

    async def proposals_to_schedule(self, community_id: int) -> Sequence[Proposal]:
        """待议 proposals with no council meeting yet, the longest waiting first."""
        rows = await self.s.scalars(
            select(Proposal)
            .where(
                Proposal.community_id == community_id,
                Proposal.state == "pending",
                Proposal.meeting_id.is_(None),
                Proposal.hidden.is_(False),
            )
            .order_by(Proposal.updated_at, Proposal.id)
        )
        return rows.all()

    async def proposals_to_review(self, community_id: int) -> Sequence[Proposal]:
        """Proposals hidden by residents' reports, waiting for staff to look."""
        rows = await self.s.scalars(
            select(Proposal)
            .where(Proposal.community_id == community_id, Proposal.hidden.is_(True))
            .order_by(Proposal.updated_at, Proposal.id)
        )
        return rows.all()

    async def requests_to_decide(
        self, facility_ids: Sequence[int]
    ) -> Sequence[tuple[FacilityRequest, Facility]]:
        if not facility_ids:
            return []
        rows = await self.s.execute(
            select(FacilityRequest, Facility)
            .join(Facility, Facility.id == FacilityRequest.facility_id)
            .where(
                FacilityRequest.facility_id.in_(list(facility_ids)),
                FacilityRequest.status == "pending",
            )
            .order_by(FacilityRequest.created_at, FacilityRequest.id)
        )
        return [(r, f) for r, f in rows.all()]

    async def applications_to_decide(
        self, community_id: int, today: dt.date
    ) -> Sequence[tuple[StallApplication, MarketDay]]:
        rows = await self.s.execute(
            select(StallApplication, MarketDay)
            .join(MarketDay, MarketDay.id == StallApplication.market_id)
            .where(
                MarketDay.community_id == community_id,
                MarketDay.day >= today,
                StallApplication.status == "applied",
            )
            .order_by(StallApplication.created_at, StallApplication.id)
        )
        return [(a, m) for a, m in rows.all()]

    async def no_shows(
        self, community_id: int, since: dt.date
    ) -> Sequence[tuple[StallApplication, MarketDay]]:
        """Approved vendors marked absent at a market since `since`."""
        rows = await self.s.execute(
            select(StallApplication, MarketDay)
            .join(MarketDay, MarketDay.id == StallApplication.market_id)
            .where(
                MarketDay.community_id == community_id,
                MarketDay.day >= since,
                StallApplication.status == "approved",
                StallApplication.attended.is_(False),
            )
            .order_by(MarketDay.day.desc(), StallApplication.id)
        )
        return [(a, m) for a, m in rows.all()]

    async def spending_to_sign(self, community_id: int) -> Sequence[SpendingRequest]:
        rows = await self.s.scalars(
            select(SpendingRequest)
            .where(
                SpendingRequest.community_id == community_id,
                SpendingRequest.status == "pending",
            )
            .order_by(SpendingRequest.created_at, SpendingRequest.id)
        )
        return rows.all()

    async def notices_in_progress(
        self, community_id: int, since: dt.datetime
    ) -> list[tuple[Notice, dict[str, int]]]:
        """Notices still to send, or sent since `since`, with their pushes counted by status."""
        notices = (
            await self.s.scalars(
                select(Notice)
                .where(
                    Notice.community_id == community_id,
                    Notice.status != "cancelled",
                    (Notice.status.in_(("scheduled", "enqueuing")))
                    | and_(Notice.status == "sent", Notice.enqueued_at >= since),
                )
                .order_by(Notice.send_at.desc(), Notice.id.desc())
                .limit(20)
            )
        ).all()
        counted: dict[int, dict[str, int]] = {n.id: {} for n in notices}
        if notices:
            rows = await self.s.execute(
                select(OutboxMessage.notice_id, OutboxMessage.status, func.count())
                .where(OutboxMessage.notice_id.in_(list(counted)))
                .group_by(OutboxMessage.notice_id, OutboxMessage.status)
            )
            for notice_id, status, count in rows.all():
                counted[notice_id][status] = count
        return [(n, counted[n.id]) for n in notices]
