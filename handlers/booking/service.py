"""Booking rules: free slots, booking without overselling, quotas, cancellation, waitlist,
no-shows and suspension, check-in, closures, requests for 按需共享 facilities, reports."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError

from linli.handlers.facilities import calendar
from linli.handlers.facilities.service import as_exceptions, weekly_of
from linli.handlers.kit import ids, when
from linli.handlers.kit import payload as codec
from linli.handlers.kit.config import BookingRules, CoreConfig
from linli.handlers.kit.errors import (
    AlreadyDone,
    DeadlinePassed,
    DomainError,
    NotAllowed,
    NotFound,
    NotInCommunity,
    OutsideHorizon,
    QuotaReached,
    SlotFull,
    SlotNotOffered,
    Suspended,
    WeekQuotaReached,
)
from linli.handlers.kit.notify import push
from linli.handlers.kit.reply import Button, Reply
from linli.handlers.kit.text import Text, raw, t
from linli.handlers.profile.service import write_audit
from linli.storage.models import (
    Booking,
    Facility,
    FacilityException,
    FacilityRequest,
    OpeningWindow,
    RoleGrant,
    Slot,
    Suspension,
    User,
    WaitlistEntry,
)
from linli.storage.uow import UnitOfWork

MAX_CLOSURE_DAYS = 366
REQUEST_AHEAD_DAYS = 60
# A closure that cancels a booking starting this soon is told at once, even in quiet hours.
URGENT_CLOSURE = dt.timedelta(hours=12)


# --- time, in the community's zone ---------------------------------------------------------


def local(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return moment.astimezone(zone)


def day_start(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone).astimezone(dt.UTC)


async def windows_on(uow: UnitOfWork, facility: Facility, day: dt.date) -> list[calendar.Window]:
    rows = await uow.booking.exceptions(facility.id, day, day)
    return calendar.windows_on(day, weekly_of(facility), as_exceptions(rows))


# --- who may do what ----------------------------------------------------------------------------


async def can_manage(uow: UnitOfWork, user: User, facility: Facility) -> bool:
    """Staff of a community the facility serves, or an operator of its own unit granted by
    a community it serves (staff of one community cannot reach another's facilities by
    making themselves an operator of a unit that serves both)."""
    served = {s.community_id for s in facility.served}
    for grant in await uow.roles.active_for(user.id):
        if grant.community_id not in served:
            continue
        if grant.role == "staff":
            return True
        if grant.role == "operator" and grant.unit_id == facility.unit_id:
            return True
    return False


async def may_close(uow: UnitOfWork, user: User, facility: Facility) -> bool:
    """Closing cancels residents' bookings in every community the facility serves: its
    unit's operator may, staff only when they are staff of each of those communities."""
    served = {s.community_id for s in facility.served}
    grants = await uow.roles.active_for(user.id)
    if any(
        g.role == "operator" and g.unit_id == facility.unit_id and g.community_id in served
        for g in grants
    ):
        return True
    return served <= {g.community_id for g in grants if g.role == "staff"}


async def managed_facility(uow: UnitOfWork, user: User | None, facility_id: int) -> Facility:
    """A facility `user` looks after; None is the command line, which may see them all."""
    facility = await uow.facilities.get(facility_id)
    if facility is None:
        raise NotFound()
    if user is not None and not await can_manage(uow, user, facility):
        raise NotAllowed()
    return facility


async def managed_facilities(uow: UnitOfWork, user: User) -> list[Facility]:
    """Every facility this staff member or operator looks after."""
    found: dict[int, Facility] = {}
    for grant in await uow.roles.active_for(user.id):
        if grant.role == "operator" and grant.unit_id:
            # Only those serving the community that granted the role.
            serving = await uow.facilities.serving(grant.community_id)
            found.update({f.id: f for f in serving if f.unit_id == grant.unit_id})
        elif grant.role == "staff":
            found.update({f.id: f for f in await uow.facilities.serving(grant.community_id)})
    return sorted(found.values(), key=lambda f: f.id)


async def usable_facility(uow: UnitOfWork, user: User, facility_id: int) -> Facility:
    """A facility this resident may use: it exists, is active and serves their community."""
    facility = await uow.facilities.get(facility_id)
    if facility is None or not facility.active:
        raise NotFound()
    if user.community_id not in {s.community_id for s in facility.served}:
        raise NotInCommunity()
    return facility


# --- days and slots ----------------------------------------------------------------------------


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
        spans = _spans(facility, day, calendar.windows_on(day, weekly, exceptions), zone)
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


async def _offered_slot(
    uow: UnitOfWork, facility: Facility, slot_id: int, now: dt.datetime, zone: ZoneInfo
) -> Slot:
    slot = await uow.booking.slot(slot_id)
    if slot is None or slot.facility_id != facility.id or slot.starts_at <= now:
        raise SlotNotOffered()
    day = when.day_of(slot.starts_at, zone)
    offered = await day_slots(uow, facility, day, now, zone)
    if slot.id not in {s.id for s in offered}:
        raise SlotNotOffered()
    return slot


# --- booking ------------------------------------------------------------------------------------


def new_code() -> str:
    return ids.code(6)


async def _check_rules(
    uow: UnitOfWork,
    user: User,
    facility: Facility,
    slot: Slot,
    now: dt.datetime,
    config: CoreConfig,
) -> None:
    """Every fairness rule; each refusal names the rule and, where it has one, the date."""
    rules = config.booking
    suspension = await uow.booking.suspension(user.id, now)
    if suspension is not None:
        count = await uow.booking.no_shows_since(user.id, now - rules.no_show_window)
        raise Suspended(until=when.moment(suspension.until, config.zone), count=max(count, 1))
    if await uow.booking.count_upcoming(user.id, facility.id, now) >= facility.max_upcoming:
        raise QuotaReached(limit=facility.max_upcoming)
    start_day = when.day_of(slot.starts_at, config.zone)
    monday = start_day - dt.timedelta(days=start_day.weekday())
    week = (day_start(monday, config.zone), day_start(monday + dt.timedelta(days=7), config.zone))
    if await uow.booking.count_between(user.id, *week) >= rules.week_limit:
        raise WeekQuotaReached(limit=rules.week_limit)


async def book(
    uow: UnitOfWork,
    user: User,
    facility_id: int,
    slot_id: int,
    now: dt.datetime,
    config: CoreConfig,
) -> Booking:
    """Book one place. Pressing twice gives the same booking; the last place goes to one."""
    facility = await usable_facility(uow, user, facility_id)
    if not facility.bookable:
        raise NotFound()
    await uow.booking.lock_user(user.id)
    slot = await _offered_slot(uow, facility, slot_id, now, config.zone)
    existing = await uow.booking.live_in_slot(slot.id, user.id)
    if existing is not None:
        return existing
    await _check_rules(uow, user, facility, slot, now, config)
    if not await uow.booking.take_place(slot.id):
        raise SlotFull()
    return await _create_booking(uow, user, facility, slot, now, config)


async def _create_booking(
    uow: UnitOfWork,
    user: User,
    facility: Facility,
    slot: Slot,
    now: dt.datetime,
    config: CoreConfig,
) -> Booking:
    code = new_code()
    while await uow.booking.by_code(facility.id, code) is not None:
        code = new_code()
    booking = Booking(
        slot_id=slot.id,
        facility_id=facility.id,
        user_id=user.id,
        code=code,
        status="booked",
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        created_at=now,
    )
    try:
        async with uow.session.begin_nested():
            uow.booking.add(booking)
    except IntegrityError:
        # Another process booked this slot for the same resident a moment ago.
        existing = await uow.booking.live_in_slot(slot.id, user.id)
        if existing is None:
            raise
        await uow.booking.release_place(slot.id)
        return existing
    await _schedule_reminders(uow, booking, facility, now, config)
    return booking


async def _schedule_reminders(
    uow: UnitOfWork, booking: Booking, facility: Facility, now: dt.datetime, config: CoreConfig
) -> None:
    rules: BookingRules = config.booking
    zone = config.zone
    start_day = when.day_of(booking.starts_at, zone)
    evening = dt.datetime.combine(
        start_day - dt.timedelta(days=1), rules.evening_reminder, tzinfo=zone
    ).astimezone(dt.UTC)
    soon = booking.starts_at - rules.reminder_before
    text = t(
        "booking-reminder",
        facility=raw(facility.name),
        when=when.moment(booking.starts_at, zone),
        code=booking.code,
    )
    for name, due in (("evening", evening), ("soon", soon)):
        if now < due < booking.starts_at:
            await push(
                uow,
                booking.user_id,
                text,
                kind="booking-reminder",
                now=now,
                due_at=due,
                dedupe_key=f"booking:{booking.id}:{name}",
                expires_at=booking.starts_at,
            )


async def cancel(
    uow: UnitOfWork, user: User, booking_id: int, now: dt.datetime, config: CoreConfig
) -> Booking:
    """Cancel one's own booking before the facility's cancellation deadline."""
    booking = await uow.booking.booking(booking_id)
    if booking is None or booking.user_id != user.id:
        raise NotFound()
    if booking.status != "booked":
        raise AlreadyDone()
    facility = await uow.facilities.get(booking.facility_id)
    deadline = booking.starts_at - dt.timedelta(minutes=facility.cancel_before_minutes)
    if now > deadline:
        raise DeadlinePassed(deadline=when.moment(deadline, config.zone))
    await _call_off(uow, booking, now, reason=None)
    await pass_place(uow, booking.slot_id, now, config)
    return booking


async def _call_off(
    uow: UnitOfWork, booking: Booking, now: dt.datetime, reason: str | None
) -> None:
    booking.status = "cancelled"
    booking.cancelled_at = now
    booking.cancel_reason = reason
    await uow.outbox.cancel_pending(f"booking:{booking.id}:")


async def pass_place(uow: UnitOfWork, slot_id: int, now: dt.datetime, config: CoreConfig) -> None:
    """A place came free: offer it to the first on the waitlist, or give it back."""
    slot = await uow.booking.slot(slot_id)
    entry = await uow.booking.first_waiting(slot_id) if slot.starts_at > now else None
    if entry is None:
        await uow.booking.release_place(slot_id)
        return
    entry.status = "offered"
    entry.offered_at = now
    entry.hold_until = min(now + config.booking.hold, slot.starts_at)
    facility = await uow.facilities.get(slot.facility_id)
    offer = Reply(
        messages=[
            t(
                "waitlist-offer",
                facility=raw(facility.name),
                when=when.moment(slot.starts_at, config.zone),
                until=when.moment(entry.hold_until, config.zone),
            )
        ],
        buttons=[
            Button(t("waitlist-accept"), codec.encode("do", "wl-accept", entry.id)),
            Button(t("waitlist-decline"), codec.encode("do", "wl-decline", entry.id)),
        ],
    )
    await push(
        uow,
        entry.user_id,
        kind="waitlist-offer",
        now=now,
        reply=offer,
        dedupe_key=f"waitlist:{entry.id}:offer",
        # Useless once the hold ends: not held for quiet hours past it, dropped if late.
        expires_at=entry.hold_until,
    )


async def join_waitlist(
    uow: UnitOfWork,
    user: User,
    facility_id: int,
    slot_id: int,
    now: dt.datetime,
    config: CoreConfig,
) -> WaitlistEntry:
    facility = await usable_facility(uow, user, facility_id)
    await uow.booking.lock_user(user.id)
    slot = await _offered_slot(uow, facility, slot_id, now, config.zone)
    if await uow.booking.live_in_slot(slot.id, user.id) is not None:
        raise AlreadyDone()
    existing = await uow.booking.waiting(slot.id, user.id)
    if existing is not None:
        return existing
    await _check_rules(uow, user, facility, slot, now, config)
    entry = WaitlistEntry(slot_id=slot.id, user_id=user.id, status="waiting", created_at=now)
    uow.booking.add(entry)
    await uow.flush()
    return entry


async def accept_offer(
    uow: UnitOfWork, user: User, entry_id: int, now: dt.datetime, config: CoreConfig
) -> Booking:
    """Take the place a waitlist offer holds, while the hold lasts."""
    entry = await uow.booking.entry(entry_id)
    if entry is None or entry.user_id != user.id:
        raise NotFound()
    if entry.status != "offered" or entry.hold_until <= now:
        raise DomainError(t("waitlist-offer-gone"))
    slot = await uow.booking.slot(entry.slot_id)
    facility = await usable_facility(uow, user, slot.facility_id)
    await _check_rules(uow, user, facility, slot, now, config)
    entry.status = "accepted"
    # The hold already counts in `taken`: the place becomes the booking.
    return await _create_booking(uow, user, facility, slot, now, config)


async def decline_offer(
    uow: UnitOfWork, user: User, entry_id: int, now: dt.datetime, config: CoreConfig
) -> None:
    entry = await uow.booking.entry(entry_id)
    if entry is None or entry.user_id != user.id:
        raise NotFound()
    if entry.status != "offered":
        raise AlreadyDone()
    entry.status = "left"
    await pass_place(uow, entry.slot_id, now, config)


async def expire_offers(uow: UnitOfWork, now: dt.datetime, config: CoreConfig) -> int:
    """Holds that ran out pass to the next in line (run by the scheduler)."""
    expired = await uow.booking.expired_offers(now)
    for entry in expired:
        entry.status = "expired"
        await push(
            uow,
            entry.user_id,
            t("waitlist-offer-expired"),
            kind="waitlist",
            now=now,
            dedupe_key=f"waitlist:{entry.id}:expired",
        )
        await pass_place(uow, entry.slot_id, now, config)
    return len(expired)


async def release_for_leaver(
    uow: UnitOfWork, user: User, now: dt.datetime, config: CoreConfig, reason: str
) -> int:
    """Someone who left the channel can no longer be told anything: an offer held for them
    passes to the next in line now, their waiting ends, and their bookings still to come are
    cancelled with `reason` (staff see it in the audit log and the month's CSV), so the
    places go to others. Returns how many bookings were cancelled."""
    for entry in await uow.booking.live_entries_of(user.id):
        offered = entry.status == "offered"
        entry.status = "left"
        if offered:
            await pass_place(uow, entry.slot_id, now, config)
    bookings = [b for b in await uow.booking.upcoming_for(user.id, now) if b.starts_at > now]
    for booking in bookings:
        await _call_off(uow, booking, now, reason=reason)
        await pass_place(uow, booking.slot_id, now, config)
        facility = await uow.facilities.get(booking.facility_id)
        await write_audit(
            uow,
            now=now,
            community_id=_home(facility),
            actor=ids.actor(user),
            action="booking.released",
            target=f"booking:{booking.code}",
            details={"reason": reason, "facility_id": booking.facility_id},
        )
    return len(bookings)


async def mark_no_shows(uow: UnitOfWork, now: dt.datetime, config: CoreConfig) -> int:
    """Bookings over and not checked in are no-shows; too many suspend booking."""
    rules = config.booking
    overdue = await uow.booking.overdue(now)
    for booking in overdue:
        booking.status = "no_show"
    await uow.flush()
    for user_id in sorted({b.user_id for b in overdue}):
        count = await uow.booking.no_shows_since(user_id, now - rules.no_show_window)
        if count >= rules.no_show_limit and await uow.booking.suspension(user_id, now) is None:
            until = now + rules.suspension
            uow.booking.add(
                Suspension(user_id=user_id, until=until, created_at=now, reason=f"{count} no-shows")
            )
            await push(
                uow,
                user_id,
                t("booking-suspended-notice", count=count, until=when.moment(until, config.zone)),
                kind="booking",
                now=now,
            )
    return len(overdue)


# --- operators and staff -------------------------------------------------------------------------


async def check_in(
    uow: UnitOfWork, actor: User, facility_id: int, code: str, now: dt.datetime, config: CoreConfig
) -> Booking:
    """Check a resident in by the code on their booking (today's bookings only)."""
    facility = await managed_facility(uow, actor, facility_id)
    booking = await uow.booking.by_code(facility.id, "".join(code.split()).upper())
    if booking is None:
        raise NotFound(t("checkin-code-unknown"))
    if when.day_of(booking.starts_at, config.zone) != when.day_of(now, config.zone):
        raise DomainError(t("checkin-not-today", when=when.moment(booking.starts_at, config.zone)))
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
                    created_by=ids.actor(actor),
                    created_at=now,
                )
            )
        day += dt.timedelta(days=1)
    start, end = day_start(first, config.zone), day_start(last + dt.timedelta(days=1), config.zone)
    bookings = await uow.booking.for_facility_between(facility.id, start, end, ("booked",))
    for booking in bookings:
        await _call_off(uow, booking, now, reason=reason)
        await push(
            uow,
            booking.user_id,
            t(
                "booking-cancelled-closure",
                facility=raw(facility.name),
                when=when.moment(booking.starts_at, config.zone),
                reason=raw(reason),
            ),
            kind="booking",
            now=now,
            dedupe_key=f"booking:{booking.id}:closed",
            # Told in the morning, they might already be on their way: not held for quiet.
            urgent=booking.starts_at - now <= URGENT_CLOSURE,
        )
    slot_ids = {b.slot_id for b in bookings}
    for slot_id in slot_ids:
        for entry in await uow.booking.live_entries(slot_id):
            entry.status = "left"
    for request in await uow.booking.requests_between(facility.id, first, last):
        if request.status in ("pending", "approved"):
            request.status, request.reason = "declined", reason
            request.decided_at, request.decided_by = now, ids.actor(actor)
            await push(
                uow,
                request.user_id,
                t(
                    "request-declined",
                    facility=raw(facility.name),
                    day=request.day.isoformat(),
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
            actor=ids.actor(actor),
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


def _home(facility: Facility) -> int | None:
    """The community an action on a facility is filed under: the first it serves."""
    served = sorted(s.community_id for s in facility.served)
    return served[0] if served else None


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
        community_id=_home(facility),
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
        community_id=_home(facility),
        actor=ids.actor(actor),
        action="facility.hours",
        target=f"facility:{facility.id}",
        details={"weekdays": weekdays, "windows": [f"{a:%H:%M}-{b:%H:%M}" for a, b in ordered]},
    )


async def request_use(
    uow: UnitOfWork,
    user: User,
    facility_id: int,
    day: dt.date,
    opens: dt.time,
    closes: dt.time,
    purpose: str,
    headcount: int,
    now: dt.datetime,
    config: CoreConfig,
) -> FacilityRequest:
    """Ask to use an 按需共享 facility; its operators (or else staff) are told."""
    facility = await usable_facility(uow, user, facility_id)
    if facility.mode != "按需共享":
        raise NotFound()
    today = when.day_of(now, config.zone)
    if not today < day <= today + dt.timedelta(days=REQUEST_AHEAD_DAYS) or closes <= opens:
        raise DomainError(t("request-bad-time", days=REQUEST_AHEAD_DAYS))
    purpose = purpose.strip()
    if not purpose or len(purpose) > 200 or not 1 <= headcount <= 1000:
        raise DomainError(t("request-bad-details"))
    request = FacilityRequest(
        facility_id=facility.id,
        user_id=user.id,
        day=day,
        opens=opens,
        closes=closes,
        purpose=purpose,
        headcount=headcount,
        status="pending",
        created_at=now,
    )
    uow.booking.add(request)
    await uow.flush()
    for manager_id in await _managers(uow, facility):
        await push(
            uow,
            manager_id,
            t(
                "request-new",
                facility=raw(facility.name),
                day=day.isoformat(),
                opens=f"{opens:%H:%M}",
                closes=f"{closes:%H:%M}",
                purpose=raw(purpose),
                headcount=headcount,
            ),
            kind="request",
            now=now,
            dedupe_key=f"request:{request.id}:{manager_id}",
        )
    return request


async def _managers(uow: UnitOfWork, facility: Facility) -> list[int]:
    """Who hears of a request: the unit's operators, or if it has none, staff."""
    from sqlalchemy import select

    grants = list(
        await uow.session.scalars(select(RoleGrant).where(RoleGrant.revoked_at.is_(None)))
    )
    operators = {
        g.user_id for g in grants if g.role == "operator" and g.unit_id == facility.unit_id
    }
    if operators:
        return sorted(operators)
    served = {s.community_id for s in facility.served}
    return sorted({g.user_id for g in grants if g.role == "staff" and g.community_id in served})


async def decide_request(
    uow: UnitOfWork, actor: User, request_id: int, approve: bool, reason: str, now: dt.datetime
) -> FacilityRequest:
    request = await uow.booking.request(request_id)
    if request is None:
        raise NotFound()
    facility = await managed_facility(uow, actor, request.facility_id)
    if request.status != "pending":
        raise AlreadyDone()
    reason = reason.strip()
    if not approve and not reason:
        raise DomainError(t("request-reason-needed"))
    request.status = "approved" if approve else "declined"
    request.reason = reason or None
    request.decided_at, request.decided_by = now, ids.actor(actor)
    day = request.day.isoformat()
    if approve:
        message = t(
            "request-approved",
            facility=raw(facility.name),
            day=day,
            opens=f"{request.opens:%H:%M}",
            closes=f"{request.closes:%H:%M}",
        )
    else:
        message = t("request-declined", facility=raw(facility.name), day=day, reason=raw(reason))
    await push(
        uow,
        request.user_id,
        message,
        kind="request",
        now=now,
        dedupe_key=f"request:{request.id}:decided",
    )
    await write_audit(
        uow,
        now=now,
        community_id=_home(facility),
        actor=ids.actor(actor),
        action=f"request.{request.status}",
        target=f"request:{request.id}",
        details={"reason": reason},
    )
    return request


STATUS_NAMES = {
    "booked": t("status-booked"),
    "checked_in": t("status-checked-in"),
    "no_show": t("status-no-show"),
    "cancelled": t("status-cancelled"),
}
REPORT_COLUMNS = (
    t("report-column-date"),
    t("report-column-start"),
    t("report-column-end"),
    t("report-column-code"),
    t("report-column-status"),
    t("report-column-user"),
    t("report-column-reason"),
)


@dataclass
class MonthReport:
    facility: Facility
    year: int
    month: int
    counts: Counter
    rows: list[Booking]

    def summary(self, month: str) -> Text:
        counts = self.counts
        return t(
            "manage-report",
            facility=raw(self.facility.name),
            month=month,
            total=sum(counts.values()) - counts["cancelled"],
            checked_in=counts["checked_in"],
            cancelled=counts["cancelled"],
            no_show=counts["no_show"],
            upcoming=counts["booked"],
        )

    def table(self, zone: ZoneInfo) -> list[list]:
        """Every booking of the month, one a row, for a CSV in the reader's language."""
        rows: list[list] = [list(REPORT_COLUMNS)]
        for b in self.rows:
            start, end = local(b.starts_at, zone), local(b.ends_at, zone)
            rows.append(
                [
                    start.date().isoformat(),
                    f"{start:%H:%M}",
                    f"{end:%H:%M}",
                    b.code,
                    STATUS_NAMES[b.status],
                    b.user_id,
                    b.cancel_reason or "",
                ]
            )
        return rows


async def day_bookings(
    uow: UnitOfWork, actor: User, facility_id: int, day: dt.date, config: CoreConfig
) -> list[Booking]:
    facility = await managed_facility(uow, actor, facility_id)
    return await uow.booking.for_facility_between(
        facility.id,
        day_start(day, config.zone),
        day_start(day + dt.timedelta(days=1), config.zone),
        ("booked", "checked_in", "no_show"),
    )


async def month_report(
    uow: UnitOfWork, actor: User, facility_id: int, year: int, month: int, config: CoreConfig
) -> MonthReport:
    facility = await managed_facility(uow, actor, facility_id)
    first = dt.date(year, month, 1)
    after = dt.date(year + month // 12, month % 12 + 1, 1)
    rows = await uow.booking.for_facility_between(
        facility.id, day_start(first, config.zone), day_start(after, config.zone)
    )
    return MonthReport(facility, year, month, Counter(b.status for b in rows), rows)
