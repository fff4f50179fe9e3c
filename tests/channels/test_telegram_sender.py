"""The outbox's Telegram sender against the fake Bot API, through both libraries: within the
limits, 429 waited out, 403 marks the user unreachable, long text split."""

from __future__ import annotations

import pytest

from linli.bot.channels.split import split, utf8_size
from linli.bot.channels.telegram.sender import (
    FORGET_CHATS_FROM,
    WINDOW_MARGIN,
    RateLimiter,
    TelegramSender,
)
from linli.bot.outbox import OutboxDispatcher, SendFailed
from linli.handlers.kit.notify import push
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import raw, t
from tests import factories
from tests.channels.fake_telegram import FakeTelegram
from tests.channels.test_telegram import build_channel


class FakeTime:
    """A monotonic clock that moves only when someone sleeps on it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def time(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 4))
        self.now += seconds


@pytest.fixture
async def fake():
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture(params=["aiogram", "ptb"])
async def api(request, fake, translator):
    channel = build_channel(request.param, None, translator, fake.url)
    await channel.start()
    yield channel.api
    await channel.stop()


def sender(api, translator, time: FakeTime, overall=30.0, per_chat=1.0) -> TelegramSender:
    limiter = RateLimiter(overall, per_chat, now=time.time, sleep=time.sleep)
    return TelegramSender(api, translator, limiter, sleep=time.sleep)


async def test_the_limiter_keeps_one_a_second_per_chat_and_the_overall_cap():
    time = FakeTime()
    limiter = RateLimiter(30.0, 1.0, now=time.time, sleep=time.sleep)
    for chat in (1, 2, 3, 1):
        await limiter.wait(chat)
    # Chats 2 and 3 wait 1/30 s each for the overall cap; chat 1 again waits out its second.
    assert time.slept == [0.0333, 0.0333, pytest.approx(0.9333, abs=1e-3)]


class LateTime(FakeTime):
    """An event loop's timer: every sleeper wakes a millisecond late (epoll's resolution)."""

    async def sleep(self, seconds: float) -> None:
        await super().sleep(seconds + 0.001)


def _most_in_a_second(sent: list[float]) -> int:
    """The most sends in any one second, as Telegram counts them (`sent` in order)."""
    return max(sum(1 for t in sent[n:] if t - sent[n] < 1.0) for n in range(len(sent)))


async def test_pushes_keep_the_cap_when_every_wake_up_is_late():
    time = LateTime()
    limiter = RateLimiter(300.0, 1.0, now=time.time, sleep=time.sleep)
    sent = []
    for chat in range(900):
        await limiter.wait_push(chat)
        sent.append(time.now)
    # 900 at 300/s: three seconds (and the count's margin, once per full second), not the
    # 3.8 that a millisecond lost per slot made.
    assert 899 / 300 <= sent[-1] - sent[0] <= 899 / 300 + 2 * WINDOW_MARGIN + 0.01
    # And never more than 300 in any second, as Telegram counts them.
    assert _most_in_a_second(sent) <= 300
    # A stall (the loop busy for a second) is not made up for with a burst.
    time.now += 1.0
    stalled = time.now
    for chat in range(900, 903):
        await limiter.wait_push(chat)
    assert time.now - stalled >= 2 / 300 - 1e-9


async def test_a_broadcast_leaves_the_limiter_a_few_chats_not_one_per_recipient():
    time = FakeTime()
    limiter = RateLimiter(300.0, 1.0, now=time.time, sleep=time.sleep)
    for chat in range(10_000):
        await limiter.wait_push(chat)
    # Only chats whose second has not passed are kept (at 300/s, about 300 of them).
    assert len(limiter.chat_free) <= 2 * FORGET_CHATS_FROM
    # The last chat's gap is kept: a second push to it waits out its second.
    before = time.now
    await limiter.wait_push(9_999)
    assert time.now - before == pytest.approx(1.0, abs=0.01)


async def test_replies_during_a_full_broadcast_keep_the_count_of_every_second():
    """Pushes that keep 300 in every second leave no room: a reply that comes then waits
    for the oldest send to leave the second, or it would be the 301st (a 429)."""
    time = FakeTime()
    limiter = RateLimiter(300.0, 1.0, now=time.time, sleep=time.sleep)
    sent = []
    for chat in range(1200):
        await limiter.wait_push(chat)
        sent.append(time.now)
        if chat % 7 == 3:  # residents write all the while; each answer goes at once
            await limiter.wait_reply(100_000 + chat)
            sent.append(time.now)
    sent.sort()
    assert _most_in_a_second(sent) <= 300


async def test_a_429_is_waited_out_and_the_message_arrives_once(db, clock, fake, api, translator):
    person = await factories.user(db, clock, "555", channel="telegram")
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)
    time = FakeTime()
    await sender(api, translator, time).send(person, Reply(messages=[t("nav-cancelled")]))
    delivered = [c for c in fake.calls if c.method == "sendMessage" and "_failed" not in c.params]
    assert [c.params["text"] for c in delivered] == ["好的，不办了。"]
    assert 3 in time.slept


async def test_a_403_marks_the_user_unreachable_until_they_write_again(
    db, clock, fake, api, translator
):
    person = await factories.user(db, clock, "556", channel="telegram")
    async with db.uow() as uow:
        for n in range(2):
            await push(
                uow, person.id, t("nav-cancelled"), kind="test", now=clock.now(), dedupe_key=f"x{n}"
            )
        await uow.commit()
    fake.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    dispatcher = OutboxDispatcher(db, clock, {"telegram": sender(api, translator, FakeTime())})
    await dispatcher.drain()
    async with db.uow() as uow:
        rows = await uow.outbox.for_user(person.id)
        assert [r.status for r in rows] == ["failed", "failed"]
        assert rows[0].last_error.startswith("403")
        assert "unreachable" in rows[1].last_error
        assert (await uow.users.get(person.id)).unreachable_since == clock.now()
    assert len([c for c in fake.calls if c.method == "sendMessage"]) == 1  # not tried again


async def test_a_5000_character_reply_is_split_at_lines(db, clock, fake, api, translator):
    person = await factories.user(db, clock, "557", channel="telegram")
    text = "\n".join(f"{n:04d} " + "邻" * 45 for n in range(100))  # 100 lines of 50
    assert len(text) > 4096
    await sender(api, translator, FakeTime()).send(person, Reply(messages=[raw(text)]))
    parts = [c.params["text"] for c in fake.calls if c.method == "sendMessage"]
    assert len(parts) == 2 and all(len(p) <= 4096 for p in parts)
    assert "\n".join(parts) == text  # nothing lost, cut only between lines


async def test_a_bad_request_fails_with_its_reason(db, clock, fake, api, translator):
    person = await factories.user(db, clock, "558", channel="telegram")
    fake.fail_next("sendMessage", 400, "Bad Request: chat not found")
    with pytest.raises(SendFailed) as failed:
        await sender(api, translator, FakeTime()).send(person, Reply(messages=[t("nav-back")]))
    assert failed.value.retry_after is None and "chat not found" in failed.value.reason.lower()


def test_split_edges():
    assert split("", 4096) == [""]
    assert split("a\nb", 1) == ["a", "b"]
    assert split("abcdef", 4) == ["abcd", "ef"]
    assert split("ab\ncd\nef", 5) == ["ab\ncd", "ef"]


def test_split_by_bytes_never_cuts_a_character():
    # WeChat counts UTF-8 bytes: three per Chinese character, so 7 bytes hold two.
    assert split("邻里互助", 7, utf8_size) == ["邻里", "互助"]
    assert split("a\n邻里", 4, utf8_size) == ["a", "邻", "里"]
    assert split("邻", 1, utf8_size) == ["邻"]  # below one character: still moves on


def test_html_is_escaped(translator):
    from linli.bot.channels.telegram.render import render

    (message,) = render(Reply(messages=[raw("<b>5 & 6</b>")]), translator)
    assert message.text == "&lt;b&gt;5 &amp; 6&lt;/b&gt;"


def test_a_long_text_is_split_before_it_is_escaped(translator):
    """A cut after escaping could fall inside `&amp;`, and Telegram refuses the message."""
    import html

    from linli.bot.channels.telegram.render import MAX_TEXT, render
    from linli.handlers.kit.reply import Reply
    from linli.handlers.kit.text import raw

    text = "a" * (MAX_TEXT - 2) + "&" * 1000
    parts = [m.text for m in render(Reply(messages=[raw(text)]), translator)]
    assert len(parts) == 2
    for part in parts:
        shown = html.unescape(part)
        assert len(shown) <= MAX_TEXT
        assert html.escape(shown, quote=False) == part  # no entity cut in two
    assert "".join(html.unescape(p) for p in parts) == text
