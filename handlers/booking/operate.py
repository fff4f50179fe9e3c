"""What operators and staff do to a facility: check residents in, close days (bookings and
requests in them are called off), add an opening, set the weekly hours."""

from __future__ import annotations

import datetime as dt

from linli.handlers.booking.eligibility import home_community, managed_facility, may_close
from linli.handlers.booking.service import call_off
from linli.handlers.booking.timetable import day_start
from linli.handlers.facilities import calendar, shown
from linli.handlers.kit import ids, when
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import AlreadyDone, DomainError, NotFound
from linli.handlers.kit.notify import push
from linli.handlers.kit.text import raw, t
from linli.handlers.profile.service import write_audit
from linli.storage.models import Booking, Facility, FacilityException, OpeningWindow, User
from linli.storage.uow import UnitOfWork

MAX_CLOSURE_DAYS = 366
# A closure that cancels a booking starting this soon is told at once, even in quiet hours.
URGENT_CLOSURE = dt.timedelta(hours=12)


async def check_in(
    uow: UnitOfWork, actor: User, facility_id: int, code: str, now: dt.datetime, config: CoreConfig
) -> Booking:
    """Check a resident in by the code on their booking (today's bookings only)."""
    facility = await managed_facility(uow, actor, facility_id)
    booking = await uow.booking.by_code(facility.id, ids.typed_code(code))
    if booking is None:
        raise NotFound(t("checkin-code-unknown"))
    if when.day_of(booking.starts_at, config.zone) != when.day_of(now, config.zone):
        raise DomainError(t("checkin-not-today", when=when.moment(booking.starts_at, config.zone)))
    if booking.status == "checked_in" and booking.checked_in_at is not None:
        # Said plainly, with when: the operator is checking a second time, or someone is
        # showing a code already used.
        at = when.moment(booking.checked_in_at, config.zone)
        raise AlreadyDone(t("polish-already-checked-in", code=booking.code, at=at))
    if booking.status == "cancelled":
        raise AlreadyDone(t("polish-checkin-cancelled", code=booking.code))
    if booking.status != "booked":
        raise AlreadyDone()
    booking.status = "checked_in"
    booking.checked_in_at = now
    booking.checked_in_by = ids.actor(actor)
    return booking


async def close_days(
    uow: UnitOfWork,
    actor: User,
    facility_id: int,
    first: dt.date,
    last: dt.date,
    reason: str,
    now: dt.datetime,
    config: CoreConfig,
) -> int:
    """Close for a date range: bookings in it are cancelled and their holders told why."""
    facility = await managed_facility(uow, actor, facility_id)
    if not await may_close(uow, actor, facility):
        raise DomainError(t("closure-needs-all"))
    today = when.day_of(now, config.zone)
    if first < today or last < first or (last - first).days >= MAX_CLOSURE_DAYS:
        raise DomainError(t("closure-bad-range", days=MAX_CLOSURE_DAYS))
    return await close_facility_days(
        uow, facility, first, last, reason, by=ids.actor(actor), now=now, config=config
    )


async def close_facility_days(
    uow: UnitOfWork,
    facility: Facility,
    first: dt.date,
    last: dt.date,
    reason: str,
    *,
    by: str,
    now: dt.datetime,
    config: CoreConfig,
) -> int:
    """Close days already checked (who may, which dates): bookings, places in line and
    requests in them are called off and their holders told. Chat and the directory editor
    (handlers/facilities/editing.py) both close this way."""
    closed = {e.day for e in await uow.booking.exceptions(facility.id, first, last) if e.closed}
    day = first
    while day <= last:
        if day not in closed:
            uow.booking.add(
                FacilityException(
                    facility_id=facility.id,
                    day=day,
                    closed=True,
                    reason=reason,
                    created_by=by,
                    created_at=now,
                )
            )
        day += dt.timedelta(days=1)
    start, end = day_start(first, config.zone), day_start(last + dt.timedelta(days=1), config.zone)
    bookings = await uow.booking.for_facility_between(facility.id, start, end, ("booked",))
    for booking in bookings:
        await call_off(uow, booking, now, reason=reason)
        await push(
            uow,
            booking.user_id,
            t(
                "booking-cancelled-closure",
                facility=shown.name(facility),
                when=when.moment(booking.starts_at, config.zone),
                reason=raw(reason),
            ),
            kind="booking",
            now=now,
            dedupe_key=f"booking:{booking.id}:closed",
            # Told in the morning, they might already be on their way: not held for quiet.
            urgent=booking.starts_at - now <= URGENT_CLOSURE,
        )
    for entry in await uow.booking.live_entries_between(facility.id, start, end):
        # Those waiting for a place are told too: the line is gone with the day.
        held = entry.status == "offered"
        entry.status = "left"
        await uow.outbox.cancel_pending(f"waitlist:{entry.id}:")
        slot = await uow.booking.slot(entry.slot_id)
        await push(
            uow,
            entry.user_id,
            t(
                "mine-wait-closure",
                facility=shown.name(facility),
                when=when.moment(slot.starts_at, config.zone),
                reason=raw(reason),
            ),
            kind="waitlist",
            now=now,
            dedupe_key=f"waitlist:{entry.id}:closed",
            expires_at=slot.starts_at,
            # A place held for them they may be on their way to take: as urgent as a booking.
            urgent=held and slot.starts_at - now <= URGENT_CLOSURE,
        )
    for request in await uow.booking.requests_between(facility.id, first, last):
        if request.status in ("pending", "approved"):
            request.status, request.reason = "declined", reason
            request.decided_at, request.decided_by = now, by
            await push(
                uow,
                request.user_id,
                t(
                    "request-declined",
                    facility=shown.name(facility),
                    day=when.date(request.day),
                    reason=raw(reason),
                ),
                kind="request",
                now=now,
            )
    for served in sorted({s.community_id for s in facility.served}):
        # Each community it serves sees in its own log that its residents' bookings went.
        await write_audit(
            uow,
            now=now,
            community_id=served,
            actor=by,
            action="facility.close",
            target=f"facility:{facility.id}",
            details={
                "first": first.isoformat(),
                "last": last.isoformat(),
                "reason": reason,
                "cancelled": len(bookings),
            },
        )
    return len(bookings)


async def add_opening(
    uow: UnitOfWork,
    actor: User,
    facility_id: int,
    day: dt.date,
    opens: dt.time,
    closes: dt.time,
    now: dt.datetime,
    config: CoreConfig,
) -> None:
    facility = await managed_facility(uow, actor, facility_id)
    if day < when.day_of(now, config.zone) or closes <= opens:
        raise DomainError(t("opening-bad"))
    uow.booking.add(
        FacilityException(
            facility_id=facility.id,
            day=day,
            closed=False,
            opens=opens,
            closes=closes,
            created_by=ids.actor(actor),
            created_at=now,
        )
    )
    await write_audit(
        uow,
        now=now,
        community_id=home_community(facility),
        actor=ids.actor(actor),
        action="facility.open",
        target=f"facility:{facility.id}",
        details={"day": day.isoformat(), "opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"},
    )


async def set_hours(
    uow: UnitOfWork,
    actor: User,
    facility_id: int,
    weekdays: list[int],
    windows: list[calendar.Window],
    now: dt.datetime,
) -> None:
    """Replace the weekly hours of some weekdays (no windows: closed those days)."""
    facility = await managed_facility(uow, actor, facility_id)
    ordered = sorted(windows)
    bad = any(b <= a for a, b in ordered) or any(
        ordered[i][1] > ordered[i + 1][0] for i in range(len(ordered) - 1)
    )
    if facility.bookable and facility.slot_minutes:
        bad = bad or any(
            ((b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)) % facility.slot_minutes
            for a, b in ordered
        )
    if bad or not weekdays:
        raise DomainError(t("hours-bad", slot=facility.slot_minutes or 0))
    kept = [w for w in facility.hours if w.weekday not in weekdays]
    facility.hours = kept + [
        OpeningWindow(weekday=d, opens=a, closes=b) for d in weekdays for a, b in ordered
    ]
    facility.updated_at = now
    await write_audit(
        uow,
        now=now,
        community_id=home_community(facility),
        actor=ids.actor(actor),
        action="facility.hours",
        target=f"facility:{facility.id}",
        details={"weekdays": weekdays, "windows": [f"{a:%H:%M}-{b:%H:%M}" for a, b in ordered]},
    )
