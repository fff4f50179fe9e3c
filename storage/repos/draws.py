"""Repository for slot draws (抽签) and their entries."""

from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import SlotDraw, SlotDrawEntry


@functools.cache
def _open_entries_of():
    # Built once: "my bookings" reads it on every visit (issue 20, see repos/booking.py).
    return (
        select(SlotDrawEntry, SlotDraw)
        .join(SlotDraw, SlotDraw.id == SlotDrawEntry.draw_id)
        .where(SlotDrawEntry.user_id == bindparam("user_id"), SlotDraw.drawn_at.is_(None))
        .order_by(SlotDraw.draw_at, SlotDrawEntry.id)
    )


class DrawRepo:
    def __init__(self, session: AsyncSession, dialect: str) -> None:
        self.s = session
        self.dialect = dialect

    async def ensure(self, values: dict) -> SlotDraw:
        """The slot's draw, made with `values` when missing: when two make it at once, the
        first commitment stays (the unique slot) and both see that one."""
        insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        await self.s.execute(
            insert(SlotDraw).values(**values).on_conflict_do_nothing(index_elements=["slot_id"])
        )
        return await self.for_slot(values["slot_id"])

    async def for_slot(self, slot_id: int) -> SlotDraw | None:
        return await self.s.scalar(
            select(SlotDraw)
            .where(SlotDraw.slot_id == slot_id)
            .execution_options(populate_existing=True)
        )

    async def locked(self, draw_id: int) -> SlotDraw | None:
        """The draw, read again under a row lock on PostgreSQL: an entry and the draw itself
        (claimed with the same lock) go one after the other, never across each other."""
        query = select(SlotDraw).where(SlotDraw.id == draw_id)
        if self.dialect == "postgresql":
            query = query.with_for_update()
        return await self.s.scalar(query.execution_options(populate_existing=True))

    async def get(self, draw_id: int) -> SlotDraw | None:
        return await self.s.get(SlotDraw, draw_id, populate_existing=True)

    async def due(self, now: dt.datetime) -> list[SlotDraw]:
        """Draws whose moment has come and that are not drawn yet."""
        query = select(SlotDraw).where(SlotDraw.drawn_at.is_(None), SlotDraw.draw_at <= now)
        if self.dialect == "postgresql":  # two processes: each draw is made by one
            query = query.with_for_update(skip_locked=True)
        return list(await self.s.scalars(query.order_by(SlotDraw.id)))

    async def add_entry(self, entry: SlotDrawEntry) -> bool:
        """Insert an entry; False when the household already has one in this draw."""
        try:
            async with self.s.begin_nested():
                self.s.add(entry)
        except IntegrityError:
            return False
        return True

    async def entry(self, entry_id: int) -> SlotDrawEntry | None:
        return await self.s.get(SlotDrawEntry, entry_id, populate_existing=True)

    async def entry_of(self, draw_id: int, unit_key: str) -> SlotDrawEntry | None:
        return await self.s.scalar(
            select(SlotDrawEntry).where(
                SlotDrawEntry.draw_id == draw_id, SlotDrawEntry.unit_key == unit_key
            )
        )

    async def entries(self, draw_id: int) -> list[SlotDrawEntry]:
        rows = await self.s.scalars(
            select(SlotDrawEntry)
            .where(SlotDrawEntry.draw_id == draw_id)
            .order_by(SlotDrawEntry.unit_key)
            .execution_options(populate_existing=True)
        )
        return list(rows)

    async def count(self, draw_id: int) -> int:
        return len(await self.entries(draw_id))

    async def remove_entry(self, entry: SlotDrawEntry) -> None:
        await self.s.execute(delete(SlotDrawEntry).where(SlotDrawEntry.id == entry.id))

    async def open_entries_of(self, user_id: int) -> list[tuple[SlotDrawEntry, SlotDraw]]:
        """A resident's entries in draws still to be made, soonest draw first."""
        rows = await self.s.execute(_open_entries_of(), {"user_id": user_id})
        return [(e, d) for e, d in rows.all()]
