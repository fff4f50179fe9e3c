"""Browse the 社区之家 directory: open now, on a day, this weekend, by category, by name.

Where each step goes: `linli flows facilities` (docs/flows.md).
"""

from __future__ import annotations

import datetime as dt

from linli.handlers.facilities import calendar
from linli.handlers.facilities.service import CATEGORIES, Listing, directory, select
from linli.handlers.kit.flow import (
    Ctx,
    Flow,
    Input,
    Next,
    Outcome,
    Redraw,
    Stay,
    Step,
    Switch,
    page_buttons,
    page_turn,
    paginate,
)
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import Text, raw, t, yuan
from linli.handlers.kit.when import WEEKDAY_NAMES, day_label
from linli.storage.models import Facility

MODE_NAMES = {
    "共建共享": t("mode-walk-in"),
    "错时共享": t("mode-off-peak"),
    "按需共享": t("mode-on-request"),
}
CATEGORY_NAMES = {
    "运动": t("category-sport"),
    "餐饮": t("category-food"),
    "文化学习": t("category-learning"),
    "阅读": t("category-reading"),
    "停车": t("category-parking"),
    "医疗": t("category-health"),
    "场地": t("category-venue"),
}
LIST_TITLES = {
    "now": t("facilities-title-now"),
    "bookable": t("facilities-title-bookable"),
    "day": t("facilities-title-day"),
    "weekend": t("facilities-title-weekend"),
    "category": t("facilities-title-category"),
    "search": t("facilities-title-search"),
    "all": t("facilities-title-all"),
}


def _now(ctx: Ctx) -> dt.datetime:
    return ctx.clock.now().astimezone(ctx.config.zone)


async def ask_home(ctx: Ctx) -> Reply:
    """How the resident wants to look."""
    return Reply(
        messages=[t("facilities-home")],
        buttons=[
            ctx.button(t("facilities-open-now"), "now"),
            ctx.button(t("facilities-pick-day"), "day"),
            ctx.button(t("facilities-weekend"), "weekend"),
            ctx.button(t("facilities-by-category"), "category"),
            ctx.button(t("facilities-search"), "search"),
            ctx.button(t("facilities-all"), "all"),
        ],
    )


async def answer_home(ctx: Ctx, given: Input) -> Outcome:
    """Go straight to a list, or first ask for the category, day or name."""
    if given.value in ("now", "weekend", "all"):
        ctx.data.update(kind=given.value, value="", page=0)
        return Next("list")
    if given.value in ("category", "day", "search"):
        return Next(given.value)
    if given.text:  # a name typed straight away
        ctx.data.update(kind="search", value=given.text, page=0)
        return Next("list")
    return Stay(t("hint-use-buttons"))


async def ask_category(ctx: Ctx) -> Reply:
    """The categories."""
    return Reply(
        messages=[t("facilities-pick-category")],
        buttons=[ctx.button(CATEGORY_NAMES[c], c) for c in CATEGORIES],
    )


async def answer_category(ctx: Ctx, given: Input) -> Outcome:
    if given.value in CATEGORIES:
        ctx.data.update(kind="category", value=given.value, page=0)
        return Next("list")
    return Stay(t("hint-use-buttons"))


async def ask_day(ctx: Ctx) -> Reply:
    """Today and the six days after."""
    today = _now(ctx).date()
    days = [today + dt.timedelta(days=n) for n in range(7)]
    return Reply(
        messages=[t("facilities-pick-day-ask")],
        buttons=[ctx.button(day_label(d, today), d.isoformat()) for d in days],
    )


async def answer_day(ctx: Ctx, given: Input) -> Outcome:
    try:
        day = dt.date.fromisoformat(given.value or "")
    except ValueError:
        return Stay(t("hint-use-buttons"))
    ctx.data.update(kind="day", value=day.isoformat(), page=0)
    return Next("list")


async def ask_search(ctx: Ctx) -> Reply:
    """Ask for part of a name."""
    return Reply(messages=[t("facilities-search-ask")])


async def answer_search(ctx: Ctx, given: Input) -> Outcome:
    words = given.text.strip()
    if not words or len(words) > 30:
        return Stay(t("facilities-search-ask"))
    ctx.data.update(kind="search", value=words, page=0)
    return Next("list")


async def _listings(ctx: Ctx) -> list[Listing]:
    found = await directory(ctx.uow, ctx.user.community_id, ctx.clock.now(), ctx.config.zone)
    return select(
        found,
        ctx.data.get("kind", "all"),
        ctx.data.get("value", ""),
        ctx.clock.now(),
        ctx.config.zone,
    )


def _list_title(ctx: Ctx, count: int) -> Text:
    kind, value = ctx.data.get("kind", "all"), ctx.data.get("value", "")
    what: Text = raw(value)
    if kind == "category":
        what = CATEGORY_NAMES.get(value, raw(value))
    elif kind == "day":
        what = day_label(dt.date.fromisoformat(value), _now(ctx).date())
    return t(
        "facilities-list-title",
        what=LIST_TITLES.get(kind, LIST_TITLES["all"]),
        detail=what,
        count=count,
    )


async def ask_list(ctx: Ctx) -> Reply:
    """The matching facilities, a page at a time."""
    items = await _listings(ctx)
    if not items:
        return Reply(messages=[t("facilities-none-found")])
    page = paginate(items, int(ctx.data.get("page", 0)))
    buttons = [
        ctx.button(
            t("facilities-item", name=raw(x.facility.name), unit=raw(x.facility.unit.name)),
            x.facility.id,
        )
        for x in page.items
    ]
    messages = [_list_title(ctx, len(items))]
    if page.count > 1:
        messages.append(t("list-page", page=page.number + 1, pages=page.count))
    return Reply(messages=messages, buttons=buttons + page_buttons(ctx, page))


async def answer_list(ctx: Ctx, given: Input) -> Outcome:
    """Turn the page, or open the chosen facility's card."""
    turn = page_turn(given.value)
    if turn is not None:
        ctx.data["page"] = turn
        return Redraw()
    items = await _listings(ctx)
    chosen = None
    if given.value and given.value.isdigit():
        chosen = next((x for x in items if x.facility.id == int(given.value)), None)
    elif given.text:
        found = [x for x in items if given.text in x.facility.name]
        chosen = found[0] if len(found) == 1 else None
    if chosen is None:
        return Stay(t("hint-use-buttons"))
    ctx.data["facility"] = chosen.facility.id
    return Next("card")


def _times(windows: list[calendar.Window]) -> str:
    return ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in windows)


def hours_lines(facility: Facility) -> list[Text]:
    """One line per run of weekdays with the same hours: 周一至周五 17:30–20:30."""
    by_day: dict[int, list[calendar.Window]] = {}
    for window in facility.hours:
        by_day.setdefault(window.weekday, []).append((window.opens, window.closes))
    spans = {d: _times(sorted(w)) for d, w in by_day.items()}
    lines: list[Text] = []
    day = 0
    while day < 7:
        if day not in spans:
            day += 1
            continue
        last = day
        while last + 1 < 7 and spans.get(last + 1) == spans[day]:
            last += 1
        if (day, last) == (0, 6):
            days = t("facility-every-day")
        elif last == day:
            days = WEEKDAY_NAMES[day]
        else:
            days = t("facility-day-range", first=WEEKDAY_NAMES[day], last=WEEKDAY_NAMES[last])
        lines.append(t("facility-hours-line", days=days, times=spans[day]))
        day = last + 1
    return lines


def _today_lines(listing: Listing, moment: dt.datetime) -> list[Text]:
    """Today's hours (with the holiday rule named) and when it next opens."""
    facility = listing.facility
    if facility.mode == "按需共享" and not facility.hours:
        return []
    today = moment.date()
    windows = listing.windows_on(today)
    info = calendar.day_info(today)
    lines = [t("facility-today", times=_times(windows)) if windows else t("facility-today-closed")]
    if info.is_holiday:
        lines.append(t("facility-holiday-rule"))
    elif info.is_makeup_workday:
        lines.append(t("facility-makeup-rule"))
    if listing.open_at(moment):
        lines.append(t("facility-open-now"))
    else:
        upcoming = listing.next_opening(moment)
        if upcoming is None:
            lines.append(t("facility-not-opening-soon"))
        else:
            day, (opens, _closes) = upcoming
            lines.append(
                t("facility-next-opening", day=day_label(day, today), time=f"{opens:%H:%M}")
            )
    return lines


async def ask_card(ctx: Ctx) -> Reply:
    """The facility's card and, for bookable or on-request ones, how to use it."""
    items = {
        x.facility.id: x
        for x in await directory(ctx.uow, ctx.user.community_id, ctx.clock.now(), ctx.config.zone)
    }
    listing = items.get(int(ctx.data.get("facility", 0)))
    if listing is None:
        return Reply(messages=[t("facilities-gone")])
    facility = listing.facility
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
    messages += _today_lines(listing, _now(ctx))
    hours = hours_lines(facility)
    messages += [t("facility-week-hours"), *hours] if hours else [t("facility-hours-on-request")]
    if facility.fee_kind == "低偿" and facility.fee_amount is not None:
        messages.append(
            t(
                "facility-fee-paid",
                amount=yuan(facility.fee_amount),
                unit=raw(facility.fee_unit or ""),
            )
        )
    else:
        messages.append(t("facility-fee-free"))
    # A bound left open is said in words: "14 到 - 岁" read as a range to nowhere.
    low, high = facility.min_age or None, facility.max_age
    if low is not None and high is not None:
        messages.append(t("facility-age", min=low, max=high))
    elif low is not None:
        messages.append(t("facility-age-min", min=low))
    elif high is not None:
        messages.append(t("facility-age-max", max=high))
    if facility.rules:
        messages.append(t("facility-rules", rules=raw(facility.rules)))
    address = facility.unit.address + (f" {facility.address}" if facility.address else "")
    messages.append(t("facility-address", address=raw(address)))
    contact = facility.contact or facility.unit.contact
    if contact:
        messages.append(t("facility-contact", contact=raw(contact)))
    buttons = []
    if facility.bookable:
        buttons.append(ctx.button(t("facility-book"), "book"))
    if facility.mode == "按需共享":
        buttons.append(ctx.button(t("facility-request"), "request"))
    return Reply(messages=messages, buttons=buttons)


async def answer_card(ctx: Ctx, given: Input) -> Outcome:
    """Start booking, or a request for an on-request facility."""
    if given.value in ("book", "request"):
        # back: 返回 on the day list (or the request's first step) is this card again.
        return Switch(given.value, {"facility": ctx.data.get("facility")}, back=True)
    return Stay(t("hint-use-buttons"))


FLOW = Flow(
    name="facilities",
    first="home",
    steps={
        "home": Step(ask_home, answer_home, to={"category", "day", "search", "list"}),
        "category": Step(ask_category, answer_category, to={"list"}),
        "day": Step(ask_day, answer_day, to={"list"}),
        "search": Step(ask_search, answer_search, to={"list"}, takes_text=True),
        "list": Step(ask_list, answer_list, to={"card"}),
        "card": Step(ask_card, answer_card, switch={"book", "request"}),
    },
)
