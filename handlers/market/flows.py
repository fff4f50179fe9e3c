"""睦邻集市 and the fund in chat.

market
    list      — coming market days; 我的摊位; 社区基金 → card / mine / fund
    card      — when, where, stalls left, fee; 申请摊位; staff: 出摊登记, 数据
    category → stall → goods → phone → confirm — an application
    mine      — my applications → stall (status, masked phone, 撤回)
    attendance — staff mark who came
market_new (staff)
    day → hours → place → stalls → deadline → fee → pledge → mode → confirm
fund
    home      — balance, this month, income by source, spending; staff: add, export
    source → amount → purpose → [approver] — a new line
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from linli.handlers.kit import when
from linli.handlers.kit.chart import bar_chart_png
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
from linli.handlers.kit.parse import parse_day, parse_moment, parse_span, whole_number
from linli.handlers.kit.reply import Attachment, Reply
from linli.handlers.kit.text import raw, t, yuan
from linli.handlers.market import service
from linli.handlers.market.service import STATUS_NAMES
from linli.handlers.profile.service import acting_community, is_staff
from linli.storage.models import Community, MarketDay, StallApplication

MODE_NAMES = {"first": t("market-mode-first"), "lottery": t("market-mode-lottery")}
SOURCE_NAMES = {
    "stall_fee": t("fund-source-stall-fee"),
    "pledge": t("fund-source-pledge"),
    "donation": t("fund-source-donation"),
}


async def ask_list(ctx: Ctx) -> Reply:
    markets = await service.upcoming(ctx.uow, ctx.user.community_id, when.today(ctx))
    buttons = [
        ctx.button(t("market-line", day=m.day.isoformat(), place=raw(m.place)), m.id)
        for m in markets[:6]
    ]
    buttons += [
        ctx.button(t("market-mine"), "mine"),
        ctx.button(t("market-fund"), "fund"),
        ctx.button(t("market-year"), "year"),
    ]
    messages = [t("market-title", count=len(markets))] if markets else [t("market-none")]
    return Reply(messages=messages, buttons=buttons)


async def answer_list(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "mine":
        return Next("mine")
    if given.value == "year":
        today = when.today(ctx)
        year = await service.year_figures(ctx.uow, ctx.user.community_id, today.year, today)
        lines = [
            t("market-year-line", day=day.isoformat(), vendors=vendors)
            for day, vendors in year.markets
        ]
        chart = bar_chart_png([vendors for _day, vendors in year.markets])
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
            attachment=Attachment(f"market-{today.year}.png", "image/png", chart),
        )
    if given.value == "fund":
        return Switch("fund")
    if not (given.value or "").isdigit():
        return Stay(t("hint-use-buttons"))
    ctx.data["market"] = int(given.value)
    return Next("card")


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
            ctx.button(t("market-attendance"), "attendance"),
            ctx.button(t("market-figures"), "figures"),
        ]
    return Reply(messages=lines, buttons=buttons)


async def answer_card(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "apply":
        return Next("category")
    market = await _market(ctx)
    if given.value in ("figures", "attendance") and not await is_staff(
        ctx.uow, ctx.user, market.community_id
    ):
        raise NotAllowed()  # a button residents are not shown, sent by payload
    if given.value in ("attendance", "applications"):
        return Next(given.value)
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
    ctx.data["category"] = int(given.value)
    return Next("stall")


def _text_step(key: str, prompt, limit: int, next_step: str, *, squeeze: bool = False):
    """A step that takes one typed line (with its spaces removed when `squeeze`)."""

    async def ask(ctx: Ctx) -> Reply:
        return Reply(messages=[prompt])

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
    from sqlalchemy import select

    rows = list(
        await ctx.uow.session.scalars(
            select(StallApplication)
            .where(StallApplication.user_id == ctx.user.id)
            .order_by(StallApplication.id.desc())
            .limit(8)
        )
    )
    if not rows:
        return Reply(messages=[t("market-mine-none")])
    buttons = []
    for row in rows:
        market = await ctx.uow.session.get(MarketDay, row.market_id)
        buttons.append(
            ctx.button(
                t(
                    "market-mine-line",
                    day=market.day.isoformat(),
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
    row = await ctx.uow.session.get(StallApplication, int(ctx.data.get("application", 0)))
    if row is None or row.user_id != ctx.user.id:
        raise NotFound()
    return row


async def ask_stall_detail(ctx: Ctx) -> Reply:
    row = await _mine(ctx)
    market = await ctx.uow.session.get(MarketDay, row.market_id)
    lines = [
        t(
            "market-stall-detail",
            day=market.day.isoformat(),
            stall=raw(row.stall_name),
            goods=raw(row.goods),
            phone=service.mask(row.phone),
            status=STATUS_NAMES[row.status],
        )
    ]
    if row.status == "waitlisted" and row.position:
        lines.append(t("market-position", position=row.position))
    buttons = [ctx.button(t("market-withdraw"), "withdraw")] if row.status in service.LIVE else []
    return Reply(messages=lines, buttons=buttons)


async def answer_stall_detail(ctx: Ctx, given: Input) -> Outcome:
    if given.value != "withdraw":
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
        stored = await ctx.uow.session.get(StallApplication, r["id"])
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
    row = await ctx.uow.session.get(StallApplication, int(given.value))
    came = row is None or row.attended is not True
    await service.record_attendance(ctx.uow, ctx.user, int(given.value), came, ctx.clock.now())
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
    ctx.data["application"] = int(given.value)
    return Next("reject")


async def ask_reject(ctx: Ctx) -> Reply:
    return Reply(messages=[t("market-ask-reject")])


async def answer_reject(ctx: Ctx, given: Input) -> Outcome:
    row = await service.reject(
        ctx.uow, ctx.user, int(ctx.data["application"]), given.text, ctx.clock.now(), ctx.config
    )
    return Done([t("market-rejected", stall=raw(row.stall_name))])


_stall = _text_step("stall", t("market-ask-stall"), 40, "goods")
_goods = _text_step("goods", t("market-ask-goods"), 100, "phone")
_phone = _text_step("phone", t("market-ask-phone"), 20, "confirm", squeeze=True)

MARKET_FLOW = Flow(
    name="market",
    first="list",
    steps={
        "list": Step(ask_list, answer_list),
        "card": Step(ask_card, answer_card),
        "category": Step(ask_category, answer_category),
        "stall": Step(*_stall),
        "goods": Step(*_goods),
        "phone": Step(*_phone, numbers_choose=False),
        "confirm": Step(ask_confirm, answer_confirm),
        "mine": Step(ask_mine, answer_mine),
        "stall_detail": Step(ask_stall_detail, answer_stall_detail),
        "attendance": Step(ask_attendance, answer_attendance),
        "applications": Step(ask_applications, answer_applications),
        "reject": Step(ask_reject, answer_reject),
    },
)


# --- a new market day (staff) ----------------------------------------------------------


async def _community(ctx: Ctx) -> Community:
    return await acting_community(ctx.uow, ctx.user)


async def ask_day(ctx: Ctx) -> Reply:
    await _community(ctx)
    return Reply(messages=[t("market-ask-day")])


async def answer_day(ctx: Ctx, given: Input) -> Outcome:
    day = parse_day(given.text, when.today(ctx))
    if day is None or day <= when.today(ctx):
        return Stay(t("market-ask-day"))
    ctx.data["day"] = day.isoformat()
    return Next("hours")


async def ask_hours(ctx: Ctx) -> Reply:
    return Reply(messages=[t("market-ask-hours")])


async def answer_hours(ctx: Ctx, given: Input) -> Outcome:
    span = parse_span(given.text)
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
    deadline = parse_moment(given.text, when.today(ctx), ctx.config.zone)
    if deadline is None:
        return Stay(t("market-ask-deadline"))
    ctx.data["deadline"] = deadline.isoformat()
    return Next("fee")


async def ask_fee(ctx: Ctx) -> Reply:
    return Reply(messages=[t("market-ask-fee")])


async def answer_fee(ctx: Ctx, given: Input) -> Outcome:
    fee = service.parse_amount(given.text)
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
    return Done([t("market-created", day=made.day.isoformat())])


NEW_MARKET_FLOW = Flow(
    name="market_new",
    first="day",
    steps={
        "day": Step(ask_day, answer_day),
        "hours": Step(ask_hours, answer_hours),
        "place": Step(*_place),
        "stalls": Step(ask_stalls, answer_stalls),
        "deadline": Step(ask_deadline, answer_deadline),
        "fee": Step(ask_fee, answer_fee, numbers_choose=False),
        "pledge": Step(ask_pledge, answer_pledge, numbers_choose=False),
        "mode": Step(ask_mode, answer_mode),
        "confirm": Step(ask_new_confirm, answer_new_confirm),
    },
)


# --- the fund ---------------------------------------------------------------------------


async def ask_fund(ctx: Ctx) -> Reply:
    """The open ledger: balance, this month, income by source, spending."""
    entries = await service.ledger(ctx.uow, ctx.user.community_id)
    summary = service.summarise(entries)
    month = f"{when.today(ctx):%Y-%m}"
    got, spent = summary.by_month.get(month, (Decimal(0), Decimal(0)))
    lines = [
        t(
            "fund-balance",
            balance=f"{summary.balance:.2f}",
            income=f"{summary.income:.2f}",
            spending=f"{summary.spending:.2f}",
        ),
        t("fund-month", month=month, income=f"{got:.2f}", spending=f"{spent:.2f}"),
    ]
    lines += [
        t("fund-source-line", source=SOURCE_NAMES.get(s, raw(s)), amount=f"{a:.2f}")
        for s, a in sorted(summary.by_source.items())
    ]
    spending = [e for e in entries if e.kind == "spending"][-8:]
    lines += [
        t(
            "fund-spending-line",
            day=e.day.isoformat(),
            amount=f"{e.amount:.2f}",
            purpose=raw(e.purpose),
            approved=raw(e.approved_by or ""),
        )
        for e in spending
    ]
    buttons = [ctx.button(t("fund-months"), "months")]
    if await is_staff(ctx.uow, ctx.user, ctx.user.community_id):
        buttons += [
            ctx.button(t("fund-add-income"), "income"),
            ctx.button(t("fund-add-spending"), "spending"),
            ctx.button(t("fund-export"), "export"),
        ]
    return Reply(messages=lines, buttons=buttons)


async def answer_fund(ctx: Ctx, given: Input) -> Outcome:
    if given.value == "months":
        summary = service.summarise(await service.ledger(ctx.uow, ctx.user.community_id))
        return Redraw(
            [
                t("fund-month", month=m, income=f"{i:.2f}", spending=f"{s:.2f}")
                for m, (i, s) in summary.by_month.items()
            ]
            or [t("fund-empty")]
        )
    if given.value in ("income", "spending"):
        if not await is_staff(ctx.uow, ctx.user, ctx.user.community_id):
            raise NotAllowed()
        ctx.data["kind"] = given.value
        return Next("source" if given.value == "income" else "amount")
    if given.value == "export":
        if not await is_staff(ctx.uow, ctx.user, ctx.user.community_id):
            raise NotAllowed()
        data = service.ledger_csv(await service.ledger(ctx.uow, ctx.user.community_id))
        return Done(
            [t("fund-exported")],
            attachment=Attachment(f"fund-{when.today(ctx):%Y-%m-%d}.csv", "text/csv", data),
        )
    return Stay(t("hint-use-buttons"))


async def ask_source(ctx: Ctx) -> Reply:
    return Reply(
        messages=[t("fund-ask-source")],
        buttons=[ctx.button(label, key) for key, label in SOURCE_NAMES.items()],
    )


async def answer_source(ctx: Ctx, given: Input) -> Outcome:
    if given.value not in SOURCE_NAMES:
        return Stay(t("hint-use-buttons"))
    ctx.data["source"] = given.value
    return Next("amount")


async def ask_amount(ctx: Ctx) -> Reply:
    return Reply(messages=[t("fund-ask-amount")])


async def answer_amount(ctx: Ctx, given: Input) -> Outcome:
    amount = service.parse_amount(given.text)
    if amount is None or amount <= 0:
        return Stay(t("fund-ask-amount"))
    ctx.data["amount"] = str(amount)
    return Next("purpose")


async def ask_purpose(ctx: Ctx) -> Reply:
    return Reply(messages=[t("fund-ask-purpose")])


async def answer_purpose(ctx: Ctx, given: Input) -> Outcome:
    purpose = given.text.strip()
    if not purpose or len(purpose) > 200:
        return Stay(t("fund-ask-purpose"))
    ctx.data["purpose"] = purpose
    if ctx.data["kind"] == "spending":
        return Next("approver")
    return await _save(ctx, None)


async def ask_approver(ctx: Ctx) -> Reply:
    return Reply(messages=[t("fund-ask-approver")])


async def answer_approver(ctx: Ctx, given: Input) -> Outcome:
    approver = given.text.strip()
    if not approver or len(approver) > 100:
        return Stay(t("fund-ask-approver"))
    return await _save(ctx, approver)


async def _save(ctx: Ctx, approver: str | None) -> Outcome:
    entry = await service.add_entry(
        ctx.uow,
        ctx.user,
        ctx.user.community_id,
        kind=ctx.data["kind"],
        source=ctx.data.get("source", "spending"),
        amount=Decimal(ctx.data["amount"]),
        purpose=ctx.data["purpose"],
        approved_by=approver,
        day=when.today(ctx),
        now=ctx.clock.now(),
    )
    return Done([t("fund-saved", id=entry.id, amount=f"{entry.amount:.2f}")])


FUND_FLOW = Flow(
    name="fund",
    first="home",
    steps={
        "home": Step(ask_fund, answer_fund),
        "source": Step(ask_source, answer_source),
        "amount": Step(ask_amount, answer_amount, numbers_choose=False),
        "purpose": Step(ask_purpose, answer_purpose),
        "approver": Step(ask_approver, answer_approver),
    },
)
