"""议事会 pages: the list and a new meeting, the agenda (add, order, take off), reschedule,
cancel, the printable agenda and the form after the meeting; refusals change nothing; and
one walk in a real browser from agenda to decision, seen afterwards in chat."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from linli.handlers.kit.config import CoreConfig
from linli.handlers.proposals import meetings
from linli.handlers.proposals import service as proposals
from linli.handlers.wiring import build_conversation
from linli.storage.models import AuditEntry, Meeting, Proposal
from tests import factories

CONFIG = CoreConfig()


async def _world(desk, count=2):
    """A staff member of 新华社, and `count` 待议 proposals there (threshold 1, one backer)."""
    db, clock = desk.db, desk.clock
    staff = await factories.staff(db, clock, "s1", "xinhuashe")
    fan = await factories.user(db, clock, "fan", community_code="xinhuashe")
    community = await factories.community(db, "xinhuashe")
    titles = ["东门装路灯", "楼下加长椅", "垃圾站搬远些"]
    ids = []
    for n in range(count):
        author = await factories.user(db, clock, f"a{n}", community_code="xinhuashe")
        async with db.uow() as uow:
            (await uow.communities.get(community.id)).proposal_threshold = 1
            idea = await proposals.submit(
                uow,
                await uow.users.get(author.id),
                title=titles[n],
                description=f"{titles[n]}，方便大家",
                category="环境",
                level="小区",
                now=clock.now(),
            )
            await proposals.support(uow, await uow.users.get(fan.id), idea.id, clock.now())
            await uow.commit()
            ids.append(idea.id)
    return staff, community, ids


async def _a_meeting(desk, community, staff, ids, days=3) -> int:
    async with desk.db.uow() as uow:
        meeting = await meetings.create(
            uow,
            await uow.users.get(staff.id),
            community.id,
            starts_at=desk.clock.now() + dt.timedelta(days=days),
            place="社区议事厅",
            now=desk.clock.now(),
        )
        for proposal_id in ids:
            await meetings.add_item(
                uow,
                await uow.users.get(staff.id),
                meeting.id,
                proposal_id,
                desk.clock.now(),
                CONFIG,
            )
        await uow.commit()
        return meeting.id


async def _state(desk, meeting_id):
    """What a refusal must leave untouched: the meeting, its agenda, the proposals."""
    async with desk.db.uow() as uow:
        meeting = await uow.session.get(Meeting, meeting_id)
        lines = await meetings.agenda(uow, meeting)
        return (
            meeting.status,
            meeting.starts_at,
            meeting.place,
            meeting.attendance,
            [
                (line.proposal.id, line.item.position, line.decision, line.proposal.state)
                for line in lines
            ],
        )


def _day(desk, days: int) -> str:
    return (desk.clock.now().astimezone(CONFIG.zone) + dt.timedelta(days=days)).date().isoformat()


async def test_plan_a_meeting_and_shape_its_agenda(desk):
    staff, community, ids = await _world(desk, 3)
    browser = await desk.sign_in(staff)
    base = f"/console/c/{community.id}/meetings"
    listing = await browser.get(base)
    assert listing.status == 200
    text = await listing.text()
    assert "有3个金点子等着上议事会" in text and "还没有安排议事会" in text

    created = await desk.post(
        browser, base, {"day": _day(desk, 4), "time": "19:30", "place": "文化站", "level": "社区"}
    )
    assert created.status == 303
    path = created.headers["Location"]
    meeting_id = int(path.rsplit("/", 1)[1])
    page = await browser.get(path)
    text = await page.text()
    assert "议事会已安排" in text and "文化站" in text and "还没有议题" in text
    for proposal_id in ids:
        added = await desk.post(browser, f"{path}/add", {"proposal": proposal_id}, form_page=path)
        assert added.status == 303
    assert desk.woken >= 3
    moved = await desk.post(
        browser, f"{path}/move", {"proposal": ids[2], "to": "up"}, form_page=path
    )
    assert moved.status == 303
    removed = await desk.post(browser, f"{path}/remove", {"proposal": ids[0]}, form_page=path)
    assert removed.status == 303
    state = await _state(desk, meeting_id)
    assert [(p, pos) for p, pos, _, _ in state[4]] == [(ids[2], 1), (ids[1], 2)]
    async with desk.db.uow() as uow:
        assert (await uow.session.get(Proposal, ids[0])).state == "pending"
    page = await (await browser.get(path)).text()
    assert page.index("垃圾站搬远些") < page.index("楼下加长椅")
    # The printable agenda: the items in order, with what each is about.
    printed = await (await browser.get(f"{path}/print")).text()
    assert printed.index("垃圾站搬远些") < printed.index("楼下加长椅")
    assert _day(desk, 4) in printed  # on paper, with the year
    assert "楼下加长椅，方便大家" in printed and "东门装路灯" not in printed
    # On the list, with its number of items.
    listed = await (await browser.get(base)).text()
    assert f'href="{base}/{meeting_id}"' in listed
    async with desk.db.uow() as uow:
        audited = [
            e.action
            for e in await uow.session.scalars(
                select(AuditEntry).where(AuditEntry.target == f"meeting:{meeting_id}")
            )
        ]
    assert {"meeting.create", "meeting.reorder", "meeting.remove"} <= set(audited)


async def test_reschedule_and_cancel_from_the_page(desk):
    staff, community, ids = await _world(desk, 2)
    meeting_id = await _a_meeting(desk, community, staff, ids)
    browser = await desk.sign_in(staff)
    path = f"/console/c/{community.id}/meetings/{meeting_id}"
    moved = await desk.post(
        browser,
        f"{path}/reschedule",
        {"day": _day(desk, 6), "time": "18:00", "place": "文化站"},
        form_page=path,
    )
    assert moved.status == 303
    status, starts_at, place, _, _ = await _state(desk, meeting_id)
    assert place == "文化站" and starts_at.astimezone(CONFIG.zone).hour == 18
    async with desk.db.uow() as uow:
        fan = await uow.users.by_external("console", "fan")
        told = [
            m
            for m in await uow.outbox.for_user(fan.id)
            if m.body["messages"][0]["key"] == "meeting-moved"
        ]
    assert len(told) == 1  # the fan follows both items: one message
    # Cancel asks to be sure first.
    unsure = await desk.post(browser, f"{path}/cancel", {}, form_page=path)
    assert unsure.status == 400 and "请先勾选" in await unsure.text()
    assert (await _state(desk, meeting_id))[0] == "scheduled"
    cancelled = await desk.post(browser, f"{path}/cancel", {"sure": "yes"}, form_page=path)
    assert cancelled.status == 303
    status, *_rest, lines = await _state(desk, meeting_id)
    assert status == "cancelled" and {state for *_x, state in lines} == {"pending"}
    page = await (await browser.get(path)).text()
    assert "已取消" in page and "/cancel" not in page


async def test_after_the_meeting_attendance_and_decisions_in_one_form(desk):
    staff, community, ids = await _world(desk, 2)
    meeting_id = await _a_meeting(desk, community, staff, ids, days=1)
    browser = await desk.sign_in(staff)
    path = f"/console/c/{community.id}/meetings/{meeting_id}"
    early = await (await browser.get(f"{path}/record")).text()
    assert "会还没开" in early
    desk.clock.advance(days=1, hours=2)
    browser = await desk.sign_in(staff)  # a session lasts 12 hours
    base = f"/console/c/{community.id}/meetings"
    assert "待记录结果" in await (await browser.get(base)).text()
    form = {
        "attendance": "15",
        "attendees": "楼长3人、居民代表12人",
        f"p{ids[0]}-decision": "adopt",
        f"p{ids[0]}-carrier": "街道",
        f"p{ids[0]}-for": "12",
        f"p{ids[0]}-against": "2",
        f"p{ids[0]}-abstain": "1",
        f"p{ids[1]}-decision": "decline",
        f"p{ids[1]}-reason": "场地不归社区管理",
        f"p{ids[1]}-for": "3",
        f"p{ids[1]}-against": "11",
        f"p{ids[1]}-abstain": "1",
    }
    # More votes than people: refused politely, and nothing of the form is kept.
    before = await _state(desk, meeting_id)
    refused = await desk.post(
        browser, f"{path}/record", {**form, "attendance": "10"}, form_page=f"{path}/record"
    )
    assert refused.status == 400 and "票数加起来不能多于到会人数" in await refused.text()
    assert await _state(desk, meeting_id) == before
    bad = await desk.post(
        browser, f"{path}/record", {**form, f"p{ids[0]}-for": "十二"}, form_page=f"{path}/record"
    )
    assert bad.status == 400 and "整数" in await bad.text()
    assert await _state(desk, meeting_id) == before
    saved = await desk.post(browser, f"{path}/record", form, form_page=f"{path}/record")
    assert saved.status == 303
    status, _, _, attendance, lines = await _state(desk, meeting_id)
    assert (status, attendance) == ("held", 15)
    assert [(d, s) for _, _, d, s in lines] == [("adopt", "adopted"), ("decline", "declined")]
    page = await (await browser.get(path)).text()
    assert "赞成12，反对2，弃权1" in page and "到会15人" in page
    listed = await (await browser.get(base)).text()
    assert "已开" in listed and "待记录结果" not in listed
    printed = await (await browser.get(f"{path}/print")).text()
    assert "立项" in printed and "不通过" in printed


async def test_another_communitys_meetings_are_refused_and_change_nothing(desk):
    staff, community, ids = await _world(desk, 1)
    meeting_id = await _a_meeting(desk, community, staff, ids)
    far = await factories.staff(desk.db, desk.clock, "far", "qixingyuan")
    far_community = await factories.community(desk.db, "qixingyuan")
    browser = await desk.sign_in(far)
    own = f"/console/c/{community.id}/meetings"
    assert (await browser.get(own)).status == 403
    assert (await browser.get(f"{own}/{meeting_id}")).status == 403
    assert (await browser.get(f"{own}/{meeting_id}/print")).status == 403
    # Through their own community's address: the meeting is not theirs.
    theirs = f"/console/c/{far_community.id}/meetings"
    assert (await browser.get(f"{theirs}/{meeting_id}")).status in (403, 404)
    before = await _state(desk, meeting_id)
    for action, data in (
        ("remove", {"proposal": ids[0]}),
        ("cancel", {"sure": "yes"}),
        ("reschedule", {"day": _day(desk, 5), "time": "10:00", "place": "x"}),
    ):
        refused = await desk.post(
            browser, f"{theirs}/{meeting_id}/{action}", data, form_page=theirs
        )
        assert refused.status in (403, 404)
    assert await _state(desk, meeting_id) == before
    # A resident has no console at all; an operator of a unit is not staff here.
    assert (await browser.get(f"{theirs}")).status == 200


async def test_forms_without_their_token_change_nothing(desk):
    staff, community, ids = await _world(desk, 1)
    meeting_id = await _a_meeting(desk, community, staff, ids)
    browser = await desk.sign_in(staff)
    path = f"/console/c/{community.id}/meetings/{meeting_id}"
    token = await desk.csrf(browser, path)
    before = await _state(desk, meeting_id)
    for data in ({"sure": "yes"}, {"sure": "yes", "_csrf": token + "x"}):
        assert (
            await browser.post(f"{path}/cancel", data=data, allow_redirects=False)
        ).status == 403
    assert (
        await browser.post(
            f"/console/c/{community.id}/meetings",
            data={"day": _day(desk, 2), "time": "19:00", "place": "x", "level": "社区"},
            allow_redirects=False,
        )
    ).status == 403
    assert await _state(desk, meeting_id) == before
    async with desk.db.uow() as uow:
        assert len(list(await uow.session.scalars(select(Meeting)))) == 1


async def test_bad_input_is_answered_and_changes_nothing(desk):
    staff, community, ids = await _world(desk, 1)
    browser = await desk.sign_in(staff)
    base = f"/console/c/{community.id}/meetings"
    for data, said in (
        (
            {"day": "2026-02-30", "time": "19:00", "place": "文化站", "level": "社区"},
            "日期或时间不对",
        ),
        (
            {"day": _day(desk, 2), "time": "25:00", "place": "文化站", "level": "社区"},
            "日期或时间不对",
        ),
        (
            {"day": _day(desk, -2), "time": "19:00", "place": "文化站", "level": "社区"},
            "时间要在以后",
        ),
        ({"day": _day(desk, 2), "time": "19:00", "place": " ", "level": "社区"}, "要写地点"),
        ({"day": _day(desk, 2), "time": "19:00", "place": "x" * 101, "level": "社区"}, "要写地点"),
        ({"day": _day(desk, 2), "time": "19:00", "place": "文化站", "level": "市"}, "请选层级"),
        (
            {"day": "0001-01-01", "time": "00:00", "place": "文化站", "level": "社区"},
            "日期或时间不对",
        ),
        ({"day": _day(desk, 400), "time": "19:00", "place": "文化站", "level": "社区"}, "提前一年"),
    ):
        refused = await desk.post(browser, base, data)
        assert refused.status == 400, data
        assert said in await refused.text()
    async with desk.db.uow() as uow:
        assert list(await uow.session.scalars(select(Meeting))) == []
    meeting_id = await _a_meeting(desk, community, staff, [])
    path = f"{base}/{meeting_id}"
    before = await _state(desk, meeting_id)
    assert (
        await desk.post(browser, f"{path}/add", {"proposal": "abc"}, form_page=path)
    ).status == 404
    assert (
        await desk.post(browser, f"{path}/add", {"proposal": "²"}, form_page=path)
    ).status == 404
    assert (
        await desk.post(browser, f"{path}/add", {"proposal": "999999"}, form_page=path)
    ).status == 404
    assert (
        await desk.post(browser, f"{path}/move", {"proposal": ids[0], "to": "left"}, form_page=path)
    ).status == 404
    assert await _state(desk, meeting_id) == before
    # The <script> a title could hold is shown, not run.
    async with desk.db.uow() as uow:
        (await uow.session.get(Proposal, ids[0])).title = "<script>alert(1)</script>"
        await uow.commit()
    page = await (await browser.get(path)).text()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


async def test_a_meeting_from_agenda_to_decision_in_a_real_browser(desk, browser):
    """Staff plan a meeting, put a proposal on it, print the agenda, and after the meeting
    record the attendance and adopt it; the proposal's author sees it adopted in chat."""
    staff, _community, ids = await _world(desk, 1)
    tab = await browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    await tab.goto(desk.url(await desk.link(staff)))
    await tab.get_by_role("button", name="登录").click()
    await tab.wait_for_url("**/todo")
    await tab.get_by_role("link", name="议事会").first.click()
    await tab.wait_for_url("**/meetings")
    # In two hours: the whole walk fits in one session (12 hours).
    starts = desk.clock.now().astimezone(CONFIG.zone) + dt.timedelta(hours=2)
    await tab.get_by_label("日期").fill(starts.date().isoformat())
    await tab.get_by_label("时间").fill(f"{starts:%H:%M}")
    await tab.get_by_label("地点").fill("社区议事厅")
    await tab.get_by_role("button", name="安排").click()
    await tab.wait_for_load_state()
    assert await tab.get_by_text("议事会已安排").is_visible()
    await tab.get_by_label("选一个待议的金点子").select_option(str(ids[0]))
    await tab.get_by_role("button", name="加进议题").click()
    await tab.wait_for_load_state()
    assert await tab.get_by_role("cell", name=f"#{ids[0]} 东门装路灯").is_visible()
    width = await tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    await tab.get_by_role("link", name="打印议程").click()
    await tab.wait_for_load_state()
    assert await tab.get_by_text("东门装路灯，方便大家").is_visible()
    await tab.emulate_media(media="print")
    assert not await tab.get_by_role("button", name="退出").is_visible()
    await tab.emulate_media(media="screen")
    await tab.get_by_role("link", name="回到这次会").click()
    await tab.wait_for_load_state()

    desk.clock.advance(hours=3)  # the meeting has been held
    await tab.reload()
    await tab.get_by_role("link", name="会后记录").click()
    await tab.wait_for_load_state()
    await tab.get_by_label("到会人数").fill("14")
    await tab.get_by_label("立项", exact=True).check()
    await tab.get_by_label("立项后由谁推进").select_option("社区")
    await tab.get_by_label("赞成票").fill("13")
    await tab.get_by_label("反对票").fill("1")
    await tab.get_by_role("button", name="保存").click()
    await tab.wait_for_load_state()
    assert await tab.get_by_text("已保存").is_visible()
    assert await tab.get_by_text("赞成13，反对1，弃权0").is_visible()

    chat = factories.Chat(build_conversation(desk.db, desk.clock, CONFIG), desk.translator, "a0")
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-proposals"))
    await chat.send(chat.number_of("proposals-mine"))
    await chat.send("1")
    shown = chat.render()
    assert "东门装路灯" in shown and "已立项" in shown


async def test_an_operator_of_a_place_is_not_staff_of_the_council(desk):
    """Operators of a facility sign in to the console, but meetings are for staff only."""
    from linli.storage.models import Facility, RoleGrant

    _staff, community, _ids = await _world(desk, 1)
    operator = await factories.user(desk.db, desk.clock, "op1", community_code="xinhuashe")
    async with desk.db.uow() as uow:
        unit_id = await uow.session.scalar(select(Facility.unit_id).limit(1))
        uow.roles.add(
            RoleGrant(
                user_id=operator.id,
                community_id=community.id,
                role="operator",
                unit_id=unit_id,
                granted_by="test",
                created_at=desk.clock.now(),
            )
        )
        await uow.commit()
    browser = await desk.sign_in(operator)
    base = f"/console/c/{community.id}/meetings"
    assert (await browser.get(base)).status == 403
    token = await desk.csrf(browser, f"/console/c/{community.id}/todo")
    made = await browser.post(
        base,
        data={"_csrf": token, "day": _day(desk, 2), "time": "19:00", "place": "x", "level": "社区"},
        allow_redirects=False,
    )
    assert made.status == 403
    async with desk.db.uow() as uow:
        assert list(await uow.session.scalars(select(Meeting))) == []
