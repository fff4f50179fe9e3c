"""睦邻集市 at the desk: every market day, its applications (approve from the waitlist or
turn down with a reason, as in chat), the lottery drawn with its commit–reveal proof,
attendance, figures and the applications' CSV. The rules are `handlers/market/service.py`'s."""

from __future__ import annotations

from linli.bot.console.page import Page, Routes
from linli.handlers.kit import when
from linli.handlers.kit.errors import NotFound
from linli.handlers.kit.text import Text, t
from linli.handlers.market import service

MODE_KEYS = {
    "first": t("console-desk-market-mode-first"),
    "lottery": t("console-desk-market-mode-lottery"),
}


def _base(cid: int) -> str:
    return f"/console/c/{cid}/markets"


async def markets(page: Page):
    cid = page.require_staff()
    community = await page.community()
    async with page.db.uow(read_only=True) as uow:
        days = await service.markets_for_staff(uow, page.desk.user, cid)
    today = when.day_of(page.now(), page.zone)
    return page.render(
        "market/list.html",
        title=page.t("console-desk-market-title", community=community.name),
        markets=days,
        modes={k: page.t(v) for k, v in MODE_KEYS.items()},
        today=today,
        date=lambda d: page.t(when.date(d)),
        base=_base(cid),
    )


async def _market(page: Page, uow, cid: int):
    """The market in the address, of this community (another's is not found here)."""
    market = await uow.market.day(page.number("mid"))
    if market is None or market.community_id != cid:
        raise NotFound()
    return await service.market_for_staff(uow, page.desk.user, market.id)


async def market(page: Page):
    """One market day: figures, the draw and its proof, applications, attendance."""
    cid = page.require_staff()
    user = page.desk.user
    now = page.now()
    async with page.db.uow(read_only=True) as uow:
        day = await _market(page, uow, cid)
        figures = await service.figures(uow, user, day.id)
        categories = await service.categories(uow, day.id)
        free = {c.id: c.stalls - await service.taken(uow, c.id) for c in categories}
        rows = await service.applications(uow, user, day.id)
        for row in rows:
            if row["status"] == "waitlisted" and row["position"] is not None:
                stored = await uow.market.application(row["id"])
                row["line"] = await service.place_in_line(uow, stored)
            row["attended"] = (await uow.market.application(row["id"])).attended
        proof = await service.check_draw(uow, day) if day.drawn_at and day.secret else None
    today = when.day_of(now, page.zone)
    names = {c.id: c.name for c in categories}
    return page.render(
        "market/market.html",
        title=page.t(
            "console-desk-market-day-title", day=page.t(when.date(day.day)), place=day.place
        ),
        market=day,
        mode=page.t(MODE_KEYS[day.mode]),
        opens=f"{day.opens:%H:%M}",
        closes=f"{day.closes:%H:%M}",
        deadline=page.t(when.moment(day.deadline, page.zone)),
        fee=f"{day.fee:.2f}",
        figures=figures,
        categories=categories,
        names=names,
        free=free,
        rows=sorted(rows, key=lambda r: r["id"]),
        statuses={k: page.t(v) for k, v in service.STATUS_NAMES.items()},
        live=service.LIVE,
        proof=proof,
        can_draw=day.mode == "lottery" and day.drawn_at is None and now >= day.deadline,
        marking=today >= day.day,
        deciding=today <= day.day,
        url=f"{_base(cid)}/{day.id}",
        base=_base(cid),
    )


async def run_draw(page: Page):
    cid = page.require_staff()
    async with page.db.uow() as uow:
        day = await _market(page, uow, cid)
        await service.run_draw(uow, page.desk.user, day.id, page.now(), page.config)
        await uow.commit()
    page.wake()  # every applicant is told their place
    return page.redirect(f"{_base(cid)}/{day.id}#draw", flash="console-desk-market-drawn")


async def _application(page: Page, uow, cid: int):
    """The market and the application in the address: the one must be the other's."""
    day = await _market(page, uow, cid)
    application = await uow.market.application(page.number("aid"))
    if application is None or application.market_id != day.id:
        raise NotFound()
    return day, application


async def approve(page: Page):
    """From the waitlist into a free stall, or into one more stall (as in chat)."""
    cid = page.require_staff()
    form = await page.form()
    async with page.db.uow() as uow:
        day, application = await _application(page, uow, cid)
        await service.approve(
            uow,
            page.desk.user,
            application.id,
            page.now(),
            page.config,
            add_stall=form.get("add_stall") == "yes",
        )
        await uow.commit()
    page.wake()
    return page.redirect(
        f"{_base(cid)}/{day.id}#applications", flash="console-desk-market-approved"
    )


async def reject(page: Page):
    cid = page.require_staff()
    form = await page.form()
    async with page.db.uow() as uow:
        day, application = await _application(page, uow, cid)
        await service.reject(
            uow,
            page.desk.user,
            application.id,
            str(form.get("reason", ""))[:1000],
            page.now(),
            page.config,
        )
        await uow.commit()
    page.wake()
    return page.redirect(
        f"{_base(cid)}/{day.id}#applications", flash="console-desk-market-rejected"
    )


async def attendance(page: Page):
    cid = page.require_staff()
    form = await page.form()
    came = form.get("came")
    if came not in ("yes", "no"):
        raise NotFound()
    async with page.db.uow() as uow:
        day, application = await _application(page, uow, cid)
        await service.record_attendance(
            uow,
            page.desk.user,
            application.id,
            came == "yes",
            page.now(),
            page.config,
            market_id=day.id,
        )
        await uow.commit()
    return page.redirect(f"{_base(cid)}/{day.id}#attendance", flash="console-desk-market-marked")


async def export(page: Page):
    cid = page.require_staff()
    async with page.db.uow(read_only=True) as uow:
        day = await _market(page, uow, cid)
        header, *rows = await service.applications_table(uow, page.desk.user, day.id, page.config)
    shown = [[page.t(c) if isinstance(c, Text) else c for c in row] for row in rows]
    return page.csv(f"market-{day.day:%Y-%m-%d}-{day.id}.csv", [page.t(h) for h in header], shown)


def register(routes: Routes) -> None:
    routes.get("/c/{cid}/markets", markets, nav="console-nav-market", staff=True)
    routes.get("/c/{cid}/markets/{mid}", market)
    routes.get("/c/{cid}/markets/{mid}/csv", export)
    routes.post("/c/{cid}/markets/{mid}/draw", run_draw)
    routes.post("/c/{cid}/markets/{mid}/applications/{aid}/approve", approve)
    routes.post("/c/{cid}/markets/{mid}/applications/{aid}/reject", reject)
    routes.post("/c/{cid}/markets/{mid}/applications/{aid}/attendance", attendance)
