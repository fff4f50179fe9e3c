"""Repository for staff notices, who receives them, and the topics residents mute."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from linli.storage.models import Community, Notice, OutboxMessage, RoleGrant, TopicMute, User


class NoticeRepo:
    def __init__(self, session: AsyncSession, dialect: str = "sqlite") -> None:
        self.s = session
        self.dialect = dialect

    # --- notices ---

    def add(self, notice: Notice) -> None:
        self.s.add(notice)

    async def get(self, notice_id: int) -> Notice | None:
        return await self.s.get(Notice, notice_id)

    async def lock(self, notice: Notice) -> None:
        """Read the notice again under a row lock (as `locked` takes it)."""
        await self.s.refresh(notice, with_for_update=True)

    async def locked(self, notice_id: int) -> Notice | None:
        return await self.s.get(Notice, notice_id, with_for_update=True)

    async def recent(self, community_id: int, limit: int = 8) -> list[Notice]:
        rows = await self.s.scalars(
            select(Notice)
            .where(Notice.community_id == community_id)
            .order_by(Notice.id.desc())
            .limit(limit)
        )
        return list(rows)

    async def count(self, community_id: int) -> int:
        return (
            await self.s.scalar(
                select(func.count()).select_from(Notice).where(Notice.community_id == community_id)
            )
            or 0
        )

    async def page(self, community_id: int, *, offset: int, limit: int) -> list[Notice]:
        """A community's notices, newest first, `limit` from `offset`."""
        rows = await self.s.scalars(
            select(Notice)
            .where(Notice.community_id == community_id)
            .order_by(Notice.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return list(rows)

    async def unfinished(self, community_id: int) -> list[Notice]:
        """Notices still to go, being queued, or with pushes not yet sent, oldest first."""
        waiting = exists().where(
            OutboxMessage.notice_id == Notice.id, OutboxMessage.status.in_(("pending", "sending"))
        )
        rows = await self.s.scalars(
            select(Notice)
            .where(
                Notice.community_id == community_id,
                or_(
                    Notice.status.in_(("scheduled", "enqueuing")),
                    and_(Notice.status == "sent", waiting),
                ),
            )
            .order_by(Notice.send_at, Notice.id)
        )
        return list(rows)

    async def due_ids(self, now: dt.datetime) -> list[int]:
        """Notices whose time has come, and those whose queueing a crash cut short."""
        rows = await self.s.scalars(
            select(Notice.id)
            .where(
                or_(
                    and_(Notice.status == "scheduled", Notice.send_at <= now),
                    Notice.status == "enqueuing",
                )
            )
            .order_by(Notice.send_at)
        )
        return list(rows)

    async def unreported(self) -> list[Notice]:
        """Sent notices whose author has not been told how they went."""
        query = select(Notice).where(Notice.status == "sent", Notice.reported_at.is_(None))
        if self.dialect == "postgresql":  # one process reports each notice
            query = query.with_for_update(skip_locked=True)
        return list(await self.s.scalars(query))

    # --- recipients ---

    @staticmethod
    def _recipients(
        community_id: int,
        *,
        places: list[int] | None,
        role: str | None,
        topic: str,
        urgent: bool,
    ):
        """The SELECT of recipients' ids, in id order, without muters (unless urgent)."""
        query = select(User.id).where(User.community_id == community_id)
        if places is not None:
            query = query.where(User.building_id.in_(places))
        elif role is not None:
            holders = select(RoleGrant.user_id).where(
                RoleGrant.community_id == community_id,
                RoleGrant.role == role,
                RoleGrant.revoked_at.is_(None),
            )
            query = select(User.id).where(User.id.in_(holders))
        if not urgent:
            muted = exists().where(TopicMute.user_id == User.id, TopicMute.topic == topic)
            query = query.where(~muted)
        return query.order_by(User.id)

    async def count_recipients(
        self,
        community_id: int,
        *,
        places: list[int] | None = None,
        role: str | None = None,
        topic: str,
        urgent: bool,
    ) -> int:
        """How many a notice reaches: everyone of the community, of these places (a 小区
        and its 楼栋), or who holds this role there."""
        query = self._recipients(community_id, places=places, role=role, topic=topic, urgent=urgent)
        return await self.s.scalar(select(func.count()).select_from(query.subquery())) or 0

    async def recipients_after(
        self,
        community_id: int,
        *,
        places: list[int] | None = None,
        role: str | None = None,
        topic: str,
        urgent: bool,
        after: int,
        limit: int,
    ) -> list[int]:
        """The next `limit` recipients' ids above `after` (the notice's cursor)."""
        query = self._recipients(community_id, places=places, role=role, topic=topic, urgent=urgent)
        rows = await self.s.execute(query.where(User.id > after).limit(limit))
        return [user_id for (user_id,) in rows]

    async def without_building(self, community_id: int) -> list[int]:
        """Residents a notice to their 楼栋 cannot reach: no place set, or only a 小区 that
        has 楼栋 (one without 楼栋 is as far as they can go)."""
        below = aliased(Community)
        rows = await self.s.scalars(
            select(User.id).where(
                User.community_id == community_id,
                or_(
                    User.building_id.is_(None), exists().where(below.parent_id == User.building_id)
                ),
            )
        )
        return list(rows)

    # --- muted topics ---

    async def set_muted(self, user_id: int, topic: str, muted: bool) -> None:
        row = await self.s.get(TopicMute, (user_id, topic))
        if muted and row is None:
            self.s.add(TopicMute(user_id=user_id, topic=topic))
        elif not muted and row is not None:
            await self.s.delete(row)

    async def muted_topics(self, user_id: int) -> set[str]:
        rows = await self.s.scalars(select(TopicMute.topic).where(TopicMute.user_id == user_id))
        return set(rows)
