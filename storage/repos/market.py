"""Repository for 睦邻集市 market days, their kinds of stall and the stall applications."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import MarketCategory, MarketDay, StallApplication


class MarketRepo:
    def __init__(self, session: AsyncSession, dialect: str = "sqlite") -> None:
        self.s = session
        self.dialect = dialect

    def add(self, row: MarketDay | MarketCategory | StallApplication) -> None:
        self.s.add(row)

    # --- market days ---

    async def day(self, market_id: int) -> MarketDay | None:
        return await self.s.get(MarketDay, market_id)

    async def all_days(self, community_id: int, limit: int = 200) -> list[MarketDay]:
        """A community's market days, the latest day first."""
        rows = await self.s.scalars(
            select(MarketDay)
            .where(MarketDay.community_id == community_id)
            .order_by(MarketDay.day.desc(), MarketDay.id.desc())
            .limit(limit)
        )
        return list(rows)

    async def lock_day(self, market: MarketDay) -> None:
        """Read the market day again under a row lock on PostgreSQL, so a draw staff start
        and the scheduler's cannot both run (SQLite's transaction already holds the lock)."""
        if self.dialect == "postgresql":
            await self.s.refresh(market, with_for_update=True)

    async def upcoming(self, community_id: int, today: dt.date) -> list[MarketDay]:
        rows = await self.s.scalars(
            select(MarketDay)
            .where(MarketDay.community_id == community_id, MarketDay.day >= today)
            .order_by(MarketDay.day)
        )
        return list(rows)

    async def held_between(
        self, community_id: int, first: dt.date, last: dt.date
    ) -> list[MarketDay]:
        rows = await self.s.scalars(
            select(MarketDay)
            .where(
                MarketDay.community_id == community_id,
                MarketDay.day >= first,
                MarketDay.day <= last,
            )
            .order_by(MarketDay.day)
        )
        return list(rows)

    async def due_draws(self, now: dt.datetime) -> list[MarketDay]:
        """Lottery markets past their deadline and not drawn yet."""
        query = select(MarketDay).where(
            MarketDay.mode == "lottery", MarketDay.drawn_at.is_(None), MarketDay.deadline <= now
        )
        if self.dialect == "postgresql":  # two processes: each market is drawn by one
            query = query.with_for_update(skip_locked=True)
        return list(await self.s.scalars(query))

    # --- kinds of stall ---

    async def categories(self, market_id: int) -> list[MarketCategory]:
        rows = await self.s.scalars(
            select(MarketCategory)
            .where(MarketCategory.market_id == market_id)
            .order_by(MarketCategory.id)
        )
        return list(rows)

    async def category(self, category_id: int, *, lock: bool = False) -> MarketCategory | None:
        """A kind of stall; `lock`: held on PostgreSQL, so that its stalls change one at a
        time (SQLite's transaction already holds the write lock)."""
        return await self.s.get(
            MarketCategory, category_id, with_for_update=lock and self.dialect == "postgresql"
        )

    async def locked_category(self, application: StallApplication) -> MarketCategory:
        """The application's kind of stall, locked (see `category`); the application is read
        again as it is once the lock is held."""
        category = await self.category(application.category_id, lock=True)
        await self.s.refresh(application)
        return category

    # --- applications ---

    async def application(self, application_id: int) -> StallApplication | None:
        return await self.s.get(StallApplication, application_id)

    async def applications_by_id(self, ids: list[int]) -> list[StallApplication]:
        return list(
            await self.s.scalars(select(StallApplication).where(StallApplication.id.in_(ids)))
        )

    async def live_application(self, market_id: int, user_id: int) -> StallApplication | None:
        """The user's application for this market day, unless withdrawn."""
        return await self.s.scalar(
            select(StallApplication).where(
                StallApplication.market_id == market_id,
                StallApplication.user_id == user_id,
                StallApplication.status != "withdrawn",
            )
        )

    async def applications(
        self, market_id: int, *, by_category: bool = False
    ) -> list[StallApplication]:
        """A market day's applications, by id or (`by_category`) as its lists show them."""
        order = (
            (
                StallApplication.category_id,
                StallApplication.status,
                StallApplication.position,
                StallApplication.id,
            )
            if by_category
            else (StallApplication.id,)
        )
        rows = await self.s.scalars(
            select(StallApplication).where(StallApplication.market_id == market_id).order_by(*order)
        )
        return list(rows)

    async def awaiting_draw(self, market_id: int) -> list[StallApplication]:
        rows = await self.s.scalars(
            select(StallApplication).where(
                StallApplication.market_id == market_id, StallApplication.status == "applied"
            )
        )
        return list(rows)

    async def of_user(self, user_id: int, limit: int = 8) -> list[StallApplication]:
        """A vendor's latest applications, newest first."""
        rows = await self.s.scalars(
            select(StallApplication)
            .where(StallApplication.user_id == user_id)
            .order_by(StallApplication.id.desc())
            .limit(limit)
        )
        return list(rows)

    async def approved(self, category_id: int) -> int:
        """Stalls of this kind given out."""
        return (
            await self.s.scalar(
                select(func.count())
                .select_from(StallApplication)
                .where(
                    StallApplication.category_id == category_id,
                    StallApplication.status == "approved",
                )
            )
            or 0
        )

    async def vendors(self, market_id: int) -> int:
        """Stalls given out on a market day."""
        return (
            await self.s.scalar(
                select(func.count())
                .select_from(StallApplication)
                .where(
                    StallApplication.market_id == market_id, StallApplication.status == "approved"
                )
            )
            or 0
        )

    # --- the waitlist ---

    async def last_position(self, category_id: int) -> int | None:
        """The waitlist's last position (positions keep gaps when those ahead move up)."""
        return await self.s.scalar(
            select(func.max(StallApplication.position)).where(
                StallApplication.category_id == category_id, StallApplication.status == "waitlisted"
            )
        )

    async def waitlist(self, category_id: int) -> list[StallApplication]:
        """A kind of stall's waitlist, first in line first."""
        rows = await self.s.scalars(
            select(StallApplication)
            .where(
                StallApplication.category_id == category_id, StallApplication.status == "waitlisted"
            )
            .order_by(StallApplication.position, StallApplication.id)
        )
        return list(rows)

    async def ahead_of(self, application: StallApplication) -> int:
        """How many wait before this waitlisted application."""
        return (
            await self.s.scalar(
                select(func.count())
                .select_from(StallApplication)
                .where(
                    StallApplication.category_id == application.category_id,
                    StallApplication.status == "waitlisted",
                    (StallApplication.position < application.position)
                    | (
                        (StallApplication.position == application.position)
                        & (StallApplication.id < application.id)
                    ),
                )
            )
            or 0
        )

    # --- no-shows ---

    async def missed_days(self, user_id: int, since: dt.date) -> list[dt.date]:
        """Market days from `since` on where the vendor had a stall, did not come and was not
        excused, latest first."""
        rows = await self.s.scalars(
            select(MarketDay.day)
            .join(StallApplication, StallApplication.market_id == MarketDay.id)
            .where(
                StallApplication.user_id == user_id,
                StallApplication.attended.is_(False),
                StallApplication.excused.is_(False),
                MarketDay.day >= since,
            )
            .order_by(MarketDay.day.desc())
        )
        return list(rows)

    async def missed(self, user_id: int, community_id: int) -> list[StallApplication]:
        """The vendor's stalls in this community they did not come to (excused or not)."""
        rows = await self.s.scalars(
            select(StallApplication)
            .join(MarketDay, StallApplication.market_id == MarketDay.id)
            .where(
                StallApplication.user_id == user_id,
                StallApplication.attended.is_(False),
                MarketDay.community_id == community_id,
            )
        )
        return list(rows)
