"""睦邻集市 in chat as staff and as a resident: staff take anyone off the 候补, the no-show
rule in automatic promotion, one push per change, and payloads forged by hand."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from linli.handlers.kit.errors import DomainError
from linli.handlers.market import service as market
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
    people = [await factories.user(db, clock, n, community_code="xinhuashe") for n in "abc"]
    first, second, third = [
        await _apply(db, clock, p, made.id, cats["理发"], name=f"{p.external_id}理发")
        for p in people
    ]
    assert [first.status, second.status, third.status] == ["approved", "waitlisted", "waitlisted"]

    chat = Chat(conversation, translator, "boss")
    await _card(chat, made.id)
    await chat.send(chat.number_of("market-waitlist"))
    assert "理发：空摊位 0 个，候补 2 人" in chat.render()
    await chat.send(chat.number_named("理发"))
    queue = chat.render()
    assert queue.index("第 1 位 b理发 13812345678") < queue.index("第 2 位 c理发")
    await chat.send(chat.number_named("c理发"))  # the second in line, not the first
    assert chat.keys() == ["market-waiting-detail"]
    # Every stall is taken: the one way to approve is one more stall.
    assert next(b.label.key for b in chat.last.buttons) == "market-approve-add"
    await chat.send(chat.number_of("market-approve-add"))
    assert chat.keys()[0] == "market-approved"
    # Back on the line: b, still waiting, is now first (c's old place leaves no gap).
    assert (
        next(translator.render(b.label) for b in chat.last.buttons) == "第 1 位 b理发 13812345678"
    )
    assert "c理发 13812345678" not in chat.render()

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


async def test_a_freed_stall_is_given_by_staff_when_the_line_is_empty_of_others(
    db, clock, setup, conversation, translator
):
    made, cats = await _market(db, clock, setup, stalls={"理发": 1})
    a, b = [await factories.user(db, clock, n, community_code="xinhuashe") for n in "ab"]
    taken = await _apply(db, clock, a, made.id, cats["理发"], name="a理发")
    waiting = await _apply(db, clock, b, made.id, cats["理发"], name="b理发")
    async with db.uow() as uow:  # turned down: b moves up by itself
        await market.reject(
            uow, await uow.users.get(setup.id), taken.id, "不合适", clock.now(), CONFIG
        )
        await uow.commit()
    assert await _status(db, waiting.id) == "approved"
    # Approving someone no longer waiting is refused, in the service and on screen.
    async with db.uow() as uow:
        with pytest.raises(DomainError) as refused:
            await market.approve(
                uow, await uow.users.get(setup.id), waiting.id, clock.now(), CONFIG
            )
    assert refused.value.message.key == "error-already-done"


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
    assert chat.keys()[0] == "market-withdrawn"
    # The one who withdrew read it on screen; the one who moved up is told by push.
    assert await _pushes(db, ids["res"]) == [("stall-reminder", "")]
    assert await _pushes(db, ids["late"]) == [
        ("stall-status", "stall-approved"),
        ("stall-reminder", ""),
    ]
