"""Notices at the desk: the audience count shown before sending, sent now or at a set time,
withdrawn, delivery watched, the archive; another community refused; forms without their
token or with bad input change nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from linli.bot.outbox import OutboxDispatcher
from linli.handlers.kit.config import CoreConfig
from linli.handlers.notices import service as notices
from linli.handlers.notices.service import Audience
from linli.storage.models import Notice, RoleGrant, Unit, User
from tests import factories
from tests.storage.test_outbox import RecordingSender

CONFIG = CoreConfig()


async def _notices(desk, community_id):
    async with desk.db.uow() as uow:
        found = await uow.session.scalars(
            select(Notice).where(Notice.community_id == community_id).order_by(Notice.id)
        )
        return list(found)


async def _setup(desk):
    staff = await factories.staff(desk.db, desk.clock, "s1", "xinhuashe")
    here = await factories.community(desk.db, "xinhuashe")
    for n in range(3):
        await factories.user(desk.db, desk.clock, f"r{n}", community_code="xinhuashe")
    return staff, here


DRAFT = {
    "title": "停水通知",
    "text": "明天上午<9点>到12点停水。",
    "topic": "停水停电",
    "audience": "community",
    "when": "now",
}


async def test_the_count_is_shown_before_sending_then_sent_watched_and_archived(desk):
    staff, here = await _setup(desk)
    base = f"/console/c/{here.id}/notices"
    browser = await desk.sign_in(staff)
    form = await browser.get(f"{base}/new")
    assert form.status == 200 and 'name="audience"' in await form.text()
    async with desk.db.uow() as uow:
        expected = await notices.count_audience(
            uow, here.id, Audience("community"), "停水停电", False
        )
    preview = await desk.post(browser, f"{base}/new", {**DRAFT, "action": "preview"})
    text = await preview.text()
    assert preview.status == 200
    assert f"这条通知会发给{expected}人" in text and f"确认发送（{expected}人）" in text
    assert "&lt;9点&gt;" in text and "<9点>" not in text  # escaped
    assert await _notices(desk, here.id) == []  # a preview sends nothing
    sent = await desk.post(
        browser, f"{base}/new", {**DRAFT, "action": "send"}, form_page=f"{base}/new"
    )
    assert sent.status == 303
    (notice,) = await _notices(desk, here.id)
    assert (notice.title, notice.text, notice.status) == ("停水通知", DRAFT["text"], "scheduled")
    assert sent.headers["Location"] == f"{base}/{notice.id}"
    desk.clock.advance(seconds=16)
    assert await notices.enqueue_due(desk.db, desk.clock.now(), CONFIG) == expected
    await OutboxDispatcher(desk.db, desk.clock, {"console": RecordingSender()}).drain()
    detail = await (await browser.get(f"{base}/{notice.id}")).text()
    assert "已发出" in detail
    delivery = detail.split('id="delivery"')[1]
    assert delivery.count(f'<td class="num">{expected}</td>') == 2  # people and delivered
    assert "撤回这条通知" not in detail  # all out: nothing left to withdraw
    archive = await (await browser.get(base)).text()
    assert "全部通知（1条）" in archive and "停水通知" in archive
    assert "现在没有正在发送的通知" in archive


async def test_a_scheduled_notice_waits_and_can_be_withdrawn(desk):
    staff, here = await _setup(desk)
    base = f"/console/c/{here.id}/notices"
    browser = await desk.sign_in(staff)
    later = {**DRAFT, "when": "later", "send_at": "2026-11-24T09:00", "action": "send"}
    assert (await desk.post(browser, f"{base}/new", later, form_page=f"{base}/new")).status == 303
    (notice,) = await _notices(desk, here.id)
    assert notice.send_at.astimezone(dt.UTC) == dt.datetime(2026, 11, 24, 1, tzinfo=dt.UTC)
    archive = await (await browser.get(base)).text()
    going = archive.split('id="going"')[1].split('id="archive"')[0]
    assert "停水通知" in going and "等待发送" in going
    withdrawn = await desk.post(
        browser, f"{base}/{notice.id}/withdraw", {}, form_page=f"{base}/{notice.id}"
    )
    assert withdrawn.status == 303
    (notice,) = await _notices(desk, here.id)
    assert notice.status == "cancelled"
    desk.clock.set(dt.datetime(2026, 11, 24, 2, tzinfo=dt.UTC))
    assert await notices.enqueue_due(desk.db, desk.clock.now(), CONFIG) == 0
    browser = await desk.sign_in(staff)  # a day later: a new sign-in
    again = await desk.post(browser, f"{base}/{notice.id}/withdraw", {}, form_page=base)
    assert again.status == 400  # already withdrawn: said so, nothing else changes


async def test_bad_input_is_answered_on_the_form_and_changes_nothing(desk):
    staff, here = await _setup(desk)
    base = f"/console/c/{here.id}/notices"
    browser = await desk.sign_in(staff)
    for change, said in (
        ({"text": "   "}, "通知内容不能为空"),
        ({"title": "长" * 61}, "标题最多60个字"),
        ({"when": "later", "send_at": "2026-11-22T09:00"}, "发送时间要晚于现在"),
        ({"when": "later", "send_at": "明天"}, "请填写定时发的日期和时间"),
        ({"when": "later", "send_at": ""}, "请填写定时发的日期和时间"),
        ({"when": "later", "send_at": "0001-01-01T00:00"}, "请填写定时发的日期和时间"),
    ):
        for action in ("preview", "send"):
            refused = await desk.post(
                browser,
                f"{base}/new",
                {**DRAFT, **change, "action": action},
                form_page=f"{base}/new",
            )
            assert refused.status == 400, change
            text = await refused.text()
            assert said in text and 'name="text"' in text  # the form again, with the error
    for forged in ("place:99999", "place:abc", "role:resident", "everyone", "place:"):
        refused = await desk.post(
            browser,
            f"{base}/new",
            {**DRAFT, "audience": forged, "action": "send"},
            form_page=f"{base}/new",
        )
        assert refused.status == 404, forged
    no_token = await browser.post(f"{base}/new", data={**DRAFT, "action": "send"})
    assert no_token.status == 403
    assert await _notices(desk, here.id) == []


async def test_another_communitys_notices_are_refused(desk):
    staff, here = await _setup(desk)
    far = await factories.staff(desk.db, desk.clock, "far", "qixingyuan")
    other = await factories.community(desk.db, "qixingyuan")
    async with desk.db.uow() as uow:
        theirs = await notices.create_notice(
            uow,
            by=await uow.users.get(far.id),
            community=await uow.communities.get(other.id),
            text="他们的通知",
            topic="其他",
            urgent=False,
            audience=Audience("community"),
            send_at=None,
            now=desk.clock.now(),
        )
        await uow.commit()
    browser = await desk.sign_in(staff)
    for path in ("", "/new", f"/{theirs.id}"):
        assert (await browser.get(f"/console/c/{other.id}/notices{path}")).status == 403
    assert (await browser.get(f"/console/c/{here.id}/notices/{theirs.id}")).status == 404
    base = f"/console/c/{here.id}/notices"
    sneaked = await desk.post(browser, f"{base}/{theirs.id}/withdraw", {}, form_page=base)
    assert sneaked.status == 404
    (still,) = await _notices(desk, other.id)
    assert still.status == "scheduled"
    # A place of the other community named in this one's form: not found, nothing made.
    async with desk.db.uow() as uow:
        far_place = (await uow.communities.descendants(other.id))[0].id
    refused = await desk.post(
        browser,
        f"{base}/new",
        {**DRAFT, "audience": f"place:{far_place}", "action": "send"},
        form_page=f"{base}/new",
    )
    assert refused.status == 404 and await _notices(desk, here.id) == []


async def test_in_a_browser_a_notice_is_composed_with_its_audience_count_and_sent(desk, browser):
    staff, here = await _setup(desk)
    async with desk.db.uow() as uow:
        expected = await notices.count_audience(uow, here.id, Audience("community"), "活动", False)
    context = await browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    window = await context.new_page()  # a phone's screen
    await window.goto(desk.url(await desk.link(staff)))
    async with window.expect_navigation(url="**/todo"):
        await window.get_by_role("button", name="登录").click()
    await window.get_by_role("link", name="通知", exact=True).click()
    await window.get_by_role("link", name="写一条通知").click()
    await window.get_by_label("标题（可不填）").fill("周六义诊")
    await window.get_by_label("内容", exact=True).fill("周六上午9点在社区活动室义诊，带上医保卡。")
    await window.get_by_label("类别", exact=True).select_option(label="活动")
    await window.get_by_label("发给谁", exact=True).select_option("community")
    await window.get_by_role("button", name="下一步：看看发给多少人").click()
    # Nothing wider than the phone's screen but the tables' own scrollers.
    assert await window.evaluate("document.documentElement.scrollWidth") <= 390
    count = window.locator("#audience-count")
    assert await count.inner_text() == f"这条通知会发给{expected}人。"
    assert await _notices(desk, here.id) == []
    await window.get_by_role("button", name=f"确认发送（{expected}人）").click()
    await window.get_by_text("已安排发送。").wait_for()
    assert await window.locator("#status").inner_text() == "等待发送"
    (notice,) = await _notices(desk, here.id)
    assert (notice.title, notice.topic, notice.audience) == ("周六义诊", "活动", "community")
    await window.get_by_role("button", name="撤回这条通知").wait_for()


async def test_an_operator_of_the_community_is_not_staff_here(desk):
    """Notices, markets and the fund are staff's: an operator of a facility in the
    community signs in to the console but is refused these pages and their forms."""
    _staff, here = await _setup(desk)
    operator = await factories.user(desk.db, desk.clock, "op1", community_code="xinhuashe")
    async with desk.db.uow() as uow:
        unit = await uow.session.scalar(select(Unit).order_by(Unit.id).limit(1))
        uow.roles.add(
            RoleGrant(
                user_id=operator.id,
                community_id=here.id,
                role="operator",
                unit_id=unit.id,
                granted_by="test",
                created_at=desk.clock.now(),
            )
        )
        await uow.commit()
    browser = await desk.sign_in(operator)
    todo = f"/console/c/{here.id}/todo"
    assert (await browser.get(todo)).status == 200
    for path in ("notices", "notices/new", "markets", "fund", "fund/month/2026/11"):
        assert (await browser.get(f"/console/c/{here.id}/{path}")).status == 403, path
    sent = await desk.post(
        browser, f"/console/c/{here.id}/notices/new", {**DRAFT, "action": "send"}, form_page=todo
    )
    proposed = await desk.post(
        browser,
        f"/console/c/{here.id}/fund/spending",
        {"amount": "5", "purpose": "x", "day": "2026-11-20"},
        form_page=todo,
    )
    assert (sent.status, proposed.status) == (403, 403)
    assert await _notices(desk, here.id) == []


async def test_a_notice_to_a_building_counts_those_there_and_says_who_it_misses(desk):
    staff, here = await _setup(desk)
    async with desk.db.uow() as uow:
        building = await uow.communities.by_code("xinhuashe-dorm-2")
        resident = await uow.session.scalar(
            select(User).where(User.external_id == "r0", User.channel == "console")
        )
        resident.building_id = building.id
        await uow.commit()
    async with desk.db.uow() as uow:
        there = await notices.count_audience(
            uow, here.id, Audience("place", str(building.id)), "停水停电", False
        )
        missing, _ = await notices.without_building(uow, here.id)
    assert there >= 1 and missing >= 3
    base = f"/console/c/{here.id}/notices"
    browser = await desk.sign_in(staff)
    form = await (await browser.get(f"{base}/new")).text()
    assert f'value="place:{building.id}"' in form
    preview = await desk.post(
        browser,
        f"{base}/new",
        {**DRAFT, "audience": f"place:{building.id}", "action": "preview"},
    )
    text = await preview.text()
    assert f"这条通知会发给{there}人" in text
    assert f"还有{missing}位居民没填小区或楼栋" in text
    everyone = await desk.post(browser, f"{base}/new", {**DRAFT, "action": "preview"})
    assert "没填小区或楼栋" not in await everyone.text()  # the whole community reaches them
