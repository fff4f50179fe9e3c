"""What the web console's notice pages call: a title, the audience count before sending,
the archive with each notice's delivery, the notices still going out."""

from __future__ import annotations

import pytest

from linli.bot.outbox import OutboxDispatcher, SendFailed
from linli.handlers.kit.errors import DomainError, NotAllowed, NotFound
from linli.handlers.notices import service as notices
from linli.handlers.notices.service import Audience
from tests import factories
from tests.booking.test_booking_chat import press
from tests.factories import Chat
from tests.notices.test_notices import CONFIG, EVERYONE, local
from tests.storage.test_outbox import RecordingSender


@pytest.fixture
async def place(db, clock):
    clock.set(local(23, 10))
    await factories.places(db)
    staff = await factories.staff(db, clock, "boss", "xinhuashe")
    people = [
        await factories.user(db, clock, f"r{n}", community_code="xinhuashe") for n in range(4)
    ]
    await factories.user(db, clock, "far", community_code="qixingyuan")
    return staff, people


async def _create(
    db, clock, staff, *, title=None, text="明天停水", send_at=None, audience=EVERYONE
):
    async with db.uow() as uow:
        notice = await notices.create_notice(
            uow,
            by=await uow.users.get(staff.id),
            community=await uow.communities.by_code("xinhuashe"),
            title=title,
            text=text,
            topic="停水停电",
            urgent=False,
            audience=audience,
            send_at=send_at,
            now=clock.now(),
        )
        await uow.commit()
        return notice


async def test_a_title_is_shown_above_the_text_and_bounded(db, clock, place):
    staff, _people = place
    notice = await _create(db, clock, staff, title="  停水\n通知 ")
    assert notice.title == "停水 通知"  # one line: a break would read as a line of its own
    shown = notices.notice_reply(notice).messages
    assert [m.args.get("text") for m in shown[1:]] == ["停水 通知", "明天停水"]
    untitled = await _create(db, clock, staff)
    assert untitled.title is None and len(notices.notice_reply(untitled).messages) == 2
    with pytest.raises(DomainError) as long:
        await _create(db, clock, staff, title="长" * 61)
    assert long.value.message.key == "console-desk-notice-bad-title"


async def test_the_audience_count_is_who_the_notice_reaches(db, clock, place):
    staff, people = place
    async with db.uow() as uow:
        community = await uow.communities.by_code("xinhuashe")
        building = await uow.communities.by_code("xinhuashe-dorm-2")
        (await uow.users.get(people[0].id)).building_id = building.id
        await notices.set_muted(uow, await uow.users.get(people[1].id), "停水停电", True)
        await uow.commit()
        places = dict(await notices.audience_places(uow, community.id))
        assert places[building.id].endswith(building.name) and len(places[building.id]) > len(
            building.name
        )  # a 楼栋 with its 小区, as residents know it
        everyone = await notices.count_audience(uow, community.id, EVERYONE, "停水停电", False)
        urgent = await notices.count_audience(uow, community.id, EVERYONE, "停水停电", True)
        one = await notices.count_audience(
            uow, community.id, Audience("place", str(building.id)), "停水停电", False
        )
    assert (everyone, urgent, one) == (4, 5, 1)  # 4 residents and staff, one muting
    await _create(db, clock, staff, audience=Audience("place", str(building.id)))
    clock.advance(seconds=16)
    assert await notices.enqueue_due(db, clock.now(), CONFIG) == one
    await _create(db, clock, staff)
    clock.advance(seconds=16)
    assert await notices.enqueue_due(db, clock.now(), CONFIG) == everyone


async def test_the_archive_pages_notices_with_their_delivery(db, clock, place):
    staff, _people = place
    sent = await _create(db, clock, staff, text="第一条")
    clock.advance(seconds=16)
    await notices.enqueue_due(db, clock.now(), CONFIG)
    sender = RecordingSender([SendFailed("400 chat not found")])
    await OutboxDispatcher(db, clock, {"console": sender}).drain()
    later = await _create(db, clock, staff, text="第二条", send_at=local(24, 9))
    for n in range(3):
        await _create(db, clock, staff, text=f"再一条{n}")
    async with db.uow() as uow:
        me = await uow.users.get(staff.id)
        first = await notices.archive(
            uow, me, (await uow.communities.by_code("xinhuashe")).id, 0, 2
        )
        last = await notices.archive(uow, me, first.rows[0].notice.community_id, 99, 2)
    assert (first.total, first.pages, first.page, last.page) == (5, 3, 0, 2)
    assert [r.notice.text for r in first.rows] == ["再一条2", "再一条1"]  # newest first
    assert [r.notice.id for r in last.rows] == [sent.id]
    done = last.rows[0]
    assert (done.notice.recipients, done.sent, done.waiting, done.failed) == (5, 4, 0, 1)
    assert done.finished
    async with db.uow() as uow:
        me = await uow.users.get(staff.id)
        going = await notices.in_progress(uow, me, done.notice.community_id)
    assert later.id in [r.notice.id for r in going] and sent.id not in [r.notice.id for r in going]


async def test_a_notice_held_by_quiet_hours_is_in_progress_until_it_goes(db, clock, place):
    staff, _people = place
    clock.set(local(23, 23))  # within everyone's default quiet hours
    notice = await _create(db, clock, staff)
    clock.advance(seconds=16)
    await notices.enqueue_due(db, clock.now(), CONFIG)
    await OutboxDispatcher(db, clock, {"console": RecordingSender()}).drain()
    async with db.uow() as uow:
        me = await uow.users.get(staff.id)
        going = await notices.in_progress(uow, me, notice.community_id)
    assert [(r.notice.id, r.sent, r.waiting) for r in going] == [(notice.id, 0, 5)]
    clock.set(local(24, 8))
    await OutboxDispatcher(db, clock, {"console": RecordingSender()}).drain()
    async with db.uow() as uow:
        me = await uow.users.get(staff.id)
        assert await notices.in_progress(uow, me, notice.community_id) == []


async def test_only_the_communitys_staff_read_the_archive(db, clock, place):
    _staff, people = place
    other = await factories.staff(db, clock, "other", "qixingyuan")
    async with db.uow() as uow:
        here = (await uow.communities.by_code("xinhuashe")).id
        for who in (people[0].id, other.id):
            with pytest.raises(NotAllowed):
                await notices.archive(uow, await uow.users.get(who), here)
            with pytest.raises(NotAllowed):
                await notices.in_progress(uow, await uow.users.get(who), here)


async def test_a_preview_checks_the_draft_as_sending_does_and_counts(db, clock, place):
    staff, _people = place
    draft = dict(text="明天停水", topic="停水停电", urgent=False, send_at=None, now=clock.now())
    async with db.uow() as uow:
        me = await uow.users.get(staff.id)
        here = (await uow.communities.by_code("xinhuashe")).id
        far = (await uow.communities.by_code("qixingyuan-south")).id
        checked, count = await notices.preview(uow, me, here, audience=EVERYONE, **draft)
        assert (checked.text, count) == ("明天停水", 5)
        for forged in ("abc", "", str(far), "9" * 40):
            with pytest.raises(NotFound):
                await notices.preview(uow, me, here, audience=Audience("place", forged), **draft)
        with pytest.raises(NotFound):
            await notices.preview(uow, me, here, audience=Audience("role", "resident"), **draft)
        with pytest.raises(DomainError) as empty:
            await notices.preview(uow, me, here, audience=EVERYONE, **{**draft, "text": "  "})
        assert empty.value.message.key == "notice-bad-text"
        with pytest.raises(DomainError) as past:
            await notices.preview(
                uow, me, here, audience=EVERYONE, **{**draft, "send_at": clock.now()}
            )
        assert past.value.message.key == "notice-time-past"


async def test_chat_lists_a_notice_by_its_title_when_it_has_one(
    db, clock, place, conversation, translator
):
    staff, _people = place
    await _create(db, clock, staff, title="周六停水", text="周六上午九点到十二点停水，请储水")
    chat = Chat(conversation, translator, "boss")
    await chat.send("")
    await press(chat, "menu-staff", "staff-notices")
    assert "周六停水" in chat.render() and "周六上午九点" not in chat.render()
