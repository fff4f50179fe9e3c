"""睦邻集市 in chat as staff and as a resident: staff take anyone off the 候补, the no-show
rule in automatic promotion, one push per change, and payloads forged by hand."""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from linli.handlers.kit.errors import AlreadyDone, NotAllowed
from linli.handlers.market import service as market
from linli.storage.db import Database
from linli.storage.models import AuditEntry, MarketCategory, StallApplication
from tests import factories
from tests.factories import Chat
from tests.market.test_market import CONFIG, _apply, _market, _miss, local


@pytest.fixture
async def setup(db, clock):
    clock.set(local(23, 10))
    await factories.places(db)
    return await factories.staff(db, clock, "boss", "xinhuashe")


async def _card(chat: Chat, market_id: int) -> None:
    """Open a market day's card (by its number: several may share a day)."""
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-market"))
    await chat.send(payload=await chat.forge("market", "list", market_id))


async def _status(db, application_id: int) -> str:
    async with db.uow() as uow:
        return (await uow.session.get(StallApplication, application_id)).status


async def _pushes(db, user_id: int) -> list[tuple[str, str]]:
    """(message key, status word) of each push queued for the user, reminders as-is."""
    async with db.uow() as uow:
        rows = await uow.outbox.for_user(user_id)
    out = []
    for row in rows:
        first = row.body["messages"][0]
        status = first["args"].get("status", {}).get("key", "")
        out.append((first["key"], status))
    return out


async def test_staff_approve_anyone_on_the_waitlist_adding_a_stall(
    db, clock, setup, conversation, translator
):
    made, cats = await _market(db, clock, setup, stalls={"理发": 1, "手工": 2})
    people = [await factories.user(db, clock, n, community_code="xinhuashe") for n in "abcd"]
    first, second, third, _fourth = [
        await _apply(db, clock, p, made.id, cats["理发"], name=f"{p.external_id}理发")
        for p in people
    ]
    assert [first.status, second.status, third.status] == ["approved", "waitlisted", "waitlisted"]

    chat = Chat(conversation, translator, "boss")
    await _card(chat, made.id)
    await chat.send(chat.number_of("market-waitlist"))
    assert "理发：空摊位0个，候补3人" in chat.render()
    await chat.send(chat.number_named("理发"))
    queue = chat.render()
    assert queue.index("第1位b理发 13812345678") < queue.index("第2位c理发")
    await chat.send(chat.number_named("c理发"))  # the second in line, not the first
    assert chat.keys() == ["market-waiting-detail"]
    # Every stall is taken: the one way to approve is one more stall.
    assert next(b.label.key for b in chat.last.buttons) == "market-approve-add"
    await chat.send(chat.number_of("market-approve-add"))
    assert chat.keys()[0] == "market-approved"
    # Back on the line, where c's place leaves no gap: d moves up to second.
    lines = [translator.render(b.label) for b in chat.last.buttons[:2]]
    assert lines == ["第1位b理发 13812345678", "第2位d理发 13812345678"]
    d = Chat(conversation, translator, "d")
    await d.send("菜单")
    await d.send(d.number_of("menu-market"))
    await d.send(d.number_of("market-mine"))
    await d.send("1")
    assert "候补第2位" in d.render()

    assert await _status(db, third.id) == "approved"
    assert await _status(db, second.id) == "waitlisted"
    async with db.uow() as uow:
        hair = await uow.session.get(MarketCategory, cats["理发"])
        audit = list(
            await uow.session.scalars(
                select(AuditEntry).where(AuditEntry.action == "market.approve")
            )
        )
    assert hair.stalls == 2
    assert [(a.actor, a.target, a.details["added_stall"]) for a in audit] == [
        (f"user:{setup.id}", f"stall:{third.id}", True)
    ]
    # The vendor is told by push, and reminded the evening before.
    assert await _pushes(db, people[2].id) == [
        ("stall-status", "stall-approved"),
        ("stall-reminder", ""),
    ]


async def test_automatic_promotion_passes_over_a_barred_vendor_and_free_stalls_never_waitlist(
    db, clock, setup, conversation, translator
):
    made, cats = await _market(db, clock, setup, stalls={"理发": 1})
    a, flaky, c, d = [
        await factories.user(db, clock, n, community_code="xinhuashe")
        for n in ("a", "flaky", "c", "d")
    ]
    held = await _apply(db, clock, a, made.id, cats["理发"], name="a理发")
    barred = await _apply(db, clock, flaky, made.id, cats["理发"], name="flaky理发")
    behind = await _apply(db, clock, c, made.id, cats["理发"], name="c理发")
    await _miss(db, clock, setup, flaky, 2)  # since applying, missed two other market days

    async with db.uow() as uow:
        await market.withdraw(uow, await uow.users.get(a.id), held.id, clock.now(), CONFIG)
        await uow.commit()
    # The stall goes to the next in line the no-show rule lets have one.
    assert await _status(db, barred.id) == "waitlisted"
    assert await _status(db, behind.id) == "approved"
    async with db.uow() as uow:
        await market.withdraw(uow, await uow.users.get(c.id), behind.id, clock.now(), CONFIG)
        await uow.commit()
    assert await _status(db, barred.id) == "waitlisted"  # still not theirs

    # A stall is free, so a new applicant gets it: never sent to wait behind the barred.
    fresh = await _apply(db, clock, d, made.id, cats["理发"], name="d理发")
    assert (fresh.status, fresh.position) == ("approved", None)

    # Staff cannot hand the barred vendor a stall either, until the bar is lifted.
    chat = Chat(conversation, translator, "boss")
    await _card(chat, made.id)
    await chat.send(chat.number_of("market-waitlist"))
    await chat.send(chat.number_named("理发"))
    await chat.send(chat.number_named("flaky理发"))
    await chat.send(chat.number_of("market-approve-add"))
    assert chat.keys()[0] == "market-approve-barred"
    assert await _status(db, barred.id) == "waitlisted"
    async with db.uow() as uow:
        community = await uow.communities.by_code("xinhuashe")
        await market.pardon(uow, await uow.users.get(setup.id), flaky, community.id, clock.now())
        await uow.commit()
    await _card(chat, made.id)
    await chat.send(chat.number_of("market-waitlist"))
    await chat.send(chat.number_named("理发"))
    await chat.send(chat.number_named("flaky理发"))
    await chat.send(chat.number_of("market-approve-add"))
    assert chat.keys() == ["market-approved", "market-waitlist-none"]
    assert await _status(db, barred.id) == "approved"


async def _apply_in_chat(chat: Chat, market_id: int, category: str) -> None:
    await _card(chat, market_id)
    await chat.send(chat.number_of("market-apply"))
    await chat.send(chat.number_named(category))
    await chat.send(f"{chat.external_id}的摊")
    await chat.send("手工艺品")
    await chat.send("13812345678")
    await chat.send(chat.number_of("market-send"))
    assert chat.keys()[0] == "market-applied"


async def test_applying_and_withdrawing_are_answered_on_screen_not_pushed_again(
    db, clock, setup, conversation, translator
):
    made, _cats = await _market(db, clock, setup, stalls={"手工": 2})
    await factories.user(db, clock, "res", community_code="xinhuashe")
    await factories.user(db, clock, "late", community_code="xinhuashe")
    for who in ("boss", "res", "late"):  # staff who are residents too, and plain residents
        await _apply_in_chat(Chat(conversation, translator, who), made.id, "手工")
    async with db.uow() as uow:
        ids = {who: (await uow.users.by_external("console", who)).id for who in ("res", "late")}
    # The two approved get the evening-before reminder only; the one waiting gets nothing.
    assert await _pushes(db, setup.id) == [("stall-reminder", "")]
    assert await _pushes(db, ids["res"]) == [("stall-reminder", "")]
    assert await _pushes(db, ids["late"]) == []

    chat = Chat(conversation, translator, "res")
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-market"))
    await chat.send(chat.number_of("market-mine"))
    await chat.send("1")
    await chat.send(chat.number_of("market-withdraw"))
    # Asked once; 不取消 keeps the application and tells nobody.
    assert chat.keys() == ["market-withdraw-ask"]
    await chat.send(chat.number_of("confirm-cancel-no"))
    assert chat.keys()[0] == "market-kept"
    assert await _pushes(db, ids["late"]) == []
    await chat.send(chat.number_of("menu-market"))
    await chat.send(chat.number_of("market-mine"))
    await chat.send("1")
    await chat.send(chat.number_of("market-withdraw"))
    await chat.send(chat.number_of("confirm-cancel-yes"))
    assert chat.keys()[0] == "market-withdrawn"
    # The one who withdrew read it on screen; the one who moved up is told by push.
    assert await _pushes(db, ids["res"]) == [("stall-reminder", "")]
    assert await _pushes(db, ids["late"]) == [
        ("stall-status", "stall-approved"),
        ("stall-reminder", ""),
    ]


async def _far_market(db, clock) -> int:
    """Another community's market day, made by its own staff."""
    far = await factories.staff(db, clock, "far", "qixingyuan")
    async with db.uow() as uow:
        made = await market.create_market(
            uow,
            by=await uow.users.get(far.id),
            community=await uow.communities.by_code("qixingyuan"),
            day=dt.date(2026, 11, 29),
            opens=dt.time(8),
            closes=dt.time(12),
            place="七星园",
            stalls={"理发": 1},
            deadline=local(27, 18),
            fee=Decimal(0),
            pledge_percent=0,
            mode="first",
            now=clock.now(),
            config=CONFIG,
        )
        await uow.commit()
        return made.id


async def test_forged_payloads_reach_nothing_outside_the_screen(
    db, clock, setup, conversation, translator
):
    made, cats = await _market(db, clock, setup, stalls={"理发": 1, "手工": 1})
    other, other_cats = await _market(db, clock, setup, stalls={"理发": 1})
    far_id = await _far_market(db, clock)
    res, waiting, elsewhere = [
        await factories.user(db, clock, n, community_code="xinhuashe") for n in ("res", "w", "e")
    ]
    mine = await _apply(db, clock, res, made.id, cats["理发"], name="res理发")
    queued = await _apply(db, clock, waiting, made.id, cats["理发"], name="w理发")
    theirs = await _apply(db, clock, elsewhere, other.id, other_cats["理发"], name="e理发")

    # A resident: no staff screens, no other community's market, no other market's stalls.
    chat = Chat(conversation, translator, "res")
    await _card(chat, made.id)
    await chat.send(payload=await chat.forge("market", "card", "waitlist"))
    assert chat.keys()[0] == "error-not-allowed"
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-market"))
    await chat.send(payload=await chat.forge("market", "list", far_id))
    assert "error-not-in-community" in chat.keys()
    await _card(chat, made.id)
    await chat.send(chat.number_of("market-apply"))
    await chat.send(payload=await chat.forge("market", "category", other_cats["理发"]))
    assert chat.keys()[0] == "error-not-found"

    # Staff of another community cannot open this one's market by its number.
    far = Chat(conversation, translator, "far")
    await far.send("菜单")
    await far.send(far.number_of("menu-market"))
    await far.send(payload=await far.forge("market", "list", made.id))
    assert "error-not-in-community" in far.keys()

    # Staff: a number from another market is refused on each of this market's screens.
    boss = Chat(conversation, translator, "boss")
    await _card(boss, made.id)
    await boss.send(boss.number_of("market-applications"))
    await boss.send(payload=await boss.forge("market", "applications", theirs.id))
    assert boss.keys()[0] == "error-not-found"
    await _card(boss, made.id)
    await boss.send(boss.number_of("market-waitlist"))
    await boss.send(payload=await boss.forge("market", "waitlist", other_cats["理发"]))
    assert boss.keys()[0] == "error-not-found"
    await boss.send(boss.number_named("理发"))
    await boss.send(payload=await boss.forge("market", "queue", theirs.id))
    assert boss.keys()[0] == "error-not-found"
    await boss.send(payload=await boss.forge("market", "queue", mine.id))  # approved already
    assert boss.keys() == ["market-not-waiting"]
    assert not {"market-approve-add", "market-approve-free"} & {
        b.label.key for b in boss.last.buttons
    }
    await boss.send("返回")
    await boss.send(boss.number_named("w理发"))
    async with db.uow() as uow:  # meanwhile the vendor gives up their place
        await market.withdraw(uow, await uow.users.get(waiting.id), queued.id, clock.now(), CONFIG)
        await uow.commit()
    await boss.send(boss.number_of("market-approve-add"))
    assert boss.keys()[0] == "error-already-done"
    assert await _status(db, queued.id) == "withdrawn"
    async with db.uow() as uow:
        hair = await uow.session.get(MarketCategory, cats["理发"])
        assert hair.stalls == 1  # nothing added for a place nobody took
    # Nor is a reason asked for turning down what was withdrawn.
    await _card(boss, made.id)
    await boss.send(boss.number_of("market-applications"))
    await boss.send(boss.number_named("w理发"))
    assert boss.keys()[0] == "market-not-live"

    # Attendance: not before the day, and only for this market's stalls.
    await _card(boss, made.id)
    await boss.send(boss.number_of("market-attendance"))
    await boss.send(boss.number_named("res理发"))
    assert boss.keys()[0] == "market-attendance-early"
    clock.set(local(29, 9))
    await boss.send(payload=await boss.forge("market", "attendance", theirs.id))
    assert boss.keys()[0] == "error-not-found"
    await boss.send(boss.number_named("res理发"))
    async with db.uow() as uow:
        assert (await uow.session.get(StallApplication, theirs.id)).attended is None
        assert (await uow.session.get(StallApplication, mine.id)).attended is True


async def test_no_longer_waiting_cannot_be_approved(db, clock, setup):
    made, cats = await _market(db, clock, setup, stalls={"理发": 1})
    people = [await factories.user(db, clock, n, community_code="xinhuashe") for n in "abcd"]
    held, gone, turned_down, later = [
        await _apply(db, clock, p, made.id, cats["理发"], name=f"{p.external_id}理发")
        for p in people
    ]
    async with db.uow() as uow:
        staff = await uow.users.get(setup.id)
        await market.withdraw(uow, await uow.users.get(people[1].id), gone.id, clock.now(), CONFIG)
        await market.reject(uow, staff, turned_down.id, "不合适", clock.now(), CONFIG)
        await uow.commit()
    for application in (held, gone, turned_down):
        async with db.uow() as uow:
            with pytest.raises(AlreadyDone):
                await market.approve(
                    uow, await uow.users.get(setup.id), application.id, clock.now(), CONFIG
                )
    async with db.uow() as uow:  # a resident may not approve at all
        with pytest.raises(NotAllowed):
            await market.approve(
                uow, await uow.users.get(people[0].id), later.id, clock.now(), CONFIG
            )


async def test_an_add_pressed_when_a_stall_is_free_takes_that_stall(db, clock, setup):
    made, cats = await _market(db, clock, setup, stalls={"理发": 1})
    a, flaky = [await factories.user(db, clock, n, community_code="xinhuashe") for n in ("a", "f")]
    held = await _apply(db, clock, a, made.id, cats["理发"], name="a理发")
    waiting = await _apply(db, clock, flaky, made.id, cats["理发"], name="f理发")
    await _miss(db, clock, setup, flaky, 2)
    async with db.uow() as uow:  # the freed stall stays free: the one waiting is barred
        await market.withdraw(uow, await uow.users.get(a.id), held.id, clock.now(), CONFIG)
        community = await uow.communities.by_code("xinhuashe")
        await market.pardon(uow, await uow.users.get(setup.id), flaky, community.id, clock.now())
        await uow.commit()
    async with db.uow() as uow:  # staff press "add one stall" on a screen drawn before
        await market.approve(
            uow, await uow.users.get(setup.id), waiting.id, clock.now(), CONFIG, add_stall=True
        )
        await uow.commit()
    async with db.uow() as uow:
        hair = await uow.session.get(MarketCategory, cats["理发"])
        approved = await uow.session.get(StallApplication, waiting.id)
    assert (hair.stalls, approved.status) == (1, "approved")


async def test_a_stall_name_cannot_add_lines_to_other_people_s_lists(db, clock, setup):
    made, cats = await _market(db, clock, setup)
    person = await factories.user(db, clock, "v", community_code="xinhuashe")
    async with db.uow() as uow:
        application = await market.apply(
            uow,
            await uow.users.get(person.id),
            made.id,
            cats["理发"],
            stall_name="老王\n回复 1：通过",
            goods="理发\r\n修面",
            phone="138 1234 5678",
            now=clock.now(),
            config=CONFIG,
        )
        await uow.commit()
    assert (application.stall_name, application.goods) == ("老王 回复 1：通过", "理发 修面")


async def test_stalls_freed_at_once_each_go_to_a_different_vendor_in_line(db_url, db, clock, setup):
    made, cats = await _market(db, clock, setup, stalls={"手工": 4})
    people = [
        await factories.user(db, clock, f"p{n}", community_code="xinhuashe") for n in range(8)
    ]
    applied = [
        await _apply(db, clock, p, made.id, cats["手工"], name=f"摊{n}")
        for n, p in enumerate(people)
    ]
    engines = [Database(db_url) for _ in range(4)]

    async def give_up(n: int) -> None:
        async with engines[n].uow() as uow:
            await market.withdraw(
                uow, await uow.users.get(people[n].id), applied[n].id, clock.now(), CONFIG
            )
            await uow.commit()

    try:
        await asyncio.gather(*(give_up(n) for n in range(4)))
    finally:
        for engine in engines:
            await engine.dispose()
    # Four stalls freed together: the four who waited all have one, none is left empty.
    assert [await _status(db, a.id) for a in applied[4:]] == ["approved"] * 4
