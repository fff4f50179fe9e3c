"""The WeChat channel against a hostile reader of its logs and a sender of odd messages:
replays, stale or unsigned callbacks, plaintext in 安全模式, another account's messages,
reply XML injection, malformed but signed input; and the API's timeouts, shared token and
error codes. Requests are signed and encrypted by wechatpy's own code."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import logging
import os
import struct
import xml.etree.ElementTree as ElementTree

import pytest
from aiohttp import ClientSession, web
from sqlalchemy import delete, select
from wechatpy.crypto.base import WeChatCipher
from wechatpy.utils import WeChatSigner

from linli.bot.channels.serve import web_runner
from linli.bot.channels.wechat.api import SharedToken, WeChatApi, WeChatError
from linli.bot.channels.wechat.callback import WeChatCallback
from linli.bot.channels.wechat.sender import WeChatSender
from linli.bot.outbox import OutboxDispatcher, SendFailed
from linli.handlers.kit.reply import Reply
from linli.handlers.kit.text import raw, t
from linli.storage.models import ChannelValue, ProcessedUpdate, ReplayNonce
from tests import factories
from tests.channels.fake_wechat import FakeWeChat
from tests.channels.test_wechat import (
    AES_KEY,
    APPID,
    LONG_WINDOW,
    TOKEN,
    WeChatServer,
    _person,
    demo,  # noqa: F401  (a fixture)
    event_xml,
    sign,
    text_xml,
)

CALLBACK_LOG = "linli.bot.channels.wechat.callback"


def message_xml(openid: str, content: str, msg_id: int, to: str = "gh_test") -> str:
    """A text message built by a serializer, so any content survives the trip."""
    root = ElementTree.Element("xml")
    for tag, value in (
        ("ToUserName", to),
        ("FromUserName", openid),
        ("CreateTime", "1700000000"),
        ("MsgType", "text"),
        ("Content", content),
        ("MsgId", str(msg_id)),
    ):
        ElementTree.SubElement(root, tag).text = value
    return ElementTree.tostring(root, encoding="unicode")


class Server(WeChatServer):
    """WeChat's server, remembering every signature and nonce it used (for the log test),
    and able to send exactly what a test asks for."""

    servers = iter(range(10**6))

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.used: list[str] = []
        self.prefix = f"s{next(Server.servers)}"  # nonces of its own, like each WeChat request

    def stamp(self) -> tuple[str, str]:
        timestamp, nonce = super().stamp()
        nonce = self.prefix + nonce
        self.used += [nonce, sign(timestamp, nonce)]
        return timestamp, nonce

    def signed(self, xml: str, timestamp: str | None = None, nonce: str | None = None):
        """The query and body WeChat would send for `xml`."""
        stamp, fresh = self.stamp()
        timestamp, nonce = timestamp or stamp, nonce or fresh
        params = {"signature": sign(timestamp, nonce), "timestamp": timestamp, "nonce": nonce}
        body = xml
        if self.safe:
            body = self.crypto.encrypt_message(xml, nonce, timestamp)
            params["encrypt_type"] = "aes"
            params["msg_signature"] = ElementTree.fromstring(body).findtext("MsgSignature")
            self.used.append(params["msg_signature"])
        return params, body

    async def sealed(self, plain: bytes) -> tuple[int, str]:
        """Post a 安全模式 envelope around `plain`, the bytes before AES (padding and all),
        correctly signed: what only someone holding the key could send."""
        timestamp, nonce = self.stamp()
        key = base64.b64decode(AES_KEY + "=")
        encrypt = base64.b64encode(WeChatCipher(key).encrypt(plain)).decode()
        signer = WeChatSigner()
        signer.add_data(TOKEN, timestamp, nonce, encrypt)
        params = {
            "signature": sign(timestamp, nonce),
            "timestamp": timestamp,
            "nonce": nonce,
            "encrypt_type": "aes",
            "msg_signature": signer.signature,
        }
        return await self.send(params, f"<xml><Encrypt>{encrypt}</Encrypt></xml>")


@pytest.fixture
async def wechat_api():
    fake = FakeWeChat()
    await fake.start()
    yield fake, WeChatApi(APPID, "secret", fake.url, busy_delay=0)
    await fake.stop()


@pytest.fixture
async def channel(demo, conversation, translator, wechat_api, clock):  # noqa: F811
    """make(safe, **options) → (server, callback, fake): a callback on 127.0.0.1."""
    fake, api = wechat_api
    runners = []

    async def make(safe: bool, **options):
        options.setdefault("reply_timeout", LONG_WINDOW)  # load must not make a reply late
        callback = WeChatCallback(
            conversation,
            translator,
            api,
            token=TOKEN,
            appid=APPID,
            aes_key=AES_KEY if safe else None,
            **options,
        )
        app = web.Application()
        callback.add_routes(app)
        runner = web_runner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append((runner, callback))
        url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/wechat"
        return Server(url, http, safe, clock), callback, fake

    async with ClientSession() as http:
        yield make
    for runner, callback in runners:
        await callback.idle()
        await runner.cleanup()


MODES = pytest.mark.parametrize("safe", [False, True], ids=["plain", "safe"])


async def _user(db, openid: str):
    async with db.uow() as uow:
        return await uow.users.by_external("wechat", openid)


# --- 1. forgery ----------------------------------------------------------------------------


@MODES
async def test_a_replayed_callback_does_nothing_even_after_msgids_are_forgotten(channel, db, safe):
    server, _callback, _fake = await channel(safe)
    params, body = server.signed(text_xml("openid-r", "/start", 1))
    status, reply = await server.send(params, body)
    assert status == 200 and reply.startswith("您好！欢迎使用")
    async with db.uow() as uow:  # the redelivery memory is pruned in time
        await uow.session.execute(delete(ProcessedUpdate))
        await uow.commit()
    assert await server.send(params, body) == (200, "success")
    if not safe:  # plaintext: the URL signature does not cover the body, any body goes
        forged = text_xml("openid-victim", "/start", 2)
        assert await server.send(params, forged) == (200, "success")
        assert await _user(db, "openid-victim") is None


@MODES
async def test_a_callback_outside_the_replay_window_is_refused(channel, db, clock, safe):
    server, _callback, _fake = await channel(safe, replay_window=300)
    now = int(clock.now().timestamp())
    for moment in (now - 301, now + 301, 999999999999):
        status, _ = await server.send(
            *server.signed(text_xml("openid-w", "/start", 3), str(moment))
        )
        assert status == 403
    assert await _user(db, "openid-w") is None
    status, reply = await server.send(
        *server.signed(text_xml("openid-w", "/start", 4), str(now - 299))
    )
    assert status == 200 and reply.startswith("您好")


async def test_the_nonce_memory_is_shared_and_pruned_by_the_chores(
    channel, db, clock, conversation
):
    server, _callback, _fake = await channel(False)
    params, body = server.signed(text_xml("openid-n", "/start", 5))
    assert (await server.send(params, body))[0] == 200
    # Another process (another callback on the same database) refuses the same nonce.
    other, _cb, _f = await channel(False)
    assert await other.send(params, text_xml("openid-n2", "/start", 6)) == (200, "success")
    async with db.uow() as uow:
        rows = list(await uow.session.scalars(select(ReplayNonce)))
    assert [r.nonce for r in rows] == [f"{params['timestamp']}:{params['nonce']}"]
    from linli.handlers.chores import chores

    clock.advance(seconds=301)
    await chores(db, clock, conversation.config)
    async with db.uow() as uow:
        assert list(await uow.session.scalars(select(ReplayNonce))) == []


@MODES
async def test_empty_or_missing_signature_parts_are_refused(channel, db, safe):
    server, _callback, _fake = await channel(safe)
    bare = WeChatSigner()
    bare.add_data(TOKEN, "", "")  # sha1(token) alone
    for params in (
        {"signature": bare.signature, "timestamp": "", "nonce": ""},
        {"signature": bare.signature},
        {"signature": "", "timestamp": "1", "nonce": "1"},
    ):
        response = await server.http.post(
            server.url, params=params, data=text_xml("openid-e", "/start", 7).encode()
        )
        assert response.status == 403
        response = await server.http.get(server.url, params={**params, "echostr": "x"})
        assert response.status == 403
    assert await _user(db, "openid-e") is None


async def test_plaintext_is_refused_in_safe_mode_unless_compatibility_is_on(channel, db):
    server, callback, _fake = await channel(True)
    server.safe = False  # a plaintext post with a valid URL signature
    status, _ = await server.post(text_xml("openid-p", "/start", 8))
    assert status == 403
    assert await _user(db, "openid-p") is None
    callback.allow_plaintext = True  # 兼容模式, while switching the account over
    status, reply = await server.post(text_xml("openid-p", "/start", 9))
    assert status == 200 and reply.startswith("您好")


@MODES
async def test_a_message_for_another_account_is_refused(channel, db, safe):
    server, _callback, _fake = await channel(safe, account_id="gh_test")
    status, _ = await server.post(text_xml("openid-a", "/start", 10).replace("gh_test", "gh_x"))
    assert status == 403
    assert await _user(db, "openid-a") is None
    status, _ = await server.post(text_xml("openid-a", "/start", 11))
    assert status == 200


async def test_the_account_id_is_learned_from_the_first_message_and_kept(channel, db):
    server, _callback, _fake = await channel(False)
    assert (await server.post(text_xml("openid-l", "/start", 12)))[0] == 200
    # A new process learns it from the database, not from the next message.
    other, _cb, _f = await channel(False)
    status, _ = await other.post(text_xml("openid-l2", "/start", 13).replace("gh_test", "gh_y"))
    assert status == 403
    assert await _user(db, "openid-l2") is None
    async with db.uow() as uow:
        (row,) = await uow.session.scalars(select(ChannelValue))
    assert (row.name, row.value) == ("account_id", "gh_test")


@MODES
async def test_no_signature_nonce_openid_or_text_in_the_log_at_info(channel, caplog, safe):
    caplog.set_level(logging.INFO)
    server, callback, _fake = await channel(safe)
    secret_text = "我的电话13800001234"
    for n, text in enumerate(["/start", "1", secret_text, "菜单", "1", "1"]):
        assert (await server.post(text_xml("oSecretOpenid42", text, 100 + n)))[0] == 200
    params, body = server.signed(text_xml("oSecretOpenid42", "1", 200))
    await server.send(params, body)
    await server.send(params, body)  # a replay: refused, and logged
    await server.post(text_xml("oSecretOpenid42", "1", 201), forge=True)
    await callback.idle()
    logged = caplog.text
    assert "POST /wechat" in logged  # the access log is on, and what it shows is the path
    for secret in ["oSecretOpenid42", secret_text, "signature=", "nonce=", *server.used]:
        assert secret not in logged, secret


# --- 2. reply XML injection ------------------------------------------------------------


@MODES
async def test_a_proposal_title_cannot_break_a_neighbours_reply(channel, db, safe):
    server, _callback, _fake = await channel(safe)
    title, text = "修路]]><x>", "路面坑洼]]>&amp;<y/>"
    steps = [*factories.SIGN_UP, "4", "1", title, text, "5", "1", "1"]
    for n, step in enumerate(steps):
        status, reply = await server.post(message_xml("openid-amy", step, 300 + n))
        assert status == 200
    assert "已发布" in reply
    for n, step in enumerate([*factories.SIGN_UP, "4", "2"]):
        status, listing = await server.post(message_xml("openid-bob", step, 400 + n))
    assert f"{title}（征集附议中" in listing  # parsed as XML: the exact text came through
    status, card = await server.post(message_xml("openid-bob", "1", 410))
    assert status == 200
    assert f"【#1 {title}】" in card and "路面坑洼]]>&amp;<y/>\n" in card


@MODES
async def test_any_text_a_reply_echoes_comes_back_exactly(channel, conversation, safe):
    server, _callback, _fake = await channel(safe)
    nasty = "a]]>b]]]]><![CDATA[c</Content><MsgType>news</MsgType>&lt;&\x00\x08\x0b\x1f邻\U0001f600"

    async def echo(request):
        return Reply(messages=[raw(nasty)])

    conversation.handle = echo
    status, reply = await server.post(text_xml("openid-x", "hi", 500))
    assert status == 200
    assert reply == "a]]>b]]]]><![CDATA[c</Content><MsgType>news</MsgType>&lt;&邻\U0001f600"


# --- 3. malformed but signed ---------------------------------------------------------------

MALFORMED = {
    "empty": "<xml/>",
    "not-xml-root": "<root><MsgType>text</MsgType></root>",
    "createtime-abc": text_xml("openid-m", "/start", 600).replace("1700000000", "abc"),
    "nested-msgtype": text_xml("openid-m", "/start", 601).replace(
        "<MsgType><![CDATA[text]]></MsgType>", "<MsgType><a>text</a></MsgType>"
    ),
    "two-msgtypes": text_xml("openid-m", "/start", 602).replace(
        "</xml>", "<MsgType>event</MsgType></xml>"
    ),
    "no-msgid": text_xml("openid-m", "/start", 603).replace("<MsgId>603</MsgId>", ""),
    "bad-openid": text_xml("openid-m", "/start", 604).replace("openid-m", "a b<c"),
}


@MODES
@pytest.mark.parametrize("case", sorted(MALFORMED))
async def test_malformed_signed_messages_get_a_4xx_and_one_log_line(
    channel, db, caplog, safe, case
):
    server, _callback, _fake = await channel(safe)
    caplog.set_level(logging.INFO, logger=CALLBACK_LOG)
    status, _ = await server.post(MALFORMED[case])
    assert 400 <= status < 500
    (line,) = [r for r in caplog.records if r.name == CALLBACK_LOG]
    assert line.exc_info is None and "Traceback" not in caplog.text
    assert await _user(db, "openid-m") is None


def _plain(xml: bytes, appid: bytes = APPID.encode(), length: int | None = None) -> bytes:
    """WeChat's layout before AES: 16 random bytes, a 4-byte length, the XML, the AppId."""
    body = os.urandom(16) + struct.pack(">I", len(xml) if length is None else length) + xml + appid
    pad = 32 - len(body) % 32
    return body + bytes([pad]) * pad


ENVELOPES = {
    "another-appid": lambda xml: _plain(xml, b"wx0000000000000000"),
    "padding-zero": lambda xml: _plain(xml)[:-1] + b"\x00",
    "padding-too-big": lambda xml: _plain(xml)[:-1] + b"\x40",
    "padding-inconsistent": lambda xml: _plain(xml)[:-2] + b"\x07\x02",
    "length-oversized": lambda xml: _plain(xml, length=10**6),
    "length-huge": lambda xml: _plain(xml, length=2**32 - 1),
    "not-utf8": lambda xml: _plain(xml.replace(b"/start", b"\xff\xfe")),
}


@pytest.mark.parametrize("case", sorted(ENVELOPES))
async def test_bad_envelopes_get_a_4xx_and_one_log_line(channel, db, caplog, case):
    server, _callback, _fake = await channel(True)
    caplog.set_level(logging.INFO, logger=CALLBACK_LOG)
    status, _ = await server.sealed(ENVELOPES[case](text_xml("openid-m", "/start", 700).encode()))
    assert 400 <= status < 500
    (line,) = [r for r in caplog.records if r.name == CALLBACK_LOG]
    assert line.exc_info is None
    assert await _user(db, "openid-m") is None
    # The same envelope, made right, is taken: the checks are not refusing everything.
    status, reply = await server.sealed(_plain(text_xml("openid-m", "/start", 701).encode()))
    assert status == 200 and reply.startswith("您好")


# --- 7. error codes and last-seen --------------------------------------------------------


async def test_busy_is_retried_and_quota_falls_back_to_the_template(
    db, clock, translator, wechat_api
):
    fake, api = wechat_api
    sender = WeChatSender(api, translator, clock, {"notice": "TPL-N"})
    person = await _person(db, clock, "o-busy", 1)
    fake.fail_next("message/custom/send", -1, "system error")
    fake.fail_next("message/custom/send", -1, "system error")
    await sender.send(person, Reply(messages=[t("nav-back")]), "notice")
    assert len(fake.of("message/custom/send")) == 3  # busy twice, then through
    assert fake.of("message/template/send") == []
    fake.fail_next("message/custom/send", 45047, "out of response count limit")
    await sender.send(person, Reply(messages=[t("nav-back")]), "notice")
    (template,) = fake.of("message/template/send")
    assert (template.body["touser"], template.body["template_id"]) == ("o-busy", "TPL-N")
    for _ in range(3):
        fake.fail_next("message/custom/send", -1, "system error")
    with pytest.raises(SendFailed) as busy:
        await sender.send(person, Reply(messages=[t("nav-back")]), "other")
    assert busy.value.retry_after is not None  # the outbox tries again later


def test_staff_grant_does_not_count_as_the_user_writing(sqlite_url):
    from linli.storage.db import Database
    from tests.factories import linli

    linli("demo", "load", url=sqlite_url)
    three_days_ago = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)

    async def seen(openid: str, set_to: dt.datetime | None = None) -> dt.datetime | None:
        db = Database(sqlite_url)
        try:
            async with db.uow() as uow:
                if set_to is not None:
                    from linli.storage.models import User

                    uow.users.add(
                        User(
                            channel="wechat",
                            external_id=openid,
                            locale="zh-CN",
                            created_at=set_to,
                            last_seen_at=set_to,
                        )
                    )
                    await uow.commit()
                    return None
                user = await uow.users.by_external("wechat", openid)
                return user.last_seen_at
        finally:
            await db.dispose()

    asyncio.run(seen("o-old-hand", three_days_ago))
    for openid in ("o-old-hand", "o-new-hand"):
        linli(
            "staff",
            "grant",
            "--community",
            "xinhuashe",
            "--user",
            f"wechat:{openid}",
            url=sqlite_url,
        )
    assert asyncio.run(seen("o-old-hand")) == three_days_ago
    # Named by staff before ever writing: outside WeChat's 48 hours from the start.
    assert asyncio.run(seen("o-new-hand")) < three_days_ago


# --- 8. timeouts, concurrency, one shared token -----------------------------------------


async def test_a_hung_call_times_out_and_holds_up_no_other(db, clock):
    fake = FakeWeChat()
    await fake.start()
    try:
        api = WeChatApi(APPID, "s", fake.url, token=SharedToken(db, clock), timeout=0.5)
        stuck = fake.hold("menu/create")
        hung = asyncio.ensure_future(api.create_menu({"button": []}))
        while not fake.of("menu/create"):  # noqa: ASYNC110 (until the call is stuck there)
            await asyncio.sleep(0.01)
        await asyncio.wait_for(api.send_text("o-1", "hi"), 0.4)  # not behind the hung one
        assert not hung.done()
        with pytest.raises(WeChatError) as error:
            await hung
        assert error.value.code is None and "Timeout" in error.value.message
        stuck.set()
    finally:
        await fake.stop()


async def test_one_token_for_every_process_fetched_once(db, clock):
    fake = FakeWeChat()
    await fake.start()
    try:
        first = WeChatApi(APPID, "s", fake.url, token=SharedToken(db, clock))
        second = WeChatApi(APPID, "s", fake.url, token=SharedToken(db, clock))
        await asyncio.gather(*(first.send_text(f"o-{n}", "x") for n in range(5)))
        await second.send_text("o-9", "x")
        assert len(fake.of("token")) == 1
        assert {c.params["access_token"] for c in fake.of("message/custom/send")} == {"T1"}
        # WeChat refuses it: one process renews it, the other then reads the new one.
        fake.fail_next("message/custom/send", 40001, "invalid credential")
        await first.send_text("o-1", "x")
        fake.fail_next("message/custom/send", 40001, "invalid credential")
        await second.send_text("o-2", "x")
        assert len(fake.of("token")) == 2
        assert fake.of("message/custom/send")[-1].params["access_token"] == "T2"
        # Near its end it is renewed before use, once.
        clock.advance(seconds=7200 - 60)
        await first.send_text("o-1", "x")
        await second.send_text("o-1", "x")
        assert len(fake.of("token")) == 3
    finally:
        await fake.stop()


async def test_while_another_process_renews_the_token_this_one_waits_and_reads_it(db, clock):
    from linli.bot.channels.wechat.api import CHANNEL, TOKEN

    async with db.uow() as uow:  # another process holds the lease: it is fetching
        assert await uow.channels.take_lease(
            CHANNEL, TOKEN, clock.now(), clock.now() + dt.timedelta(seconds=30)
        )
        await uow.commit()
    fetched = []

    async def fetch():
        fetched.append(1)
        return "MINE", 7200

    waiting = asyncio.ensure_future(
        SharedToken(db, clock, wait_seconds=0, waits=10**6).current(fetch)
    )
    await asyncio.sleep(0)
    async with db.uow() as uow:  # … and stores what it fetched
        await uow.channels.renew(CHANNEL, TOKEN, "THEIRS", clock.now() + dt.timedelta(hours=2))
        await uow.commit()
    assert await waiting == "THEIRS" and fetched == []


def test_cli_commands_share_the_token_too(sqlite_url):
    from tests.factories import linli

    async def run() -> int:
        fake = FakeWeChat()
        await fake.start()
        env = {
            "LINLI_WECHAT_TOKEN": TOKEN,
            "LINLI_WECHAT_APPID": APPID,
            "LINLI_WECHAT_SECRET": "s",
            "LINLI_WECHAT_API_URL": fake.url,
        }
        try:
            for _ in range(2):
                await asyncio.to_thread(linli, "wechat", "menu", url=sqlite_url, env=env)
            return len(fake.of("token"))
        finally:
            await fake.stop()

    assert asyncio.run(run()) == 1


# --- 13. rough edges ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [("LINLI_WECHAT_AES_KEY", "too-short"), ("LINLI_WECHAT_TEMPLATES", "{not json")],
)
def test_a_bad_wechat_setting_is_one_line_naming_it(sqlite_url, name, value):
    from tests.factories import linli

    env = {
        "LINLI_WECHAT_TOKEN": TOKEN,
        "LINLI_WECHAT_APPID": APPID,
        "LINLI_WECHAT_SECRET": "s",
        "LINLI_WECHAT_API_URL": "http://127.0.0.1:9",
        name: value,
    }
    done = linli("wechat", "menu", url=sqlite_url, env=env, check=False)
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"{name}:") and value not in line


async def test_an_unfollow_is_recorded_as_such(db, clock, translator, wechat_api):
    fake, api = wechat_api
    sender = WeChatSender(api, translator, clock, {})
    person = await _person(db, clock, "o-gone", 1)
    fake.fail_next("message/custom/send", 43004, "require subscribe")
    with pytest.raises(SendFailed) as gone:
        await sender.send(person, Reply(messages=[t("nav-back")]), "notice")
    assert gone.value.unreachable and "unfollowed" in gone.value.reason
    async with db.uow() as uow:
        from linli.handlers.kit.notify import push

        (await uow.users.get(person.id)).unreachable_since = clock.now()
        await push(uow, person.id, t("nav-back"), kind="notice", now=clock.now())
        await uow.commit()
    await OutboxDispatcher(db, clock, {"wechat": sender}).drain()
    async with db.uow() as uow:
        (row,) = await uow.outbox.for_user(person.id)
    assert row.status == "failed" and "unfollowed" in row.last_error
    assert "blocked" not in row.last_error


async def test_a_failed_part_stops_the_parts_after_it(channel, conversation):
    server, callback, fake = await channel(False)
    long_text = "\n".join(f"{n:03d} " + "邻" * 60 for n in range(40))

    async def long(request):
        return Reply(messages=[raw(long_text)])

    conversation.handle = long
    # The first part goes through, the second is refused.
    fake.errors["message/custom/send"] = [(0, "ok"), (45015, "response out of time limit")]
    assert await server.post(text_xml("openid-s", "hi", 800)) == (200, "success")
    await callback.idle()
    sent = fake.of("message/custom/send")
    assert len(sent) == 2  # the first, then the failed second; nothing after a gap
    assert sent[0].body["text"]["content"].startswith("000 ")


@MODES
async def test_two_menu_taps_in_the_same_second_are_both_answered(channel, safe):
    server, _callback, _fake = await channel(safe)
    await server.post(event_xml("openid-t", "subscribe", 1700000003))
    await server.post(text_xml("openid-t", factories.AGREE, 899))
    await server.post(text_xml("openid-t", "1", 900))
    _, events = await server.post(event_xml("openid-t", "CLICK", 1700000010, "go|events"))
    _, profile = await server.post(event_xml("openid-t", "CLICK", 1700000010, "go|profile"))
    assert events.startswith("近期没有活动")
    assert profile != "success" and "我的资料" in profile
