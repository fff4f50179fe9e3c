"""Booking in chat: book a slot, my bookings, the waitlist offer, requests for 按需共享.

Where each step goes: `linli flows book`, `mine`, `request` (docs/flows.md).
"""

from __future__ import annotations

import datetime as dt

from linli.handlers.booking import draw_times, draws, eligibility, requests, service, timetable
from linli.handlers.booking.ics import booking_ics
from linli.handlers.kit import payload as codec
from linli.handlers.kit import when
from linli.handlers.kit.errors import (
    DomainError,
    NotFound,
    QuotaReached,
    SlotFull,
    Suspended,
    WeekQuotaReached,
)
from linli.handlers.kit.flow import Ctx, Done, Flow, Input, Next, Outcome, Stay, Step
from linli.handlers.kit.parse import whole_number
from linli.handlers.kit.reply import Attachment, Button, Reply
from linli.handlers.kit.spoken_time import Problem, Spoken, explain, read, read_day, read_span
from linli.handlers.kit.text import raw, t
from linli.storage.models import Booking, Facility

MINE_FLOW_NAME = "mine"  # MINE_FLOW below: 我的预约, where a place can be given back


def _facility_id(ctx: Ctx) -> int:
    value = ctx.data.get("facility") or ctx.data.get("arg") or 0
    return int(value) if str(value).isdigit() else 0


async def _facility(ctx: Ctx) -> Facility:
    return await eligibility.usable_facility(ctx.uow, ctx.user, _facility_id(ctx))


def _span(ctx: Ctx, start: dt.datetime, end: dt.datetime) -> str:
    zone = ctx.config.zone
    return f"{start.astimezone(zone):%H:%M}–{end.astimezone(zone):%H:%M}"


# --- book ---------------------------------------------------------------------------------------


async def ask_day(ctx: Ctx) -> Reply:
    """The days that still have slots, within the facility's horizon."""
    facility = await _facility(ctx)
    if not facility.bookable:
        raise NotFound()
    try:
        await eligibility.refuse_here(ctx.uow, ctx.user, facility, ctx.clock.now(), ctx.config)
    except DomainError as refusal:
        # Said before any day is offered; 返回 is the card or list it was chosen on, and
        # 我的预约 is where a place can be given back.
        return Reply(
            messages=[refusal.message],
            buttons=[Button(t("menu-mine"), codec.encode("go", MINE_FLOW_NAME))],
        )
    days = await timetable.bookable_days(ctx.uow, facility, ctx.clock.now(), ctx.config.zone)
    if not days:
        return Reply(messages=[t("booking-no-days", facility=raw(facility.name))])
    today = when.today(ctx)
    return Reply(
        messages=[t("booking-pick-day", facility=raw(facility.name), days=facility.horizon_days)],
        buttons=[ctx.button(when.day_label(d, today), d.isoformat()) for d in days],
    )


def _chosen_day(ctx: Ctx, given: Input) -> dt.date | Problem | None:
    """A day from a day button, or typed as people say it (12月5号, 下周六, 明天)."""
    if given.value:
        try:
            return dt.date.fromisoformat(given.value)
        except ValueError:
            return None
    return read_day(given.text, when.today(ctx), future=True) if given.text else None


async def _day_and_time(ctx: Ctx, facility: Facility, text: str) -> Outcome | None:
    """明天下午三点: a day with a time typed at once goes straight to 确认预约 when a slot
    with places left starts then, or to that day's times when none does."""
    found = read(text, when.today(ctx))
    if not isinstance(found, Spoken) or found.day is None or found.start is None:
        return None
    if found.day not in await timetable.bookable_days(
        ctx.uow, facility, ctx.clock.now(), ctx.config.zone
    ):
        return Stay(t("booking-day-not-offered", days=facility.horizon_days))
    ctx.data["day"] = found.day.isoformat()
    if draw_times.in_lottery(facility):
        return Next("slot")  # drawn slots are entered from the list, which says how
    slots = await timetable.day_slots(
        ctx.uow, facility, found.day, ctx.clock.now(), ctx.config.zone
    )
    zone = ctx.config.zone
    for slot in slots:
        if slot.starts_at.astimezone(zone).time() == found.start and slot.taken < slot.capacity:
            ctx.data["slot"] = slot.id
            return Next("confirm")
    return Next("slot", say=[t("journey-no-slot-at", time=f"{found.start:%H:%M}")])


async def answer_day(ctx: Ctx, given: Input) -> Outcome:
    """Take a day offered (or typed, with a time or not); anything outside the horizon is
    refused, and so is everyone the rules refuse here (see `ask_day`)."""
    facility = await _facility(ctx)
    try:
        await eligibility.refuse_here(ctx.uow, ctx.user, facility, ctx.clock.now(), ctx.config)
    except DomainError:
        return Stay(t("hint-use-buttons"))  # the screen itself says why (ask_day)
    if not given.value and given.text:
        outcome = await _day_and_time(ctx, facility, given.text)
        if outcome is not None:
            return outcome
    day = _chosen_day(ctx, given)
    if isinstance(day, Problem):
        return Stay(explain(day))
    if day is None:
        return Stay(t("hint-use-buttons"))
    if day not in await timetable.bookable_days(
        ctx.uow, facility, ctx.clock.now(), ctx.config.zone
    ):
        return Stay(t("booking-day-not-offered", days=facility.horizon_days))
    ctx.data["day"] = day.isoformat()
    return Next("slot")


async def ask_slot(ctx: Ctx) -> Reply:
    """Free slots with places left; a full one can be waited for."""
    facility = await _facility(ctx)
    day = dt.date.fromisoformat(ctx.data["day"])
    slots = await timetable.day_slots(ctx.uow, facility, day, ctx.clock.now(), ctx.config.zone)
    buttons = []
    lottery = draw_times.in_lottery(facility)
    for slot in slots:
        if lottery:
            found = await draw_times.slot_phase(ctx.uow, facility, slot, ctx.clock.now())
            if found is draw_times.Phase.ENTRIES:
                draw = await ctx.uow.draws.for_slot(slot.id)
                entered = await ctx.uow.draws.count(draw.id) if draw else 0
                label = t(
                    "draw-slot-enter",
                    time=_span(ctx, slot.starts_at, slot.ends_at),
                    places=slot.capacity,
                    entered=entered,
                )
                buttons.append(ctx.button(label, f"d{slot.id}"))
            if found is not draw_times.Phase.AFTER:
                continue  # not open yet, or being drawn: nothing to press
        left = slot.capacity - slot.taken
        if left > 0:
            buttons.append(
                ctx.button(
                    t(
                        "booking-slot-free",
                        time=_span(ctx, slot.starts_at, slot.ends_at),
                        left=left,
                    ),
                    slot.id,
                )
            )
        else:
            buttons.append(
                ctx.button(
                    t("booking-slot-full-wait", time=_span(ctx, slot.starts_at, slot.ends_at)),
                    f"w{slot.id}",
                )
            )
    messages = [t("booking-pick-slot", day=when.day_label(day, when.today(ctx)))]
    if lottery:
        messages.append(
            t(
                "draw-rule",
                days=facility.lottery_opens_days,
                hours=facility.lottery_draw_hours,
            )
        )
        if not buttons:
            messages.append(t("draw-none-open"))
    return Reply(messages=messages, buttons=buttons)


async def answer_slot(ctx: Ctx, given: Input) -> Outcome:
    value = given.value or ""
    wait, entry = value.startswith("w"), value.startswith("d")
    slot_id = value[1:] if wait or entry else value
    if not slot_id.isdigit():
        return Stay(t("hint-use-buttons"))
    facility = await _facility(ctx)
    offered = await timetable.day_slots(
        ctx.uow, facility, dt.date.fromisoformat(ctx.data["day"]), ctx.clock.now(), ctx.config.zone
    )
    if int(slot_id) not in {s.id for s in offered}:
        return Stay(t("booking-slot-not-offered"))
    ctx.data["slot"] = int(slot_id)
    return Next("wait" if wait else "enter" if entry else "confirm")


async def _slot_text(ctx: Ctx):
    facility = await _facility(ctx)
    slot = await ctx.uow.booking.slot(int(ctx.data.get("slot", 0)))
    if slot is None or slot.facility_id != facility.id:
        raise NotFound()
    day = when.day_of(slot.starts_at, ctx.config.zone)
    return (
        facility,
        slot,
        t(
            "booking-slot-summary",
            facility=raw(facility.name),
            day=when.day_label(day, when.today(ctx)),
            time=_span(ctx, slot.starts_at, slot.ends_at),
        ),
    )


async def ask_confirm(ctx: Ctx) -> Reply:
    """The booking to be made, and a button to confirm it."""
    facility, _slot, summary = await _slot_text(ctx)
    messages = [t("booking-confirm-ask"), summary]
    if facility.rules:
        messages.append(t("facility-rules", rules=raw(facility.rules)))
    messages.append(t("booking-cancel-rule", minutes=facility.cancel_before_minutes))
    return Reply(messages=messages, buttons=[ctx.button(t("booking-confirm"), "yes")])


def ics_for(ctx: Ctx, facility: Facility, booking: Booking) -> Attachment:
    address = facility.unit.address + (f" {facility.address}" if facility.address else "")
    data = booking_ics(
        uid=f"booking-{booking.id}@linli",
        summary=facility.name,
        location=address,
        description=f"{facility.unit.name} · {booking.code}",
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        created_at=booking.created_at,
    )
    return Attachment(f"booking-{booking.code}.ics", "text/calendar", data)


async def answer_confirm(ctx: Ctx, given: Input) -> Outcome:
    """Book. If the last place went a moment ago, offer the waitlist."""
    if given.value != "yes":
        return Stay(t("hint-use-buttons"))
    facility, slot, summary = await _slot_text(ctx)
    try:
        booking = await service.book(
            ctx.uow, ctx.user, facility.id, slot.id, ctx.clock.now(), ctx.config
        )
    except SlotFull:
        return Next("wait", say=[t("booking-slot-full")])
    except WeekQuotaReached as refusal:
        # That week is full for this person: another week's day may still do.
        return Next("day", say=[refusal.message])
    except (Suspended, QuotaReached, eligibility.HouseholdQuotaReached) as refusal:
        # Checked when the place was chosen; only a race gets here (a booking made from
        # another phone meanwhile). Not left on a 确认预约 that would fail again.
        return Done([refusal.message])
    return Done(
        [t("booking-done", code=booking.code), summary, t("booking-done-hint")],
        attachment=ics_for(ctx, facility, booking),
    )


async def ask_wait(ctx: Ctx) -> Reply:
    """Offer a place on the waitlist of a full slot."""
    _facility_row, _slot, summary = await _slot_text(ctx)
    hold = int(ctx.config.booking.hold.total_seconds() // 60)
    return Reply(
        messages=[t("waitlist-ask", minutes=hold), summary],
        buttons=[ctx.button(t("waitlist-join"), "yes")],
    )


async def answer_wait(ctx: Ctx, given: Input) -> Outcome:
    if given.value != "yes":
        return Stay(t("hint-use-buttons"))
    facility, slot, summary = await _slot_text(ctx)
    await service.join_waitlist(
        ctx.uow, ctx.user, facility.id, slot.id, ctx.clock.now(), ctx.config
    )
    return Done([t("waitlist-joined"), summary])


async def ask_enter(ctx: Ctx) -> Reply:
    """报名抽签 for a slot of a facility in lottery mode: when it is drawn, the commitment."""
    facility, slot, summary = await _slot_text(ctx)
    _facility_row, _slot_row, draw = await draws.open_draw(
        ctx.uow, ctx.user, facility.id, slot.id, ctx.clock.now(), ctx.config
    )
    return Reply(
        messages=[
            t(
                "draw-enter-ask",
                when=when.moment(draw.draw_at, ctx.config.zone),
                places=slot.capacity,
                entered=await ctx.uow.draws.count(draw.id),
            ),
            summary,
            t("draw-commitment", draw=draw.id, commitment=draw.commitment),
        ],
        buttons=[ctx.button(t("draw-enter"), "yes")],
    )


async def answer_enter(ctx: Ctx, given: Input) -> Outcome:
    if given.value != "yes":
        return Stay(t("hint-use-buttons"))
    facility, slot, summary = await _slot_text(ctx)
    entry = await draws.enter(ctx.uow, ctx.user, facility.id, slot.id, ctx.clock.now(), ctx.config)
    draw = await ctx.uow.draws.get(entry.draw_id)
    return Done(
        [
            t("draw-entered", when=when.moment(draw.draw_at, ctx.config.zone)),
            summary,
            t("draw-commitment", draw=draw.id, commitment=draw.commitment),
        ]
    )


BOOK_FLOW = Flow(
    name="book",
    first="day",
    steps={
        "day": Step(ask_day, answer_day, to={"slot", "confirm"}, takes_text=True),
        "slot": Step(ask_slot, answer_slot, to={"wait", "confirm", "enter"}),
        "confirm": Step(ask_confirm, answer_confirm, to={"wait", "day"}),
        "wait": Step(ask_wait, answer_wait),
        "enter": Step(ask_enter, answer_enter),
    },
)


# --- my bookings ---------------------------------------------------------------------------------


async def ask_mine(ctx: Ctx) -> Reply:
    """Upcoming bookings, soonest first."""
    bookings = await ctx.uow.booking.upcoming_for(ctx.user.id, ctx.clock.now())
    entries = await ctx.uow.draws.open_entries_of(ctx.user.id)
    if not bookings and not entries:
        return Reply(messages=[t("mine-none")])
    zone = ctx.config.zone
    buttons = []
    for entry, draw in entries[:8]:
        slot = await ctx.uow.booking.slot(draw.slot_id)
        facility = await ctx.uow.facilities.get(draw.facility_id)
        label = t(
            "draw-mine-item", when=when.moment(slot.starts_at, zone), facility=raw(facility.name)
        )
        buttons.append(ctx.button(label, f"e{entry.id}"))
    for booking in bookings[:8]:
        facility = await ctx.uow.facilities.get(booking.facility_id)
        buttons.append(
            ctx.button(
                t(
                    "mine-item",
                    when=when.moment(booking.starts_at, zone),
                    facility=raw(facility.name),
                ),
                booking.id,
            )
        )
    messages = [t("mine-title", count=len(bookings))] if bookings else []
    if entries:
        messages.append(t("draw-mine-title", count=len(entries)))
    return Reply(messages=messages, buttons=buttons)


async def answer_mine(ctx: Ctx, given: Input) -> Outcome:
    value = given.value or ""
    if value.startswith("e") and value[1:].isdigit():
        ctx.data["entry"] = int(value[1:])
        return Next("entry")
    if not (given.value or "").isdigit():
        return Stay(t("hint-use-buttons"))
    ctx.data["booking"] = int(given.value)
    return Next("detail")


async def _my_booking(ctx: Ctx) -> Booking:
    booking = await ctx.uow.booking.booking(int(ctx.data.get("booking", 0)))
    if booking is None or booking.user_id != ctx.user.id:
        raise NotFound()
    return booking


async def ask_detail(ctx: Ctx) -> Reply:
    """One booking with its check-in code, and the cancel button."""
    booking = await _my_booking(ctx)
    facility = await ctx.uow.facilities.get(booking.facility_id)
    zone = ctx.config.zone
    deadline = booking.starts_at - dt.timedelta(minutes=facility.cancel_before_minutes)
    messages = [
        t(
            "booking-slot-summary",
            facility=raw(facility.name),
            day=when.day_label(when.day_of(booking.starts_at, zone), when.today(ctx)),
            time=_span(ctx, booking.starts_at, booking.ends_at),
        ),
        t("mine-code", code=booking.code),
        t("facility-address", address=raw(facility.unit.address)),
    ]
    buttons = []
    if booking.status == "booked" and ctx.clock.now() <= deadline:
        messages.append(t("mine-cancel-until", deadline=when.moment(deadline, zone)))
        buttons.append(ctx.button(t("mine-cancel"), "cancel"))
    # The .ics came with the booking; here only when asked, not at every look.
    buttons.append(ctx.button(t("mine-calendar"), "ics"))
    return Reply(messages=messages, buttons=buttons)


async def answer_detail(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "ics":
        booking = await _my_booking(ctx)
        facility = await ctx.uow.facilities.get(booking.facility_id)
        return Done([t("mine-calendar-sent")], attachment=ics_for(ctx, facility, booking))
    if given.value != "cancel":
        return Stay(t("hint-use-buttons"))
    # Asked once: a cancelled booking is a place gone to the waitlist, not to be undone.
    return Next("cancel")


async def ask_cancel(ctx: Ctx) -> Reply:
    """确定取消…吗？ before a booking is cancelled."""
    booking = await _my_booking(ctx)
    facility = await ctx.uow.facilities.get(booking.facility_id)
    zone = ctx.config.zone
    slot = t(
        "booking-slot-summary",
        facility=raw(facility.name),
        day=when.day_label(when.day_of(booking.starts_at, zone), when.today(ctx)),
        time=_span(ctx, booking.starts_at, booking.ends_at),
    )
    return Reply(
        messages=[t("mine-cancel-ask", booking=slot)],
        buttons=[
            ctx.button(t("confirm-cancel-yes"), "yes"),
            ctx.button(t("confirm-cancel-no"), "no"),
        ],
    )


async def answer_cancel(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "no":
        return Done([t("mine-kept")])
    if given.value != "yes":
        return Stay(t("hint-use-buttons"))
    booking = await service.cancel(
        ctx.uow, ctx.user, int(ctx.data.get("booking", 0)), ctx.clock.now(), ctx.config
    )
    return Done([t("mine-cancelled", code=booking.code)])


async def ask_entry(ctx: Ctx) -> Reply:
    """One draw entry: the slot, when it is drawn, its commitment, and withdrawing."""
    _entry, draw = await draws.my_entry(ctx.uow, ctx.user, int(ctx.data.get("entry", 0)))
    slot = await ctx.uow.booking.slot(draw.slot_id)
    facility = await ctx.uow.facilities.get(draw.facility_id)
    zone = ctx.config.zone
    messages = [
        t(
            "booking-slot-summary",
            facility=raw(facility.name),
            day=when.day_label(when.day_of(slot.starts_at, zone), when.today(ctx)),
            time=_span(ctx, slot.starts_at, slot.ends_at),
        ),
        t("draw-mine-entry", when=when.moment(draw.draw_at, zone)),
        t("draw-commitment", draw=draw.id, commitment=draw.commitment),
    ]
    buttons = []
    if draw.drawn_at is None and ctx.clock.now() < draw.draw_at:
        buttons.append(ctx.button(t("draw-withdraw"), "withdraw"))
    return Reply(messages=messages, buttons=buttons)


async def answer_entry(ctx: Ctx, given: Input) -> Outcome:
    if given.value != "withdraw":
        return Stay(t("hint-use-buttons"))
    # Not asked twice: while entries are open the household may simply enter again.
    await draws.withdraw(ctx.uow, ctx.user, int(ctx.data.get("entry", 0)), ctx.clock.now())
    return Done([t("draw-withdrawn")])


MINE_FLOW = Flow(
    name="mine",
    first="list",
    steps={
        "list": Step(ask_mine, answer_mine, to={"detail", "entry"}),
        "entry": Step(ask_entry, answer_entry),
        "detail": Step(ask_detail, answer_detail, to={"cancel"}),
        "cancel": Step(ask_cancel, answer_cancel),
    },
)


# --- waitlist offers: one tap from the pushed message ---------------------------------------


async def accept_offer(ctx: Ctx, argument: str) -> Outcome:
    """`do|wl-accept|ID` — take the place the offer holds."""
    if not argument.isdigit():
        raise NotFound()
    booking = await service.accept_offer(
        ctx.uow, ctx.user, int(argument), ctx.clock.now(), ctx.config
    )
    facility = await ctx.uow.facilities.get(booking.facility_id)
    return Done(
        [
            t("booking-done", code=booking.code),
            t(
                "mine-item",
                when=when.moment(booking.starts_at, ctx.config.zone),
                facility=raw(facility.name),
            ),
        ],
        attachment=ics_for(ctx, facility, booking),
    )


async def decline_offer(ctx: Ctx, argument: str) -> Outcome:
    """`do|wl-decline|ID` — let the next person have it."""
    if not argument.isdigit():
        raise NotFound()
    await service.decline_offer(ctx.uow, ctx.user, int(argument), ctx.clock.now(), ctx.config)
    return Done([t("waitlist-declined")])


# --- requests for 按需共享 facilities ----------------------------------------------------------


async def ask_request_day(ctx: Ctx) -> Reply:
    """Which day (typed, or one of the next days)."""
    facility = await _facility(ctx)
    if facility.mode != "按需共享":
        raise NotFound()
    today = when.today(ctx)
    days = [today + dt.timedelta(days=n) for n in range(1, 8)]
    return Reply(
        messages=[t("request-intro", facility=raw(facility.name)), t("request-day-ask")],
        buttons=[ctx.button(when.day_label(d, today), d.isoformat()) for d in days],
    )


async def answer_request_day(ctx: Ctx, given: Input) -> Outcome:
    day = _chosen_day(ctx, given)
    if isinstance(day, Problem):
        return Stay(explain(day))
    if day is None or day <= when.today(ctx):
        return Stay(t("request-day-ask"))
    ctx.data["day"] = day.isoformat()
    return Next("time")


async def ask_request_time(ctx: Ctx) -> Reply:
    return Reply(messages=[t("request-time-ask")])


async def answer_request_time(ctx: Ctx, given: Input) -> Outcome:
    span = read_span(given.text)
    if isinstance(span, Problem):
        return Stay(explain(span))
    if span is None:
        return Stay(t("request-time-ask"))
    ctx.data.update(opens=f"{span[0]:%H:%M}", closes=f"{span[1]:%H:%M}")
    return Next("purpose")


async def ask_request_purpose(ctx: Ctx) -> Reply:
    return Reply(messages=[t("request-purpose-ask")])


async def answer_request_purpose(ctx: Ctx, given: Input) -> Outcome:
    purpose = given.text.strip()
    if not purpose or len(purpose) > 200:
        return Stay(t("request-purpose-ask"))
    ctx.data["purpose"] = purpose
    return Next("headcount")


async def ask_request_headcount(ctx: Ctx) -> Reply:
    return Reply(messages=[t("request-headcount-ask")])


async def answer_request_headcount(ctx: Ctx, given: Input) -> Outcome:
    headcount = whole_number(given.text.strip().removesuffix("人"), 1, 1000)
    if headcount is None:
        return Stay(t("request-headcount-ask"))
    ctx.data["headcount"] = headcount
    return Next("confirm")


def _request_summary(ctx: Ctx, facility: Facility):
    return t(
        "request-summary",
        facility=raw(facility.name),
        day=ctx.data["day"],
        opens=ctx.data["opens"],
        closes=ctx.data["closes"],
        purpose=raw(ctx.data["purpose"]),
        headcount=ctx.data["headcount"],
    )


async def ask_request_confirm(ctx: Ctx) -> Reply:
    facility = await _facility(ctx)
    return Reply(
        messages=[_request_summary(ctx, facility)], buttons=[ctx.button(t("request-send"), "yes")]
    )


async def answer_request_confirm(ctx: Ctx, given: Input) -> Outcome:
    if given.value != "yes":
        return Stay(t("hint-use-buttons"))
    facility = await _facility(ctx)
    await requests.request_use(
        ctx.uow,
        ctx.user,
        facility.id,
        dt.date.fromisoformat(ctx.data["day"]),
        dt.time.fromisoformat(ctx.data["opens"]),
        dt.time.fromisoformat(ctx.data["closes"]),
        ctx.data["purpose"],
        int(ctx.data["headcount"]),
        ctx.clock.now(),
        ctx.config,
    )
    return Done([t("request-sent")])


REQUEST_FLOW = Flow(
    name="request",
    first="day",
    steps={
        "day": Step(ask_request_day, answer_request_day, to={"time"}, takes_text=True),
        "time": Step(ask_request_time, answer_request_time, to={"purpose"}, takes_text=True),
        "purpose": Step(
            ask_request_purpose, answer_request_purpose, to={"headcount"}, takes_text=True
        ),
        "headcount": Step(
            ask_request_headcount, answer_request_headcount, numbers_choose=False, to={"confirm"}
        ),
        "confirm": Step(ask_request_confirm, answer_request_confirm),
    },
)
