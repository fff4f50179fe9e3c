"""The days and slots a facility offers, in the community's zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from linli.handlers.facilities import calendar
from linli.handlers.facilities.service import as_exceptions, facility_windows_on, weekly_of
from linli.handlers.kit import when
from linli.handlers.kit.errors import NotFound, OutsideHorizon, SlotNotOffered
from linli.storage.models import Facility, Slot
from linli.storage.uow import UnitOfWork


def local(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return moment.astimezone(zone)


def day_start(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone).astimezone(dt.UTC)


async def windows_on(uow: UnitOfWork, facility: Facility, day: dt.date) -> list[calendar.Window]:
    rows = await uow.booking.exceptions(facility.id, day, day)
    return facility_windows_on(facility, day, weekly_of(facility), as_exceptions(rows))


def horizon(facility: Facility, now: dt.datetime, zone: ZoneInfo) -> list[dt.date]:
    today = when.day_of(now, zone)
    return [today + dt.timedelta(days=n) for n in range(facility.horizon_days)]


async def bookable_days(
    uow: UnitOfWork, facility: Facility, now: dt.datetime, zone: ZoneInfo
) -> list[dt.date]:
    """Days within the horizon on which the facility has at least one slot still to come."""
    days = horizon(facility, now, zone)
    rows = await uow.booking.exceptions(facility.id, days[0], days[-1])
    exceptions = as_exceptions(rows)
    weekly = weekly_of(facility)
    result = []
    for day in days:
        windows = facility_windows_on(facility, day, weekly, exceptions)
        spans = _spans(facility, day, windows, zone)
        if any(start > now for start, _ in spans):
            result.append(day)
    return result


def _spans(
    facility: Facility, day: dt.date, windows: list[calendar.Window], zone: ZoneInfo
) -> list[tuple[dt.datetime, dt.datetime]]:
    step = dt.timedelta(minutes=facility.slot_minutes or 60)
    spans = []
    for opens, closes in windows:
        start = dt.datetime.combine(day, opens, tzinfo=zone)
        end = dt.datetime.combine(day, closes, tzinfo=zone)
        while start + step <= end:
            spans.append((start.astimezone(dt.UTC), (start + step).astimezone(dt.UTC)))
            start += step
    return spans


async def day_slots(
    uow: UnitOfWork, facility: Facility, day: dt.date, now: dt.datetime, zone: ZoneInfo
) -> list[Slot]:
    """The slots offered on a day (still to start), with their places taken."""
    if not facility.bookable:
        raise NotFound()
    if day not in horizon(facility, now, zone):
        raise OutsideHorizon(days=facility.horizon_days)
    spans = [
        s for s in _spans(facility, day, await windows_on(uow, facility, day), zone) if s[0] > now
    ]
    return await uow.booking.ensure_slots(facility.id, spans, facility.capacity or 1)


async def offered_slot(
    uow: UnitOfWork,
    facility: Facility,
    slot_id: int,
    now: dt.datetime,
    zone: ZoneInfo,
    *,
    live_of: int | None = None,
) -> Slot:
    """The slot, if it is still offered. `live_of`: read that resident's live booking in it
    with it, for the `uow.booking.live_in_slot` that follows (one statement)."""
    slot = await uow.booking.slot(slot_id, live_of=live_of)
    if slot is None or slot.facility_id != facility.id or slot.starts_at <= now:
        raise SlotNotOffered()
    if not facility.bookable:
        raise NotFound()
    day = when.day_of(slot.starts_at, zone)
    if day not in horizon(facility, now, zone):
        raise OutsideHorizon(days=facility.horizon_days)
    # The slot row exists, so only its times are checked against the day's hours as they
    # are now (a closure or changed hours since): no slot rows are written on a confirm.
    spans = _spans(facility, day, await windows_on(uow, facility, day), zone)
    if (slot.starts_at, slot.ends_at) not in spans:
        raise SlotNotOffered()
    return slot
