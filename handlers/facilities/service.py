"""The directory as residents ask it: by category, open now, open on a day, by name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from linli.handlers.facilities import calendar
from linli.handlers.kit import when
from linli.storage.models import Facility, FacilityException
from linli.storage.uow import UnitOfWork

CATEGORIES = ("运动", "餐饮", "文化学习", "阅读", "停车", "医疗", "场地")
LOOK_AHEAD_DAYS = 14


def weekly_of(facility: Facility) -> dict[int, list[calendar.Window]]:
    """The facility's weekly windows by weekday (0 = Monday)."""
    weekly: dict[int, list[calendar.Window]] = {}
    for window in facility.hours:
        weekly.setdefault(window.weekday, []).append((window.opens, window.closes))
    return weekly


def as_exceptions(rows: list[FacilityException]) -> list[calendar.DayException]:
    return [calendar.DayException(r.day, r.closed, r.opens, r.closes) for r in rows]


@dataclass
class Listing:
    """A facility with what is needed to answer "is it open then?" without more queries."""

    facility: Facility
    exceptions: list[calendar.DayException]

    @property
    def weekly(self) -> dict[int, list[calendar.Window]]:
        return weekly_of(self.facility)

    def windows_on(self, day: dt.date) -> list[calendar.Window]:
        return calendar.windows_on(day, self.weekly, self.exceptions)

    def open_at(self, moment: dt.datetime) -> bool:
        return calendar.is_open_at(moment, self.weekly, self.exceptions)

    def next_opening(self, moment: dt.datetime):
        return calendar.next_opening(moment, self.weekly, self.exceptions, days=LOOK_AHEAD_DAYS)


async def directory(
    uow: UnitOfWork, community_id: int, now: dt.datetime, zone: ZoneInfo
) -> list[Listing]:
    """Every facility open to this community, with its exceptions for the coming days."""
    facilities = await uow.facilities.serving(community_id)
    today = when.day_of(now, zone)
    exceptions = await uow.booking.exceptions_for(
        [f.id for f in facilities], today, today + dt.timedelta(days=LOOK_AHEAD_DAYS)
    )
    return [Listing(f, as_exceptions(exceptions.get(f.id, []))) for f in facilities]


def this_weekend(today: dt.date) -> list[dt.date]:
    """Saturday and Sunday of this week (only Sunday when today is Sunday)."""
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7)
    if today.weekday() == 6:
        return [today]
    return [saturday, saturday + dt.timedelta(days=1)]


def select(
    listings: list[Listing], kind: str, value: str, now: dt.datetime, zone: ZoneInfo
) -> list[Listing]:
    """Filter the directory: all, category, now, bookable, day (ISO date), weekend, search."""
    moment = now.astimezone(zone)
    if kind == "category":
        return [x for x in listings if x.facility.category == value]
    if kind == "now":
        return [x for x in listings if x.open_at(moment)]
    if kind == "bookable":
        return [x for x in listings if x.facility.bookable]
    if kind == "day":
        day = dt.date.fromisoformat(value)
        return [x for x in listings if x.windows_on(day)]
    if kind == "weekend":
        days = this_weekend(moment.date())
        return [x for x in listings if any(x.windows_on(d) for d in days)]
    if kind == "search":
        words = value.strip().lower()
        return [
            x
            for x in listings
            if words in x.facility.name.lower()
            or words in x.facility.unit.name.lower()
            or words in x.facility.category
            # English names too, where the directory gives them: "dance" finds 舞蹈房.
            or words in (x.facility.name_en or "").lower()
            or words in (x.facility.unit.name_en or "").lower()
        ]
    return listings
