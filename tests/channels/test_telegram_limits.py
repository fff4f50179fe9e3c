"""Replies survive Telegram's limits and pushes keep the pace, through both libraries against
the fake Bot API: 429 on a reply, replies ahead of a broadcast, the next batch claimed while
the last is sending, a dead worker's rows back in seconds, "not modified", webhook bodies,
update ids per bot and forgotten, keyboards taken off old menus, the .ics's type."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from types import SimpleNamespace

import pytest
from aiohttp import ClientSession, web

from linli.bot.channels.telegram.sender import RateLimiter, TelegramSender
from linli.bot.outbox import OutboxDispatcher
from linli.handlers.kit.notify import push
from linli.handlers.kit.reply import Button, Reply
from linli.handlers.kit.text import raw, t
from tests import factories
from tests.channels.fake_telegram import FakeTelegram
from tests.channels.test_telegram import SECRET, Driver, _feed, build_channel

LIBRARIES = ["aiogram", "ptb"]


@pytest.fixture
async def fake():
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture(params=LIBRARIES)
async def channel(request, fake, conversation, translator):
    built = build_channel(request.param, conversation, translator, fake.url, webhook=True)
    await built.start()
    yield built
    await built.stop()


class VirtualTime:
    """Monotonic time that jumps to the next sleeper's wake-up whenever someone sleeps: the
    limiter's waits keep their order and length, and no test waits for real."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future]] = []
        self._order = itertools.count()
        self._someone = asyncio.Event()
        self._running = asyncio.Event()
        self._running.set()
        self._driver: asyncio.Task | None = None

    def time(self) -> float:
        return self.now

    def pause(self) -> None:
        """Nobody wakes until resume(): work done for real meanwhile (a database round trip)
        takes no virtual time, so a race against it is decided by the test, not the machine."""
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._order), future))
        self._someone.set()
        await future

    async def _drive(self) -> None:
        while True:
            await self._someone.wait()
            for _ in range(5):  # let whatever is ready run (and maybe sleep too)
                await asyncio.sleep(0)
            await self._running.wait()
            if not self._sleepers:
                self._someone.clear()
                continue
            wake, _, future = heapq.heappop(self._sleepers)
            self.now = max(self.now, wake)
            if not future.done():
                future.set_result(None)

    def __enter__(self) -> VirtualTime:
        self._driver = asyncio.get_running_loop().create_task(self._drive())
        return self

    def __exit__(self, *exc) -> None:
        self._driver.cancel()


async def _residents(db, clock, count: int, first: int = 5000) -> list:
    people = []
    for n in range(count):
        people.append(await factories.user(db, clock, str(first + n), channel="telegram"))
    return people


async def _queue_pushes(db, clock, people) -> None:
    async with db.uow() as uow:
        for person in people:
            await push(
                uow, person.id, t("nav-cancelled"), kind="test", now=clock.now(),
                dedupe_key=f"bc:{person.id}",
            )  # fmt: skip
        await uow.commit()


def _delivered(fake: FakeTelegram, method: str = "sendMessage") -> list:
    return [c for c in fake.calls if c.method == method and "_failed" not in c.params]


# --- 2. replies survive 429 and go ahead of pushes ------------------------------------------


async def test_a_reply_hit_by_429_is_sent_after_retry_after(demo, fake, channel):
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    channel.core.sleep = sleep
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 2", retry_after=2)
    driver = Driver(fake, channel, lambda u: _feed(channel, u))
    calls = await driver.send(fake.message_update(901, "/start"))
    assert slept == [2]
    answered = [c for c in calls if "_failed" not in c.params]
    assert len(answered) == 1 and answered[0].params["text"].startswith("您好！欢迎使用")
    # Two 429s in a row on a press (the edit, then its retry): still answered, once.
    fake.fail_next("editMessageText", 429, "Too Many Requests: retry after 1", retry_after=1)
    fake.fail_next("editMessageText", 429, "Too Many Requests: retry after 3", retry_after=3)
    keyboard = answered[0].keyboard
    calls = await driver.send(fake.callback_update(901, keyboard[0][1], 1))
    assert slept == [2, 1, 3]
    assert len([c for c in calls if "_failed" not in c.params]) == 1


async def test_a_reply_during_a_broadcast_waits_at_most_one_slot(
    demo, db, clock, fake, channel, translator
):
    people = await _residents(db, clock, 40)
    await _queue_pushes(db, clock, people)
    with VirtualTime() as time:
        limiter = RateLimiter(30.0, 1.0, now=time.time, sleep=time.sleep)
        channel.core.limiter = limiter
        waits: list[float] = []
        sending: list[bool] = []  # was the broadcast still going when the reply asked?
        original = limiter.wait_reply

        async def timed(chat_id: int) -> None:
            sending.append(not broadcast.done())
            time.resume()
            start = time.now
            await original(chat_id)
            waits.append(time.now - start)

        limiter.wait_reply = timed
        sender = TelegramSender(channel.api, translator, limiter)
        dispatcher = OutboxDispatcher(db, clock, {"telegram": sender}, concurrency=16)
        broadcast = asyncio.create_task(dispatcher.send_due())
        await fake.until(lambda f: len(_delivered(f)) >= 8)
        driver = Driver(fake, channel, lambda u: _feed(channel, u))
        # The broadcast stands still while the reply is worked out, however slow the machine.
        time.pause()
        calls = await driver.send(fake.message_update(990, "/start"))
        assert sending == [True]  # the reply came while the broadcast was sending
        assert await broadcast == 40
    (answer,) = [c for c in calls if c.chat_id == 990]
    assert answer.params["text"].startswith("您好！欢迎使用")
    # 16 pushes were waiting; the reply took the very next slot (1/30 s), not the 17th.
    assert waits and max(waits) <= 1 / 30 + 1e-9
    assert len({c.chat_id for c in _delivered(fake)}) == 41


async def test_pushes_hold_back_after_a_429_and_arrive_once(db, clock, fake, channel, translator):
    people = await _residents(db, clock, 5)
    await _queue_pushes(db, clock, people)
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 4", retry_after=4)
    with VirtualTime() as time:
        limiter = RateLimiter(30.0, 1.0, now=time.time, sleep=time.sleep)
        sender = TelegramSender(channel.api, translator, limiter)
        await OutboxDispatcher(db, clock, {"telegram": sender}).drain()
        assert time.now >= 4  # nobody was sent to before Telegram's 4 seconds were over
    assert sorted(c.chat_id for c in _delivered(fake)) == [int(p.external_id) for p in people]


# --- 3. the next batch is claimed while the last one is still sending -------------------------


async def test_a_broadcast_claims_the_next_batch_before_the_last_is_done(
    db, clock, fake, channel, translator
):
    people = await _residents(db, clock, 90)
    await _queue_pushes(db, clock, people)
    with VirtualTime() as time:
        limiter = RateLimiter(30.0, 1.0, now=time.time, sleep=time.sleep)
        sender = TelegramSender(channel.api, translator, limiter)
        dispatcher = OutboxDispatcher(db, clock, {"telegram": sender}, batch_size=30, concurrency=8)
        claims: list[int] = []  # pushes delivered when each claim was made
        original = dispatcher._claim

        async def claim():
            claims.append(len(_delivered(fake)))
            return await original()

        dispatcher._claim = claim
        start = time.now
        assert await dispatcher.send_due() == 90  # one wake-up sends the lot
        elapsed = time.now - start
    assert len(_delivered(fake)) == 90
    # Batches 2 and 3 were claimed while the one before still had rows to send.
    assert claims[1] < 30 and claims[2] < 60
    assert 90 / elapsed >= 0.95 * 30  # the cap, not less


# --- 4. a dead worker's rows come back in seconds; a live one keeps them ---------------------


async def test_a_dead_workers_rows_are_sent_within_seconds_of_a_restart(
    db, clock, fake, channel, translator
):
    people = await _residents(db, clock, 12)
    await _queue_pushes(db, clock, people)
    stuck = asyncio.Event()
    for person in people[:2]:
        fake.hold[int(person.external_id)] = stuck

    def dispatcher(name: str) -> OutboxDispatcher:
        limiter = RateLimiter(1000.0, 1000.0)
        sender = TelegramSender(channel.api, translator, limiter)
        return OutboxDispatcher(
            db, clock, {"telegram": sender}, concurrency=2, worker=name, lease_seconds=6,
            sleep=lambda _s: asyncio.Event().wait(),  # its heartbeat: only when we say
        )  # fmt: skip

    old = dispatcher("old")
    dead = asyncio.create_task(old.send_due())  # two sends hang, then the process dies
    await fake.until(lambda f: f.holding == 2)
    new = dispatcher("new")
    # While the old worker's heartbeat ran, its rows were its own.
    clock.advance(seconds=4)
    assert await old.renew() == 12
    clock.advance(seconds=4)
    assert await new.run_once() == 0
    # Then it died, with two sends in flight (they land at Telegram after all).
    dead.cancel()
    await asyncio.gather(dead, return_exceptions=True)
    stuck.set()
    # 8 seconds after its last beat (the restart took a moment), the rest is sent.
    clock.advance(seconds=8)
    assert await new.drain() == 12
    chats = [c.chat_id for c in _delivered(fake)]
    assert set(chats) == {int(p.external_id) for p in people}
    assert len(chats) - len(set(chats)) <= 2  # duplicates: at most the sends in flight


async def test_a_stopping_worker_hands_back_what_it_had_not_begun(db, clock):
    from tests.storage.test_outbox import RecordingSender

    people = await _residents(db, clock, 10, first=7000)
    await _queue_pushes(db, clock, people)
    gate = asyncio.Event()
    started = asyncio.Semaphore(0)

    class Slow(RecordingSender):
        async def send(self, user, reply, kind=""):
            started.release()
            await gate.wait()
            await super().send(user, reply, kind)

    sender = Slow()
    dispatcher = OutboxDispatcher(db, clock, {"telegram": sender}, concurrency=2)
    round_ = asyncio.create_task(dispatcher.send_due())
    for _ in range(2):  # two sends in flight
        await started.acquire()
    stopping = asyncio.create_task(dispatcher.idle())
    await asyncio.sleep(0)
    gate.set()
    await stopping
    assert await round_ == 2 and len(sender.sent) == 2
    other = OutboxDispatcher(db, clock, {"telegram": RecordingSender()})
    assert await other.run_once() == 8  # at once, no lease to wait out


async def test_the_heartbeat_renews_the_lease_while_sending(db, clock):
    import datetime as dt

    from tests.storage.test_outbox import RecordingSender

    people = await _residents(db, clock, 3, first=7100)
    await _queue_pushes(db, clock, people)
    gate, tick = asyncio.Event(), asyncio.Event()
    beats: list[float] = []
    beating = asyncio.Semaphore(0)

    async def beat(seconds: float) -> None:
        beats.append(seconds)
        beating.release()
        await tick.wait()
        tick.clear()

    begun: list[int] = []
    all_begun = asyncio.Event()

    class Slow(RecordingSender):
        async def send(self, user, reply, kind=""):
            begun.append(user.id)
            if len(begun) == 3:
                all_begun.set()
            await gate.wait()
            await super().send(user, reply, kind)

    dispatcher = OutboxDispatcher(
        db, clock, {"telegram": Slow()}, concurrency=3, lease_seconds=6, sleep=beat
    )
    round_ = asyncio.create_task(dispatcher.send_due())
    await beating.acquire()
    assert beats == [2.0]  # a beat every third of the lease
    # All three in flight before time moves: a push not yet begun with under a third of
    # its lease left would be given back instead (test_outbox).
    await all_begun.wait()
    clock.advance(seconds=5)
    tick.set()
    await beating.acquire()  # renewed, and waiting for the next beat
    async with db.uow() as uow:
        rows = [r for p in people for r in await uow.outbox.for_user(p.id)]
        leases = await uow.outbox.leases([r.id for r in rows])
    assert {until for _worker, until in leases.values()} == {clock.now() + dt.timedelta(seconds=6)}
    assert len(leases) == len(rows) == 3
    gate.set()
    assert await round_ == 3


# --- 5. "message is not modified" is success ------------------------------------------------


async def test_an_edit_that_changes_nothing_sends_no_copy(demo, fake, channel):
    async def same_screen(request):
        return Reply(
            messages=[raw("Notice #1: 20 delivered")], buttons=[Button(t("nav-back"), "r")]
        )

    channel.core.conversation = SimpleNamespace(handle=same_screen)
    driver = Driver(fake, channel, lambda u: _feed(channel, u))
    (_first,) = await driver.send(fake.message_update(902, "/start"))
    shown = int(next(k[1] for k in fake.shown if k[0] == 902))
    calls = await driver.send(fake.callback_update(902, "r", shown))  # Refresh: no change
    assert [(c.method, c.params.get("_failed")) for c in calls] == [("editMessageText", 400)]
    assert len([c for c in fake.calls if c.method == "sendMessage"]) == 1


# --- 6. the webhook answers 400 to what is not an update ------------------------------------


async def test_the_webhook_refuses_what_is_not_an_update(demo, fake, channel):
    app = web.Application()
    channel.add_webhook_route(app, "/telegram", SECRET)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/telegram"
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    try:
        async with ClientSession() as http:
            for body in (b"", b"not json", b"[]", b"{}", b'{"message": {"text": "hi"}}',
                         b'{"update_id": "7"}', b'{"update_id": true}', b"\xff\xfe"):  # fmt: skip
                response = await http.post(url, data=body, headers=headers)
                assert response.status == 400, body
            response = await http.post(url, data=b"{}", headers={})
            assert response.status == 401
            good = fake.message_update(903, "/start")
            response = await http.post(url, json=good, headers=headers)
            assert response.status == 200
            await fake.until(lambda f: f.sent(903))
    finally:
        await runner.cleanup()


# --- 7. update ids are counted per bot, and forgotten after some days -----------------------


@pytest.mark.parametrize("library", LIBRARIES)
async def test_update_ids_are_per_bot_and_forgotten_after_the_set_days(
    demo, db, clock, fake, conversation, translator, library
):
    from linli.bot.app import forget_deliveries
    from linli.bot.config import Settings

    channels = []
    for token in ("42:TEST", "43:OTHER"):
        built = build_channel(library, conversation, translator, fake.url, webhook=True)
        built.core.bot_id = token.partition(":")[0]
        channels.append(built)
    for library_channel in channels:
        await library_channel.start()
    try:
        same = fake.message_update(904, "/start", update_id=77)
        first = await Driver(fake, channels[0], lambda u: _feed(channels[0], u)).send(same)
        assert first
        # A new token (a new bot): its update 77 is another update, answered.
        second = await Driver(fake, channels[1], lambda u: _feed(channels[1], u)).send(same)
        assert second
        again = Driver(fake, channels[0], lambda u: _feed(channels[0], u))
        assert await again.send(same) == []  # the first bot's 77 again: a redelivery
        async with db.uow() as uow:  # WeChat's MsgIds share the table and the pruning
            await uow.conversations.first_delivery("wechat", "msg-1", clock.now())
            await uow.commit()
        settings = Settings(processed_updates_keep_days=3)
        clock.advance(days=2)
        assert await forget_deliveries(db, clock, settings) == 0
        clock.advance(days=1, seconds=1)
        assert await forget_deliveries(db, clock, settings) == 3
        # Forgotten: ids may come round again (Telegram restarts them after a quiet week).
        assert await again.send(fake.message_update(904, "菜单", update_id=77))
    finally:
        for library_channel in channels:
            await library_channel.stop()


# --- 8. keyboards of old menus come off; the .ics is text/calendar --------------------------


async def test_the_keyboard_of_an_old_menu_comes_off_when_a_new_one_is_sent(demo, fake, channel):
    async def menu(request):
        return Reply(messages=[raw(f"screen {request.text}")], buttons=[Button(t("nav-back"), "b")])

    channel.core.conversation = SimpleNamespace(handle=menu)
    driver = Driver(fake, channel, lambda u: _feed(channel, u))
    await driver.send(fake.message_update(905, "one"))
    await driver.send(fake.message_update(905, "two"))
    (older, newer) = sorted(k[1] for k in fake.shown if k[0] == 905)
    assert fake.shown[(905, older)][1] == []  # no live buttons on the old menu
    assert fake.shown[(905, newer)][1]
    # Pressing the new one edits it in place: it keeps its buttons.
    await driver.send(fake.callback_update(905, "b", newer))
    assert fake.shown[(905, newer)][1]
    # An update answered with nothing (a redelivery) leaves the live menu alone.
    channel.core.conversation = SimpleNamespace(handle=nothing)
    await driver.send(fake.message_update(905, "again"))
    assert fake.shown[(905, newer)][1]


async def nothing(request):
    return Reply(messages=[])


async def test_the_ics_is_sent_as_text_calendar(demo, fake, channel):
    from linli.handlers.kit.reply import Attachment

    async def booked(request):
        return Reply(
            messages=[raw("booked")],
            attachment=Attachment("booking-X.ics", "text/calendar", b"BEGIN:VCALENDAR"),
        )

    channel.core.conversation = SimpleNamespace(handle=booked)
    calls = await Driver(fake, channel, lambda u: _feed(channel, u)).send(
        fake.message_update(906, "/start")
    )
    (document,) = [c for c in calls if c.method == "sendDocument"]
    assert list(document.content_types.values()) == ["text/calendar"]


@pytest.fixture
async def demo(db, clock):
    from tests.booking.test_booking_chat import local

    clock.set(local(2026, 11, 23, 10))
    await factories.demo(db, clock)
