"""The holiday schedules staff loaded: read them all, or replace one year's."""

from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import OfficialDay


@functools.cache
def _every_day():
    # Built once: every day screen reads it (issue 20, see storage/repos/booking.py).
    return select(OfficialDay).order_by(OfficialDay.day)


class HolidayRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def all(self) -> list[OfficialDay]:
        return list((await self.s.scalars(_every_day())).all())

    async def replace_year(self, year: int, days: list[OfficialDay]) -> None:
        """One year's schedule, whole: a re-loaded file drops days it no longer lists."""
        await self.s.execute(
            delete(OfficialDay).where(
                OfficialDay.day >= dt.date(year, 1, 1), OfficialDay.day <= dt.date(year, 12, 31)
            )
        )
        self.s.add_all(days)
        await self.s.flush()
