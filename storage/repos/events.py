"""Repository for events and their sign-ups."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import Event, EventSignup, User


class EventRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    def add(self, row: Event | EventSignup) -> None:
        self.s.add(row)

    async def get(self, event_id: int) -> Event | None:
        return await self.s.get(Event, event_id)

    async def upcoming(self, community_id: int, now: dt.datetime, limit: int = 50) -> list[Event]:
        rows = await self.s.scalars(
            select(Event)
            .where(Event.community_id == community_id, Event.starts_at > now)
            .order_by(Event.starts_at)
            .limit(limit)
        )
        return list(rows)

    async def signup(self, event_id: int, user_id: int) -> EventSignup | None:
        """The user's live sign-up for the event."""
        return await self.s.scalar(
            select(EventSignup).where(
                EventSignup.event_id == event_id,
                EventSignup.user_id == user_id,
                EventSignup.status == "going",
            )
        )

    async def take_place(self, event_id: int) -> bool:
        """Take one place if one is left: one conditional UPDATE, so it never overfills."""
        result = await self.s.execute(
            update(Event)
            .where(Event.id == event_id, Event.taken < Event.capacity)
            .values(taken=Event.taken + 1)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    async def release_place(self, event_id: int) -> None:
        await self.s.execute(
            update(Event)
            .where(Event.id == event_id, Event.taken > 0)
            .values(taken=Event.taken - 1)
            .execution_options(synchronize_session=False)
        )

    async def attendees(self, event_id: int) -> list[User]:
        """Who is going, in the order they signed up."""
        rows = await self.s.scalars(
            select(User)
            .join(EventSignup, EventSignup.user_id == User.id)
            .where(EventSignup.event_id == event_id, EventSignup.status == "going")
            .order_by(EventSignup.id)
        )
        return list(rows)
