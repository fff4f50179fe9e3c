"""The Telegram channel through the real aiogram and python-telegram-bot clients, talking HTTP
to a fake Bot API on 127.0.0.1: the same conversations give the same replies as the terminal."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import re

import pytest
from aiohttp import ClientSession, web

from linli.bot.channels.console import render as console_render
from linli.handlers.kit.request import Request
from tests import factories
from tests.channels.fake_telegram import FakeTelegram

SECRET = "s3cret-token"
CODE = re.compile(r"(?<![A-Z0-9])[2-9A-HJ-NP-Z]{6}(?![A-Z0-9])")

# The contract: the privacy notice, onboarding, browsing, a booking, a cancel, bad input,
# a language switch.
SCRIPT = [
    "/start",
    1,  # 同意: the privacy notice
    1,
    "跳过",  # the 小区/楼栋, asked at sign-up
    1,
    "舞蹈",
    1,
    1,
    1,
    1,
    1,  # community, 社区之家, search, card, book, confirm
    "菜单",
    2,
    1,
    1,
    1,  # 我的预约 → the booking → cancel it → 确定取消
    "asdf",
    "99",  # not understood; a number that is not offered
    "/lang",
    2,
    6,  # English, then My profile
]


def normalise(text: str) -> list[str]:
    return [CODE.sub("CODE", line) for line in text.split("\n") if line.strip()]


# What goes over the wire, from the same conversation on one database: these tests are about
# the adapters; the queries behind the replies run on both backends in the features' tests
# (and through Telegram in test_pushed_choices and test_log_hygiene).
WIRE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
async def fake():
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()


def build_channel(library: str, conversation, translator, url: str, *, webhook: bool = False):
    if library == "aiogram":
        from linli.bot.channels.telegram.aiogram_adapter import AiogramChannel

        return AiogramChannel(conversation, translator, token="42:TEST", api_url=url)
    from linli.bot.channels.telegram.ptb_adapter import PtbChannel

    return PtbChannel(conversation, translator, token="42:TEST", api_url=url, webhook=webhook)


class Driver:
    """Sends updates and collects what the bot answered to each, by watching it finish."""

    def __init__(self, fake: FakeTelegram, channel, deliver) -> None:
        self.fake = fake
        self.channel = channel
        self.deliver = deliver
        self.done: dict[int, asyncio.Event] = {}
        original = channel.core.handle

        async def handle(update) -> None:
            try:
                await original(update)
            finally:
                self.done.setdefault(update.update_id, asyncio.Event()).set()

        channel.core.handle = handle

    async def send(self, update: dict) -> list:
        before = len(self.fake.calls)
        event = self.done.setdefault(update["update_id"], asyncio.Event())
        await self.deliver(update)
        await asyncio.wait_for(event.wait(), 20)
        return [
            c
            for c in self.fake.calls[before:]
            if c.method in ("sendMessage", "editMessageText", "sendDocument", "sendPhoto")
        ]

    async def run(self, user_id: int, script: list) -> list[list[str]]:
        transcript = []
        keyboard: list[tuple[str, str]] = []
        message_id = 0
        for step in script:
            if isinstance(step, int):
                update = self.fake.callback_update(user_id, keyboard[step - 1][1], message_id)
            else:
                update = self.fake.message_update(user_id, step)
            calls = await self.send(update)
            lines: list[str] = []
            for call in calls:
                if call.method == "sendDocument":
                    continue
                lines += normalise(html.unescape(call.params["text"]))
                lines += [label for label, _ in call.keyboard]
                if call.keyboard:
                    keyboard = call.keyboard
                    message_id = int(call.params.get("message_id") or 0) or next(
                        (i for i, c in enumerate(self.fake.calls) if c is call), 0
                    )
            transcript.append(lines)
        return transcript


class Tapping:
    """The translator as Telegram uses it: where the terminal says "reply with a number",
    Telegram says "tap" (its buttons are tapped); every other word is the same."""

    def __init__(self, translator) -> None:
        self.translator = translator

    def render(self, text, locale=None):
        return self.translator.render(text, locale, tap=True)

    def render_all(self, texts, locale=None):
        return self.translator.render_all(texts, locale, tap=True)


async def console_transcript(
    conversation, translator, script: list, *, tap: bool = False
) -> list[list[str]]:
    """The terminal's replies; `tap`: worded as Telegram words them (see Tapping)."""
    if tap:
        translator = Tapping(translator)
    transcript = []
    for step in script:
        text = str(step)
        reply = await conversation.handle(
            Request(channel="console", external_id="ref", text=text, locale_hint="zh-hans")
        )
        lines = []
        for line in console_render(reply, translator).split("\n"):
            lines.append(re.sub(r"^\[\d+\] ", "", line))
        transcript.append(normalise("\n".join(lines)))
    return transcript


@pytest.fixture
async def demo(db, clock):
    from tests.booking.test_booking_chat import local

    clock.set(local(2026, 11, 23, 10))
    await factories.demo(db, clock)


@WIRE_ONLY
@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_polling_gives_the_same_replies_as_the_terminal(
    demo, fake, conversation, translator, library
):
    expected = await console_transcript(conversation, translator, SCRIPT, tap=True)
    channel = build_channel(library, conversation, translator, fake.url)
    await channel.start()
    polling = asyncio.create_task(channel.run_polling())
    try:
        got = await Driver(fake, channel, fake.push).run(777, SCRIPT)
    finally:
        polling.cancel()
        await asyncio.gather(polling, return_exceptions=True)
        # The poll ends with its task (python-telegram-bot's updater polls in a task of
        # its own): the lease is handed on only after it, so no two processes poll.
        still_polling = library == "ptb" and channel.app.updater.running
        await channel.stop()
    assert not still_polling
    assert got == expected
    assert any("预约成功" in line for line in got[10])
    assert got[-1][0] == "My profile"


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_webhook_gives_the_same_replies_and_refuses_a_wrong_secret(
    demo, db, fake, conversation, translator, library
):
    expected = await console_transcript(conversation, translator, SCRIPT, tap=True)
    channel = build_channel(library, conversation, translator, fake.url, webhook=True)
    await channel.start()
    app = web.Application()
    channel.add_webhook_route(app, "/telegram", SECRET)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/telegram"
    async with ClientSession() as http:

        async def deliver(update: dict) -> None:
            response = await http.post(
                url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            )
            assert response.status == 200

        try:
            driver = Driver(fake, channel, deliver)
            intruder = fake.message_update(666, "/start")
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                response = await http.post(url, json=intruder, headers=headers)
                assert response.status == 401
            got = await driver.run(778, SCRIPT)
        finally:
            await channel.stop()
            await runner.cleanup()
    assert got == expected
    async with db.uow() as uow:  # the refused update changed nothing
        assert await uow.users.by_external("telegram", "666") is None


@WIRE_ONLY
@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_buttons_commands_and_attachments_on_the_wire(
    demo, fake, conversation, translator, library
):
    channel = build_channel(library, conversation, translator, fake.url)
    await channel.start()
    # The command list, in both languages and the default.
    commands = [c for c in fake.calls if c.method == "setMyCommands"]
    assert {c.params.get("language_code") for c in commands} == {"zh", "en", None}
    polling = asyncio.create_task(channel.run_polling())
    try:
        driver = Driver(fake, channel, fake.push)
        await driver.run(779, ["/start", 1, 1, "跳过", 1, "舞蹈", 1, 1, 1, 1])
        presses = [c for c in fake.calls if c.method == "answerCallbackQuery"]
        assert len(presses) == 7  # every press answered, so no button keeps spinning
        assert [c for c in fake.calls if c.method == "editMessageText"]  # menus change in place
        calls = await driver.send(fake.callback_update(779, fake.sent(779)[-1].keyboard[0][1], 1))
        document = next(c for c in calls if c.method == "sendDocument")
        ((name, data),) = document.files.values()
        assert name.startswith("booking-") and b"BEGIN:VCALENDAR" in data
        # All callback_data fit in 64 bytes.
        for call in fake.sent():
            assert all(len(d.encode()) <= 64 for _label, d in call.keyboard)
    finally:
        polling.cancel()
        await asyncio.gather(polling, return_exceptions=True)
        await channel.stop()


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_tampered_stale_and_duplicate_updates(
    demo, db, fake, conversation, translator, library
):
    channel = build_channel(library, conversation, translator, fake.url, webhook=True)
    await channel.start()
    try:
        driver = Driver(fake, channel, lambda u: _feed(channel, u))
        await driver.run(780, ["/start", 1])
        for data in ("c|profile|lang|en", "zzz", "c|" + "x" * 40):
            calls = await driver.send(fake.callback_update(780, data, 1))
            assert "这个按钮已过期" in calls[0].params["text"]
        update = fake.message_update(780, "菜单")
        first = await driver.send(update)
        assert first
        driver.done.pop(update["update_id"])
        again = await driver.send(update)  # the same update_id delivered again
        assert again == []
    finally:
        await channel.stop()
    async with db.uow() as uow:
        user = await uow.users.by_external("telegram", "780")
        assert user.locale == "zh-CN"


async def _feed(channel, update: dict) -> None:
    """Hand an update to the library as its webhook route would."""
    from aiohttp.test_utils import make_mocked_request  # noqa: F401 - only the route matters

    if channel.library == "aiogram":
        from aiogram.types import Update

        await channel.dispatcher.feed_update(channel.bot, Update.model_validate(update))
    else:
        from telegram import Update

        await channel.app.process_update(Update.de_json(update, channel.app.bot))


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_in_a_group_only_commands_get_a_pointer(
    demo, db, fake, conversation, translator, library
):
    channel = build_channel(library, conversation, translator, fake.url, webhook=True)
    await channel.start()
    try:
        driver = Driver(fake, channel, lambda u: _feed(channel, u))
        chatter = fake.message_update(781, "大家好", chat_type="group", chat_id=-100)
        assert await driver.send(chatter) == []
        calls = await driver.send(
            fake.message_update(781, "/start@linli_test_bot", chat_type="group", chat_id=-100)
        )
        (pointer,) = calls
        assert pointer.chat_id == -100 and "私聊" in pointer.params["text"]
        other_bot = fake.message_update(781, "/start@other_bot", chat_type="group", chat_id=-100)
        assert await driver.send(other_bot) == []
    finally:
        await channel.stop()
    async with db.uow() as uow:  # nothing personal was made or shown in the group
        assert await uow.users.by_external("telegram", "781") is None


@WIRE_ONLY
@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_a_new_user_starts_in_their_apps_language(
    demo, fake, conversation, translator, library
):
    channel = build_channel(library, conversation, translator, fake.url, webhook=True)
    await channel.start()
    try:
        driver = Driver(fake, channel, lambda u: _feed(channel, u))
        english = await driver.send(fake.message_update(782, "/start", language="en"))
        assert english[0].params["text"].startswith("Hello! Welcome to Linli")
        other = await driver.send(fake.message_update(783, "/start", language="fr"))
        assert other[0].params["text"].startswith("您好！欢迎使用")
    finally:
        await channel.stop()


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_linli_run_serves_telegram_by_polling_and_sends_pushes(fake, sqlite_url, library):
    """The real command, in its own process, against the fake Bot API; while it polls it
    answers /healthz and /metrics and counts what it did (one process for both: starting
    one with aiogram costs seconds of imports)."""
    import os
    import sys

    from aiohttp import ClientSession

    from linli.handlers.kit.clock import FakeClock, SystemClock
    from tests.channels.test_health import metric
    from tests.channels.test_wechat_stop import _free_port, _until_listening
    from tests.factories import ROOT, linli, without_quiet_hours

    # On the system clock that `linli run` keeps: the push the grant queues must be due by
    # it, whatever today's date is. In this process: only `linli run` needs a real one.
    now = FakeClock(SystemClock().now())
    linli("demo", "load", url=sqlite_url, clock=now)
    linli(
        "staff", "grant", "--community", "xinhuashe", "--user", "telegram:790",
        url=sqlite_url, clock=now,
    )  # fmt: skip  # queues a push for a Telegram user
    await without_quiet_hours(sqlite_url, "telegram", "790")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
    env.update(
        LINLI_DATABASE_URL=sqlite_url,
        LINLI_TELEGRAM_TOKEN="42:TEST",
        LINLI_TELEGRAM_LIBRARY=library,
        LINLI_TELEGRAM_API_URL=fake.url,
        LINLI_OUTBOX_POLL_SECONDS="0.2",
        LINLI_LISTEN_PORT=str(port),
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "linli.bot",
        "run",
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await fake.push(fake.message_update(791, "/start"))

        # A busy machine can take long to import aiogram.
        async with asyncio.timeout(180):
            await fake.until(lambda f: f.sent(791) and f.sent(790))
        await _until_listening(port, process)
        async with ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as answer:
                status, health = answer.status, await answer.json()
            async with http.get(f"http://127.0.0.1:{port}/metrics") as answer:
                metrics = await answer.text()
    finally:
        process.terminate()
        await process.communicate()
    assert fake.sent(791)[0].params["text"].startswith("您好！欢迎使用")
    assert "社区工作人员" in fake.sent(790)[0].params["text"]
    assert {c.params.get("language_code") for c in fake.calls if c.method == "setMyCommands"} == {
        "zh",
        "en",
        None,
    }
    assert status == 200
    assert (health["status"], health["database"], health["scheduler"]) == ("ok", True, True)
    # Both read the outbox when asked (a held push may wait there: quiet hours).
    assert health["outbox_backlog"] >= 0 and metric(metrics, "linli_outbox_backlog") >= 0
    assert health["outbox_lag_seconds"] >= 0
    assert metric(metrics, 'linli_updates_total{channel="telegram"}') == 1
    assert metric(metrics, 'linli_interaction_seconds_count{channel="telegram"}') == 1
    assert metric(metrics, 'linli_sends_total{channel="telegram",result="sent"}') == 1
    assert metric(metrics, "linli_telegram_429_total") == 0
    # Settled before serving: start-up's objects (the libraries, the app) are frozen, so
    # a full garbage collection, which stops the loop, does not walk them (bot/heap.py).
    assert metric(metrics, "linli_gc_frozen_objects") > 100_000
    assert metric(metrics, 'python_gc_collections_total{generation="0"}') > 0


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_a_notice_with_a_photo_goes_out_as_a_photo(
    demo, db, clock, fake, conversation, translator, library
):
    from linli.bot.channels.telegram.sender import RateLimiter, TelegramSender
    from linli.bot.outbox import OutboxDispatcher
    from linli.handlers.kit.config import CoreConfig
    from linli.handlers.notices import service as notices
    from linli.storage.models import RoleGrant

    staff = await factories.user(db, clock, "800", channel="telegram", community_code="xinhuashe")
    await factories.user(db, clock, "801", channel="telegram", community_code="xinhuashe")
    await factories.user(db, clock, "c1", community_code="xinhuashe")  # on the terminal
    async with db.uow() as uow:
        place = await uow.communities.by_code("xinhuashe")
        uow.roles.add(
            RoleGrant(
                user_id=staff.id,
                community_id=place.id,
                role="staff",
                granted_by="test",
                created_at=clock.now(),
            )
        )
        await uow.commit()
    channel = build_channel(library, conversation, translator, fake.url, webhook=True)
    await channel.start()
    try:
        driver = Driver(fake, channel, lambda u: _feed(channel, u))
        await driver.run(800, ["/start"])
        keyboard = fake.sent(800)[-1].keyboard
        staff_tools = next(d for label, d in keyboard if label == "社区管理")
        await driver.send(fake.callback_update(800, staff_tools, 1))
        notice_button = next(d for label, d in fake.sent(800)[-1].keyboard if label == "发通知")
        await driver.send(fake.callback_update(800, notice_button, 1))
        await driver.send(fake.photo_update(800, "PHOTO-1", "楼道改造效果图，请提意见"))
        for label in ("停水停电", "普通通知", "全社区居民", "马上发（15 秒内可撤回）"):
            data = next(d for lab, d in fake.sent(800)[-1].keyboard if lab == label)
            await driver.send(fake.callback_update(800, data, 1))
        confirm = fake.sent(800)[-1]
        assert confirm.method == "sendPhoto" and confirm.params["photo"] == "PHOTO-1"
        data = next(d for lab, d in confirm.keyboard if lab == "确认发送")
        await driver.send(fake.callback_update(800, data, 1))
        clock.advance(seconds=16)
        assert await notices.enqueue_due(db, clock.now(), CoreConfig()) == 3
        limiter = RateLimiter(1000, 1000)
        sender = TelegramSender(channel.api, translator, limiter)
        printed = __import__("io").StringIO()
        from linli.bot.channels.console import ConsoleSender

        await OutboxDispatcher(
            db, clock, {"telegram": sender, "console": ConsoleSender(translator, printed)}
        ).drain()
    finally:
        await channel.stop()
    (photo,) = [c for c in fake.calls if c.method == "sendPhoto" and c.chat_id == 801]
    assert photo.params["photo"] == "PHOTO-1" and "楼道改造效果图" in photo.params["caption"]
    assert "附有图片，这里无法显示" in printed.getvalue()


@WIRE_ONLY
@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_a_chart_is_sent_as_a_picture(demo, fake, conversation, translator, library):
    from linli.handlers.kit.reply import Attachment, Reply
    from linli.handlers.market.flows import year_chart

    async def chart(request):
        drawn = year_chart(2026, [(dt.date(2026, 11, 29), 2)])
        return Reply(messages=[], attachment=Attachment.picture("c.png", drawn))

    channel = build_channel(library, conversation, translator, fake.url, webhook=True)
    await channel.start()
    try:
        conversation.handle = chart
        driver = Driver(fake, channel, lambda u: _feed(channel, u))
        calls = await driver.send(fake.message_update(850, "/start"))
    finally:
        await channel.stop()
    (photo,) = [c for c in calls if c.method == "sendPhoto"]
    ((_name, data),) = photo.files.values()
    assert data.startswith(b"\x89PNG")


def test_ptb_comes_without_cryptography_and_wechat_still_has_it():
    """The PTB channel is built without cryptography (Telegram Passport's, never used);
    afterwards cryptography imports as usual, for a WeChat channel in the same process."""
    import subprocess
    import sys

    from tests.factories import ROOT

    probe = (
        "import sys\n"
        "from types import SimpleNamespace\n"
        "from pydantic import SecretStr\n"
        "from linli.bot.channels.telegram.runner import build_channel\n"
        "settings = SimpleNamespace(\n"
        "    token=SecretStr('42:TEST'), api_url='http://x', library='ptb'\n"
        ")\n"
        "build_channel(settings, None, None, webhook=True)\n"
        "print('cryptography' in sys.modules)\n"
        "from wechatpy.crypto import WeChatCrypto\n"
        "print('cryptography' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.split() == ["False", "True"]
