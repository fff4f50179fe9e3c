"""我的预约 beyond bookings (issue 17, points 11-12): places in line and 按需 requests, each
left or withdrawn after one "确定…吗？"; a closure tells those in line; two overlapping
approvals refused; a clash with another booking said at confirm. All on the console."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import select

from linli.handlers.booking import requests
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import DomainError
from linli.storage.db import Database
from linli.storage.models import FacilityRequest, WaitlistEntry
from tests import factories
from tests.factories import Chat
from tests.walk import press

PINGPONG = ["menu-facilities", "facilities-search", "!乒乓", "#1", "facility-book"]
HALL = ["menu-facilities", "facilities-all", "=天光教室", "facility-request"]
ASKED_ONCE = "[1] 确定取消\n[2] 不取消"
CONFIG = CoreConfig()
ZONE = CONFIG.zone


async def go(chat: Chat, *presses: str) -> None:
    for what in presses:
        await press(chat, what)


async def person(db, clock, conversation, translator, name: str, community: str) -> Chat:
    await factories.user(db, clock, name, community_code=community)
    chat = Chat(conversation, translator, name)
    await chat.send("")
    return chat


async def pushed(db, name: str) -> list[str]:
    """The message keys pushed to this console user so far."""
    async with db.uow() as uow:
        user = await uow.users.by_external("console", name)
        return [m.body["messages"][0]["key"] for m in await uow.outbox.for_user(user.id)]


async def test_places_in_line_are_listed_left_once_asked_and_told_of_a_closure(
    db, clock, conversation, translator
):
    await factories.demo(db, clock)
    # 乒乓球室 (七星园) has 2 places a slot: a and b take them, c, d, e and f wait in line.
    people = {}
    for name in "abcdef":
        people[name] = await person(db, clock, conversation, translator, name, "qixingyuan")
        await go(people[name], *PINGPONG, "#1", "#1")
    await go(people["a"], "booking-confirm")
    await go(people["b"], "booking-confirm")
    for name in "cdef":
        await go(people[name], "booking-confirm", "waitlist-join")
        assert people[name].keys()[0] == "waitlist-joined", people[name].render()
    c, d, e, f = (people[name] for name in "cdef")

    await go(d, "menu-mine")
    assert d.keys() == ["mine-wait-title", "mine-pick"], d.render()
    assert "候补：" in d.render() and "乒乓球室" in d.render()
    # c also books the next day: one list, how to open an item said once, at the end.
    await go(c, *PINGPONG, "#2", "#1", "booking-confirm", "menu-mine")
    assert c.keys() == ["mine-wait-title", "mine-title"], c.render()
    assert c.render().count("回复数字查看") == 1
    await go(c, "=候补：")
    assert "您排在候补第1位" in c.render()
    await go(d, "#1")
    assert "您排在候补第2位" in d.render()
    # Leaving is asked once; 不取消 keeps the place in line.
    await go(c, "mine-wait-leave")
    assert c.keys() == ["mine-wait-leave-ask"] and "乒乓球室" in c.render()
    assert ASKED_ONCE in c.render()
    await go(c, "confirm-cancel-no")
    assert c.keys()[0] == "mine-wait-kept"
    await go(c, "menu-mine", "=候补：", "mine-wait-leave", "confirm-cancel-yes")
    assert c.keys()[0] == "mine-wait-left"
    await go(c, "menu-mine")
    assert c.keys() == ["mine-title"]  # the booking stays, the line is gone
    await go(d, "!菜单", "menu-mine", "#1")
    assert "您排在候补第1位" in d.render()  # moved up when c left

    # a cancels: the place is held for d, and 我的预约 says so with the button to take it.
    await go(people["a"], "menu-mine", "#1", "mine-cancel", "confirm-cancel-yes")
    await go(d, "!菜单", "menu-mine")
    assert "为您保留：" in d.render()
    await go(d, "#1")
    assert d.keys()[1] == "mine-wait-offered"
    d.number_of("waitlist-accept")
    # d lets it go (asked once): it is held for e, who takes it from 我的预约.
    await go(d, "mine-wait-leave", "confirm-cancel-yes")
    assert d.keys()[0] == "mine-wait-left"
    assert "waitlist-offer" in await pushed(db, "e")
    await go(e, "menu-mine", "#1", "waitlist-accept")
    assert e.keys()[0] == "booking-done"
    # b cancels too: now the place is held for f when staff close that day.
    await go(people["b"], "menu-mine", "#1", "mine-cancel", "confirm-cancel-yes")
    async with db.uow() as uow:
        user = await uow.users.by_external("console", "f")
        (entry,) = await uow.booking.live_entries_of(user.id)
        assert entry.status == "offered"
        slot = await uow.booking.slot(entry.slot_id)
    day = slot.starts_at.astimezone(ZONE).date()
    await factories.staff(db, clock, "boss", "qixingyuan", "wufangyuan")
    boss = Chat(conversation, translator, "boss")
    await boss.send("")
    await go(boss, "menu-manage")  # 乒乓球室 is on a later page: picked by its button
    await boss.send(payload=await boss.forge("manage", "pick", slot.facility_id))
    await go(boss, "manage-close", f"!{day:%m-%d}", "!设备检修")
    assert boss.keys()[0] == "manage-closed", boss.render()
    # The booked (e) and the one in line (f) are both told.
    assert "booking-cancelled-closure" in await pushed(db, "e")
    assert "mine-wait-closure" in await pushed(db, "f")
    async with db.uow() as uow:
        assert (await uow.session.get(WaitlistEntry, entry.id)).status == "left"
        # The offer not sent yet is called off: the place it held is gone with the day.
        offers = [m for m in await uow.outbox.for_user(user.id) if m.kind == "waitlist-offer"]
        assert offers and all(m.status != "pending" for m in offers)
    await go(f, "menu-mine")
    assert f.keys()[0] == "mine-none"


async def test_requests_are_listed_a_clash_is_refused_and_withdrawing_frees_the_hours(
    db, clock, conversation, translator
):
    await factories.demo(db, clock)
    u1 = await person(db, clock, conversation, translator, "u1", "xinhuashe")
    u2 = await person(db, clock, conversation, translator, "u2", "xinhuashe")
    u3 = await person(db, clock, conversation, translator, "u3", "xinhuashe")
    for chat, hours, purpose in (
        (u1, "14:00-16:00", "合唱排练"),
        (u2, "15:00-17:00", "书法课"),
        (u3, "17:00-19:00", "棋牌"),  # starts when 书法课 ends: touching is no clash
    ):
        await go(chat, *HALL, "#1", f"!{hours}", f"!{purpose}", "!20", "request-send")
        assert chat.keys()[0] == "request-sent", chat.render()

    await go(u1, "menu-mine")
    assert u1.keys() == ["mine-request-title", "mine-pick"]
    assert "申请：明天 14:00 天光教室（待审批）" in u1.render()
    await go(u1, "#1")
    assert "用途：合唱排练" in u1.render() and "还在等单位审批" in u1.render()

    await factories.staff(db, clock, "boss", "xinhuashe")
    boss = Chat(conversation, translator, "boss")
    await boss.send("")
    manage = ["menu-manage", "=天光教室", "manage-requests"]
    await go(boss, *manage, "=合唱排练", "manage-approve")
    assert boss.keys()[0] == "manage-approved"
    # The second group's hours overlap the first's: refused, naming the approved one.
    await go(boss, *manage, "=书法课", "manage-approve")
    assert boss.keys()[0] == "mine-request-clash", boss.render()
    assert "14:00–16:00" in boss.render() and "合唱排练" in boss.render()
    # Staff stay on that request, free to decline it; the third one does not clash.
    assert boss.keys()[1:] == ["request-summary", "manage-request-from"]
    boss.number_of("manage-decline")
    await go(boss, "!菜单", *manage, "=棋牌", "manage-approve")
    assert boss.keys()[0] == "manage-approved"
    async with db.uow() as uow:
        rows = await uow.session.scalars(select(FacilityRequest))
        statuses = {r.purpose: r.status for r in rows}
    assert statuses == {"合唱排练": "approved", "书法课": "pending", "棋牌": "approved"}

    await go(u1, "!菜单", "menu-mine")
    assert "（已同意）" in u1.render()
    await go(u1, "#1")
    assert "已同意，按时去就行" in u1.render()
    await go(u1, "mine-request-withdraw")
    assert u1.keys() == ["mine-request-withdraw-ask", "request-summary"]
    assert "确定取消这个申请吗？" in u1.render() and ASKED_ONCE in u1.render()
    await go(u1, "confirm-cancel-no")
    assert u1.keys()[0] == "mine-request-kept"
    await go(u1, "menu-mine", "#1", "mine-request-withdraw", "confirm-cancel-yes")
    assert u1.keys()[0] == "mine-request-withdrawn"
    await go(u1, "menu-mine")
    assert u1.keys()[0] == "mine-none"
    async with db.uow() as uow:
        (mine,) = await uow.session.scalars(
            select(FacilityRequest).where(FacilityRequest.purpose == "合唱排练")
        )
    # An old button for it opens nothing: a withdrawn request is not shown as waiting.
    await u1.send(payload=await u1.forge("mine", "list", f"r{mine.id}"))
    assert u1.keys()[0] == "error-not-found", u1.render()
    assert "mine-request-withdrawn-notice" in await pushed(db, "boss")
    # The hours given back, the second group can now be approved.
    await go(boss, *manage, "=书法课", "manage-approve")
    assert boss.keys()[0] == "manage-approved"


async def test_booking_two_places_at_one_hour_is_allowed_but_said(
    db, clock, conversation, translator, tmp_path
):
    await factories.places(db)
    for unit, name in (("测试学校", "琴房"), ("别的学校", "画室")):
        await factories.facility(
            db, clock, tmp_path, unit=unit, name=name, opens="08:00", closes="22:00", capacity=2
        )
    chat = await person(db, clock, conversation, translator, "u1", "xinhuashe")
    await go(chat, "menu-facilities", "facilities-all", "=琴房", "facility-book", "#1", "#1")
    assert chat.keys() == ["booking-confirm-ask", "booking-slot-summary", "booking-cancel-rule"]
    await go(chat, "booking-confirm")
    assert chat.keys()[0] == "booking-done"
    # The first day and slot on offer are the same in both: the same hour.
    await go(chat, "menu-facilities", "facilities-all", "=画室", "facility-book", "#1", "#1")
    assert "mine-overlap-warning" in chat.keys(), chat.render()
    assert "同一时间您还约了“琴房”" in chat.render()
    await go(chat, "booking-confirm")
    assert chat.keys()[0] == "booking-done"  # allowed: only said
    async with db.uow() as uow:
        user = await uow.users.by_external("console", "u1")
        assert len(await uow.booking.upcoming_for(user.id, clock.now())) == 2


async def test_two_staff_approving_overlapping_requests_at_once_approve_one(
    db_url, db, clock, tmp_path
):
    """Each approval on a connection of its own, as two staff on two phones would be."""
    await factories.places(db)
    hall = await factories.facility(db, clock, tmp_path, mode="按需共享", capacity=None)
    boss = await factories.staff(db, clock, "boss", "xinhuashe")
    day = clock.now().astimezone(ZONE).date() + dt.timedelta(days=1)
    ids = []
    for n, (opens, closes) in enumerate(((14, 16), (15, 17))):
        asker = await factories.user(db, clock, f"asker{n}", community_code="xinhuashe")
        async with db.uow() as uow:
            request = await requests.request_use(
                uow,
                await uow.users.get(asker.id),
                hall,
                day,
                dt.time(opens),
                dt.time(closes),
                "排练",
                10,
                clock.now(),
                CONFIG,
            )
            await uow.commit()
            ids.append(request.id)
    engines = [Database(db_url) for _ in ids]

    async def approve(database, request_id):
        async with database.uow() as uow:
            try:
                await requests.decide_request(
                    uow, await uow.users.get(boss.id), request_id, True, "", clock.now()
                )
                await uow.commit()
                return "approved"
            except DomainError:
                return "refused"

    try:
        results = await asyncio.gather(*(approve(e, i) for e, i in zip(engines, ids, strict=True)))
    finally:
        for engine in engines:
            await engine.dispose()
    assert sorted(results) == ["approved", "refused"]
    async with db.uow() as uow:
        rows = await uow.session.scalars(select(FacilityRequest).order_by(FacilityRequest.id))
        assert sorted(r.status for r in rows) == ["approved", "pending"]
