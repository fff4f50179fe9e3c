"""Claims of once-a-day chores."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import DailyRun


class ChoreRepo:
    def __init__(self, session: AsyncSession, dialect: str = "sqlite") -> None:
        self.s = session
        self.dialect = dialect

    async def claim_day(self, name: str, day: dt.date, now: dt.datetime) -> bool:
        """True for the one caller that claims `name` for `day` (in its transaction)."""
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        done = await self.s.execute(
            insert(DailyRun)
            .values(name=name, day=day, at=now)
            .on_conflict_do_nothing(index_elements=["name", "day"])
        )
        return done.rowcount == 1

    async def done(self, name: str, day: dt.date) -> bool:
        return await self.s.get(DailyRun, (name, day)) is not None
