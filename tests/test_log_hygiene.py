"""Issue 18, logs: a whole journey logged at DEBUG, every library's loggers included, leaves
no token, webhook secret, phone number, typed text or raw channel id in the log."""

from __future__ import annotations

import io
import logging

import pytest
from aiohttp import ClientSession, web
from sqlalchemy import text

from linli.bot.logs import PAYLOAD_LOGGERS, Redactor, configure
from linli.handlers.kit.request import Request
from linli.handlers.kit.tags import salt_user_tags, user_tag
from tests import factories
from tests.channels import test_wechat as wx
from tests.channels.fake_telegram import FakeTelegram
from tests.channels.test_telegram import Driver, build_channel

TOKEN = "42:TEST"  # what build_channel gives both libraries
WEBHOOK_SECRET = "hook-s3cret-value"
PHONE = "13812345678"
TYPED = "幸福里七号楼东门"
CHAT_ID = 7071234
OPENID = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"


@pytest.fixture
def captured():
    """Everything logged while the test runs, at DEBUG, through the process's own set-up."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    quiet = {name: logging.getLogger(name).level for name in PAYLOAD_LOGGERS}
    stream = io.StringIO()
    configure(
        "DEBUG",
        "text",
        secrets=[TOKEN, WEBHOOK_SECRET, wx.TOKEN, wx.AES_KEY, "secret"],
        stream=stream,
    )
    yield stream
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
    root.setLevel(level)
    for name, old in quiet.items():
        logging.getLogger(name).setLevel(old)
    salt_user_tags("")


@pytest.fixture
async def demo(db, clock):
    from tests.booking.test_booking_chat import local

    clock.set(local(2026, 11, 23, 10))
    await factories.demo(db, clock)


def assert_clean(log: str, *words: str) -> None:
    assert log.strip(), "nothing was logged: the test would prove nothing"
    leaks = [line[:300] for line in log.splitlines() if any(word in line for word in words)]
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("library", ["aiogram", "ptb"])
async def test_a_telegram_journey_logs_no_secret_phone_text_or_id(
    demo, db, conversation, translator, captured, library
):
    fake = FakeTelegram()
    await fake.start()
    channel = build_channel(library, conversation, translator, fake.url, webhook=True)
    await channel.start()
    app = web.Application()
    channel.add_webhook_route(app, "/telegram", WEBHOOK_SECRET)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/telegram"
    try:
        async with ClientSession() as http:

            async def deliver(update: dict) -> None:
                headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
                response = await http.post(url, json=update, headers=headers)
                assert response.status == 200

            # Sign-up asks for the 小区/楼栋 as free text: the resident types it, with a phone.
            got = await Driver(fake, channel, deliver).run(
                CHAT_ID, ["/start", 1, f"{TYPED} {PHONE}", "菜单"]
            )
    finally:
        await channel.stop()
        await runner.cleanup()
        await fake.stop()
    assert got[0], "the bot did not answer"
    # The journey reached the libraries' HTTP clients, which print the Bot API URL.
    assert "/bot***/" in captured.getvalue() or library == "aiogram"
    assert_clean(captured.getvalue(), TOKEN, "TEST/", WEBHOOK_SECRET, PHONE, TYPED, str(CHAT_ID))


async def test_a_wechat_callback_logs_no_signature_openid_or_text(
    demo, conversation, translator, clock, captured
):
    fake = wx.FakeWeChat()
    await fake.start()
    callback = wx.WeChatCallback(
        conversation,
        translator,
        wx.WeChatApi(wx.APPID, "secret", fake.url),
        token=wx.TOKEN,
        appid=wx.APPID,
        aes_key=None,
        reply_timeout=wx.LONG_WINDOW,  # see there: load must not make a reply late
    )
    app = web.Application()
    callback.add_routes(app)
    runner = wx.web_runner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/wechat"
    signatures = []
    try:
        async with ClientSession() as http:
            server = wx.WeChatServer(url, http, False, clock)
            for n, typed in enumerate(["/start", "1", f"{TYPED} {PHONE}"]):
                timestamp, nonce = server.stamp()
                signatures.append(wx.sign(timestamp, nonce))
                params = {"signature": signatures[-1], "timestamp": timestamp, "nonce": nonce}
                # WeChat puts the openid in the query too; the access log must not show it.
                params["openid"] = OPENID
                status, _ = await server.send(params, wx.text_xml(OPENID, typed, 5000 + n))
                assert status == 200
            # A refused callback is logged with why, never with what it carried.
            status, _ = await server.post(wx.text_xml(OPENID, TYPED, 5999), forge=True)
            assert status == 403
    finally:
        await callback.idle()
        await runner.cleanup()
        await fake.stop()
    assert_clean(captured.getvalue(), OPENID, PHONE, TYPED, wx.TOKEN, *signatures)


async def test_a_database_error_logs_no_parameters(db, captured):
    log = logging.getLogger("linli.test")
    try:
        async with db.uow() as uow:
            await uow.session.execute(
                text("INSERT INTO no_such_table (phone, note) VALUES (:phone, :note)"),
                {"phone": PHONE, "note": TYPED},
            )
    except Exception:
        log.exception("failed")
    assert "no_such_table" in captured.getvalue()
    assert_clean(captured.getvalue(), PHONE, TYPED)


def test_the_redactor_masks_secrets_and_patterns_in_messages_and_tracebacks():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(Redactor(["hunter2-password"]))
    logger = logging.getLogger("linli.test.redactor")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("GET %s", "https://api.telegram.org/bot123456:AAE-x_y/getMe?x=1 signature=a")
        logger.warning("/wechat?signature=abc&nonce=n1&openid=oXYZ&timestamp=1")
        try:
            raise ValueError("dsn postgresql://u:hunter2-password@db/x phone 13912345678")
        except ValueError:
            logger.exception("connect")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    out = stream.getvalue()
    for word in ("123456:AAE-x_y", "abc", "n1", "oXYZ", "hunter2", "13912345678"):
        assert word not in out
    assert "/bot***/getMe" in out and "timestamp=1" in out and "ValueError" in out


def test_a_user_is_logged_as_a_tag_keyed_by_the_deployments_secrets(captured):
    request = Request(channel="telegram", external_id=str(CHAT_ID), text="")
    tag = user_tag(request)
    assert len(tag) == 10 and str(CHAT_ID) not in tag
    assert tag == user_tag(request)  # stable: lines about one user can be matched
    salt_user_tags("")
    assert user_tag(request) != tag  # configure salted it: trying every id finds nothing
