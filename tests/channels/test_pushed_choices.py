"""A push that offers choices is answered by typing the number on every channel: the
waitlist offer ("我要这个位置") and the rating of a finished 金点子, on the terminal and on
WeChat (numbered lines), and by its inline button on Telegram."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from linli.bot.channels.console import ConsoleChannel, ConsoleSender
from linli.bot.channels.wechat.sender import WeChatSender
from linli.bot.outbox import OutboxDispatcher
from linli.handlers.booking import service as booking
from linli.handlers.booking import timetable
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.notify import push
from linli.handlers.kit.reply import Button, Reply
from linli.handlers.kit.text import t
from linli.handlers.proposals import service as proposals
from linli.storage.models import Community
from tests import factories
from tests.channels import test_wechat as wx
from tests.factories import Chat

CONFIG = CoreConfig()
# The WeChat side (signed callbacks, plain and 安全模式, a fake API) as its own tests use it.
wechat_channel = wx.wechat
wechat_api = wx.wechat_api
text_xml = wx.text_xml


@pytest.fixture
async def demo(db, clock):
    from tests.booking.test_booking_chat import local

    clock.set(local(2026, 11, 23, 10))  # a Monday, 10:00
    await factories.demo(db, clock)


async def _user(db, external_id: str, channel: str):
    async with db.uow() as uow:
        return await uow.users.by_external(channel, external_id)


async def waitlist_offer(db, clock, tmp_path, waiting_id: str, channel: str) -> None:
    """Someone holds the only place; `waiting_id` waits; the holder cancels: an offer."""
    facility_id = await factories.facility(db, clock, tmp_path, capacity=1)
    holder = await factories.user(db, clock, "holder", community_code="xinhuashe")
    async with db.uow() as uow:
        facility = await uow.facilities.get(facility_id)
        day = (await timetable.bookable_days(uow, facility, clock.now(), CONFIG.zone))[-1]
        (slot, *_) = await timetable.day_slots(uow, facility, day, clock.now(), CONFIG.zone)
        held = await booking.book(
            uow, await uow.users.get(holder.id), facility_id, slot.id, clock.now(), CONFIG
        )
        waiting = await uow.users.by_external(channel, waiting_id)
        await booking.join_waitlist(uow, waiting, facility_id, slot.id, clock.now(), CONFIG)
        await uow.commit()
    async with db.uow() as uow:
        await booking.cancel(uow, await uow.users.get(holder.id), held.id, clock.now(), CONFIG)
        await uow.commit()


async def rating_ask(db, clock, author_id: str, channel: str) -> int:
    """A 金点子 by `author_id` goes all the way to done: its followers are asked to rate."""
    async with db.uow() as uow:
        place = await uow.communities.by_code("xinhuashe")
        (await uow.session.get(Community, place.id)).proposal_threshold = 1
        await uow.commit()
    boss = await factories.staff(db, clock, "boss", "xinhuashe")
    fan = await factories.user(db, clock, "fan", community_code="xinhuashe")
    author = await _user(db, author_id, channel)

    async def step(fn, who, *args, **kwargs):
        async with db.uow() as uow:
            result = await fn(uow, await uow.users.get(who.id), *args, **kwargs)
            await uow.commit()
            return result

    idea = await step(
        proposals.submit,
        author,
        title="楼道装灯",
        description="三号楼楼道太黑",
        category="安全",
        level="小区",
        now=clock.now(),
    )
    await step(proposals.support, fan, idea.id, now=clock.now())
    await step(
        proposals.schedule,
        boss,
        idea.id,
        starts_at=clock.now() + dt.timedelta(hours=1),
        place="议事厅",
        level="小区",
        now=clock.now(),
        config=CONFIG,
    )
    clock.advance(seconds=2 * 3600)  # the meeting has been held
    await step(proposals.adopt, boss, idea.id, carried_by="社区", now=clock.now())
    await step(
        proposals.post_progress, boss, idea.id, percent=100, text="灯已装好", now=clock.now()
    )
    return idea.id


# --- the terminal ----------------------------------------------------------------------------


class Terminal:
    """`linli run` in the terminal: the user's lines in, replies and pushes printed."""

    def __init__(self, db, clock, conversation, translator, user: str) -> None:
        self.out = io.StringIO()
        self.conversation = conversation
        self.translator = translator
        self.user = user
        self.dispatcher = OutboxDispatcher(
            db, clock, {"console": ConsoleSender(translator, out=self.out)}
        )

    async def type(self, *lines: str) -> str:
        start = self.out.tell()
        channel = ConsoleChannel(
            self.conversation,
            self.translator,
            user=self.user,
            stdin=io.StringIO("".join(f"{line}\n" for line in lines)),
            stdout=self.out,
        )
        await channel.run(greet=False)
        return self.out.getvalue()[start:]

    async def pushes(self) -> str:
        start = self.out.tell()
        await self.dispatcher.drain()
        return self.out.getvalue()[start:]


async def test_the_waitlist_offer_is_taken_by_typing_1_in_the_terminal(
    demo, db, clock, conversation, translator, tmp_path
):
    await factories.user(db, clock, "grandma", community_code="xinhuashe")
    terminal = Terminal(db, clock, conversation, translator, "grandma")
    # She is on her profile card, whose [1] is 更换社区, when the offer comes.
    shown = await terminal.type("菜单", "6")
    assert "[1] 更换社区" in shown
    await waitlist_offer(db, clock, tmp_path, "grandma", "console")
    pushed = await terminal.pushes()
    assert "🔔 有空位了！" in pushed and "[1] 我要这个位置" in pushed
    answered = await terminal.type("1")
    assert answered.startswith("预约成功！预约码：")
    async with db.uow() as uow:
        grandma = await uow.users.by_external("console", "grandma")
        assert len(await uow.booking.upcoming_for(grandma.id, clock.now())) == 1
    assert "[1] 社区之家" in answered  # and the menu, whose numbers count from now on


async def test_after_moving_on_a_number_answers_the_screen_not_the_old_push(
    demo, db, clock, conversation, translator, tmp_path
):
    await factories.user(db, clock, "grandma", community_code="xinhuashe")
    terminal = Terminal(db, clock, conversation, translator, "grandma")
    await terminal.type("菜单")
    await waitlist_offer(db, clock, tmp_path, "grandma", "console")
    await terminal.pushes()
    shown = await terminal.type("菜单", "6")  # she moved on: menu, then 我的资料
    assert shown.split("\n\n")[1].startswith("我的资料")
    answered = await terminal.type("2")  # 选择小区/楼栋 of the profile card
    assert "预约成功" not in answered
    async with db.uow() as uow:
        grandma = await uow.users.by_external("console", "grandma")
        assert await uow.booking.upcoming_for(grandma.id, clock.now()) == []


async def test_a_rating_is_given_by_typing_its_number_in_the_terminal(
    demo, db, clock, conversation, translator
):
    await factories.user(db, clock, "amy", community_code="xinhuashe")
    terminal = Terminal(db, clock, conversation, translator, "amy")
    assert "[4] 金点子" in await terminal.type("菜单")
    await rating_ask(db, clock, "amy", "console")
    pushed = await terminal.pushes()
    assert "请打分" in pushed and "[4] 4" in pushed
    assert (await terminal.type("4")).startswith("谢谢您的评分：4分。")
    again = await terminal.type("5")  # the question is answered; 5 is the menu's again
    assert "谢谢您的评分" not in again


async def test_a_push_during_a_step_that_takes_a_number_is_answered_by_the_number(
    demo, db, clock, conversation, translator, tmp_path
):
    await factories.user(db, clock, "grandma", community_code="xinhuashe")
    chat = Chat(conversation, translator, "grandma")
    await chat.send("菜单")
    async with db.uow() as uow:
        grandma = await uow.users.by_external("console", "grandma")
        state = await uow.conversations.get(grandma.id)
        # As if she were asked "how many people?" (a step where digits are the answer).
        state.flow, state.step, state.data = "request", "headcount", {"facility": 1}
        await uow.commit()
    await waitlist_offer(db, clock, tmp_path, "grandma", "console")
    await OutboxDispatcher(db, clock, {"console": ConsoleSender(translator, io.StringIO())}).drain()
    await chat.send("1")
    assert chat.keys()[0] == "booking-done"


async def test_a_push_after_the_flow_expired_is_still_answered(
    demo, db, clock, conversation, translator, tmp_path, config
):
    await factories.user(db, clock, "grandma", community_code="xinhuashe")
    chat = Chat(conversation, translator, "grandma")
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-profile"))
    clock.advance(seconds=config.conversation_ttl.total_seconds() + 60)
    await waitlist_offer(db, clock, tmp_path, "grandma", "console")
    await OutboxDispatcher(db, clock, {"console": ConsoleSender(translator, io.StringIO())}).drain()
    await chat.send("1")
    assert chat.keys()[0] == "booking-done"


async def test_a_push_whose_delivery_failed_does_not_take_the_numbers(
    demo, db, clock, conversation, translator, tmp_path
):
    person = await factories.user(db, clock, "grandma", community_code="xinhuashe")
    chat = Chat(conversation, translator, "grandma")
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-profile"))
    async with db.uow() as uow:
        (await uow.users.get(person.id)).unreachable_since = clock.now()
        await uow.commit()
    await waitlist_offer(db, clock, tmp_path, "grandma", "console")
    await OutboxDispatcher(db, clock, {"console": ConsoleSender(translator, io.StringIO())}).drain()
    await chat.send("1")
    assert chat.keys()[0] != "booking-done"


async def test_a_pushed_button_must_name_its_object(db, clock):
    person = await factories.user(db, clock, "u1")
    stale_prone = Reply(messages=[t("nav-back")], buttons=[Button(t("nav-back"), "c|x|y|z|1")])
    async with db.uow() as uow:
        with pytest.raises(ValueError):
            await push(uow, person.id, kind="x", now=clock.now(), reply=stale_prone)


# --- WeChat ------------------------------------------------------------------------------------


async def _wechat_resident(server, db, clock, openid: str, msg_id: int) -> str:
    await factories.user(db, clock, openid, channel="wechat", community_code="xinhuashe")
    status, menu = await server.post(text_xml(openid, "菜单", msg_id))
    assert status == 200 and "回复1：社区之家" in menu
    return menu


async def test_the_waitlist_offer_is_taken_by_replying_1_on_wechat(
    demo, db, clock, translator, wechat_channel, tmp_path
):
    server, _callback, fake = wechat_channel
    await _wechat_resident(server, db, clock, "o-grandma", 9001)
    await waitlist_offer(db, clock, tmp_path, "o-grandma", "wechat")
    sender = WeChatSender(server_api(fake), translator, clock, {})
    await OutboxDispatcher(db, clock, {"wechat": sender}).drain()
    (offer,) = fake.of("message/custom/send")
    assert offer.body["touser"] == "o-grandma"
    assert "回复1：我要这个位置" in offer.body["text"]["content"]
    status, reply = await server.post(text_xml("o-grandma", "1", 9002))
    assert status == 200 and reply.startswith("预约成功！预约码：")
    async with db.uow() as uow:
        grandma = await uow.users.by_external("wechat", "o-grandma")
        assert len(await uow.booking.upcoming_for(grandma.id, clock.now())) == 1


async def test_a_rating_is_given_by_replying_its_number_on_wechat(
    demo, db, clock, translator, wechat_channel
):
    server, _callback, fake = wechat_channel
    await _wechat_resident(server, db, clock, "o-amy", 9101)
    await rating_ask(db, clock, "o-amy", "wechat")
    sender = WeChatSender(server_api(fake), translator, clock, {})
    await OutboxDispatcher(db, clock, {"wechat": sender}).drain()
    asks = [c for c in fake.of("message/custom/send") if "请打分" in c.body["text"]["content"]]
    assert len(asks) == 1 and "回复5：5" in asks[0].body["text"]["content"]
    status, reply = await server.post(text_xml("o-amy", "5", 9102))
    assert status == 200 and reply.startswith("谢谢您的评分：5分。")


def server_api(fake):
    from linli.bot.channels.wechat.api import WeChatApi

    return WeChatApi(wx.APPID, "secret", fake.url)


# --- Telegram: the inline buttons of a push still work, and so does typing the number -------


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_the_inline_buttons_of_the_offer_and_the_rating_still_work_on_telegram(
    demo, db, clock, conversation, translator, tmp_path, library
):
    from linli.bot.channels.telegram.sender import RateLimiter, TelegramSender
    from tests.channels.fake_telegram import FakeTelegram
    from tests.channels.test_telegram import Driver, _feed, build_channel

    async def no_sleep(_seconds: float) -> None:
        return None

    # The limiter's time moves only when it waits: nothing real is slept, and a wait for a
    # chat's next slot ends (a clock that never moves would keep it waiting for ever).
    virtual = [0.0]

    async def virtual_sleep(seconds: float) -> None:
        virtual[0] += seconds

    fake = FakeTelegram()
    await fake.start()
    channel = build_channel(library, conversation, translator, fake.url, webhook=True)
    await channel.start()
    try:
        driver = Driver(fake, channel, lambda u: _feed(channel, u))
        await factories.user(db, clock, "901", channel="telegram", community_code="xinhuashe")
        await driver.send(fake.message_update(901, "菜单"))
        limiter = RateLimiter(1000, 1000, now=lambda: virtual[0], sleep=virtual_sleep)
        sender = TelegramSender(channel.core.api, translator, limiter, sleep=no_sleep)
        dispatcher = OutboxDispatcher(db, clock, {"telegram": sender})
        await waitlist_offer(db, clock, tmp_path, "901", "telegram")
        await dispatcher.drain()
        offer = fake.sent(901)[-1]
        assert offer.keyboard[0][0] == "我要这个位置"
        calls = await driver.send(fake.callback_update(901, offer.keyboard[0][1], 1))
        assert "预约成功" in calls[0].params["text"]

        await rating_ask(db, clock, "901", "telegram")
        await dispatcher.drain()
        ask = fake.sent(901)[-1]
        assert "请打分" in ask.params["text"] and [label for label, _ in ask.keyboard] == [
            "1",
            "2",
            "3",
            "4",
            "5",
        ]
        calls = await driver.send(fake.callback_update(901, ask.keyboard[3][1], 2))
        assert calls[0].params["text"].startswith("谢谢您的评分：4分。")
    finally:
        await channel.stop()
        await fake.stop()


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_a_button_on_an_older_telegram_message_is_refused(
    demo, db, clock, conversation, translator, library
):
    """Issue 14.1 through both libraries: the older message's button acts on nothing."""
    from tests.channels.fake_telegram import FakeTelegram
    from tests.channels.test_telegram import Driver, _feed, build_channel

    fake = FakeTelegram()
    await fake.start()
    channel = build_channel(library, conversation, translator, fake.url, webhook=True)
    await channel.start()
    try:
        driver = Driver(fake, channel, lambda u: _feed(channel, u))
        await factories.user(db, clock, "902", channel="telegram", community_code="xinhuashe")
        await driver.send(fake.message_update(902, "菜单"))
        menu = fake.sent(902)[-1]
        profile = next(data for label, data in menu.keyboard if "我的资料" in label)
        await driver.send(fake.callback_update(902, profile, 2))
        card = fake.sent(902)[-1]
        language = next(data for label, data in card.keyboard if "语言" in label)
        await driver.send(fake.message_update(902, "菜单"))  # a newer screen
        calls = await driver.send(fake.callback_update(902, language, 3))
        said = " ".join(c.params.get("text", "") for c in calls)
        assert "这个按钮已过期" in said
        async with db.uow() as uow:
            user = await uow.users.by_external("telegram", "902")
            state = await uow.conversations.get(user.id)
        assert (state.flow, user.locale) == (None, "zh-CN")  # nothing moved, nothing changed
    finally:
        await channel.stop()
        await fake.stop()
