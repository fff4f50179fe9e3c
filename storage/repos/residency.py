"""Households, their invite codes and who is confirmed to live where."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from linli.storage.models import Booking, Household, HouseholdCode, Residency, User


class ResidencyRepo:
    def __init__(self, session: AsyncSession, dialect: str = "sqlite") -> None:
        self.s = session
        self.dialect = dialect

    async def lock_household(self, household_id: int) -> None:
        """Serialise a household's bookings (PostgreSQL; SQLite has one writer anyway), so two
        members booking at once cannot both take the household's last place."""
        if self.dialect == "postgresql":
            await self.s.execute(
                select(Household.id).where(Household.id == household_id).with_for_update()
            )

    def add(self, row: Household | HouseholdCode | Residency) -> None:
        self.s.add(row)

    async def of(self, user_id: int) -> Residency | None:
        return await self.s.get(Residency, user_id)

    async def household(self, household_id: int) -> Household | None:
        return await self.s.get(Household, household_id)

    async def household_named(self, community_id: int, label: str) -> Household | None:
        return await self.s.scalar(
            select(Household).where(
                Household.community_id == community_id, Household.label == label
            )
        )

    async def code(self, code: str) -> HouseholdCode | None:
        return await self.s.scalar(select(HouseholdCode).where(HouseholdCode.code == code))

    async def consume(self, code_id: int, now: dt.datetime) -> bool:
        """Use one confirmation of a code, in one conditional UPDATE (two at once cannot both
        take the last use)."""
        result = await self.s.execute(
            update(HouseholdCode)
            .where(
                HouseholdCode.id == code_id,
                HouseholdCode.uses < HouseholdCode.max_uses,
                HouseholdCode.expires_at > now,
            )
            .values(uses=HouseholdCode.uses + 1)
        )
        return result.rowcount == 1

    async def pending(self, community_id: int) -> list[tuple[Residency, User]]:
        """Residents of the community waiting for confirmation, longest waiting first."""
        rows = await self.s.execute(
            select(Residency, User)
            .join(User, User.id == Residency.user_id)
            .where(Residency.community_id == community_id, Residency.status == "pending")
            .order_by(Residency.changed_at, Residency.user_id)
        )
        return [(r, u) for r, u in rows.all()]

    async def count_pending(self, community_id: int) -> int:
        return (
            await self.s.scalar(
                select(func.count())
                .select_from(Residency)
                .where(Residency.community_id == community_id, Residency.status == "pending")
            )
            or 0
        )

    async def household_upcoming(
        self, household_id: int, facility_id: int, now: dt.datetime
    ) -> int:
        """Upcoming bookings of a facility by everyone confirmed in the household."""
        return (
            await self.s.scalar(
                select(func.count())
                .select_from(Booking)
                .join(Residency, Residency.user_id == Booking.user_id)
                .where(
                    Residency.household_id == household_id,
                    Residency.status == "confirmed",
                    Booking.facility_id == facility_id,
                    Booking.status == "booked",
                    Booking.ends_at > now,
                )
            )
            or 0
        )
