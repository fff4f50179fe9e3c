"""The booking itself: a place taken without overselling, reminders, cancellation, the
waitlist and its offers, no-shows and suspension, a leaver's places passed on."""

from __future__ import annotations

import datetime as dt

from linli.handlers.booking.draw_times import refuse_direct_booking
from linli.handlers.booking.eligibility import check_rules, home_community, usable_facility
from linli.handlers.booking.timetable import offered_slot
from linli.handlers.facilities import shown
from linli.handlers.kit import ids, when
from linli.handlers.kit import payload as codec
from linli.handlers.kit.config import BookingRules, CoreConfig
from linli.handlers.kit.errors import AlreadyDone, DeadlinePassed, DomainError, NotFound, SlotFull
from linli.handlers.kit.notify import push
from linli.handlers.kit.reply import Button, Reply
from linli.handlers.kit.text import raw, t
from linli.handlers.profile.service import write_audit
from linli.storage.models import Booking, Facility, Slot, Suspension, User, WaitlistEntry
from linli.storage.uow import UnitOfWork


def new_code() -> str:
    return ids.code(6)


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
    slot = await offered_slot(uow, facility, slot_id, now, config.zone, live_of=user.id)
    await refuse_direct_booking(uow, facility, slot, now, config)
    existing = await uow.booking.live_in_slot(slot.id, user.id)
    if existing is not None:
        return existing
    await check_rules(uow, user, facility, slot, now, config)
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
    added = None
    while added is None:  # a code already used in this facility: another (1 in 10⁹)
        booking = Booking(
            slot_id=slot.id,
            facility_id=facility.id,
            user_id=user.id,
            code=new_code(),
            status="booked",
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            created_at=now,
        )
        added = await uow.booking.add_booking(booking)
    if added is not booking:
        # Another process booked this slot for the same resident a moment ago.
        await uow.booking.release_place(slot.id)
        return added
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
        facility=shown.name(facility),
        when=when.moment(booking.starts_at, zone),
        # Where to go, down to the room: the reminder is what an elder reads on the way.
        address=raw(shown.full_address(facility)),
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
    await call_off(uow, booking, now, reason=None)
    await pass_place(uow, booking.slot_id, now, config)
    return booking


async def call_off(uow: UnitOfWork, booking: Booking, now: dt.datetime, reason: str | None) -> None:
    """Cancel a booking and its reminders still to go; its place is the caller's to pass on."""
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
                facility=shown.name(facility),
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
    slot = await offered_slot(uow, facility, slot_id, now, config.zone, live_of=user.id)
    await refuse_direct_booking(uow, facility, slot, now, config)
    if await uow.booking.live_in_slot(slot.id, user.id) is not None:
        raise AlreadyDone()
    existing = await uow.booking.waiting(slot.id, user.id)
    if existing is not None:
        return existing
    await check_rules(uow, user, facility, slot, now, config)
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
    await check_rules(uow, user, facility, slot, now, config)
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
        await call_off(uow, booking, now, reason=reason)
        await pass_place(uow, booking.slot_id, now, config)
        facility = await uow.facilities.get(booking.facility_id)
        await write_audit(
            uow,
            now=now,
            community_id=home_community(facility),
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


async def leave_waitlist(
    uow: UnitOfWork, user: User, entry_id: int, now: dt.datetime, config: CoreConfig
) -> WaitlistEntry:
    """Leave a slot's line from 我的预约; a place held for me goes to the next in line."""
    entry = await uow.booking.entry(entry_id)
    if entry is None or entry.user_id != user.id:
        raise NotFound()
    if entry.status not in ("waiting", "offered"):
        raise AlreadyDone()
    offered = entry.status == "offered"
    entry.status = "left"
    await uow.outbox.cancel_pending(f"waitlist:{entry.id}:")
    if offered:
        await pass_place(uow, entry.slot_id, now, config)
    return entry
