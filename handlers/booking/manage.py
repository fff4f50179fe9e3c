"""Looking after facilities, for operators (their unit's) and staff (their community's):
today's bookings, check-in by code, closures, extra openings, requests, the month's report
and the weekly hours.

Where each step goes: `linli flows manage` (docs/flows.md).
"""

from __future__ import annotations

import datetime as dt
import re

from linli.handlers.booking import eligibility, operate, reports, requests
from linli.handlers.facilities import shown
from linli.handlers.facilities.browse import hours_lines
from linli.handlers.facilities.importer import parse_days
from linli.handlers.kit import when
from linli.handlers.kit.errors import NotAllowed, NotFound
from linli.handlers.kit.flow import (
    Ctx,
    Done,
    Flow,
    Input,
    Next,
    Outcome,
    Redraw,
    Stay,
    Step,
    page_buttons,
    page_turn,
    paginate,
)
from linli.handlers.kit.parse import parse_span
from linli.handlers.kit.reply import Attachment, Reply
from linli.handlers.kit.spoken_time import Problem, explain, read, read_days, read_span
from linli.handlers.kit.text import raw, t
from linli.handlers.profile.service import takes_files
from linli.storage.models import Facility


async def _facility(ctx: Ctx) -> Facility:
    return await eligibility.managed_facility(ctx.uow, ctx.user, int(ctx.data.get("facility", 0)))


async def may_manage(ctx: Ctx) -> bool:
    """Whether the menu shows this flow: the user looks after at least one facility."""
    return bool(await eligibility.managed_facilities(ctx.uow, ctx.user))


async def ask_pick(ctx: Ctx) -> Reply:
    """The facilities this user looks after."""
    facilities = await eligibility.managed_facilities(ctx.uow, ctx.user)
    if not facilities:
        raise NotAllowed()
    page = paginate(facilities, int(ctx.data.get("page", 0)))
    buttons = [
        ctx.button(t("facilities-item", name=shown.name(f), unit=shown.name(f.unit)), f.id)
        for f in page.items
    ]
    return Reply(messages=[t("manage-pick")], buttons=buttons + page_buttons(ctx, page))


async def answer_pick(ctx: Ctx, given: Input) -> Outcome:
    turn = page_turn(given.value)
    if turn is not None:
        ctx.data["page"] = turn
        return Redraw()
    if not (given.value or "").isdigit():
        return Stay(t("hint-use-buttons"))
    ctx.data["facility"] = int(given.value)
    await _facility(ctx)  # refuses a facility this user does not look after
    return Next("home")


async def ask_home(ctx: Ctx) -> Reply:
    facility = await _facility(ctx)
    buttons = [
        ctx.button(t("manage-today"), "today"),
        ctx.button(t("manage-checkin"), "checkin"),
        ctx.button(t("manage-close"), "close"),
        ctx.button(t("manage-open"), "open"),
        ctx.button(t("manage-requests"), "requests"),
        ctx.button(t("manage-report-button"), "report"),
        ctx.button(t("manage-hours"), "hours"),
    ]
    return Reply(messages=[t("manage-home", facility=shown.name(facility))], buttons=buttons)


async def answer_home(ctx: Ctx, given: Input) -> Outcome:
    if given.value in ("today", "checkin", "close", "open", "requests", "report", "hours"):
        return Next(given.value)
    return Stay(t("hint-use-buttons"))


def _shown_day(ctx: Ctx) -> dt.date:
    return dt.date.fromisoformat(ctx.data.get("day") or when.today(ctx).isoformat())


async def ask_today(ctx: Ctx) -> Reply:
    """One day's bookings (today first); today's booked ones check in when chosen."""
    facility = await _facility(ctx)
    day = _shown_day(ctx)
    bookings = await reports.day_bookings(ctx.uow, ctx.user, facility.id, day, ctx.config)
    moves = [ctx.button(t("manage-day-before"), "prev"), ctx.button(t("manage-day-after"), "next")]
    label = when.day_label(day, when.today(ctx))
    if not bookings:
        return Reply(messages=[t("manage-day-none", day=label)], buttons=moves)
    zone = ctx.config.zone
    names = await reports.booker_names(ctx.uow, ctx.user, facility, [b.user_id for b in bookings])
    buttons = []
    for booking in bookings:
        line = t(
            "manage-booking-line",
            time=f"{booking.starts_at.astimezone(zone):%H:%M}",
            code=booking.code,
            name=raw(names[booking.user_id]),
            status=reports.STATUS_NAMES[booking.status],
        )
        buttons.append(ctx.button(line, booking.code))
    messages = [t("manage-day-title", day=label, count=len(bookings))]
    if not await reports.sees_full_names(ctx.uow, ctx.user, facility):
        messages.append(t("privacy-names-masked"))
    return Reply(messages=messages, buttons=buttons + moves)


async def _checked_in(ctx: Ctx, booking) -> list:
    """What check-in says: the code, and the name as this user may see it (masked for an
    operator) so the person at the door can be matched."""
    facility = await _facility(ctx)
    names = await reports.booker_names(ctx.uow, ctx.user, facility, [booking.user_id])
    return [
        t("manage-checked-in", code=booking.code),
        t("privacy-checked-in-name", name=raw(names[booking.user_id])),
    ]


async def answer_today(ctx: Ctx, given: Input) -> Outcome:
    """Move a day back or on, or check in the chosen booking."""
    if given.value in ("prev", "next"):
        step = dt.timedelta(days=-1 if given.value == "prev" else 1)
        ctx.data["day"] = (_shown_day(ctx) + step).isoformat()
        return Redraw()
    if not given.value:
        return Stay(t("hint-use-buttons"))
    booking = await operate.check_in(
        ctx.uow, ctx.user, int(ctx.data["facility"]), given.value, ctx.clock.now(), ctx.config
    )
    return Redraw(await _checked_in(ctx, booking))


async def ask_hours(ctx: Ctx) -> Reply:
    """The weekly hours now, and how to change some days."""
    facility = await _facility(ctx)
    return Reply(messages=[t("facility-week-hours"), *hours_lines(facility), t("manage-hours-ask")])


CLOSED_WORDS = ("不开放", "关闭", "closed")


def _span(text: str) -> tuple[dt.time, dt.time] | Problem | None:
    """Opening hours as people say them (9点到12点), or bare hours (8-12) as before."""
    span = read_span(text)
    return parse_span(text) if span is None else span


async def answer_hours(ctx: Ctx, given: Input) -> Outcome:
    """`周一至周五 18:00-21:00`, `周六 09:00-12:00,14:00-17:00` or `周日 不开放`."""
    head, _, rest = given.text.strip().partition(" ")
    days = parse_days(head)
    rest = rest.strip()
    windows = (
        []
        if rest in CLOSED_WORDS
        else [_span(part) for part in re.split(r"[,，、]\s*", rest) if part]
    )
    problem = next((w for w in windows if isinstance(w, Problem)), None)
    if problem is not None:  # 25:00, or closing before opening: say which
        return Stay(explain(problem))
    if not days or None in windows or (not windows and rest not in CLOSED_WORDS):
        return Stay(t("manage-hours-ask"))
    await operate.set_hours(
        ctx.uow, ctx.user, int(ctx.data["facility"]), days, windows, ctx.clock.now()
    )
    facility = await _facility(ctx)
    return Done([t("manage-hours-done"), *hours_lines(facility)])


async def ask_checkin(ctx: Ctx) -> Reply:
    """The code to check in; after each resident, the next code is asked for at once."""
    if ctx.data.get("checked"):
        return Reply(messages=[t("journey-checkin-next", count=ctx.data["checked"])])
    return Reply(messages=[t("manage-checkin-ask")])


async def answer_checkin(ctx: Ctx, given: Input) -> Outcome:
    code = given.text.strip()
    if not code:
        return Stay(t("manage-checkin-ask"))
    booking = await operate.check_in(
        ctx.uow, ctx.user, int(ctx.data["facility"]), code, ctx.clock.now(), ctx.config
    )
    # A queue at the door: stay here for the next code (返回 or 回主菜单 when done).
    ctx.data["checked"] = int(ctx.data.get("checked", 0)) + 1
    return Redraw(await _checked_in(ctx, booking))


async def ask_close(ctx: Ctx) -> Reply:
    return Reply(messages=[t("manage-close-ask")])


async def answer_close(ctx: Ctx, given: Input) -> Outcome:
    found = read_days(given.text, when.today(ctx), future=True)
    if isinstance(found, Problem):
        return Stay(explain(found))
    if found is None:
        return Stay(t("manage-close-ask"))
    ctx.data.update(first=found[0].isoformat(), last=found[1].isoformat())
    return Next("close_why")


async def ask_close_why(ctx: Ctx) -> Reply:
    return Reply(messages=[t("manage-close-why", first=ctx.data["first"], last=ctx.data["last"])])


async def answer_close_why(ctx: Ctx, given: Input) -> Outcome:
    reason = given.text.strip()
    if not reason or len(reason) > 100:
        return Stay(t("manage-close-why", first=ctx.data["first"], last=ctx.data["last"]))
    cancelled = await operate.close_days(
        ctx.uow,
        ctx.user,
        int(ctx.data["facility"]),
        dt.date.fromisoformat(ctx.data["first"]),
        dt.date.fromisoformat(ctx.data["last"]),
        reason,
        ctx.clock.now(),
        ctx.config,
    )
    return Done(
        [t("manage-closed", first=ctx.data["first"], last=ctx.data["last"], count=cancelled)]
    )


async def ask_open(ctx: Ctx) -> Reply:
    return Reply(messages=[t("manage-open-ask")])


async def answer_open(ctx: Ctx, given: Input) -> Outcome:
    found = read(given.text, when.today(ctx))
    if isinstance(found, Problem):
        return Stay(explain(found))
    if found is None or found.day is None or found.end is None:
        return Stay(t("manage-open-ask"))
    if found.day < when.today(ctx):
        return Stay(
            explain(Problem("spoken-past", {"month": found.day.month, "day": found.day.day}))
        )
    day, span = found.day, (found.start, found.end)
    await operate.add_opening(
        ctx.uow, ctx.user, int(ctx.data["facility"]), day, *span, ctx.clock.now(), ctx.config
    )
    return Done(
        [
            t(
                "manage-opened",
                day=when.day_label(day, when.today(ctx)),
                time=f"{span[0]:%H:%M}–{span[1]:%H:%M}",
            )
        ]
    )


async def ask_requests(ctx: Ctx) -> Reply:
    facility = await _facility(ctx)
    pending = await ctx.uow.booking.pending_requests(facility.id)
    if not pending:
        return Reply(messages=[t("manage-requests-none")])
    buttons = [
        ctx.button(
            t(
                "manage-request-line",
                day=when.date(r.day),
                time=f"{r.opens:%H:%M}–{r.closes:%H:%M}",
                purpose=raw(r.purpose[:20]),
            ),
            r.id,
        )
        for r in pending[:8]
    ]
    return Reply(messages=[t("manage-requests-title", count=len(pending))], buttons=buttons)


async def answer_requests(ctx: Ctx, given: Input) -> Outcome:
    if not (given.value or "").isdigit():
        return Stay(t("hint-use-buttons"))
    ctx.data["request"] = int(given.value)
    return Next("request")


async def _request(ctx: Ctx):
    facility = await _facility(ctx)
    request = await ctx.uow.booking.request(int(ctx.data.get("request", 0)))
    if request is None or request.facility_id != facility.id:
        raise NotFound()
    return facility, request


async def ask_request(ctx: Ctx) -> Reply:
    facility, r = await _request(ctx)
    names = await reports.booker_names(ctx.uow, ctx.user, facility, [r.user_id])
    return Reply(
        messages=[
            t(
                "request-summary",
                facility=shown.name(facility),
                day=when.date(r.day),
                opens=f"{r.opens:%H:%M}",
                closes=f"{r.closes:%H:%M}",
                purpose=raw(r.purpose),
                headcount=r.headcount,
            ),
            t("manage-request-from", name=raw(names[r.user_id])),
        ],
        buttons=[ctx.button(t("manage-approve"), "yes"), ctx.button(t("manage-decline"), "no")],
    )


async def answer_request(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "yes":
        _facility_row, request = await _request(ctx)
        await requests.decide_request(ctx.uow, ctx.user, request.id, True, "", ctx.clock.now())
        return Done([t("manage-approved")])
    if given.value == "no":
        return Next("decline_why")
    return Stay(t("hint-use-buttons"))


async def ask_decline_why(ctx: Ctx) -> Reply:
    return Reply(messages=[t("manage-decline-why")])


async def answer_decline_why(ctx: Ctx, given: Input) -> Outcome:
    reason = given.text.strip()
    if not reason or len(reason) > 100:
        return Stay(t("manage-decline-why"))
    _facility_row, request = await _request(ctx)
    await requests.decide_request(ctx.uow, ctx.user, request.id, False, reason, ctx.clock.now())
    return Done([t("manage-declined")])


async def ask_report(ctx: Ctx) -> Reply:
    """This month's figures as text, and every booking as a CSV file."""
    facility = await _facility(ctx)
    today = when.today(ctx)
    report = await reports.month_report(
        ctx.uow, ctx.user, facility.id, today.year, today.month, ctx.config
    )
    messages = [report.summary(f"{today:%Y-%m}")]
    if takes_files(ctx.user):
        # WeChat cannot carry the file: its channel says so itself instead.
        messages.append(t("polish-report-attached"))
    name = f"bookings-{facility.id}-{today:%Y-%m}.csv"
    attachment = Attachment.csv(name, report.table(ctx.config.zone))
    return Reply(messages=messages, attachment=attachment)


async def answer_report(ctx: Ctx, given: Input) -> Outcome:
    return Stay(t("hint-use-buttons"))


FLOW = Flow(
    name="manage",
    first="pick",
    steps={
        "pick": Step(ask_pick, answer_pick, to={"home"}),
        "home": Step(
            ask_home,
            answer_home,
            to={"today", "checkin", "close", "open", "requests", "report", "hours"},
        ),
        "today": Step(ask_today, answer_today),
        "checkin": Step(ask_checkin, answer_checkin, takes_text=True),
        "close": Step(ask_close, answer_close, to={"close_why"}, takes_text=True),
        "close_why": Step(ask_close_why, answer_close_why, takes_text=True),
        "open": Step(ask_open, answer_open, takes_text=True),
        "requests": Step(ask_requests, answer_requests, to={"request"}),
        "request": Step(ask_request, answer_request, to={"decline_why"}),
        "decline_why": Step(ask_decline_why, answer_decline_why, takes_text=True),
        "report": Step(ask_report, answer_report),
        "hours": Step(ask_hours, answer_hours, takes_text=True),
    },
)
