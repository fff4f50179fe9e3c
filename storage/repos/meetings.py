"""Repository for council meetings (议事会) and their agendas."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import Meeting, MeetingItem, Proposal


class MeetingRepo:
    def __init__(self, session: AsyncSession, dialect: str = "sqlite") -> None:
        self.s = session
        self.dialect = dialect

    def add(self, row: Meeting | MeetingItem) -> None:
        self.s.add(row)

    async def get(self, meeting_id: int, *, lock: bool = False) -> Meeting | None:
        """A meeting; `lock` holds its row (PostgreSQL) while the agenda is changed, so two
        staff adding items at once number them one after the other."""
        if lock and self.dialect == "postgresql":
            # populate_existing: a meeting read earlier in this transaction is read again
            # under the lock, not taken from the session as it was.
            return await self.s.scalar(
                select(Meeting)
                .where(Meeting.id == meeting_id)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        return await self.s.get(Meeting, meeting_id)

    async def agenda(self, meeting_id: int) -> list[tuple[MeetingItem, Proposal]]:
        """The meeting's items with their proposals, in agenda order."""
        rows = await self.s.execute(
            select(MeetingItem, Proposal)
            .join(Proposal, Proposal.id == MeetingItem.proposal_id)
            .where(MeetingItem.meeting_id == meeting_id)
            .order_by(MeetingItem.position, MeetingItem.id)
        )
        return [(item, proposal) for item, proposal in rows]

    async def item(self, meeting_id: int, proposal_id: int) -> MeetingItem | None:
        return await self.s.scalar(
            select(MeetingItem).where(
                MeetingItem.meeting_id == meeting_id, MeetingItem.proposal_id == proposal_id
            )
        )

    async def last_position(self, meeting_id: int) -> int:
        found = await self.s.scalar(
            select(func.max(MeetingItem.position)).where(MeetingItem.meeting_id == meeting_id)
        )
        return found or 0

    async def drop_item(self, item: MeetingItem) -> None:
        await self.s.delete(item)
        await self.s.flush()

    async def upcoming(self, community_id: int, now: dt.datetime, limit: int = 50) -> list[Meeting]:
        """Meetings still to be held, soonest first."""
        rows = await self.s.scalars(
            select(Meeting)
            .where(
                Meeting.community_id == community_id,
                Meeting.status == "scheduled",
                Meeting.starts_at > now,
            )
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(limit)
        )
        return list(rows)

    async def past(self, community_id: int, now: dt.datetime, limit: int = 50) -> list[Meeting]:
        """Meetings that have begun, were held or were cancelled, latest first."""
        rows = await self.s.scalars(
            select(Meeting)
            .where(
                Meeting.community_id == community_id,
                or_(Meeting.status != "scheduled", Meeting.starts_at <= now),
            )
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
            .limit(limit)
        )
        return list(rows)

    async def item_counts(self, meeting_ids: list[int]) -> dict[int, int]:
        """How many items each meeting's agenda has."""
        if not meeting_ids:
            return {}
        rows = await self.s.execute(
            select(MeetingItem.meeting_id, func.count())
            .where(MeetingItem.meeting_id.in_(meeting_ids))
            .group_by(MeetingItem.meeting_id)
        )
        return {meeting_id: count for meeting_id, count in rows}

    async def same(self, community_id: int, starts_at: dt.datetime, place: str) -> Meeting | None:
        """A scheduled meeting of the community at this very time and place."""
        return await self.s.scalar(
            select(Meeting)
            .where(
                Meeting.community_id == community_id,
                Meeting.status == "scheduled",
                Meeting.starts_at == starts_at,
                Meeting.place == place,
            )
            .order_by(Meeting.id)
            .limit(1)
        )
