"""待办: what waits for staff, for how long, seen by whom; and the page in a real browser."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

from linli.handlers.worklist import worklist
from linli.storage.models import (
    FacilityRequest,
    MarketCategory,
    MarketDay,
    Notice,
    OutboxMessage,
    Proposal,
    RoleGrant,
    SpendingRequest,
    StallApplication,
)
from tests import factories

ZONE = dt.timezone(dt.timedelta(hours=8))
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "console-todo.png"


async def waiting_things(db, clock, community_code: str = "xinhuashe") -> dict:
    """One of each kind of thing staff must deal with, made at different ages."""
    now = clock.now()
    resident = await factories.user(db, clock, "r-work", community_code=community_code)
    async with db.uow() as uow:
        place = await uow.communities.by_code(community_code)
        facility = (await uow.facilities.serving(place.id))[0]

        def proposal(title: str, days: int, **extra) -> Proposal:
            at = now - dt.timedelta(days=days)
            row = Proposal(
                community_id=place.id,
                author_id=resident.id,
                title=title,
                description="…",
                category="环境",
                level="社区",
                state=extra.pop("state", "pending"),
                threshold=10,
                window_ends_at=at,
                created_at=at,
                updated_at=at,
                **extra,
            )
            uow.session.add(row)
            return row

        proposal("楼道加装扶手", 5)
        proposal("小区门口划线", 1)
        proposal("<b>广场舞音量</b>", 2, hidden=True, reports=3, state="collecting")
        proposal("已经议过", 9, state="adopted")
        uow.session.add(
            FacilityRequest(
                facility_id=facility.id,
                user_id=resident.id,
                day=(now + dt.timedelta(days=3)).date(),
                opens=dt.time(9),
                closes=dt.time(11),
                purpose="合唱排练",
                headcount=12,
                created_at=now - dt.timedelta(days=4),
            )
        )
        market = MarketDay(
            community_id=place.id,
            day=(now + dt.timedelta(days=10)).date(),
            opens=dt.time(9),
            closes=dt.time(12),
            place="中心广场",
            deadline=now + dt.timedelta(days=5),
            fee=Decimal("0"),
            mode="first",
            created_by="test",
            created_at=now,
        )
        uow.session.add(market)
        await uow.flush()
        category = MarketCategory(market_id=market.id, name="手工", stalls=5)
        uow.session.add(category)
        await uow.flush()
        uow.session.add(
            StallApplication(
                market_id=market.id,
                category_id=category.id,
                user_id=resident.id,
                stall_name="王阿姨手工",
                goods="布鞋",
                phone="13800000000",
                status="applied",
                created_at=now - dt.timedelta(days=2),
            )
        )
        staff_id = (await uow.users.by_external("console", "s1")).id
        uow.session.add(
            SpendingRequest(
                community_id=place.id,
                day=now.date(),
                amount=Decimal("120.00"),
                purpose="买扫帚",
                proposed_by=staff_id,
                status="pending",
                created_at=now - dt.timedelta(days=6),
            )
        )
        notice = Notice(
            community_id=place.id,
            text="明天停水\n九点到十二点",
            topic="general",
            audience="community",
            send_at=now - dt.timedelta(hours=1),
            status="sent",
            recipients=3,
            created_at=now - dt.timedelta(hours=1),
            enqueued_at=now - dt.timedelta(hours=1),
        )
        uow.session.add(notice)
        await uow.flush()
        for n, status in enumerate(("sent", "sent", "pending")):
            uow.session.add(
                OutboxMessage(
                    user_id=resident.id,
                    kind="notice",
                    body={},
                    notice_id=notice.id,
                    status=status,
                    due_at=now,
                    dedupe_key=f"notice:{notice.id}:{n}",
                    created_at=now,
                )
            )
        await uow.commit()
    return {"facility": facility, "community": place}


async def test_staff_see_what_waits_and_for_how_long(db, clock):
    await factories.demo(db, clock)
    staff = await factories.staff(db, clock, "s1", "xinhuashe")
    made = await waiting_things(db, clock)
    async with db.uow(read_only=True) as uow:
        work = await worklist(uow, staff, made["community"].id, clock.now(), ZONE)
    assert [(i.label, i.days) for i in work.to_schedule] == [
        ("楼道加装扶手", 5),
        ("小区门口划线", 1),
    ]
    assert [(i.label, i.extra["reports"]) for i in work.to_review] == [("<b>广场舞音量</b>", 3)]
    assert [(i.label, i.days) for i in work.requests] == [(made["facility"].name, 4)]
    assert [i.days for i in work.applications] == [2]
    assert [(i.label, i.days, i.extra["mine"]) for i in work.spending] == [("买扫帚", 6, True)]
    [notice] = work.notices
    assert notice.label == "明天停水"
    assert (notice.extra["sent"], notice.extra["waiting"], notice.extra["failed"]) == (2, 1, 0)
    # Three days or more: the proposal (5), the request (4), the spending (6).
    assert work.overdue(3) == {"to_schedule": 1, "requests": 1, "spending": 1}


async def test_staff_of_another_community_and_operators_see_only_theirs(db, clock):
    await factories.demo(db, clock)
    await factories.staff(db, clock, "s1", "xinhuashe")
    other = await factories.staff(db, clock, "s2", "qixingyuan")
    made = await waiting_things(db, clock)
    async with db.uow(read_only=True) as uow:
        theirs = await worklist(uow, other, made["community"].id, clock.now(), ZONE)
    assert not any(items for _, items in theirs.sections())
    operator = await factories.user(db, clock, "op1", community_code="xinhuashe")
    async with db.uow() as uow:
        uow.roles.add(
            RoleGrant(
                user_id=operator.id,
                community_id=made["community"].id,
                role="operator",
                unit_id=made["facility"].unit_id,
                granted_by="test",
                created_at=clock.now(),
            )
        )
        await uow.commit()
    async with db.uow(read_only=True) as uow:
        work = await worklist(uow, operator, made["community"].id, clock.now(), ZONE)
    assert [i.label for i in work.requests] == [made["facility"].name]
    assert work.to_schedule == [] and work.spending == [] and work.notices == []


async def test_the_work_list_page_escapes_and_counts(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    made = await waiting_things(desk.db, desk.clock)
    client = await desk.sign_in(staff)
    page = await client.get(f"/console/c/{made['community'].id}/todo")
    text = await page.text()
    assert page.status == 200
    assert "等待上议事会的金点子" in text and "楼道加装扶手" in text and "5天" in text
    assert "&lt;b&gt;广场舞音量&lt;/b&gt;" in text and "<b>广场舞音量" not in text
    assert "已送达2，等待1，失败0" in text
    assert "要另一位签字" in text
    assert "已经议过" not in text
    # Each thing links to the page where it is dealt with, and that page opens.
    cid = made["community"].id
    for href in (f"/console/c/{cid}/meetings", f"/console/c/{cid}/fund"):
        assert f'href="{href}"' in text
        assert (await client.get(href)).status == 200


async def test_signing_in_from_chat_in_a_real_browser(desk, browser):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    made = await waiting_things(desk.db, desk.clock)
    tab = await browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    link = desk.url(await desk.link(staff))
    await tab.goto(link)
    # The link page only offers a button; pressing it signs in and opens 待办.
    async with tab.expect_navigation(url="**/todo"):
        await tab.get_by_role("button", name="登录").click()
    assert (
        await tab.get_by_role("heading", level=1).inner_text() == f"待办 · {made['community'].name}"
    )
    assert await tab.get_by_text("楼道加装扶手").is_visible()
    # The page fits a phone: nothing wider than the screen but the tables' own scrollers.
    width = await tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    # Large text (the phone's text size setting doubles the root size; sizes are in rem):
    # still no sideways scrolling of the page, and the words grew.
    before = await tab.get_by_text("楼道加装扶手").bounding_box()
    await tab.add_style_tag(content="html { font-size: 200% }")
    assert await tab.evaluate("document.documentElement.scrollWidth") <= 390
    after = await tab.get_by_text("楼道加装扶手").bounding_box()
    assert after["height"] > 1.5 * before["height"]
    if os.environ.get("LINLI_WRITE_DOCS"):
        wide = await browser.new_page(viewport={"width": 1100, "height": 900})
        await wide.context.add_cookies(await tab.context.cookies())
        await wide.goto(tab.url)
        await wide.screenshot(path=str(SCREENSHOT), full_page=True)
    # The keyboard reaches the sign-out button; it signs out.
    await tab.get_by_role("button", name="退出").focus()
    async with tab.expect_navigation():
        await tab.keyboard.press("Enter")
    assert await tab.get_by_text("已退出").first.is_visible()
    # The used link now says so, in the same browser.
    await tab.goto(link)
    assert await tab.get_by_text("已经用过或过期了").is_visible()
    # A new link opened after its ten minutes: no button, the same words.
    late = desk.url(await desk.link(staff))
    desk.clock.advance(minutes=11)
    response = await tab.goto(late)
    assert response.status == 404
    assert await tab.get_by_text("已经用过或过期了").is_visible()
    assert await tab.get_by_role("button", name="登录").count() == 0


async def test_staff_are_told_once_a_morning_of_what_waited_too_long(db, clock):
    from sqlalchemy import select

    from linli.handlers.kit.config import CoreConfig
    from linli.handlers.worklist import send_digests

    await factories.demo(db, clock)
    staff = await factories.staff(db, clock, "s1", "xinhuashe")
    await waiting_things(db, clock)
    config = CoreConfig(digest_days=3)
    day = clock.now().astimezone(config.zone).date() + dt.timedelta(days=1)
    clock.set(dt.datetime.combine(day, dt.time(8, 30), tzinfo=config.zone))

    async def digest() -> int:
        async with db.uow() as uow:
            told = await send_digests(uow, clock.now(), config)
            await uow.commit()
        return told

    async def pushes() -> list[OutboxMessage]:
        async with db.uow(read_only=True) as uow:
            rows = await uow.session.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.kind == "worklist", OutboxMessage.user_id == staff.id
                )
            )
            return list(rows)

    assert await digest() == 0  # before nine: not yet
    clock.set(dt.datetime.combine(day, dt.time(9, 5), tzinfo=config.zone))
    assert await digest() >= 1
    [told] = await pushes()
    keys = [m["key"] for m in told.body["messages"]]
    assert keys[0] == "console-digest" and keys[-1] == "console-digest-open"
    # The proposal (6 days by now), the request (5) and the spending (7): three lines.
    assert keys.count("console-digest-line") == 3
    clock.advance(hours=3)
    assert await digest() == 0  # once a day, however often the chores run
    assert len(await pushes()) == 1
    clock.advance(days=1)
    assert await digest() >= 1
    assert len(await pushes()) == 2
    # Off: nobody is told.
    clock.advance(days=1)
    assert await send_digests_off(db, clock) == 0


async def send_digests_off(db, clock) -> int:
    from linli.handlers.kit.config import CoreConfig
    from linli.handlers.worklist import send_digests

    async with db.uow() as uow:
        return await send_digests(uow, clock.now(), CoreConfig(digest_days=0))
