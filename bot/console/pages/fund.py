"""社区发展基金 at the desk: the balance and the chain's check, spending proposed and signed
by a second staff member (the rule is `handlers/fund/service.py`'s, as in chat), a month's
report with its CSV."""

from __future__ import annotations

import datetime as dt

from linli.bot.console.page import Page, Routes
from linli.handlers.fund import service as fund
from linli.handlers.kit import when
from linli.handlers.kit.errors import DomainError, NotFound
from linli.handlers.kit.text import Text, t


def _base(cid: int) -> str:
    return f"/console/c/{cid}/fund"


async def overview(page: Page):
    """Balance, the chain's check, what waits for a second signature, a form to propose."""
    cid = page.require_staff()
    community = await page.community()
    today = when.day_of(page.now(), page.zone)
    async with page.db.uow(read_only=True) as uow:
        check = await fund.check_ledger(uow, cid)
        waiting = await fund.waiting_requests(uow, page.desk.user, cid)
        report = await fund.month_report(uow, cid, today.replace(day=1))
    return page.render(
        "fund/overview.html",
        title=page.t("console-desk-fund-title", community=community.name),
        check=check,
        balance=f"{check.balance:.2f}",
        income=f"{report.income:.2f}",
        spending=f"{report.spending:.2f}",
        waiting=[
            {
                "request": w.request,
                "proposer": w.proposer,
                "mine": w.mine,
                "amount": f"{w.request.amount:.2f}",
                "day": w.request.day.isoformat(),
            }
            for w in waiting
        ],
        report=report,
        today=today.isoformat(),
        base=_base(cid),
        month_url=_month_url(cid, today),
        sources=[(s, page.t(fund.SOURCE_NAMES[s])) for s in fund.SOURCES],
    )


def _month_url(cid: int, day: dt.date) -> str:
    return f"{_base(cid)}/month/{day.year}/{day.month}"


def _day(value: str, today: dt.date) -> dt.date:
    """A date from the form (YYYY-MM-DD), within what the fund's rule allows."""
    value = value.strip()
    try:
        day = dt.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        day = None
    return fund.line_day(day, today)


async def propose(page: Page):
    """Spending proposed here waits for another staff member's signature, as in chat."""
    cid = page.require_staff()
    form = await page.form()
    amount = fund.parse_amount(str(form.get("amount", ""))[:20])
    if amount is None:
        raise DomainError(t("fund-bad-entry"))
    today = when.day_of(page.now(), page.zone)
    day = _day(str(form.get("day", "")), today)
    async with page.db.uow() as uow:
        await fund.propose_spending(
            uow,
            page.desk.user,
            cid,
            amount=amount,
            purpose=str(form.get("purpose", ""))[:1000],
            day=day,
            now=page.now(),
        )
        await uow.commit()
    page.wake()  # the other staff are told there is something to sign
    return page.redirect(_base(cid), flash="console-desk-fund-proposed")


async def income(page: Page):
    """An income line goes straight in the ledger (only spending waits for a signature); a
    gift's giver is shown as they chose: by name, surname only, or not at all."""
    cid = page.require_staff()
    form = await page.form()
    amount = fund.parse_amount(str(form.get("amount", ""))[:20])
    if amount is None:
        raise DomainError(t("fund-bad-entry"))
    source = str(form.get("source", ""))
    if source not in fund.SOURCES:
        raise NotFound()
    donor = None
    if source == "donation":
        donor = fund.donor_as_shown(
            str(form.get("donor", ""))[:200], str(form.get("shown", "anonymous"))
        )
    async with page.db.uow() as uow:
        await fund.add_entry(
            uow,
            page.desk.user,
            cid,
            kind="income",
            source=source,
            amount=amount,
            purpose=str(form.get("purpose", ""))[:1000],
            day=when.day_of(page.now(), page.zone),
            now=page.now(),
            donor=donor,
        )
        await uow.commit()
    return page.redirect(_base(cid), flash="console-desk-fund-income-saved")


async def _request(page: Page, uow, cid: int):
    """The request in the address, of this community (another's is not found here)."""
    request = await uow.fund.request(page.number("rid"))
    if request is None or request.community_id != cid:
        raise NotFound()
    return await fund.request_for_staff(uow, page.desk.user, request.id)


async def sign(page: Page):
    """The second signature: `fund.approve` refuses the proposer's own and a decided one."""
    cid = page.require_staff()
    async with page.db.uow() as uow:
        request = await _request(page, uow, cid)
        await fund.approve(uow, page.desk.user, request.id, page.now())
        await uow.commit()
    page.wake()
    return page.redirect(_base(cid), flash="console-desk-fund-signed")


async def decline(page: Page):
    cid = page.require_staff()
    form = await page.form()
    async with page.db.uow() as uow:
        request = await _request(page, uow, cid)
        await fund.decline(
            uow, page.desk.user, request.id, str(form.get("reason", ""))[:1000], page.now()
        )
        await uow.commit()
    page.wake()
    return page.redirect(_base(cid), flash="console-desk-fund-declined")


async def _report(page: Page, cid: int) -> fund.MonthReport:
    first = fund.month_start(page.number("year", high=9999), page.number("month", high=12))
    async with page.db.uow(read_only=True) as uow:
        return await fund.month_report(uow, cid, first)


async def month(page: Page):
    cid = page.require_staff()
    community = await page.community()
    report = await _report(page, cid)
    first = report.first
    before = (first - dt.timedelta(days=1)).replace(day=1)
    after = (first + dt.timedelta(days=32)).replace(day=1)
    return page.render(
        "fund/month.html",
        title=page.t(
            "console-desk-fund-month-title",
            community=community.name,
            month=f"{first:%Y-%m}",
        ),
        report=report,
        kinds=fund.KIND_NAMES,
        sources=fund.SOURCE_NAMES,
        base=_base(cid),
        csv_url=f"{_month_url(cid, first)}/csv",
        before_url=_month_url(cid, before),
        after_url=_month_url(cid, after),
    )


async def month_csv(page: Page):
    cid = page.require_staff()
    report = await _report(page, cid)
    header, *rows = fund.month_table(report)
    shown = [[page.t(c) if isinstance(c, Text) else c for c in row] for row in rows]
    return page.csv(f"fund-{report.first:%Y-%m}.csv", [page.t(h) for h in header], shown)


def register(routes: Routes) -> None:
    routes.get("/c/{cid}/fund", overview, nav="console-nav-fund", staff=True)
    routes.post("/c/{cid}/fund/spending", propose)
    routes.post("/c/{cid}/fund/income", income)
    routes.post("/c/{cid}/fund/requests/{rid}/sign", sign)
    routes.post("/c/{cid}/fund/requests/{rid}/decline", decline)
    routes.get("/c/{cid}/fund/month/{year}/{month}", month)
    routes.get("/c/{cid}/fund/month/{year}/{month}/csv", month_csv)
