"""Booking in chat: book a slot, my bookings, the waitlist offer, requests for 按需共享.

Where each step goes: `linli flows book`, `mine`, `request` (docs/flows.md).
"""

from __future__ import annotations

import datetime as dt

from linli.handlers.booking import draw_times, draws, eligibility, requests, service, timetable
from linli.handlers.booking.ics import booking_ics
from linli.handlers.facilities import shown
from linli.handlers.kit import holidays, when
from linli.handlers.kit import payload as codec
from linli.handlers.kit.day_picker import day_choices, turned_page
from linli.handlers.kit.duration import duration
from linli.handlers.kit.errors import (
    DomainError,
    NotFound,
    QuotaReached,
    SlotFull,
    SlotNotOffered,
    Suspended,
    WeekQuotaReached,
)
from linli.handlers.kit.flow import Ctx, Done, Flow, Input, Next, Outcome, Redraw, Stay, Step
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
        return Reply(messages=[t("booking-no-days", facility=shown.name(facility))])
    await holidays.refresh(ctx.uow)
    lines, buttons = day_choices(ctx, days, when.today(ctx))
    return Reply(
        messages=[
            t("booking-pick-day", facility=shown.name(facility), days=facility.horizon_days),
            *lines,
        ],
        buttons=buttons,
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
    if turned_page(ctx, given.value):
        return Redraw()
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
    zone = ctx.config.zone
    # The pressed slot alone, checked as a confirm checks it (its facility, still to
    # start, within the horizon, the day's hours as they are now), and on the day chosen:
    # the day's slots are not written again for one press (issue 20).
    try:
        slot = await timetable.offered_slot(ctx.uow, facility, int(slot_id), ctx.clock.now(), zone)
    except SlotNotOffered:
        return Stay(t("booking-slot-not-offered"))
    if when.day_of(slot.starts_at, zone) != dt.date.fromisoformat(ctx.data["day"]):
        return Stay(t("booking-slot-not-offered"))
    ctx.data["slot"] = slot.id
    return Next("wait" if wait else "enter" if entry else "confirm")


async def _slot_text(ctx: Ctx, *, live_of: int | None = None):
    facility = await _facility(ctx)
    # `live_of`: the resident's live booking in it is read with it (see booking.slot).
    slot = await ctx.uow.booking.slot(int(ctx.data.get("slot", 0)), live_of=live_of)
    if slot is None or slot.facility_id != facility.id:
        raise NotFound()
    day = when.day_of(slot.starts_at, ctx.config.zone)
    return (
        facility,
        slot,
        t(
            "booking-slot-summary",
            facility=shown.name(facility),
            day=when.day_label(day, when.today(ctx)),
            time=_span(ctx, slot.starts_at, slot.ends_at),
        ),
    )


async def ask_confirm(ctx: Ctx) -> Reply:
    """The booking to be made, and a button to confirm it."""
    facility, slot, summary = await _slot_text(ctx)
    messages = [t("booking-confirm-ask"), summary, *await _clash_warnings(ctx, slot)]
    if facility.rules:
        messages.append(t("facility-rules", rules=shown.rules(facility)))
    messages.append(t("booking-cancel-rule", duration=duration(facility.cancel_before_minutes)))
    return Reply(messages=messages, buttons=[ctx.button(t("booking-confirm"), "yes")])


async def _clash_warnings(ctx: Ctx, slot) -> list:
    """Booked elsewhere at the same hour: allowed (plans change), but said before confirming."""
    found = await ctx.uow.booking.live_overlapping(ctx.user.id, slot.starts_at, slot.ends_at)
    warnings = []
    for other in [b for b in found if b.slot_id != slot.id][:2]:
        elsewhere = await ctx.uow.facilities.get(other.facility_id)
        warnings.append(
            t(
                "mine-overlap-warning",
                facility=raw(elsewhere.name),
                time=_span(ctx, other.starts_at, other.ends_at),
            )
        )
    return warnings


def ics_for(ctx: Ctx, facility: Facility, booking: Booking) -> Attachment:
    address = shown.full_address(facility)
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
    facility, slot, summary = await _slot_text(ctx, live_of=ctx.user.id)
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
        messages=[t("waitlist-ask", duration=duration(hold)), summary],
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
    """Upcoming bookings soonest first, then draw entries, places in line and 按需 requests."""
    now = ctx.clock.now()
    bookings = await ctx.uow.booking.upcoming_for(ctx.user.id, now)
    entries = await ctx.uow.draws.open_entries_of(ctx.user.id)
    waits = []
    for wait in await ctx.uow.booking.live_entries_of(ctx.user.id):
        slot = await ctx.uow.booking.slot(wait.slot_id)
        if slot.starts_at > now:  # a line for a slot already begun is over
            waits.append((wait, slot))
    asked = await ctx.uow.booking.open_requests_of(ctx.user.id, when.today(ctx))
    if not bookings and not entries and not waits and not asked:
        return Reply(messages=[t("mine-none")])
    zone = ctx.config.zone
    buttons = []
    for entry, draw in entries[:8]:
        slot = await ctx.uow.booking.slot(draw.slot_id)
        facility = await ctx.uow.facilities.get(draw.facility_id)
        label = t(
            "draw-mine-item", when=when.moment(slot.starts_at, zone), facility=shown.name(facility)
        )
        buttons.append(ctx.button(label, f"e{entry.id}"))
    for booking in bookings[:8]:
        facility = await ctx.uow.facilities.get(booking.facility_id)
        buttons.append(
            ctx.button(
                t(
                    "mine-item",
                    when=when.moment(booking.starts_at, zone),
                    facility=shown.name(facility),
                ),
                booking.id,
            )
        )
    for wait, slot in waits[:8]:
        facility = await ctx.uow.facilities.get(slot.facility_id)
        label = t(
            "mine-wait-item",
            when=when.moment(slot.starts_at, zone),
            facility=shown.name(facility),
            status=wait.status,
        )
        buttons.append(ctx.button(label, f"q{wait.id}"))
    for request in asked[:8]:
        facility = await ctx.uow.facilities.get(request.facility_id)
        label = t(
            "mine-request-item",
            day=when.day_label(request.day, when.today(ctx)),
            opens=f"{request.opens:%H:%M}",
            facility=shown.name(facility),
            status=request.status,
        )
        buttons.append(ctx.button(label, f"r{request.id}"))
    # Places in line and requests first: the last title says how to open one, said once.
    messages = [t("mine-wait-title", count=len(waits))] if waits else []
    if asked:
        messages.append(t("mine-request-title", count=len(asked)))
    if bookings:
        messages.append(t("mine-title", count=len(bookings)))
    if entries:
        messages.append(t("draw-mine-title", count=len(entries)))
    if not bookings and not entries:
        messages.append(t("mine-pick"))
    return Reply(messages=messages, buttons=buttons)


async def answer_mine(ctx: Ctx, given: Input) -> Outcome:
    value = given.value or ""
    kind, number = value[:1], value[1:]
    if kind in ("e", "q", "r") and number.isdigit():
        key, step = {"e": ("entry", "entry"), "q": ("wait", "wait"), "r": ("ask", "asked")}[kind]
        ctx.data[key] = int(number)
        return Next(step)
    if not value.isdigit():
        return Stay(t("hint-use-buttons"))
    ctx.data["booking"] = int(value)
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
            facility=shown.name(facility),
            day=when.day_label(when.day_of(booking.starts_at, zone), when.today(ctx)),
            time=_span(ctx, booking.starts_at, booking.ends_at),
        ),
        t("mine-code", code=booking.code),
        t("facility-address", address=raw(shown.full_address(facility))),
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
        facility=shown.name(facility),
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
            facility=shown.name(facility),
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


async def _my_wait(ctx: Ctx):
    entry = await ctx.uow.booking.entry(int(ctx.data.get("wait", 0)))
    if entry is None or entry.user_id != ctx.user.id:
        raise NotFound()
    slot = await ctx.uow.booking.slot(entry.slot_id)
    facility = await ctx.uow.facilities.get(slot.facility_id)
    zone = ctx.config.zone
    summary = t(
        "booking-slot-summary",
        facility=shown.name(facility),
        day=when.day_label(when.day_of(slot.starts_at, zone), when.today(ctx)),
        time=_span(ctx, slot.starts_at, slot.ends_at),
    )
    return entry, summary


async def ask_wait_place(ctx: Ctx) -> Reply:
    """One place in line: where I am in it (or the place held for me), and leaving it."""
    entry, summary = await _my_wait(ctx)
    messages = [summary]
    buttons = []
    if entry.status == "offered":
        until = when.moment(entry.hold_until, ctx.config.zone)
        messages.append(t("mine-wait-offered", until=until))
        buttons.append(ctx.button(t("waitlist-accept"), "take"))
    elif entry.status == "waiting":
        messages.append(t("mine-wait-place", place=await ctx.uow.booking.place_in_line(entry)))
    else:
        raise NotFound()
    buttons.append(ctx.button(t("mine-wait-leave"), "leave"))
    return Reply(messages=messages, buttons=buttons)


async def answer_wait_place(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "take":
        return await accept_offer(ctx, str(ctx.data.get("wait", "")))
    if given.value != "leave":
        return Stay(t("hint-use-buttons"))
    # Asked once: leaving the line loses one's turn in it.
    return Next("leave")


async def ask_leave(ctx: Ctx) -> Reply:
    """确定取消候补吗？ before leaving the line."""
    _entry, summary = await _my_wait(ctx)
    return Reply(
        messages=[t("mine-wait-leave-ask", slot=summary)],
        buttons=[
            ctx.button(t("confirm-cancel-yes"), "yes"),
            ctx.button(t("confirm-cancel-no"), "no"),
        ],
    )


async def answer_leave(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "no":
        return Done([t("mine-wait-kept")])
    if given.value != "yes":
        return Stay(t("hint-use-buttons"))
    await service.leave_waitlist(
        ctx.uow, ctx.user, int(ctx.data.get("wait", 0)), ctx.clock.now(), ctx.config
    )
    return Done([t("mine-wait-left")])


async def _my_request_text(ctx: Ctx):
    request = await requests.my_request(ctx.uow, ctx.user, int(ctx.data.get("ask", 0)))
    facility = await ctx.uow.facilities.get(request.facility_id)
    summary = t(
        "request-summary",
        facility=shown.name(facility),
        day=request.day.isoformat(),
        opens=f"{request.opens:%H:%M}",
        closes=f"{request.closes:%H:%M}",
        purpose=raw(request.purpose),
        headcount=request.headcount,
    )
    return request, summary


async def ask_asked(ctx: Ctx) -> Reply:
    """One 按需 request: what was asked, whether it is approved yet, and withdrawing it."""
    request, summary = await _my_request_text(ctx)
    if request.status not in ("pending", "approved"):
        raise NotFound()  # declined or withdrawn since the list was shown: no longer mine to see
    approved = request.status == "approved"
    messages = [summary, t("mine-request-approved") if approved else t("mine-request-pending")]
    buttons = []
    if requests.may_withdraw(request, ctx.clock.now(), ctx.config):
        buttons.append(ctx.button(t("mine-request-withdraw"), "withdraw"))
    return Reply(messages=messages, buttons=buttons)


async def answer_asked(ctx: Ctx, given: Input) -> Outcome:
    if given.value != "withdraw":
        return Stay(t("hint-use-buttons"))
    # Asked once: hours given up may be approved for another group at once.
    return Next("withdraw")


async def ask_withdraw(ctx: Ctx) -> Reply:
    """确定取消这个申请吗？ before a request is withdrawn."""
    _request, summary = await _my_request_text(ctx)
    return Reply(
        messages=[t("mine-request-withdraw-ask"), summary],
        buttons=[
            ctx.button(t("confirm-cancel-yes"), "yes"),
            ctx.button(t("confirm-cancel-no"), "no"),
        ],
    )


async def answer_withdraw(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "no":
        return Done([t("mine-request-kept")])
    if given.value != "yes":
        return Stay(t("hint-use-buttons"))
    await requests.withdraw_request(
        ctx.uow, ctx.user, int(ctx.data.get("ask", 0)), ctx.clock.now(), ctx.config
    )
    return Done([t("mine-request-withdrawn")])


MINE_FLOW = Flow(
    name="mine",
    first="list",
    steps={
        "list": Step(ask_mine, answer_mine, to={"detail", "entry", "wait", "asked"}),
        "entry": Step(ask_entry, answer_entry),
        "detail": Step(ask_detail, answer_detail, to={"cancel"}),
        "cancel": Step(ask_cancel, answer_cancel),
        "wait": Step(ask_wait_place, answer_wait_place, to={"leave"}),
        "leave": Step(ask_leave, answer_leave),
        "asked": Step(ask_asked, answer_asked, to={"withdraw"}),
        "withdraw": Step(ask_withdraw, answer_withdraw),
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
                facility=shown.name(facility),
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
    """Which day (typed, or one of the days up to the requests' horizon, a page at a time)."""
    facility = await _facility(ctx)
    if facility.mode != "按需共享":
        raise NotFound()
    today = when.today(ctx)
    days = [today + dt.timedelta(days=n) for n in range(1, requests.REQUEST_AHEAD_DAYS + 1)]
    await holidays.refresh(ctx.uow)
    # The question itself says a date can be typed.
    lines, buttons = day_choices(ctx, days, today, hint=False)
    return Reply(
        messages=[t("request-intro", facility=shown.name(facility)), t("request-day-ask"), *lines],
        buttons=buttons,
    )


async def answer_request_day(ctx: Ctx, given: Input) -> Outcome:
    if turned_page(ctx, given.value):
        return Redraw()
    day = _chosen_day(ctx, given)
    if isinstance(day, Problem):
        return Stay(explain(day))
    if day is None or day <= when.today(ctx):
        return Stay(t("request-day-ask"))
    if day > when.today(ctx) + dt.timedelta(days=requests.REQUEST_AHEAD_DAYS):
        return Stay(t("days-too-far", days=requests.REQUEST_AHEAD_DAYS))
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
        facility=shown.name(facility),
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
