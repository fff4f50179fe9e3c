"""Browse the 社区之家 directory: open now, on a day, this weekend, by category, by name.

Where each step goes: `linli flows facilities` (docs/flows.md).
"""

from __future__ import annotations

import datetime as dt

from linli.handlers.facilities import calendar, shown
from linli.handlers.facilities.service import (
    CATEGORIES,
    Closure,
    Listing,
    card_listing,
    chosen_listing,
    directory,
    holiday_windows,
    select,
    times_text,
    upcoming_closures,
)
from linli.handlers.kit import holidays
from linli.handlers.kit.day_picker import day_choices, turned_page
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
from linli.handlers.kit.spoken_time import Problem, explain, read_day
from linli.handlers.kit.text import Text, raw, t, yuan
from linli.handlers.kit.when import WEEKDAY_NAMES, day_label
from linli.storage.models import Facility

# How far ahead "is it open on…" looks: far enough for the next holiday, near enough that
# the hours shown are still the ones that will apply.
BROWSE_DAYS = 60

# The sharing mode by its own name (the sign at the door says it), with what it means.
MODE_NAMES = {
    "共建共享": t("card-mode-shared"),
    "错时共享": t("card-mode-off-peak"),
    "按需共享": t("card-mode-on-request"),
}
HOLIDAY_NOTES = {
    "sunday": t("facility-holiday-rule"),
    "closed": t("card-holiday-closed-today"),
    "own": t("card-holiday-own-today"),
}
MAX_HOURS_LINES = 3  # the 更多 screen keeps to 8 lines: longer weekly hours share lines
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
    """Today and the days after, up to BROWSE_DAYS, a page at a time; or a typed date."""
    today = _now(ctx).date()
    days = [today + dt.timedelta(days=n) for n in range(BROWSE_DAYS)]
    await holidays.refresh(ctx.uow)
    lines, buttons = day_choices(ctx, days, today)
    return Reply(messages=[t("facilities-pick-day-ask"), *lines], buttons=buttons)


async def answer_day(ctx: Ctx, given: Input) -> Outcome:
    """A day button, or a date typed as people say it (12月25日, 下周六)."""
    if turned_page(ctx, given.value):
        return Redraw()
    today = _now(ctx).date()
    day: dt.date | Problem | None = None
    if given.value:
        try:
            day = dt.date.fromisoformat(given.value)
        except ValueError:
            day = None
    elif given.text:
        day = read_day(given.text, today, future=True)
    if isinstance(day, Problem):
        return Stay(explain(day))
    if day is None:
        return Stay(t("hint-use-buttons"))
    if not today <= day < today + dt.timedelta(days=BROWSE_DAYS):
        return Stay(t("days-too-far", days=BROWSE_DAYS))
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


def _item_hours(ctx: Ctx, listing: Listing) -> Text:
    """A list item's hours: on the day asked about, else today's."""
    if listing.facility.mode == "按需共享" and not listing.facility.hours:
        return t("card-item-on-request")
    if ctx.data.get("kind") == "day":
        windows = listing.windows_on(dt.date.fromisoformat(ctx.data["value"]))
        return t("card-item-day", times=times_text(windows))
    windows = listing.windows_on(_now(ctx).date())
    return t("card-item-today", times=times_text(windows)) if windows else t("card-item-closed")


async def ask_list(ctx: Ctx) -> Reply:
    """The matching facilities, a page at a time."""
    items = await _listings(ctx)
    if not items:
        return Reply(messages=[t("facilities-none-found")])
    page = paginate(items, int(ctx.data.get("page", 0)))
    buttons = [
        ctx.button(
            t(
                "card-item",
                name=shown.name(x.facility),
                unit=shown.name(x.facility.unit),
                hours=_item_hours(ctx, x),
            ),
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
    if given.value and given.value.isdigit():
        # A place's button: its card checks that the place is open to this resident still,
        # so the directory is not read again to find it (issue 20).
        ctx.data["facility"] = int(given.value)
        return Next("card")
    chosen = chosen_listing(await _listings(ctx), given.value, given.text)
    if chosen is None:
        return Stay(t("hint-use-buttons"))
    ctx.data["facility"] = chosen.facility.id
    return Next("card")


def hours_lines(facility: Facility) -> list[Text]:
    """One line per run of weekdays with the same hours: 周一至周五 17:30–20:30."""
    by_day: dict[int, list[calendar.Window]] = {}
    for window in facility.hours:
        by_day.setdefault(window.weekday, []).append((window.opens, window.closes))
    spans = {d: times_text(sorted(w)) for d, w in by_day.items()}
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
    """One line for today's hours and when it is next open; a second on a holiday or 调休."""
    facility = listing.facility
    if facility.mode == "按需共享" and not facility.hours:
        return []
    today = moment.date()
    windows = listing.windows_on(today)
    open_now = listing.open_at(moment)
    upcoming = None if open_now else listing.next_opening(moment)
    if open_now:
        line = t("card-today-open", times=times_text(windows))
    elif upcoming is None:
        line = t("card-today-none", times=times_text(windows)) if windows else t("card-closed-none")
    else:
        day, (opens, _closes) = upcoming
        label, time = day_label(day, today), f"{opens:%H:%M}"
        if windows and day == today:
            line = t("card-today-later", times=times_text(windows), time=time)
        elif windows:
            line = t("card-today-next", times=times_text(windows), day=label, time=time)
        else:
            line = t("card-closed-next", day=label, time=time)
    lines = [line]
    info = calendar.day_info(today)
    if info.is_holiday:
        lines.append(HOLIDAY_NOTES[facility.holiday_policy or "sunday"])
    elif info.is_makeup_workday:
        lines.append(t("facility-makeup-rule"))
    return lines


def _use_line(facility: Facility) -> Text:
    """How to use it: walk in, book first, enter the draw, or apply."""
    if facility.mode == "按需共享":
        return t("card-use-request")
    if facility.bookable and facility.lottery_opens_days is not None:
        return t("card-use-lottery")
    if facility.bookable:
        return t("card-use-book")
    return t("card-use-walk-in")


def _fee_line(facility: Facility) -> Text:
    """The fee, and the age limit when there is one (a bound left open is said in words:
    "14 到 - 岁" read as a range to nowhere)."""
    if facility.fee_kind == "低偿" and facility.fee_amount is not None:
        fee = t(
            "facility-fee-paid",
            amount=yuan(facility.fee_amount),
            unit=raw(facility.fee_unit or ""),
        )
    else:
        fee = t("facility-fee-free")
    low, high = facility.min_age or None, facility.max_age
    if low is not None and high is not None:
        age = t("facility-age", min=low, max=high)
    elif low is not None:
        age = t("facility-age-min", min=low)
    elif high is not None:
        age = t("facility-age-max", max=high)
    else:
        return fee
    return t("card-fee-age", fee=fee, age=age)


def _closures_line(closures: list[Closure], today: dt.date) -> list[Text]:
    """近期停开：12-05 周六（考试）、12-12 周六（节假日）. Today's holiday is left out: the
    line above already says today is a holiday and closed."""
    closures = [c for c in closures if c.reason is not None or c.day != today]
    days = [
        t("card-closure", day=day_label(c.day, today), reason=raw(c.reason))
        if c.reason
        else t("card-closure-holiday", day=day_label(c.day, today))
        for c in closures
    ]
    if len(days) == 1:
        return [t("card-closures-1", first=days[0])]
    if len(days) == 2:
        return [t("card-closures-2", first=days[0], second=days[1])]
    if len(days) >= 3:
        return [t("card-closures-3", first=days[0], second=days[1], third=days[2])]
    return []


async def _chosen(ctx: Ctx) -> tuple[Listing, list] | None:
    return await card_listing(
        ctx.uow, ctx.user.community_id, int(ctx.data.get("facility", 0)), _now(ctx).date()
    )


def _use_buttons(ctx: Ctx, facility: Facility) -> list:
    buttons = []
    if facility.bookable:
        buttons.append(ctx.button(t("facility-book"), "book"))
    if facility.mode == "按需共享":
        buttons.append(ctx.button(t("facility-request"), "request"))
    return buttons


async def ask_card(ctx: Ctx) -> Reply:
    """The short card (at most 8 lines): what it is, how to use it, today, fee, where, and
    closures to come; description, weekly hours, rules and phone are behind 更多."""
    chosen = await _chosen(ctx)
    if chosen is None:
        return Reply(messages=[t("facilities-gone")])
    listing, exceptions = chosen
    facility = listing.facility
    now = _now(ctx)
    messages = [
        t("card-title", name=shown.name(facility), unit=shown.name(facility.unit)),
        t(
            "card-kind",
            category=CATEGORY_NAMES.get(facility.category, raw(facility.category)),
            mode=MODE_NAMES[facility.mode],
        ),
        _use_line(facility),
        *_today_lines(listing, now),
        _fee_line(facility),
    ]
    address = shown.full_address(facility)
    messages.append(t("facility-address", address=raw(address)))
    closures = await upcoming_closures(ctx.uow, facility, now.date(), rows=exceptions)
    messages += _closures_line(closures, now.date())
    more = t("card-more") if facility.hours else t("card-more-no-hours")
    buttons = [*_use_buttons(ctx, facility), ctx.button(more, "more")]
    return Reply(messages=messages, buttons=buttons)


async def answer_card(ctx: Ctx, given: Input) -> Outcome:
    """Start booking, a request for an on-request facility, or show the details."""
    if given.value == "more":
        return Next("more")
    if given.value in ("book", "request"):
        # back: 返回 on the day list (or the request's first step) is this card again.
        return Switch(given.value, {"facility": ctx.data.get("facility")}, back=True)
    return Stay(t("hint-use-buttons"))


def _grouped(lines: list[Text]) -> list[Text]:
    """At most MAX_HOURS_LINES lines: neighbouring runs of days share a line when needed."""
    size = -(-len(lines) // MAX_HOURS_LINES)  # ceiling
    grouped = []
    for start in range(0, len(lines), size):
        line = lines[start]
        for more in lines[start + 1 : start + size]:
            line = t("card-hours-pair", first=line, second=more)
        grouped.append(line)
    return grouped


def holiday_line(facility: Facility) -> Text:
    """法定节假日：按周日时间开放 / 不开放 / 09:00–12:00."""
    if facility.holiday_policy == "closed":
        return t("card-holidays-closed")
    if facility.holiday_policy == "own":
        return t("card-holidays-own", times=times_text(holiday_windows(facility)))
    return t("card-holidays-sunday")


async def ask_more(ctx: Ctx) -> Reply:
    """The details (at most 8 lines): weekly hours, holidays, description, rules, phone."""
    chosen = await _chosen(ctx)
    if chosen is None:
        return Reply(messages=[t("facilities-gone")])
    facility = chosen[0].facility
    hours = hours_lines(facility)
    if hours:
        messages = [t("card-more-title", name=shown.name(facility)), *_grouped(hours)]
        messages.append(holiday_line(facility))
    else:
        messages = [t("card-more-title-on-request", name=shown.name(facility))]
    if facility.description:
        messages.append(shown.description(facility))
    if facility.rules:
        messages.append(t("facility-rules", rules=shown.rules(facility)))
    contact = facility.contact or facility.unit.contact
    if contact:
        messages.append(t("facility-contact", contact=raw(contact)))
    return Reply(messages=messages, buttons=_use_buttons(ctx, facility))


async def answer_more(ctx: Ctx, given: Input) -> Outcome:
    """Start booking or a request from the details too."""
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
        "day": Step(ask_day, answer_day, to={"list"}, takes_text=True),
        "search": Step(ask_search, answer_search, to={"list"}, takes_text=True),
        "list": Step(ask_list, answer_list, to={"card"}),
        "card": Step(ask_card, answer_card, to={"more"}, switch={"book", "request"}),
        "more": Step(ask_more, answer_more, switch={"book", "request"}),
    },
)
