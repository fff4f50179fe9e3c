"""The fund at the desk: spending proposed by one staff member waits for a different one's
signature (the proposer cannot sign their own), a month's report and its CSV; another
community's fund refused; forms without their token or with bad input change nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from linli.handlers.fund import service as fund
from linli.storage.models import SpendingRequest
from tests import factories


async def _requests(desk, community_id):
    async with desk.db.uow() as uow:
        found = await uow.session.scalars(
            select(SpendingRequest).where(SpendingRequest.community_id == community_id)
        )
        return {r.id: r for r in found}


async def _lines(desk, community_id):
    async with desk.db.uow() as uow:
        return await uow.fund.lines(community_id)


async def _setup(desk):
    first = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    second = await factories.staff(desk.db, desk.clock, "s2", "xinhuashe")
    here = await factories.community(desk.db, "xinhuashe")
    return first, second, here


async def test_spending_is_signed_by_a_second_person_and_shows_in_the_month(desk):
    first, second, here = await _setup(desk)
    base = f"/console/c/{here.id}/fund"
    mine = await desk.sign_in(first)
    page = await mine.get(base)
    assert page.status == 200 and "等第二人签字的支出" in await page.text()
    proposed = await desk.post(
        mine,
        f"{base}/spending",
        {"amount": "86.5", "purpose": "买<扫帚>", "day": "2026-11-20"},
        form_page=base,
    )
    assert proposed.status == 303
    (request,) = (await _requests(desk, here.id)).values()
    assert (request.amount, request.status, request.proposed_by) == (
        Decimal("86.50"),
        "pending",
        first.id,
    )
    shown = await (await mine.get(base)).text()
    assert "买&lt;扫帚&gt;" in shown and "买<扫帚>" not in shown  # escaped
    assert f"/requests/{request.id}/sign" not in shown  # no sign button for the proposer
    # Forced anyway: refused by the rule chat uses, nothing written.
    own = await desk.post(mine, f"{base}/requests/{request.id}/sign", {}, form_page=base)
    assert own.status == 400 and "不能" in await own.text()
    assert await _lines(desk, here.id) == []
    theirs = await desk.sign_in(second)
    assert f"/requests/{request.id}/sign" in await (await theirs.get(base)).text()
    signed = await desk.post(theirs, f"{base}/requests/{request.id}/sign", {}, form_page=base)
    assert signed.status == 303
    (line,) = await _lines(desk, here.id)
    assert (line.kind, line.amount, line.purpose) == ("spending", Decimal("86.50"), "买<扫帚>")
    # Signed once: the second signature cannot be given again.
    again = await desk.post(theirs, f"{base}/requests/{request.id}/sign", {}, form_page=base)
    assert again.status == 400 and len(await _lines(desk, here.id)) == 1
    month = await theirs.get(f"{base}/month/2026/11")
    text = await month.text()
    assert month.status == 200 and "86.50" in text and "-86.50" in text  # the line, the balance
    csv = await theirs.get(f"{base}/month/2026/11/csv")
    assert csv.status == 200 and csv.headers["Content-Type"].startswith("text/csv")
    body = (await csv.read()).decode("utf-8-sig").splitlines()
    assert body[0].startswith("编号,日期,") and f"{line.id},2026-11-20,支出" in body[1]
    assert body[-1] == "月末结余,,,,-86.50"
    assert (await theirs.get(f"{base}/month/2026/10")).status == 200  # an empty month is fine


async def test_declining_needs_a_reason_and_tells_nobody_otherwise(desk):
    first, second, here = await _setup(desk)
    base = f"/console/c/{here.id}/fund"
    async with desk.db.uow() as uow:
        request = await fund.propose_spending(
            uow,
            await uow.users.get(first.id),
            here.id,
            amount=Decimal("20"),
            purpose="茶叶",
            day=dt.date(2026, 11, 20),
            now=desk.clock.now(),
        )
        await uow.commit()
    theirs = await desk.sign_in(second)
    blank = await desk.post(
        theirs, f"{base}/requests/{request.id}/decline", {"reason": "  "}, form_page=base
    )
    assert blank.status == 400
    assert (await _requests(desk, here.id))[request.id].status == "pending"
    declined = await desk.post(
        theirs, f"{base}/requests/{request.id}/decline", {"reason": "没有发票"}, form_page=base
    )
    assert declined.status == 303
    done = (await _requests(desk, here.id))[request.id]
    assert (done.status, done.reason, done.decided_by) == ("declined", "没有发票", second.id)
    assert await _lines(desk, here.id) == []


async def test_income_goes_straight_in_with_the_giver_shown_as_they_chose(desk):
    first, _second, here = await _setup(desk)
    base = f"/console/c/{here.id}/fund"
    mine = await desk.sign_in(first)
    gift = {"source": "donation", "amount": "500", "purpose": "捐给老年食堂"}
    for bad in ({"donor": "王" * 41, "shown": "name"}, {"donor": "", "shown": "masked"}):
        refused = await desk.post(mine, f"{base}/income", {**gift, **bad}, form_page=base)
        assert refused.status == 400, bad
    forged = await desk.post(mine, f"{base}/income", {**gift, "source": "spending"}, form_page=base)
    assert forged.status == 404  # spending never comes in this way
    assert await _lines(desk, here.id) == []
    saved = await desk.post(
        mine, f"{base}/income", {**gift, "donor": " 王秀英 ", "shown": "masked"}, form_page=base
    )
    assert saved.status == 303
    fee = {"source": "stall_fee", "amount": "30", "purpose": "摊位费", "donor": "王秀英"}
    assert (await desk.post(mine, f"{base}/income", fee, form_page=base)).status == 303
    donation, stall = await _lines(desk, here.id)
    assert (donation.kind, donation.source, donation.amount, donation.donor) == (
        "income",
        "donation",
        Decimal("500.00"),
        "王**",
    )
    assert donation.day == dt.date(2026, 11, 23)
    assert (stall.source, stall.donor) == ("stall_fee", None)  # a fee names no giver
    async with desk.db.uow() as uow:
        assert (await fund.check_ledger(uow, here.id)).broken is None


async def test_bad_input_and_forms_without_their_token_change_nothing(desk):
    first, second, here = await _setup(desk)
    base = f"/console/c/{here.id}/fund"
    mine = await desk.sign_in(first)
    for amount, day in (
        ("abc", "2026-11-20"),
        ("0", "2026-11-20"),
        ("1e30", "2026-11-20"),
        ("10", "2026-11-24"),
        ("10", "2025-01-01"),
        ("10", "20-11-2026"),
    ):
        refused = await desk.post(
            mine,
            f"{base}/spending",
            {"amount": amount, "purpose": "x", "day": day},
            form_page=base,
        )
        assert refused.status == 400, (amount, day)
    no_purpose = await desk.post(
        mine,
        f"{base}/spending",
        {"amount": "5", "purpose": " ", "day": "2026-11-20"},
        form_page=base,
    )
    assert no_purpose.status == 400
    assert await _requests(desk, here.id) == {}
    # Without the token: refused.
    assert (
        await mine.post(
            f"{base}/spending", data={"amount": "5", "purpose": "x", "day": "2026-11-20"}
        )
    ).status == 403
    assert await _requests(desk, here.id) == {}
    async with desk.db.uow() as uow:
        request = await fund.propose_spending(
            uow,
            await uow.users.get(first.id),
            here.id,
            amount=Decimal("20"),
            purpose="茶叶",
            day=dt.date(2026, 11, 20),
            now=desk.clock.now(),
        )
        await uow.commit()
    theirs = await desk.sign_in(second)
    forged = await theirs.post(f"{base}/requests/{request.id}/sign", data={"_csrf": "nope"})
    assert forged.status == 403 and await _lines(desk, here.id) == []
    for month in ("2026/13", "2026/0", "1999/5", "x/1"):
        assert (await theirs.get(f"{base}/month/{month}")).status == 404


async def test_another_communitys_fund_and_requests_are_refused(desk):
    first, _second, here = await _setup(desk)
    far = await factories.staff(desk.db, desk.clock, "far", "qixingyuan")
    other = await factories.community(desk.db, "qixingyuan")
    async with desk.db.uow() as uow:
        theirs = await fund.propose_spending(
            uow,
            await uow.users.get(far.id),
            other.id,
            amount=Decimal("20"),
            purpose="茶叶",
            day=dt.date(2026, 11, 20),
            now=desk.clock.now(),
        )
        await uow.commit()
    mine = await desk.sign_in(first)
    assert (await mine.get(f"/console/c/{other.id}/fund")).status == 403
    assert (await mine.get(f"/console/c/{other.id}/fund/month/2026/11")).status == 403
    assert (await mine.get(f"/console/c/{other.id}/fund/month/2026/11/csv")).status == 403
    base = f"/console/c/{here.id}/fund"
    # Their request through this community's address: not found; through theirs: refused.
    sneaked = await desk.post(mine, f"{base}/requests/{theirs.id}/sign", {}, form_page=base)
    assert sneaked.status == 404
    direct = await desk.post(
        mine, f"/console/c/{other.id}/fund/requests/{theirs.id}/sign", {}, form_page=base
    )
    assert direct.status == 403
    assert (await _requests(desk, other.id))[theirs.id].status == "pending"


async def _signed_in(desk, browser, user):
    """A browser window of its own (its own cookies), signed in by the link from chat."""
    context = await browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    window = await context.new_page()
    await window.goto(desk.url(await desk.link(user)))
    async with window.expect_navigation(url="**/todo"):
        await window.get_by_role("button", name="登录").click()
    return window


async def test_in_a_browser_a_spending_is_proposed_by_one_and_signed_by_another(desk, browser):
    first, second, here = await _setup(desk)
    fund_page = desk.url(f"/console/c/{here.id}/fund")
    mine = await _signed_in(desk, browser, first)
    await mine.goto(fund_page)
    form = mine.locator("#propose")
    await form.get_by_label("金额（元）", exact=True).fill("120")
    await form.get_by_label("用途", exact=True).fill("买垃圾桶")
    await form.get_by_label("日期", exact=True).fill("2026-11-20")
    await mine.get_by_role("button", name="提交，等签字").click()
    await mine.get_by_text("已提交，等另一位工作人员签字。").wait_for()
    row = mine.locator("#waiting li.request")
    assert await row.count() == 1
    assert "要另一位工作人员签字" in await row.inner_text()
    assert await mine.get_by_role("button", name="签字同意").count() == 0
    (request,) = (await _requests(desk, here.id)).values()
    # The second person, in a browser of their own.
    theirs = await _signed_in(desk, browser, second)
    await theirs.goto(fund_page)
    await theirs.get_by_role("button", name=f"签字同意（第{request.id}笔）").click()
    await theirs.get_by_text("已签字，这笔支出已记进账本。").wait_for()
    assert "现在没有等签字的支出" in await theirs.locator("#waiting").inner_text()
    (line,) = await _lines(desk, here.id)
    assert (line.kind, line.amount, line.purpose) == ("spending", Decimal("120.00"), "买垃圾桶")
    assert "-120.00" in await theirs.locator("#balance").inner_text()
    # On a phone's screen: nothing wider than it but the tables' own scrollers.
    assert await theirs.evaluate("document.documentElement.scrollWidth") <= 390
