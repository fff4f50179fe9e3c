"""The short ways to a booking: 预约场地 (only the places that take bookings, with today's
hours) and 再约一次 on the main menu for the places a resident booked before.

A returning resident goes menu → 再约一次 → day → time → 确认预约: four messages
(tests/booking/test_journey.py counts them). Where each step goes: `linli flows reserve`.
"""

from __future__ import annotations

from linli.handlers.booking import eligibility
from linli.handlers.facilities import shown
from linli.handlers.facilities.service import (
    Listing,
    chosen_listing,
    directory,
    select,
    times_text,
)
from linli.handlers.kit import payload as codec
from linli.handlers.kit import when
from linli.handlers.kit.flow import (
    Ctx,
    Flow,
    Input,
    Outcome,
    Redraw,
    Stay,
    Step,
    Switch,
    page_buttons,
    page_turn,
    paginate,
)
from linli.handlers.kit.reply import Button, Reply
from linli.handlers.kit.text import Text, t

# 再约一次 buttons on the main menu: enough for the places one goes to, short for the menu.
RECENT = 2
BOOK = "book"  # flows.BOOK_FLOW.name; not imported, flows.py is not needed here


async def recent_buttons(ctx: Ctx) -> list[Button]:
    """再约一次：<place> for the places this resident booked lately and may still book (one
    moved to another community no longer sees the old one's)."""
    found = await ctx.uow.booking.rebookable(ctx.user.id, ctx.user.community_id, RECENT)
    return [
        Button(t("journey-again", facility=shown.name(place)), codec.encode("go", BOOK, place.id))
        for place in found
    ]


def _today_hours(listing: Listing, ctx: Ctx) -> Text:
    windows = listing.windows_on(when.today(ctx))
    if not windows:
        return t("journey-place-closed-today", facility=shown.name(listing.facility))
    hours = times_text(windows)
    return t("journey-place-today", facility=shown.name(listing.facility), hours=hours)


async def _bookable(ctx: Ctx) -> list[Listing]:
    now = ctx.clock.now()
    found = await directory(ctx.uow, ctx.user.community_id, now, ctx.config.zone)
    return select(found, "bookable", "", now, ctx.config.zone)


async def ask_place(ctx: Ctx) -> Reply:
    """The places that take bookings, each with today's hours, a page at a time."""
    items = await _bookable(ctx)
    if not items:
        return Reply(messages=[t("journey-no-places")])
    page = paginate(items, int(ctx.data.get("page", 0)))
    buttons = [ctx.button(_today_hours(x, ctx), x.facility.id) for x in page.items]
    messages = [t("journey-places-title", count=len(items))]
    if page.count > 1:
        messages.append(t("list-page", page=page.number + 1, pages=page.count))
    return Reply(messages=messages, buttons=buttons + page_buttons(ctx, page))


async def answer_place(ctx: Ctx, given: Input) -> Outcome:
    """Turn the page, or take the place: refused here, plainly, when the rules say no."""
    turn = page_turn(given.value)
    if turn is not None:
        ctx.data["page"] = turn
        return Redraw()
    chosen = chosen_listing(await _bookable(ctx), given.value, given.text)
    if chosen is None:
        return Stay(t("hint-use-buttons"))
    # Suspended, or already holding the places allowed here: said now, on this list, so
    # another place can be picked; not after a day and a time were chosen.
    facility = await ctx.uow.facilities.get(chosen.facility.id)  # the list holds names only
    await eligibility.refuse_here(ctx.uow, ctx.user, facility, ctx.clock.now(), ctx.config)
    return Switch(BOOK, {"facility": chosen.facility.id}, back=True)


FLOW = Flow(
    name="reserve",
    first="place",
    steps={"place": Step(ask_place, answer_place, switch={BOOK})},
)
