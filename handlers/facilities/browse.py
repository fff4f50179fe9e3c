"""Browse the 社区之家 directory: the facilities open to my community, and one facility's card.

list — numbered facilities (8 a page) → card
card — hours, fee, rules, address of one facility
"""

from __future__ import annotations

from handlers.kit.flow import (
    Ctx,
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
from handlers.kit.reply import Reply
from handlers.kit.text import Text, raw, t
from storage.models import Facility

WEEKDAY_NAMES = [
    t("weekday-0"),
    t("weekday-1"),
    t("weekday-2"),
    t("weekday-3"),
    t("weekday-4"),
    t("weekday-5"),
    t("weekday-6"),
]
MODE_NAMES = {
    "共建共享": t("mode-walk-in"),
    "错时共享": t("mode-off-peak"),
    "按需共享": t("mode-on-request"),
}


async def ask_list(ctx: Ctx) -> Reply:
    """The facilities my community's residents may use, a page at a time."""
    items = await ctx.uow.facilities.serving(ctx.user.community_id)
    if not items:
        return Reply(messages=[t("facilities-none")])
    page = paginate(items, int(ctx.data.get("page", 0)))
    buttons = [
        ctx.button(t("facilities-item", name=raw(f.name), unit=raw(f.unit.name)), f.id)
        for f in page.items
    ]
    buttons += page_buttons(ctx, page)
    messages = [t("facilities-title", count=len(items))]
    if page.count > 1:
        messages.append(t("list-page", page=page.number + 1, pages=page.count))
    return Reply(messages=messages, buttons=buttons)


async def answer_list(ctx: Ctx, given: Input) -> Outcome:
    """Turn the page, or open the chosen facility's card."""
    turn = page_turn(given.value)
    if turn is not None:
        ctx.data["page"] = turn
        return Redraw()
    if given.value and given.value.isdigit():
        ctx.data["facility"] = int(given.value)
        return Next("card")
    if given.text:
        items = await ctx.uow.facilities.serving(ctx.user.community_id)
        found = [f for f in items if given.text in f.name or given.text in f.unit.name]
        if len(found) == 1:
            ctx.data["facility"] = found[0].id
            return Next("card")
    return Stay(t("hint-use-buttons"))


def hours_lines(facility: Facility) -> list[Text]:
    """One line per run of weekdays with the same hours: 周一至周五 17:30–20:30."""
    by_day: dict[int, str] = {}
    for window in facility.hours:
        span = f"{window.opens:%H:%M}–{window.closes:%H:%M}"
        by_day[window.weekday] = (
            f"{by_day[window.weekday]}, {span}" if window.weekday in by_day else span
        )
    lines: list[Text] = []
    day = 0
    while day < 7:
        if day not in by_day:
            day += 1
            continue
        last = day
        while last + 1 < 7 and by_day.get(last + 1) == by_day[day]:
            last += 1
        if (day, last) == (0, 6):
            days = t("facility-every-day")
        elif last == day:
            days = WEEKDAY_NAMES[day]
        else:
            days = t("facility-day-range", first=WEEKDAY_NAMES[day], last=WEEKDAY_NAMES[last])
        lines.append(t("facility-hours-line", days=days, times=by_day[day]))
        day = last + 1
    return lines


async def ask_card(ctx: Ctx) -> Reply:
    """The facility's card: who runs it, how it is shared, hours, fee, rules, address."""
    items = {f.id: f for f in await ctx.uow.facilities.serving(ctx.user.community_id)}
    facility = items.get(int(ctx.data.get("facility", 0)))
    if facility is None:
        return Reply(messages=[t("facilities-gone")])
    messages = [
        t(
            "facility-card-title",
            name=raw(facility.name),
            unit=raw(facility.unit.name),
            mode=MODE_NAMES[facility.mode],
        )
    ]
    if facility.description:
        messages.append(raw(facility.description))
    hours = hours_lines(facility)
    messages += hours if hours else [t("facility-hours-on-request")]
    if facility.fee_kind == "低偿" and facility.fee_amount is not None:
        messages.append(
            t(
                "facility-fee-paid",
                amount=str(facility.fee_amount.normalize()),
                unit=raw(facility.fee_unit or ""),
            )
        )
    else:
        messages.append(t("facility-fee-free"))
    if facility.min_age is not None or facility.max_age is not None:
        messages.append(
            t(
                "facility-age",
                min=facility.min_age or 0,
                max=facility.max_age if facility.max_age is not None else "-",
            )
        )
    if facility.rules:
        messages.append(t("facility-rules", rules=raw(facility.rules)))
    address = facility.unit.address + (f" {facility.address}" if facility.address else "")
    messages.append(t("facility-address", address=raw(address)))
    contact = facility.contact or facility.unit.contact
    if contact:
        messages.append(t("facility-contact", contact=raw(contact)))
    return Reply(messages=messages)


async def answer_card(ctx: Ctx, given: Input) -> Outcome:
    return Stay(t("hint-use-buttons"))


FLOW = Flow(
    name="facilities",
    first="list",
    steps={"list": Step(ask_list, answer_list), "card": Step(ask_card, answer_card)},
)
