"""Repository for units (驻区单位) and their facilities."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from sqlalchemy import bindparam, func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from linli.storage.models import Facility, FacilityCommunity, OpeningWindow, Unit


@functools.cache
def _facility_whole():
    """A facility with its unit, hours and served communities. Built once: building the
    statement and its loader options each time cost a quarter of running it (issue 20).
    Two collections joined give hours × communities rows (7 × a few): still one round
    trip, where selectinload took three more."""
    return (
        select(Facility)
        .where(Facility.id == bindparam("facility_id"))
        .options(
            joinedload(Facility.unit),
            joinedload(Facility.hours),
            joinedload(Facility.served),
        )
        .execution_options(populate_existing=True)
    )


@functools.cache
def _listing():
    """`FacilityRepo.listed`'s two queries, built once, for the parameter `community_id`."""
    serving = (
        select(FacilityCommunity.facility_id)
        .join(Facility, Facility.id == FacilityCommunity.facility_id)
        .where(FacilityCommunity.community_id == bindparam("community_id"), Facility.active)
    )
    facilities = (
        select(
            Facility.id,
            Facility.unit_id,
            Facility.name,
            Facility.name_en,
            Facility.category,
            Facility.mode,
            Facility.bookable,
            Facility.holiday_policy,
            Facility.holiday_hours,
            Unit.name,
            Unit.name_en,
        )
        .join(Unit, Unit.id == Facility.unit_id)
        .where(Facility.id.in_(serving))
        .order_by(Facility.id)
    )
    windows = (
        select(
            OpeningWindow.facility_id,
            OpeningWindow.weekday,
            OpeningWindow.opens,
            OpeningWindow.closes,
        )
        .where(OpeningWindow.facility_id.in_(serving))
        .order_by(OpeningWindow.facility_id, OpeningWindow.weekday, OpeningWindow.opens)
    )
    return facilities, windows


@dataclass(frozen=True, slots=True)
class UnitName:
    name: str
    name_en: str | None


@dataclass(frozen=True, slots=True)
class Hours:
    weekday: int
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True, slots=True)
class ListedFacility:
    """What a list of facilities shows and filters on, read as plain rows: the "open now"
    list built ~500 ORM objects (facility, unit, seven windows each) per press, most of
    its time (issue 20). Attribute names are the model's, so the hours code takes both."""

    id: int
    unit_id: int
    name: str
    name_en: str | None
    category: str
    mode: str
    bookable: bool
    holiday_policy: str | None
    holiday_hours: str | None
    unit: UnitName
    hours: tuple[Hours, ...]


class FacilityRepo:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session
        # Facilities read by `get` in this unit of work: a confirm asked for the same one
        # twice (4 queries each), issue 20. Read fresh once per request, then kept.
        self._loaded: dict[int, Facility] = {}

    async def units_by_name(self) -> dict[str, Unit]:
        rows = await self.s.scalars(
            select(Unit).options(
                selectinload(Unit.facilities).selectinload(Facility.hours),
                selectinload(Unit.facilities).selectinload(Facility.served),
            )
        )
        return {u.name: u for u in rows}

    async def unit(self, unit_id: int) -> Unit | None:
        return await self.s.get(Unit, unit_id)

    async def units_serving(self, community_id: int) -> list[Unit]:
        """Units with at least one facility open to this community's residents."""
        rows = await self.s.scalars(
            select(Unit)
            .where(
                Unit.id.in_(
                    select(Facility.unit_id)
                    .join(FacilityCommunity)
                    .where(FacilityCommunity.community_id == community_id)
                )
            )
            .order_by(Unit.id)
        )
        return list(rows)

    async def serving(self, community_id: int) -> list[Facility]:
        rows = await self.s.scalars(
            select(Facility)
            .join(FacilityCommunity)
            .where(FacilityCommunity.community_id == community_id, Facility.active)
            .options(selectinload(Facility.unit), selectinload(Facility.hours))
            .order_by(Facility.id)
        )
        return list(rows)

    async def listed(self, community_id: int) -> list[ListedFacility]:
        """The active facilities serving this community, with unit names and weekly hours,
        in two queries and no ORM objects."""
        facilities_of, windows_of = _listing()
        given = {"community_id": community_id}
        facilities = (await self.s.execute(facilities_of, given)).all()
        hours: dict[int, list[Hours]] = {}
        if facilities:
            for facility_id, weekday, opens, closes in await self.s.execute(windows_of, given):
                hours.setdefault(facility_id, []).append(Hours(weekday, opens, closes))
        return [
            ListedFacility(
                *row[:9], unit=UnitName(row[9], row[10]), hours=tuple(hours.get(row[0], ()))
            )
            for row in facilities
        ]

    async def get(self, facility_id: int) -> Facility | None:
        """A facility with its unit, weekly hours and served communities loaded, in one
        query; read once per unit of work."""
        cached = self._loaded.get(facility_id)
        if cached is not None:
            state = inspect(cached)
            # A savepoint rolled back expires what it touched; a deleted one is gone.
            if not state.expired_attributes and not state.deleted and not state.detached:
                return cached
        result = await self.s.execute(_facility_whole(), {"facility_id": facility_id})
        facility = result.unique().scalar_one_or_none()
        if facility is not None:
            self._loaded[facility_id] = facility
        return facility

    async def of_unit(self, unit_id: int) -> list[Facility]:
        rows = await self.s.scalars(
            select(Facility)
            .where(Facility.unit_id == unit_id)
            .options(selectinload(Facility.unit), selectinload(Facility.hours))
            .order_by(Facility.id)
        )
        return list(rows)

    async def count(self) -> int:
        return await self.s.scalar(select(func.count()).select_from(Facility)) or 0

    async def needing_names(self) -> list[Facility]:
        """Active facilities whose operators see bookers' names (for the privacy notice)."""
        rows = await self.s.scalars(
            select(Facility)
            .where(Facility.entry_needs_name, Facility.active)
            .options(selectinload(Facility.unit))
            .order_by(Facility.id)
        )
        return list(rows)

    def add(self, unit: Unit) -> None:
        self.s.add(unit)
