"""Markets at the desk: a lottery drawn at the deadline with its commit–reveal proof shown
and re-derivable, applications approved from the waitlist or turned down as in chat,
attendance from the market day on, figures and the CSV; another community refused; forms
without their token or with bad input change nothing."""

from __future__ import annotations

from linli.handlers.kit import lottery
from linli.storage.models import MarketDay, StallApplication
from tests import factories
from tests.market.test_market import _apply, _market, local


async def _rows(desk, ids):
    async with desk.db.uow() as uow:
        return [await uow.session.get(StallApplication, i) for i in ids]


async def _vendors(desk, count, prefix="v"):
    return [
        await factories.user(desk.db, desk.clock, f"{prefix}{n}", community_code="xinhuashe")
        for n in range(count)
    ]


async def test_a_lottery_is_drawn_at_the_deadline_and_its_proof_redoes_it(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    desk.clock.set(local(23, 10))
    made, cats = await _market(desk.db, desk.clock, staff, mode="lottery", stalls={"蔬菜水果": 2})
    apps = [
        await _apply(desk.db, desk.clock, v, made.id, cats["蔬菜水果"])
        for v in await _vendors(desk, 4)
    ]
    browser = await desk.sign_in(staff)
    url = f"/console/c/{made.community_id}/markets/{made.id}"
    before = await (await browser.get(url)).text()
    assert made.commitment in before and "现在摇号" not in before
    early = await desk.post(browser, f"{url}/draw", {}, form_page=url)
    assert early.status == 400
    async with desk.db.uow() as uow:
        assert (await uow.session.get(MarketDay, made.id)).drawn_at is None
    desk.clock.set(local(27, 18))
    browser = await desk.sign_in(staff)  # days later: a new sign-in
    assert "现在摇号" in await (await browser.get(url)).text()
    drawn = await desk.post(browser, f"{url}/draw", {}, form_page=url)
    assert drawn.status == 303
    assert desk.woken >= 1  # every applicant's result is pushed now
    page = await (await browser.get(url)).text()
    async with desk.db.uow() as uow:
        market = await uow.session.get(MarketDay, made.id)
    ids = sorted(a.id for a in apps)
    # What the page shows is enough to redo the draw with any SHA-256 tool.
    assert market.secret in page and market.seed in page and 'id="proof-holds"' in page
    assert lottery.commitment(market.secret) == made.commitment
    assert f'id="pool">{",".join(map(str, ids))}</code>' in page
    assert lottery.seed_of(market.secret, ids) == market.seed
    order = lottery.draw_order(market.seed, "蔬菜水果", ids)
    listed = page.split("前2个得到摊位")[1]
    assert [listed.index(f"报名编号{n}<") for n in order] == sorted(
        listed.index(f"报名编号{n}<") for n in order
    )
    rows = {r.id: r for r in await _rows(desk, ids)}
    assert [rows[i].status for i in order] == ["approved", "approved", "waitlisted", "waitlisted"]
    again = await desk.post(browser, f"{url}/draw", {}, form_page=url)
    assert again.status == 400  # drawn once


async def test_applications_attendance_figures_and_csv(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    desk.clock.set(local(23, 10))
    made, cats = await _market(desk.db, desk.clock, staff, stalls={"理发": 1})
    vendors = await _vendors(desk, 3)
    first, second, third = [
        await _apply(desk.db, desk.clock, v, made.id, cats["理发"], name=f"<b>摊{n}</b>")
        for n, v in enumerate(vendors)
    ]
    browser = await desk.sign_in(staff)
    url = f"/console/c/{made.community_id}/markets/{made.id}"
    page = await (await browser.get(url)).text()
    assert "&lt;b&gt;摊0&lt;/b&gt;" in page and "<b>摊0</b>" not in page
    assert "13812345678" in page  # staff see the full number
    blank = await desk.post(
        browser, f"{url}/applications/{first.id}/reject", {"reason": " "}, form_page=url
    )
    assert blank.status == 400
    assert [r.status for r in await _rows(desk, [first.id])] == ["approved"]
    rejected = await desk.post(
        browser, f"{url}/applications/{first.id}/reject", {"reason": "证件不全"}, form_page=url
    )
    assert rejected.status == 303
    # As in chat: the freed stall goes to the first in line.
    assert [r.status for r in await _rows(desk, [first.id, second.id, third.id])] == [
        "rejected",
        "approved",
        "waitlisted",
    ]
    full = await desk.post(browser, f"{url}/applications/{third.id}/approve", {}, form_page=url)
    assert full.status == 400  # no free stall, and one more was not asked for
    added = await desk.post(
        browser, f"{url}/applications/{third.id}/approve", {"add_stall": "yes"}, form_page=url
    )
    assert added.status == 303
    assert [r.status for r in await _rows(desk, [third.id])] == ["approved"]
    early = await desk.post(
        browser, f"{url}/applications/{second.id}/attendance", {"came": "no"}, form_page=url
    )
    assert early.status == 400  # not before the market day
    desk.clock.set(local(29, 9))
    browser = await desk.sign_in(staff)  # days later: a new sign-in
    for application, came in ((second, "no"), (third, "yes")):
        marked = await desk.post(
            browser,
            f"{url}/applications/{application.id}/attendance",
            {"came": came},
            form_page=url,
        )
        assert marked.status == 303
    page = await (await browser.get(url)).text()
    assert '<td class="num" id="no-shows">1</td>' in page
    assert [r.attended for r in await _rows(desk, [second.id, third.id])] == [False, True]
    csv = await browser.get(f"{url}/csv")
    assert csv.status == 200 and csv.headers["Content-Type"].startswith("text/csv")
    body = (await csv.read()).decode("utf-8-sig")
    assert "13812345678" in body and "未通过" in body


async def test_forms_without_token_bad_input_and_another_community(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    far = await factories.staff(desk.db, desk.clock, "far", "qixingyuan")
    desk.clock.set(local(23, 10))
    made, cats = await _market(desk.db, desk.clock, staff, stalls={"理发": 1})
    (vendor,) = await _vendors(desk, 1)
    application = await _apply(desk.db, desk.clock, vendor, made.id, cats["理发"])
    browser = await desk.sign_in(staff)
    here = f"/console/c/{made.community_id}/markets"
    url = f"{here}/{made.id}"
    no_token = await browser.post(
        f"{url}/applications/{application.id}/reject", data={"reason": "x"}
    )
    assert no_token.status == 403
    odd = await desk.post(
        browser,
        f"{url}/applications/{application.id}/attendance",
        {"came": "maybe"},
        form_page=url,
    )
    assert odd.status == 404
    for path in ("/99999", "/abc"):
        assert (await browser.get(f"{here}{path}")).status == 404
    assert [r.status for r in await _rows(desk, [application.id])] == ["approved"]
    # The other community's pages are refused; its market is not found under this one.
    other = await factories.community(desk.db, "qixingyuan")
    assert (await browser.get(f"/console/c/{other.id}/markets")).status == 403
    assert (await browser.get(f"/console/c/{other.id}/markets/{made.id}")).status == 403
    theirs = await desk.sign_in(far)
    assert (await theirs.get(url)).status == 403
    async with desk.db.uow() as uow:
        from linli.handlers.market import service

        other_market = await service.create_market(
            uow,
            by=await uow.users.get(far.id),
            community=await uow.communities.get(other.id),
            day=made.day,
            opens=made.opens,
            closes=made.closes,
            place="广场",
            stalls={"理发": 1},
            deadline=made.deadline,
            fee=made.fee,
            pledge_percent=0,
            mode="first",
            now=desk.clock.now(),
            config=desk.console.config,
        )
        await uow.commit()
    assert (await browser.get(f"{here}/{other_market.id}")).status == 404
    # This market's application through the other market's address: not found.
    sneaked = await desk.post(
        theirs,
        f"/console/c/{other.id}/markets/{other_market.id}/applications/{application.id}/reject",
        {"reason": "x"},
        form_page=f"/console/c/{other.id}/markets/{other_market.id}",
    )
    assert sneaked.status == 404
    assert [r.status for r in await _rows(desk, [application.id])] == ["approved"]


async def test_every_desk_page_reads_in_english_too(desk):
    """A staff member who chose English reads every page of notices, markets and the fund
    in English (each string exists in both languages with the same variables)."""
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    desk.clock.set(local(23, 10))
    made, cats = await _market(desk.db, desk.clock, staff, mode="lottery")
    (vendor,) = await _vendors(desk, 1)
    await _apply(desk.db, desk.clock, vendor, made.id, cats["理发"])
    async with desk.db.uow() as uow:
        (await uow.users.get(staff.id)).locale = "en"
        await uow.commit()
    desk.clock.set(local(27, 18))
    browser = await desk.sign_in(staff)
    cid = made.community_id
    url = f"/console/c/{cid}/markets/{made.id}"
    assert (await desk.post(browser, f"{url}/draw", {}, form_page=url)).status == 303
    pages = {
        f"/console/c/{cid}/notices": "All notices (0)",
        f"/console/c/{cid}/notices/new": "Next: see how many it reaches",
        f"/console/c/{cid}/markets": "Lottery",
        url: "The proof holds",
        f"/console/c/{cid}/fund": "Spending waiting for a second signature",
        f"/console/c/{cid}/fund/month/2026/11": "Balance at the start of the month",
    }
    for path, said in pages.items():
        response = await browser.get(path)
        text = await response.text()
        assert response.status == 200 and said in text, path
        assert "console-desk-" not in text, path  # no key shown for a missing string
