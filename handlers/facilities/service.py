"""The directory as residents ask it: by category, open now, open on a day, by name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from linli.handlers.facilities import calendar
from linli.handlers.kit import when
from linli.storage.models import Facility, FacilityException
from linli.storage.repos.facilities import ListedFacility
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


def holiday_windows(facility: Facility) -> list[calendar.Window]:
    """The facility's own holiday hours ("own" policy), read back from "09:00-12:00,…"."""
    windows = []
    for part in (facility.holiday_hours or "").split(","):
        if "-" in part:
            opens, closes = part.split("-", 1)
            windows.append((dt.time.fromisoformat(opens), dt.time.fromisoformat(closes)))
    return windows


def facility_windows_on(
    facility: Facility,
    day: dt.date,
    weekly: dict[int, list[calendar.Window]],
    exceptions: list[calendar.DayException],
) -> list[calendar.Window]:
    """The windows on a date, with the facility's holiday policy, 调休 and dated exceptions.

    Policy "sunday" is calendar's own rule. For "closed" and "own" the holiday's weekly rule
    is swapped for nothing or for the facility's holiday hours, so dated exceptions (a closure,
    an extra opening) still apply on top exactly as on any other day.
    """
    policy = facility.holiday_policy or "sunday"
    if policy != "sunday":
        info = calendar.day_info(day)
        if info.is_holiday:
            own = holiday_windows(facility) if policy == "own" else []
            return calendar.windows_on(day, {info.rule_weekday: own}, exceptions)
    return calendar.windows_on(day, weekly, exceptions)


@dataclass
class Listing:
    """A facility with what is needed to answer "is it open then?" without more queries:
    in a list its listed fields (`ListedFacility`), on a card the whole facility."""

    facility: Facility | ListedFacility
    exceptions: list[calendar.DayException]

    @property
    def weekly(self) -> dict[int, list[calendar.Window]]:
        return weekly_of(self.facility)

    def windows_on(self, day: dt.date) -> list[calendar.Window]:
        return facility_windows_on(self.facility, day, self.weekly, self.exceptions)

    def open_at(self, moment: dt.datetime) -> bool:
        now = moment.time().replace(tzinfo=None)
        return any(opens <= now < closes for opens, closes in self.windows_on(moment.date()))

    def next_opening(self, moment: dt.datetime) -> tuple[dt.date, calendar.Window] | None:
        """The current or next window within LOOK_AHEAD_DAYS (the days exceptions cover)."""
        now = moment.time().replace(tzinfo=None)
        for offset in range(LOOK_AHEAD_DAYS):
            day = moment.date() + dt.timedelta(days=offset)
            for window in self.windows_on(day):
                if offset > 0 or window[1] > now:
                    return day, window
        return None


CLOSURE_DAYS = 30  # the card names closures this far ahead
CLOSURE_LIMIT = 3  # and at most this many: the card has one line for them


@dataclass
class Closure:
    """A day the facility would usually open but will not."""

    day: dt.date
    reason: str | None  # staff's words for a dated closure; None: closed for the holiday


async def upcoming_closures(
    uow: UnitOfWork,
    facility: Facility,
    today: dt.date,
    *,
    days: int = CLOSURE_DAYS,
    rows: list[FacilityException] | None = None,
) -> list[Closure]:
    """The next few days (from today, within `days`) on which the usual hours do not apply
    because of a dated closure or the facility's holiday policy. `rows`: its exceptions
    from today on, when already read (the card reads them once)."""
    last = today + dt.timedelta(days=days)
    if rows is None:
        rows = await uow.booking.exceptions(facility.id, today, last)
    rows = [r for r in rows if today <= r.day <= last]
    exceptions = as_exceptions(rows)
    reasons = {r.day: r.reason for r in rows if r.closed}
    weekly = weekly_of(facility)
    found: list[Closure] = []
    day = today
    while day <= last and len(found) < CLOSURE_LIMIT:
        usual = calendar.windows_on(day, weekly, [])
        if usual and not facility_windows_on(facility, day, weekly, exceptions):
            found.append(Closure(day, reasons.get(day)))
        day += dt.timedelta(days=1)
    return found


async def directory(
    uow: UnitOfWork, community_id: int, now: dt.datetime, zone: ZoneInfo
) -> list[Listing]:
    """Every facility open to this community, with its exceptions for the coming days."""
    facilities = await uow.facilities.listed(community_id)
    today = when.day_of(now, zone)
    exceptions = await uow.booking.exceptions_for(
        [f.id for f in facilities], today, today + dt.timedelta(days=LOOK_AHEAD_DAYS)
    )
    return [Listing(f, as_exceptions(exceptions.get(f.id, []))) for f in facilities]


async def card_listing(
    uow: UnitOfWork, community_id: int | None, facility_id: int, today: dt.date
) -> tuple[Listing, list[FacilityException]] | None:
    """One facility, whole, if it is active and serves this community, with its exceptions
    for the days a card speaks of (the closures line looks furthest, CLOSURE_DAYS)."""
    facility = await uow.facilities.get(facility_id)
    if facility is None or not facility.active:
        return None
    if community_id not in {s.community_id for s in facility.served}:
        return None
    last = today + dt.timedelta(days=max(CLOSURE_DAYS, LOOK_AHEAD_DAYS))
    rows = await uow.booking.exceptions(facility.id, today, last)
    return Listing(facility, as_exceptions(rows)), rows


def times_text(windows: list[calendar.Window]) -> str:
    """11:00–13:00, 17:00–18:30"""
    return ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in windows)


def chosen_listing(items: list[Listing], value: str | None, text: str) -> Listing | None:
    """The listing a button named (its facility id), or the only one whose name holds the
    words typed; None when neither picks exactly one."""
    if value and value.isdigit():
        return next((x for x in items if x.facility.id == int(value)), None)
    words = text.strip()
    if not words:
        return None
    named = [x for x in items if words in x.facility.name]
    return named[0] if len(named) == 1 else None


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
