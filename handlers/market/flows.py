"""睦邻集市 in chat (the fund's own screens are in handlers/fund): market days, applying
for a stall, my stalls; for staff, the 候补, attendance, figures, and new market days.

Where each step goes: `linli flows market`, `market_new` (docs/flows.md).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from linli.handlers.fund import service as fund
from linli.handlers.kit import when
from linli.handlers.kit.chart import Chart, Series
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
    Switch,
)
from linli.handlers.kit.parse import whole_number
from linli.handlers.kit.reply import Attachment, Reply
from linli.handlers.kit.spoken_time import Problem, explain, read_day, read_moment, read_span
from linli.handlers.kit.text import raw, t, yuan
from linli.handlers.market import service
from linli.handlers.market.service import STATUS_NAMES
from linli.handlers.profile.residency import require_confirmed
from linli.handlers.profile.service import (
    acting_community,
    acting_note,
    carried,
    is_staff,
    screen_community,
)
from linli.storage.models import Community, MarketCategory, MarketDay, StallApplication

MODE_NAMES = {"first": t("market-mode-first"), "lottery": t("market-mode-lottery")}


async def _here(ctx: Ctx) -> int:
    return await screen_community(ctx.uow, ctx.user, ctx.data)


async def ask_list(ctx: Ctx) -> Reply:
    markets = await service.upcoming(ctx.uow, await _here(ctx), when.today(ctx))
    buttons = [
        ctx.button(t("market-line", day=when.date(m.day), place=raw(m.place)), m.id)
        for m in markets[:6]
    ]
    buttons += [
        ctx.button(t("market-mine"), "mine"),
        ctx.button(t("market-fund"), "fund"),
        ctx.button(t("market-year"), "year"),
    ]
    messages = [t("market-title", count=len(markets))] if markets else [t("market-none")]
    return Reply(
        messages=await acting_note(ctx.uow, ctx.user, ctx.data) + messages, buttons=buttons
    )


async def answer_list(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "mine":
        return Next("mine")
    if given.value == "year":
        today = when.today(ctx)
        year = await service.year_figures(ctx.uow, await _here(ctx), today.year, today)
        lines = [
            t("market-year-line", day=when.date(day), vendors=vendors)
            for day, vendors in year.markets
        ]
        return Done(
            [
                t(
                    "market-year-title",
                    year=today.year,
                    markets=len(year.markets),
                    vendors=sum(v for _d, v in year.markets),
                    income=f"{year.fund_income:.2f}",
                ),
                *lines,
            ],
            attachment=Attachment.picture(
                f"market-{today.year}.png", year_chart(today.year, year.markets)
            ),
        )
    if given.value == "fund":
        return Switch("fund", carried(ctx.data))
    if not (given.value or "").isdigit():
        return Stay(t("hint-use-buttons"))
    ctx.data["market"] = int(given.value)
    return Next("card")


def year_chart(year: int, markets: list[tuple[dt.date, int]]) -> Chart:
    """The year's market days and their vendors, labelled (drawn by the channel)."""
    return Chart(
        title=t("figures-title-market-year", year=year),
        category_label=t("figures-axis-market"),
        value_label=t("figures-axis-vendors"),
        categories=tuple(f"{day:%m-%d}" for day, _ in markets),
        series=(Series(t("figures-vendors"), tuple(n for _, n in markets)),),
    )


async def _market(ctx: Ctx) -> MarketDay:
    return await service.market_for(ctx.uow, ctx.user, int(ctx.data.get("market", 0)))


async def ask_card(ctx: Ctx) -> Reply:
    """The market day: when, where, the stalls of each kind, the fee and how stalls go."""
    market = await _market(ctx)
    lines = [
        t(
            "market-card",
            day=when.date(market.day),
            opens=f"{market.opens:%H:%M}",
            closes=f"{market.closes:%H:%M}",
            place=raw(market.place),
            fee=yuan(market.fee),
            pledge=market.pledge_percent,
        ),
        t(
            "market-how",
            mode=MODE_NAMES[market.mode],
            deadline=when.moment(market.deadline, ctx.config.zone),
        ),
    ]
    for category in await service.categories(ctx.uow, market.id):
        left = category.stalls - await service.taken(ctx.uow, category.id)
        lines.append(
            t(
                "market-category-line",
                name=raw(category.name),
                stalls=category.stalls,
                left=max(left, 0),
            )
        )
    if market.drawn_at and market.secret:
        lines.append(t("market-lottery-revealed", secret=market.secret, seed=market.seed))
    elif market.commitment:
        lines.append(t("market-lottery-commitment", commitment=market.commitment))
    buttons = []
    if ctx.clock.now() < market.deadline:
        buttons.append(ctx.button(t("market-apply"), "apply"))
    # Everyone may see who applied (phones masked): that and the seed check a lottery.
    buttons.append(ctx.button(t("market-applications"), "applications"))
    if await is_staff(ctx.uow, ctx.user, market.community_id):
        buttons += [
            ctx.button(t("market-waitlist"), "waitlist"),
            ctx.button(t("market-attendance"), "attendance"),
            ctx.button(t("market-figures"), "figures"),
            ctx.button(t("market-export"), "export"),
            ctx.button(t("fund-add-stall-fee"), "fee"),
        ]
    return Reply(messages=lines, buttons=buttons)


async def answer_card(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "apply":
        # Said before the form, not after it is filled in.
        await require_confirmed(ctx.uow, ctx.user)
        return Next("category")
    market = await _market(ctx)
    if given.value in ("figures", "attendance", "waitlist", "export", "fee") and not await is_staff(
        ctx.uow, ctx.user, market.community_id
    ):
        raise NotAllowed()  # a button residents are not shown, sent by payload
    if given.value in ("attendance", "applications", "waitlist"):
        return Next(given.value)
    if given.value == "export":
        rows = await service.applications_table(ctx.uow, ctx.user, market.id, ctx.config)
        name = f"market-{market.day:%Y-%m-%d}-{market.id}.csv"
        return Done([t("market-exported")], attachment=Attachment.csv(name, rows))
    if given.value == "fee":  # the fee goes in the fund linked to this market
        return Switch(
            "fund_fee",
            {**carried(ctx.data), "kind": "income", "source": "stall_fee", "market": market.id},
        )
    if given.value == "figures":
        figures = await service.market_figures(ctx.uow, market.id)
        lines = [
            t("market-figures-line", name=raw(name), count=count)
            for name, count in sorted(figures["vendors"].items())
        ]
        return Redraw(
            [
                *lines,
                t(
                    "market-figures-text",
                    came=figures["came"],
                    missed=figures["missed"],
                    fund=str(figures["fund"]),
                ),
            ]
        )
    return Stay(t("hint-use-buttons"))


async def ask_category(ctx: Ctx) -> Reply:
    market = await _market(ctx)
    return Reply(
        messages=[t("market-pick-category")],
        buttons=[
            ctx.button(raw(c.name), c.id) for c in await service.categories(ctx.uow, market.id)
        ],
    )


async def answer_category(ctx: Ctx, given: Input) -> Outcome:
    if not (given.value or "").isdigit():
        return Stay(t("hint-use-buttons"))
    market = await _market(ctx)
    category = await ctx.uow.market.category(int(given.value))
    if category is None or category.market_id != market.id:
        raise NotFound()  # asked now, not after the whole form is filled in
    ctx.data["category"] = category.id
    return Next("stall")


def _text_step(key: str, prompt, limit: int, next_step: str, *, squeeze: bool = False, why=None):
    """A step that takes one typed line (with its spaces removed when `squeeze`); `why`
    says first what the answer is needed for (a phone: personal data asked only here)."""

    async def ask(ctx: Ctx) -> Reply:
        return Reply(messages=[why, prompt] if why is not None else [prompt])

    async def answer(ctx: Ctx, given: Input) -> Outcome:
        value = re.sub(r"\s", "", given.text) if squeeze else given.text.strip()
        if not value or len(value) > limit:
            return Stay(prompt)
        ctx.data[key] = value
        return Next(next_step)

    return ask, answer


async def ask_confirm(ctx: Ctx) -> Reply:
    return Reply(
        messages=[
            t(
                "market-confirm",
                stall=raw(ctx.data["stall"]),
                goods=raw(ctx.data["goods"]),
                phone=service.mask(ctx.data["phone"]),
            )
        ],
        buttons=[ctx.button(t("market-send"), "yes")],
    )


async def answer_confirm(ctx: Ctx, given: Input) -> Outcome:
    if given.value != "yes":
        return Stay(t("hint-use-buttons"))
    application = await service.apply(
        ctx.uow,
        ctx.user,
        int(ctx.data["market"]),
        int(ctx.data["category"]),
        stall_name=ctx.data["stall"],
        goods=ctx.data["goods"],
        phone=ctx.data["phone"],
        now=ctx.clock.now(),
        config=ctx.config,
    )
    return Done([t("market-applied", status=STATUS_NAMES[application.status])])


async def ask_mine(ctx: Ctx) -> Reply:
    rows = await ctx.uow.market.of_user(ctx.user.id, limit=8)
    if not rows:
        return Reply(messages=[t("market-mine-none")])
    buttons = []
    for row in rows:
        market = await ctx.uow.market.day(row.market_id)
        buttons.append(
            ctx.button(
                t(
                    "market-mine-line",
                    day=when.date(market.day),
                    stall=raw(row.stall_name),
                    status=STATUS_NAMES[row.status],
                ),
                row.id,
            )
        )
    return Reply(messages=[t("market-mine-title")], buttons=buttons)


async def answer_mine(ctx: Ctx, given: Input) -> Outcome:
    if not (given.value or "").isdigit():
        return Stay(t("hint-use-buttons"))
    ctx.data["application"] = int(given.value)
    return Next("stall_detail")


async def _mine(ctx: Ctx) -> StallApplication:
    row = await ctx.uow.market.application(int(ctx.data.get("application", 0)))
    if row is None or row.user_id != ctx.user.id:
        raise NotFound()
    return row


async def ask_stall_detail(ctx: Ctx) -> Reply:
    row = await _mine(ctx)
    market = await ctx.uow.market.day(row.market_id)
    lines = [
        t(
            "market-stall-detail",
            day=when.date(market.day),
            stall=raw(row.stall_name),
            goods=raw(row.goods),
            phone=service.mask(row.phone),
            status=STATUS_NAMES[row.status],
        )
    ]
    if row.status == "waitlisted" and row.position:
        lines.append(t("market-position", position=await service.place_in_line(ctx.uow, row)))
    buttons = [ctx.button(t("market-withdraw"), "withdraw")] if row.status in service.LIVE else []
    return Reply(messages=lines, buttons=buttons)


async def answer_stall_detail(ctx: Ctx, given: Input) -> Outcome:
    if given.value != "withdraw":
        return Stay(t("hint-use-buttons"))
    # Asked once: a stall given up goes to the next in line, not to be had back.
    return Next("withdraw")


async def ask_withdraw(ctx: Ctx) -> Reply:
    """确定取消…吗？ before an application is withdrawn."""
    row = await _mine(ctx)
    return Reply(
        messages=[t("market-withdraw-ask", stall=raw(row.stall_name))],
        buttons=[
            ctx.button(t("confirm-cancel-yes"), "yes"),
            ctx.button(t("confirm-cancel-no"), "no"),
        ],
    )


async def answer_withdraw(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "no":
        row = await _mine(ctx)
        return Done([t("market-kept", stall=raw(row.stall_name))])
    if given.value != "yes":
        return Stay(t("hint-use-buttons"))
    row = await service.withdraw(
        ctx.uow, ctx.user, int(ctx.data["application"]), ctx.clock.now(), ctx.config
    )
    return Done([t("market-withdrawn", stall=raw(row.stall_name))])


async def ask_attendance(ctx: Ctx) -> Reply:
    """Approved vendors; choosing one marks came or missed, in turn."""
    market = await _market(ctx)
    if not await is_staff(ctx.uow, ctx.user, market.community_id):
        raise NotAllowed()
    rows = [
        r
        for r in await service.applications(ctx.uow, ctx.user, market.id)
        if r["status"] == "approved"
    ]
    if not rows:
        return Reply(messages=[t("market-attendance-none")])
    buttons = []
    for r in rows:
        stored = await ctx.uow.market.application(r["id"])
        mark = {True: t("market-came"), False: t("market-missed"), None: t("market-unknown")}
        buttons.append(
            ctx.button(
                t("market-attendance-line", stall=raw(r["stall"]), mark=mark[stored.attended]),
                r["id"],
            )
        )
    return Reply(messages=[t("market-attendance-title")], buttons=buttons)


async def answer_attendance(ctx: Ctx, given: Input) -> Outcome:
    if not (given.value or "").isdigit():
        return Stay(t("hint-use-buttons"))
    row = await ctx.uow.market.application(int(given.value))
    came = row is None or row.attended is not True
    await service.record_attendance(
        ctx.uow,
        ctx.user,
        int(given.value),
        came,
        ctx.clock.now(),
        ctx.config,
        market_id=int(ctx.data.get("market", 0)),
    )
    return Redraw()


async def ask_applications(ctx: Ctx) -> Reply:
    """Every application: residents read them (phones masked); staff see the full number
    and may choose one to turn it down."""
    market = await _market(ctx)
    rows = await service.applications(ctx.uow, ctx.user, market.id)
    if not rows:
        return Reply(messages=[t("market-applications-none")])
    names = {c.id: c.name for c in await service.categories(ctx.uow, market.id)}
    if not await is_staff(ctx.uow, ctx.user, market.community_id):
        # By application number: the order the draw's rule is applied to. A drawn
        # market shows each one's place in the draw, and the rule to redo it.
        lines = [t("market-applicants", count=len(rows))]
        for r in sorted(rows, key=lambda r: r["id"]):
            number, category = str(r["id"]), raw(names[r["category_id"]])
            stall, phone, status = raw(r["stall"]), r["phone"], STATUS_NAMES[r["status"]]
            if r["draw_rank"]:
                line = t(
                    "market-application-drawn",
                    number=number,
                    category=category,
                    stall=stall,
                    phone=phone,
                    status=status,
                    rank=str(r["draw_rank"]),
                )
            else:
                line = t(
                    "market-application-public",
                    number=number,
                    category=category,
                    stall=stall,
                    phone=phone,
                    status=status,
                )
            lines.append(line)
        if market.drawn_at and market.secret:
            lines.append(t("market-lottery-rule"))
        return Reply(messages=lines)
    return Reply(
        messages=[t("market-applications-title", count=len(rows))],
        buttons=[
            ctx.button(
                t(
                    "market-application-line",
                    category=raw(names[r["category_id"]]),
                    stall=raw(r["stall"]),
                    phone=r["phone"],
                    status=STATUS_NAMES[r["status"]],
                ),
                r["id"],
            )
            for r in rows[:20]
        ],
    )


async def answer_applications(ctx: Ctx, given: Input) -> Outcome:
    market = await _market(ctx)
    if not await is_staff(ctx.uow, ctx.user, market.community_id):
        raise NotAllowed()
    if not (given.value or "").isdigit():
        return Stay(t("hint-use-buttons"))
    row = await ctx.uow.market.application(int(given.value))
    if row is None or row.market_id != market.id:
        raise NotFound()  # another market's application, sent by payload
    if row.status not in service.LIVE:
        # Said now, not after staff have written out a reason.
        return Stay(
            t("market-not-live", stall=raw(row.stall_name), status=STATUS_NAMES[row.status])
        )
    ctx.data["application"] = row.id
    return Next("reject")


async def ask_reject(ctx: Ctx) -> Reply:
    return Reply(messages=[t("market-ask-reject")])


async def answer_reject(ctx: Ctx, given: Input) -> Outcome:
    row = await service.reject(
        ctx.uow, ctx.user, int(ctx.data["application"]), given.text, ctx.clock.now(), ctx.config
    )
    return Done([t("market-rejected", stall=raw(row.stall_name))])


async def _staff_market(ctx: Ctx) -> MarketDay:
    market = await _market(ctx)
    if not await is_staff(ctx.uow, ctx.user, market.community_id):
        raise NotAllowed()
    return market


async def ask_waitlist(ctx: Ctx) -> Reply:
    """Staff: each kind of stall with its free stalls and how many wait for one."""
    market = await _staff_market(ctx)
    buttons = []
    for category in await service.categories(ctx.uow, market.id):
        left = max(category.stalls - await service.taken(ctx.uow, category.id), 0)
        waiting = len(await service.waitlist(ctx.uow, category.id))
        label = t("market-waitlist-category", name=raw(category.name), waiting=waiting, left=left)
        buttons.append(ctx.button(label, category.id))
    return Reply(messages=[t("market-waitlist-title")], buttons=buttons)


async def answer_waitlist(ctx: Ctx, given: Input) -> Outcome:
    if not (given.value or "").isdigit():
        return Stay(t("hint-use-buttons"))
    market = await _staff_market(ctx)
    category = await ctx.uow.market.category(int(given.value))
    if category is None or category.market_id != market.id:
        raise NotFound()  # a number from another market, sent by payload
    ctx.data["queue"] = category.id
    return Next("queue")


async def _queue(ctx: Ctx) -> tuple[MarketDay, MarketCategory]:
    market = await _staff_market(ctx)
    category = await ctx.uow.market.category(int(ctx.data.get("queue", 0)))
    if category is None or category.market_id != market.id:
        raise NotFound()
    return market, category


async def ask_queue(ctx: Ctx) -> Reply:
    """One kind of stall's waitlist in order; staff may take anyone on it, not only the first."""
    _market_day, category = await _queue(ctx)
    waiting = await service.waitlist(ctx.uow, category.id)
    if not waiting:
        return Reply(messages=[t("market-waitlist-none")])
    left = max(category.stalls - await service.taken(ctx.uow, category.id), 0)
    return Reply(
        messages=[t("market-queue-title", name=raw(category.name), left=left)],
        buttons=[
            ctx.button(
                t("market-queue-line", place=n, stall=raw(a.stall_name), phone=a.phone), a.id
            )
            for n, a in enumerate(waiting[:20], 1)
        ],
    )


async def answer_queue(ctx: Ctx, given: Input) -> Outcome:
    if not (given.value or "").isdigit():
        return Stay(t("hint-use-buttons"))
    _market_day, category = await _queue(ctx)
    row = await ctx.uow.market.application(int(given.value))
    if row is None or row.category_id != category.id:
        raise NotFound()  # someone else's line, sent by payload
    ctx.data["waiting"] = row.id
    return Next("approve")


async def _waiting(ctx: Ctx) -> tuple[MarketCategory, StallApplication]:
    _market_day, category = await _queue(ctx)
    row = await ctx.uow.market.application(int(ctx.data.get("waiting", 0)))
    if row is None or row.category_id != category.id:
        raise NotFound()
    return category, row


async def ask_approve(ctx: Ctx) -> Reply:
    category, row = await _waiting(ctx)
    if row.status != "waitlisted":
        return Reply(
            messages=[
                t("market-not-waiting", stall=raw(row.stall_name), status=STATUS_NAMES[row.status])
            ]
        )
    full = await service.taken(ctx.uow, category.id) >= category.stalls
    return Reply(
        messages=[
            t(
                "market-waiting-detail",
                stall=raw(row.stall_name),
                goods=raw(row.goods),
                phone=row.phone,
                place=await service.place_in_line(ctx.uow, row),
            )
        ],
        buttons=[
            ctx.button(t("market-approve-add"), "add")
            if full
            else ctx.button(t("market-approve-free"), "approve")
        ],
    )


async def answer_approve(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in ("approve", "add"):
        return Stay(t("hint-use-buttons"))
    _category, row = await _waiting(ctx)
    await service.approve(
        ctx.uow, ctx.user, row.id, ctx.clock.now(), ctx.config, add_stall=given.value == "add"
    )
    # Back to the line: a stall added or freed often goes to more than one.
    return Next("queue", say=[t("market-approved", stall=raw(row.stall_name))])


_stall = _text_step("stall", t("market-ask-stall"), 40, "goods")
_goods = _text_step("goods", t("market-ask-goods"), 100, "phone")
_phone = _text_step(
    "phone", t("market-ask-phone"), 20, "confirm", squeeze=True, why=t("privacy-phone-why")
)

MARKET_FLOW = Flow(
    name="market",
    first="list",
    steps={
        "list": Step(ask_list, answer_list, to={"card", "mine"}, switch={"fund"}),
        "card": Step(
            ask_card,
            answer_card,
            to={"category", "attendance", "applications", "waitlist"},
            switch={"fund_fee"},
        ),
        "category": Step(ask_category, answer_category, to={"stall"}),
        "stall": Step(*_stall, to={"goods"}, takes_text=True),
        "goods": Step(*_goods, to={"phone"}, takes_text=True),
        "phone": Step(*_phone, numbers_choose=False, to={"confirm"}),
        "confirm": Step(ask_confirm, answer_confirm),
        "mine": Step(ask_mine, answer_mine, to={"stall_detail"}),
        "stall_detail": Step(ask_stall_detail, answer_stall_detail, to={"withdraw"}),
        "withdraw": Step(ask_withdraw, answer_withdraw),
        "attendance": Step(ask_attendance, answer_attendance),
        "applications": Step(ask_applications, answer_applications, to={"reject"}),
        "reject": Step(ask_reject, answer_reject, takes_text=True),
        "waitlist": Step(ask_waitlist, answer_waitlist, to={"queue"}),
        "queue": Step(ask_queue, answer_queue, to={"approve"}),
        "approve": Step(ask_approve, answer_approve, to={"queue"}),
    },
)


# --- a new market day (staff) ----------------------------------------------------------


async def _community(ctx: Ctx) -> Community:
    return await acting_community(ctx.uow, ctx.user, ctx.data)


async def ask_day(ctx: Ctx) -> Reply:
    await _community(ctx)
    return Reply(messages=[*await acting_note(ctx.uow, ctx.user, ctx.data), t("market-ask-day")])


async def answer_day(ctx: Ctx, given: Input) -> Outcome:
    day = read_day(given.text, when.today(ctx), future=True)
    if isinstance(day, Problem):
        return Stay(explain(day))
    if day is None or day <= when.today(ctx):
        return Stay(t("market-ask-day"))
    ctx.data["day"] = day.isoformat()
    return Next("hours")


async def ask_hours(ctx: Ctx) -> Reply:
    return Reply(messages=[t("market-ask-hours")])


async def answer_hours(ctx: Ctx, given: Input) -> Outcome:
    span = read_span(given.text)
    if isinstance(span, Problem):
        return Stay(explain(span))
    if span is None:
        return Stay(t("market-ask-hours"))
    ctx.data.update(opens=f"{span[0]:%H:%M}", closes=f"{span[1]:%H:%M}")
    return Next("place")


_place = _text_step("place", t("market-ask-place"), 100, "stalls")


async def ask_stalls(ctx: Ctx) -> Reply:
    return Reply(
        messages=[
            t("market-ask-stalls", example=raw("，".join(f"{c} 5" for c in service.CATEGORIES)))
        ]
    )


async def answer_stalls(ctx: Ctx, given: Input) -> Outcome:
    """`蔬菜水果 6，理发 2` (any of the usual kinds, or new ones)."""
    stalls: dict[str, int] = {}
    for part in re.split(r"[,，、;；]\s*", given.text.strip()):
        match = re.fullmatch(r"(\S{1,16})\s*(\d{1,3})个?", part.strip())
        if not match or int(match[2]) < 1:
            return Stay(t("market-ask-stalls", example=raw("蔬菜水果 6，理发 2")))
        stalls[match[1]] = int(match[2])
    ctx.data["stalls"] = stalls
    return Next("deadline")


async def ask_deadline(ctx: Ctx) -> Reply:
    return Reply(messages=[t("market-ask-deadline")])


async def answer_deadline(ctx: Ctx, given: Input) -> Outcome:
    deadline = read_moment(given.text, when.today(ctx), ctx.config.zone)
    if isinstance(deadline, Problem):
        return Stay(explain(deadline))
    if deadline is None:
        return Stay(t("market-ask-deadline"))
    ctx.data["deadline"] = deadline.isoformat()
    return Next("fee")


async def ask_fee(ctx: Ctx) -> Reply:
    return Reply(messages=[t("market-ask-fee")])


async def answer_fee(ctx: Ctx, given: Input) -> Outcome:
    fee = fund.parse_amount(given.text)
    if fee is None or fee < 0:
        return Stay(t("market-ask-fee"))
    ctx.data["fee"] = str(fee)
    return Next("pledge")


async def ask_pledge(ctx: Ctx) -> Reply:
    return Reply(messages=[t("market-ask-pledge")])


async def answer_pledge(ctx: Ctx, given: Input) -> Outcome:
    pledge = whole_number(given.text.strip().rstrip("%％"), 0, 100)
    if pledge is None:
        return Stay(t("market-ask-pledge"))
    ctx.data["pledge"] = pledge
    return Next("mode")


async def ask_mode(ctx: Ctx) -> Reply:
    return Reply(
        messages=[t("market-ask-mode")],
        buttons=[ctx.button(label, key) for key, label in MODE_NAMES.items()],
    )


async def answer_mode(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in MODE_NAMES:
        return Stay(t("hint-use-buttons"))
    ctx.data["mode"] = given.value
    return Next("confirm")


async def ask_new_confirm(ctx: Ctx) -> Reply:
    stalls = "，".join(f"{k} {v}" for k, v in ctx.data["stalls"].items())
    deadline = dt.datetime.fromisoformat(ctx.data["deadline"])
    return Reply(
        messages=[
            t(
                "market-card",
                day=when.date(dt.date.fromisoformat(ctx.data["day"])),
                opens=ctx.data["opens"],
                closes=ctx.data["closes"],
                place=raw(ctx.data["place"]),
                fee=ctx.data["fee"],
                pledge=ctx.data["pledge"],
            ),
            t(
                "market-how",
                mode=MODE_NAMES[ctx.data["mode"]],
                deadline=when.moment(deadline, ctx.config.zone),
            ),
            raw(stalls),
        ],
        buttons=[ctx.button(t("market-create"), "yes")],
    )


async def answer_new_confirm(ctx: Ctx, given: Input) -> Outcome:
    if given.value != "yes":
        return Stay(t("hint-use-buttons"))
    made = await service.create_market(
        ctx.uow,
        by=ctx.user,
        community=await _community(ctx),
        day=dt.date.fromisoformat(ctx.data["day"]),
        opens=dt.time.fromisoformat(ctx.data["opens"]),
        closes=dt.time.fromisoformat(ctx.data["closes"]),
        place=ctx.data["place"],
        stalls=ctx.data["stalls"],
        deadline=dt.datetime.fromisoformat(ctx.data["deadline"]),
        fee=Decimal(ctx.data["fee"]),
        pledge_percent=int(ctx.data["pledge"]),
        mode=ctx.data["mode"],
        now=ctx.clock.now(),
        config=ctx.config,
    )
    return Done([t("market-created", day=when.date(made.day))])


NEW_MARKET_FLOW = Flow(
    name="market_new",
    first="day",
    steps={
        "day": Step(ask_day, answer_day, to={"hours"}, takes_text=True),
        "hours": Step(ask_hours, answer_hours, to={"place"}, takes_text=True),
        "place": Step(*_place, to={"stalls"}, takes_text=True),
        "stalls": Step(ask_stalls, answer_stalls, to={"deadline"}, takes_text=True),
        "deadline": Step(ask_deadline, answer_deadline, to={"fee"}, takes_text=True),
        "fee": Step(ask_fee, answer_fee, numbers_choose=False, to={"pledge"}),
        "pledge": Step(ask_pledge, answer_pledge, numbers_choose=False, to={"mode"}),
        "mode": Step(ask_mode, answer_mode, to={"confirm"}),
        "confirm": Step(ask_new_confirm, answer_new_confirm),
    },
)
