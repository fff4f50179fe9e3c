"""Cancelling an event sign-up is asked once, like cancelling a booking (issue 17, point 1)."""

from __future__ import annotations

import datetime as dt

from linli.handlers.events import service as events
from tests import factories
from tests.factories import Chat
from tests.walk import press


async def test_cancelling_a_sign_up_asks_once_and_no_keeps_the_place(
    db, clock, conversation, translator
):
    await factories.places(db)
    boss = await factories.staff(db, clock, "boss", "xinhuashe")
    async with db.uow() as uow:
        event = await events.create_event(
            uow,
            by=await uow.users.get(boss.id),
            community=await uow.communities.by_code("xinhuashe"),
            title="义诊",
            starts_at=clock.now() + dt.timedelta(days=2),
            place="服务站",
            capacity=5,
            topic="健康",
            now=clock.now(),
        )
        await uow.commit()
    await factories.user(db, clock, "r1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "r1")
    await chat.send("")
    for what in ("menu-events", "#1", "event-join", "event-leave"):
        await press(chat, what)
    assert chat.keys() == ["mine-event-leave-ask"]
    assert "确定取消“义诊”的报名吗？" in chat.render()
    assert "[1] 确定取消\n[2] 不取消" in chat.render()
    await press(chat, "confirm-cancel-no")
    assert chat.keys()[0] == "mine-event-kept"
    async with db.uow() as uow:
        assert (await uow.events.get(event.id)).taken == 1  # still signed up
    for what in ("menu-events", "#1", "event-leave", "confirm-cancel-yes"):
        await press(chat, what)
    assert chat.keys()[0] == "event-left"
    async with db.uow() as uow:
        assert (await uow.events.get(event.id)).taken == 0
    for what in ("menu-events", "#1"):
        await press(chat, what)
    chat.number_of("event-join")  # signed up again from the card if wanted
