"""WeChat features through wechatpy's own code and a fake WeChat API on 127.0.0.1: a menu
within WeChat's limits, templates filled field by field, pictures and voice, parametric QR
codes, onboarding before any menu click, and what an unfollow lets go of."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import pytest

from linli.bot.channels.wechat.api import WeChatApi
from linli.bot.channels.wechat.media import Pictures
from linli.bot.channels.wechat.menu import check_menu, custom_menu
from linli.bot.channels.wechat.sender import WeChatSender
from linli.bot.outbox import OutboxDispatcher
from linli.handlers.booking import service as booking
from linli.handlers.booking import timetable
from linli.handlers.kit import payload as codec
from linli.handlers.kit.clock import FakeClock
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.notify import push
from linli.handlers.kit.reply import Button, Reply
from linli.handlers.kit.text import raw, t
from linli.handlers.notices import service as notices
from linli.handlers.profile.service import recent_audit
from linli.handlers.wiring import resident_menu
from linli.storage.db import Database
from tests import factories
from tests.channels.fake_wechat import FakeWeChat
from tests.channels.test_wechat import (  # noqa: F401 (demo, wechat, wechat_api: fixtures)
    APPID,
    TOKEN,
    _person,
    demo,
    event_xml,
    text_xml,
    wechat,
    wechat_api,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def message_xml(openid: str, kind: str, msg_id: int, fields: str = "") -> str:
    return (
        f"<xml><ToUserName><![CDATA[gh_test]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>1700000000</CreateTime><MsgType><![CDATA[{kind}]]></MsgType>"
        f"{fields}<MsgId>{msg_id}</MsgId></xml>"
    )


def image_xml(openid: str, media_id: str, msg_id: int) -> str:
    return message_xml(
        openid,
        "image",
        msg_id,
        f"<PicUrl><![CDATA[http://example.invalid/p.jpg]]></PicUrl>"
        f"<MediaId><![CDATA[{media_id}]]></MediaId>",
    )


def voice_xml(openid: str, words: str | None, msg_id: int) -> str:
    heard = f"<Recognition><![CDATA[{words}]]></Recognition>" if words is not None else ""
    return message_xml(
        openid,
        "voice",
        msg_id,
        f"<MediaId><![CDATA[V{msg_id}]]></MediaId><Format><![CDATA[amr]]></Format>{heard}",
    )


OTHER_MEDIA = {
    "video": "<MediaId><![CDATA[VID]]></MediaId><ThumbMediaId><![CDATA[T]]></ThumbMediaId>",
    "shortvideo": "<MediaId><![CDATA[VID]]></MediaId><ThumbMediaId><![CDATA[T]]></ThumbMediaId>",
    "location": "<Location_X>39.9</Location_X><Location_Y>116.2</Location_Y><Scale>15</Scale>"
    "<Label><![CDATA[鲁谷]]></Label>",
    "link": "<Title><![CDATA[看看]]></Title><Description><![CDATA[d]]></Description>"
    "<Url><![CDATA[http://example.invalid/]]></Url>",
}


@pytest.fixture
async def wx_api():
    fake = FakeWeChat()
    await fake.start()
    yield fake, WeChatApi(APPID, "secret", fake.url)
    await fake.stop()


@pytest.fixture
def wx(wechat, clock, tmp_path):  # noqa: F811
    """test_wechat's callback (plain and 安全模式), keeping pictures in an attachments folder."""
    _server, callback, _fake = wechat
    callback.pictures = Pictures(callback.api, tmp_path / "attachments", clock)
    return wechat


async def _state(db, openid: str):
    async with db.uow() as uow:
        user = await uow.users.by_external("wechat", openid)
        return user, await uow.conversations.get(user.id)


# --- 5. the custom menu --------------------------------------------------------------------


def test_the_custom_menu_keeps_every_wechat_limit(translator):
    for language in translator.languages:
        menu = custom_menu(translator, language)
        assert check_menu(menu) == [], language
        tops = menu["button"]
        assert len(tops) <= 3 and all(len(b["name"].encode()) <= 16 for b in tops)
        keys = {s["key"] for b in tops for s in b["sub_button"]}
        assert {codec.encode("go", entry.flow) for entry in resident_menu()} <= keys


def test_the_check_names_each_offending_button(translator):
    def said(menu) -> list[str]:
        return [translator.render(p) for p in check_menu(menu)]

    long_top = {"button": [{"type": "click", "name": "社区之家（共享场地）", "key": "go|x"}]}
    (problem,) = said(long_top)
    assert "社区之家（共享场地）" in problem and "30" in problem and "16" in problem
    sub = {"type": "click", "name": "活动", "key": "go|events"}
    crowded = {
        "button": [
            {"name": "a", "sub_button": [sub] * 6},
            {"name": "b", "sub_button": [{**sub, "name": "长" * 21}]},
            {"type": "click", "name": "c", "key": "k" * 129},
            {"type": "view", "name": "d"},
        ]
    }
    problems = said(crowded)
    assert any("4" in p and "3" in p for p in problems)  # four top buttons
    assert any("按钮1下" in p and "6" in p for p in problems)  # six below the first
    assert any("按钮2.1" in p and "63" in p for p in problems)  # 21 characters, 63 bytes
    assert any("按钮3" in p and "key" in p for p in problems)
    assert any("按钮4" in p and "网址" in p for p in problems)
    assert said({"button": []}) and said({"menu": 1})


def test_menu_check_runs_offline_and_fails_naming_the_button(sqlite_url, tmp_path):
    done = factories.linli("wechat", "menu", "--check", url=sqlite_url)
    assert "菜单符合微信的全部限制" in done.stdout
    bad = tmp_path / "menu.json"
    bad.write_text(
        json.dumps({"button": [{"type": "click", "name": "社区之家（共享场地）", "key": "go|a"}]}),
        encoding="utf-8",
    )
    refused = factories.linli(
        "wechat", "menu", "--check", "--file", str(bad), url=sqlite_url, check=False
    )
    assert refused.returncode == 1
    assert "社区之家（共享场地）" in refused.stderr and "16" in refused.stderr


def test_staff_get_a_menu_of_their_tools(sqlite_url):
    async def run():
        db = Database(sqlite_url)
        await factories.places(db)
        clock = FakeClock()
        for openid in ("o-staff-1", "o-staff-2"):
            person = await factories.staff(db, clock, openid, "xinhuashe")
            async with db.uow() as uow:
                (await uow.users.get(person.id)).channel = "wechat"
                await uow.commit()
        await factories.user(db, clock, "o-resident", community_code="xinhuashe", channel="wechat")
        await db.dispose()
        fake = FakeWeChat()
        await fake.start()
        env = {
            "LINLI_WECHAT_TOKEN": TOKEN,
            "LINLI_WECHAT_APPID": APPID,
            "LINLI_WECHAT_SECRET": "s",
            "LINLI_WECHAT_API_URL": fake.url,
        }
        try:
            for _ in range(2):  # a second run finds the tag it made
                done = await asyncio.to_thread(
                    factories.linli, "wechat", "menu", "--staff", url=sqlite_url, env=env
                )
            return done, fake
        finally:
            await fake.stop()

    done, fake = asyncio.run(run())
    assert "2位工作人员" in done.stdout
    assert len(fake.of("tags/create")) == 1 and fake.tags[0]["name"] == "linli-staff"
    tagged = fake.of("tags/members/batchtagging")[-1].body
    assert tagged == {"tagid": 100, "openid_list": ["o-staff-1", "o-staff-2"]}
    assert len(fake.of("menu/delete")) == 2  # the old conditional menus go first
    staff_menu = fake.of("menu/addconditional")[-1].body
    assert staff_menu["matchrule"] == {"tag_id": "100"}
    keys = {s["key"] for b in staff_menu["button"] for s in b["sub_button"]}
    assert {"go|staff", "go|manage", "go|notice_new"} <= keys
    assert check_menu(staff_menu) == []


# --- 11. onboarding before any menu click ------------------------------------------------------


async def test_a_menu_click_before_onboarding_starts_onboarding(wx, db):
    server, _callback, _fake = wx
    # An old follower: no `subscribe` ever came; the first thing is a menu click.
    _, reply = await server.post(event_xml("o-click", "CLICK", 1700000100, "go|events"))
    assert reply.startswith("您好！欢迎使用") and "回复1：同意" in reply  # the notice first
    user, state = await _state(db, "o-click")
    assert user.community_id is None and state.flow == "consent"
    _, reply = await server.post(text_xml("o-click", factories.AGREE, 100))
    assert "请选择您住的社区" in reply
    user, state = await _state(db, "o-click")
    assert user.community_id is None and state.flow == "onboarding"
    await server.post(text_xml("o-click", "1", 101))
    _, reply = await server.post(text_xml("o-click", "跳过", 102))  # the 小区/楼栋
    assert "主菜单" in reply
    _, reply = await server.post(event_xml("o-click", "CLICK", 1700000101, "go|events"))
    assert reply.startswith("近期没有活动")


# --- 10. parametric QR codes ----------------------------------------------------------------


async def test_a_follow_by_qr_code_picks_the_community_and_building(wx, db):
    server, _callback, _fake = wx
    key = "qrscene_place:xinhuashe:xinhuashe-dorm-1"
    status, reply = await server.post(event_xml("o-qr", "subscribe", 1700000200, key))
    assert status == 200 and "回复1：同意" in reply  # the notice first; the place waits
    status, reply = await server.post(text_xml("o-qr", factories.AGREE, 199))
    assert "新华社社区" in reply and "新华社宿舍小区 1号楼" in reply and "主菜单" in reply
    user, _ = await _state(db, "o-qr")
    community = await factories.community(db, "xinhuashe")
    building = await factories.community(db, "xinhuashe-dorm-1")
    assert (user.community_id, user.building_id) == (community.id, building.id)


async def test_a_follow_by_a_households_qr_code_confirms_the_resident(wx, db, clock):
    server, _callback, _fake = wx
    code = await factories.household_code(db, clock, "xinhuashe", "2号楼 1单元 101", uses=2)
    key = f"qrscene_join-{code}"
    _, reply = await server.post(event_xml("o-home", "subscribe", 1700000250, key))
    assert "回复1：同意" in reply  # the notice first; the code waits
    _, reply = await server.post(text_xml("o-home", factories.AGREE, 251))
    assert "2号楼 1单元 101" in reply
    user, _ = await _state(db, "o-home")
    async with db.uow() as uow:
        row = await uow.residency.of(user.id)
    assert (row.status, row.confirmed_via) == ("confirmed", "qr")


async def test_a_scan_by_a_follower_recognises_them_and_picks_the_place(wx, db):
    server, _callback, _fake = wx
    await server.post(event_xml("o-scan", "subscribe", 1700000300))
    await server.post(text_xml("o-scan", "1", 301))  # the first community
    _, reply = await server.post(event_xml("o-scan", "SCAN", 1700000301, "place:qixingyuan"))
    assert "七星园社区" in reply and "主菜单" in reply
    user, _ = await _state(db, "o-scan")
    assert user.community_id == (await factories.community(db, "qixingyuan")).id
    # A scene that names no place of ours: the menu, nothing changed.
    _, reply = await server.post(event_xml("o-scan", "SCAN", 1700000302, "place:nowhere"))
    assert "主菜单" in reply
    assert (await _state(db, "o-scan"))[0].community_id == user.community_id


def test_the_qrcode_command_makes_a_code_for_a_place(sqlite_url):
    async def run():
        db = Database(sqlite_url)
        await factories.places(db)
        # A household code good for six days (on the clock `factories.linli` runs on):
        # its picture runs out with it.
        code = await factories.household_code(db, FakeClock(), "xinhuashe", "3号楼 301", days=6)
        await db.dispose()
        fake = FakeWeChat()
        await fake.start()
        env = {
            "LINLI_WECHAT_TOKEN": TOKEN,
            "LINLI_WECHAT_APPID": APPID,
            "LINLI_WECHAT_SECRET": "s",
            "LINLI_WECHAT_API_URL": fake.url,
        }
        try:
            made = await asyncio.to_thread(
                factories.linli,
                "wechat",
                "qrcode",
                "--community",
                "xinhuashe",
                "--building",
                "xinhuashe-dorm-1",
                url=sqlite_url,
                env=env,
            )
            unknown = await asyncio.to_thread(
                factories.linli,
                "wechat",
                "qrcode",
                "--community",
                "nowhere",
                url=sqlite_url,
                env=env,
                check=False,
            )
            too_long = await asyncio.to_thread(
                factories.linli,
                "wechat",
                "qrcode",
                "--community",
                "xinhuashe",
                "--building",
                "b" * 60,
                url=sqlite_url,
                env=env,
                check=False,
            )
            assert too_long.returncode == 2 and "太长" in too_long.stderr
            home = await asyncio.to_thread(
                factories.linli, "wechat", "qrcode", "--household", code, url=sqlite_url, env=env
            )
            assert "TICKET-2" in home.stdout
            neither = await asyncio.to_thread(
                factories.linli, "wechat", "qrcode", url=sqlite_url, env=env, check=False
            )
            assert neither.returncode == 2 and "二选一" in neither.stderr
            return made, unknown, fake.of("qrcode/create"), code
        finally:
            await fake.stop()

    made, unknown, calls, code = asyncio.run(run())
    call, home = calls  # the unknown place never reached WeChat
    assert call.body == {
        "action_name": "QR_LIMIT_STR_SCENE",
        "action_info": {"scene": {"scene_str": "place:xinhuashe:xinhuashe-dorm-1"}},
    }
    assert home.body["action_name"] == "QR_STR_SCENE"
    assert home.body["action_info"] == {"scene": {"scene_str": f"join-{code}"}}
    assert home.body["expire_seconds"] == 6 * 86400
    assert "TICKET-1" in made.stdout
    assert "https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=TICKET-1" in made.stdout
    assert unknown.returncode == 1 and "nowhere" in unknown.stderr


# --- 9. pictures, voice and other media ---------------------------------------------------------


async def test_media_never_answers_a_step_that_waits_for_words(wx, db):
    server, _callback, fake = wx
    await server.post(event_xml("o-m", "subscribe", 1700000400))
    await server.post(text_xml("o-m", factories.AGREE, 400))
    await server.post(text_xml("o-m", "1", 401))
    _, asked = await server.post(event_xml("o-m", "CLICK", 1700000401, "go|proposal_new"))
    assert "标题" in asked
    sent = [image_xml("o-m", "PIC", 410), voice_xml("o-m", None, 411), voice_xml("o-m", "", 412)]
    sent += [
        message_xml("o-m", kind, 420 + n, x) for n, (kind, x) in enumerate(OTHER_MEDIA.items())
    ]
    for xml in sent:
        status, reply = await server.post(xml)
        assert status == 200 and "请输入文字或回复数字" in reply and "标题" in reply
        _, state = await _state(db, "o-m")
        assert (state.flow, state.step) == ("proposal_new", "title")
    assert fake.of("media/get") == []  # this step takes no picture: none fetched
    _, reply = await server.post(text_xml("o-m", "修路灯", 430))
    _, state = await _state(db, "o-m")
    assert state.step == "text" and state.data.get("title") != "?"


async def test_voice_with_recognition_is_the_same_as_typing(wx, conversation, db):
    server, _callback, _fake = wx
    typed, spoken = [], []
    for openid, out, said in (("o-typed", typed, None), ("o-spoken", spoken, "菜单。")):
        await server.post(event_xml(openid, "subscribe", 1700000500))
        # 同意 (the notice), community, 跳过 (its 小区/楼栋), …
        for n, words in enumerate(["1", "1", "3", "2"]):
            xml = (
                text_xml(openid, words, 500 + n)
                if said is None
                else voice_xml(openid, f"{words}。", 550 + n)
            )
            out.append((await server.post(xml))[1])
    assert spoken == typed and "主菜单" in typed[2]
    _, reply = await server.post(voice_xml("o-spoken", "菜单。", 510))
    assert "主菜单" in reply


async def test_a_picture_for_a_notice_is_fetched_and_kept(wx, db, clock, tmp_path):
    server, _callback, fake = wx
    staff = await factories.staff(db, clock, "o-staff", "xinhuashe")
    async with db.uow() as uow:
        (await uow.users.get(staff.id)).channel = "wechat"
        await uow.commit()
    fake.media["PIC1"] = (PNG, "image/png")
    _, asked = await server.post(event_xml("o-staff", "CLICK", 1700000600, "go|notice_new"))
    assert "请输入通知内容" in asked
    _, reply = await server.post(image_xml("o-staff", "GONE", 600))  # WeChat: 40007
    assert "图片没有收到" in reply and "请输入通知内容" in reply
    assert not (tmp_path / "attachments" / "wechat").exists()
    _, reply = await server.post(image_xml("o-staff", "PIC1", 601))
    assert "图片收到了" in reply
    assert [c.params["media_id"] for c in fake.of("media/get")] == ["GONE", "PIC1"]
    (kept,) = (tmp_path / "attachments" / "wechat").iterdir()
    assert kept.read_bytes() == PNG and kept.suffix == ".png"
    _, state = await _state(db, "o-staff")
    assert state.data["image"] == f"file:wechat/{kept.name}" and state.step == "text"
    _, reply = await server.post(text_xml("o-staff", "周六停水", 602))
    _, state = await _state(db, "o-staff")
    assert state.step == "topic" and state.data["image"].endswith(kept.name)


async def test_a_notice_written_with_a_picture_on_wechat_reaches_residents_with_it(
    wx, db, clock, translator, config
):
    server, callback, fake = wx
    api = callback.api
    staff = await factories.staff(db, clock, "o-writer", "xinhuashe")
    resident = await factories.user(
        db, clock, "o-reader", community_code="xinhuashe", channel="wechat"
    )
    async with db.uow() as uow:
        (await uow.users.get(staff.id)).channel = "wechat"
        await uow.commit()
    fake.media["PIC2"] = (PNG, "image/jpeg")
    await server.post(event_xml("o-writer", "CLICK", 1700000900, "go|notice_new"))
    await server.post(image_xml("o-writer", "PIC2", 901))
    for n, words in enumerate(["周六停水", "1", "1", "1", "1"]):
        _, reply = await server.post(text_xml("o-writer", words, 902 + n))
    # The confirmation has the picture: words then picture, in order, as customer-service
    # messages (a passive reply could arrive after them).
    assert reply == "success"
    await callback.idle()
    shown = [c.body for c in fake.of("message/custom/send") if c.body["touser"] == "o-writer"]
    assert [b["msgtype"] for b in shown] == ["text", "image"]
    assert "周六停水" in shown[0]["text"]["content"]
    assert "附有图片" not in shown[0]["text"]["content"]
    await server.post(text_xml("o-writer", "1", 910))  # send
    clock.advance(seconds=16)  # past the 15 seconds to withdraw
    assert await notices.enqueue_due(db, clock.now(), config) >= 1
    sender = WeChatSender(api, translator, clock, {}, callback.pictures)
    await OutboxDispatcher(db, clock, {"wechat": sender}).drain()
    to_reader = [c.body for c in fake.of("message/custom/send") if c.body["touser"] == "o-reader"]
    assert [b["msgtype"] for b in to_reader] == ["text", "image"]
    assert "周六停水" in to_reader[0]["text"]["content"]
    assert "附有图片" not in to_reader[0]["text"]["content"]
    assert fake.uploads == [PNG]  # once, for the writer and the reader
    async with db.uow() as uow:
        (row,) = [r for r in await uow.outbox.for_user(resident.id) if r.kind == "notice"]
        assert row.status == "sent"


async def test_a_notice_with_a_picture_is_sent_as_an_image(db, clock, translator, wx_api, tmp_path):
    fake, api = wx_api
    folder = tmp_path / "wechat"
    folder.mkdir()
    (folder / "abc.png").write_bytes(PNG)
    uploads_clock = FakeClock(clock.now())
    pictures = Pictures(api, tmp_path, uploads_clock)
    sender = WeChatSender(api, translator, clock, {}, pictures)
    people = [await _person(db, clock, f"o-n{n}", 1) for n in range(2)]
    notice = Reply(messages=[raw("周六停水")], image="file:wechat/abc.png")
    for person in people:
        await sender.send(person, notice, "notice")
    assert fake.uploads == [PNG]  # uploaded once, sent to both
    images = [c.body for c in fake.of("message/custom/send") if c.body["msgtype"] == "image"]
    assert [(b["touser"], b["image"]["media_id"]) for b in images] == [
        ("o-n0", "M1"),
        ("o-n1", "M1"),
    ]
    texts = [c.body["text"]["content"] for c in fake.of("message/custom/send") if "text" in c.body]
    assert texts == ["周六停水", "周六停水"]  # no line saying a picture exists
    uploads_clock.advance(days=3)  # WeChat forgot the upload: upload again
    await sender.send(people[0], notice, "notice")
    assert len(fake.uploads) == 2
    outside = Reply(messages=[raw("x")], image="file:../secret.png")
    await sender.send(people[0], outside, "notice")
    assert (
        len(fake.uploads) == 2
        and "附有图片" in fake.of("message/custom/send")[-1].body["text"]["content"]
    )


# --- 6. templates -----------------------------------------------------------------------------


def _offer() -> Reply:
    return Reply(
        messages=[t("waitlist-offer", facility=raw("琴房"), when="11月24日 10:00", until="10:30")],
        buttons=[
            Button(t("waitlist-accept"), "do|wl-accept|1"),
            Button(t("waitlist-decline"), "do|wl-decline|1"),
        ],
    )


async def test_a_template_fills_its_own_keyword_fields(db, clock, translator, wx_api):
    fake, api = wx_api
    templates = {
        "waitlist-offer": {
            "id": "TPL-W",
            "fields": {"thing1": "facility", "time2": "when", "thing3": "hint", "thing4": "=候补"},
        },
        "notice": "TPL-N",  # the old form: a bare template id
    }
    sender = WeChatSender(api, translator, clock, templates)
    old = await _person(db, clock, "o-tpl", 72)
    await sender.send(old, _offer(), "waitlist-offer")
    await sender.send(
        old, Reply(messages=[raw("周六上午九点到十二点停水，请提前储水，谢谢配合")]), "notice"
    )
    offer, notice = (c.body for c in fake.of("message/template/send"))
    assert offer["template_id"] == "TPL-W"
    assert offer["data"] == {
        "thing1": {"value": "琴房"},
        "time2": {"value": "11月24日 10:00"},
        "thing3": {"value": "回复“选项”查看并选择"},
        "thing4": {"value": "候补"},
    }
    assert notice["template_id"] == "TPL-N"
    assert set(notice["data"]) == {"keyword1", "thing1"}  # never first/remark only
    assert notice["data"]["keyword1"]["value"] == "周六上午九点到十二点停水，请提前储水，谢谢配合"
    assert notice["data"]["thing1"]["value"] == "周六上午九点到十二点停水，请提前储水，…"
    # The old form with choices: the words to reply come along, whole.
    await sender.send(old, _offer(), "notice")
    thing = fake.of("message/template/send")[-1].body["data"]["thing1"]["value"]
    assert thing.endswith("回复“选项”查看并选择") and len(thing) <= 20


def test_templates_of_the_wrong_shape_stop_start_up_naming_the_variable(monkeypatch):
    from linli.bot.config import SettingsError, load_settings

    monkeypatch.setenv("LINLI_WECHAT_TEMPLATES", json.dumps({"notice": {"fields": {"a1": "text"}}}))
    with pytest.raises(SettingsError) as no_id:
        load_settings(_env_file=None)
    assert "LINLI_WECHAT_TEMPLATES" in str(no_id.value) and "notice" in str(no_id.value)
    only_first = {"notice": {"id": "T", "fields": {"first": "text"}}}
    monkeypatch.setenv("LINLI_WECHAT_TEMPLATES", json.dumps(only_first))
    with pytest.raises(SettingsError) as first:
        load_settings(_env_file=None)
    assert "first" in str(first.value)
    monkeypatch.setenv("LINLI_WECHAT_TEMPLATES", json.dumps({"notice": "T", "x": {"id": "U"}}))
    assert set(load_settings(_env_file=None).wechat.templates) == {"notice", "x"}


async def test_after_a_template_the_resident_writes_in_and_gets_the_choices(
    wx, db, clock, translator
):
    server, callback, fake = wx
    api = callback.api
    await server.post(event_xml("o-later", "subscribe", 1700000700))
    await server.post(text_xml("o-later", factories.AGREE, 700))
    await server.post(text_xml("o-later", "1", 701))
    clock.advance(hours=72)  # outside the 48-hour window: only a template reaches them
    user, _ = await _state(db, "o-later")
    choices = Reply(
        messages=[raw("社区活动报名开始了")],
        buttons=[Button(raw("看看活动"), codec.encode("go", "events"))],
    )
    async with db.uow() as uow:
        await push(uow, user.id, kind="event", now=clock.now(), reply=choices)
        await uow.commit()
    templates = {"event": {"id": "TPL-E", "fields": {"thing1": "text", "thing2": "hint"}}}
    sender = WeChatSender(api, translator, clock, templates)
    await OutboxDispatcher(db, clock, {"wechat": sender}).drain()
    (template,) = fake.of("message/template/send")
    assert template.body["data"]["thing2"]["value"] == "回复“选项”查看并选择"
    _, reply = await server.post(text_xml("o-later", "选项", 702))
    assert "社区活动报名开始了" in reply and "回复1：看看活动" in reply
    _, reply = await server.post(text_xml("o-later", "1", 703))
    assert reply.startswith("近期没有活动")


# --- 12. unfollow -----------------------------------------------------------------------------


async def test_an_unfollow_passes_the_held_offer_on_and_releases_bookings(wx, db, clock, tmp_path):
    server, _callback, _fake = wx
    config = CoreConfig()
    facility_id = await factories.facility(db, clock, tmp_path, unit="退订测试学校", capacity=1)
    holder = await factories.user(db, clock, "o-holder", community_code="xinhuashe")
    leaver = await factories.user(
        db, clock, "o-leaver", community_code="xinhuashe", channel="wechat"
    )
    next_in_line = await factories.user(db, clock, "o-next", community_code="xinhuashe")
    day = dt.date(2026, 11, 25)
    async with db.uow() as uow:
        facility = await uow.facilities.get(facility_id)
        slots = await timetable.day_slots(uow, facility, day, clock.now(), config.zone)
        first, second = slots[:2]
        held = await booking.book(
            uow, await uow.users.get(holder.id), facility_id, first.id, clock.now(), config
        )
        own = await booking.book(
            uow, await uow.users.get(leaver.id), facility_id, second.id, clock.now(), config
        )
        for person in (leaver, next_in_line):
            clock.advance(seconds=1)
            await booking.join_waitlist(
                uow, await uow.users.get(person.id), facility_id, first.id, clock.now(), config
            )
        await booking.cancel(uow, await uow.users.get(holder.id), held.id, clock.now(), config)
        await uow.commit()
    async with db.uow() as uow:
        assert [r.kind for r in await uow.outbox.for_user(leaver.id)].count("waitlist-offer") == 1
    status, text = await server.post(event_xml("o-leaver", "unsubscribe", 1700000800))
    assert (status, text) == (200, "success")
    async with db.uow() as uow:
        offers = [
            r for r in await uow.outbox.for_user(next_in_line.id) if r.kind == "waitlist-offer"
        ]
        assert len(offers) == 1  # the place went to the next in line at once
        assert (await uow.booking.slot(first.id)).taken == 1  # held for them now
        released = await uow.booking.booking(own.id)
        assert (released.status, released.cancel_reason) == ("cancelled", "unfollowed")
        assert (await uow.booking.slot(second.id)).taken == 0
        gone = await uow.users.by_external("wechat", "o-leaver")
        assert gone.unreachable_since is not None
    staff = await factories.staff(db, clock, "o-office", "xinhuashe")
    async with db.uow() as uow:
        community = await factories.community(db, "xinhuashe")
        entries = await recent_audit(uow, await uow.users.get(staff.id), community.id)
        assert any(
            e.action == "booking.released" and e.details["reason"] == "unfollowed" for e in entries
        )


async def test_the_served_channel_keeps_pictures_in_the_attachments_folder(sqlite_url, tmp_path):
    from linli.bot.app import build_app
    from linli.bot.config import Settings

    settings = Settings(
        _env_file=None,
        database_url=sqlite_url,
        wechat_token=TOKEN,
        wechat_appid=APPID,
        wechat_secret="s",
        attachments_dir=tmp_path / "kept",
        wechat_templates={"notice": {"id": "T", "fields": {"thing1": "text"}}},
    )
    app = build_app(settings)
    try:
        sender = app.senders["wechat"]
        assert sender.pictures.directory == tmp_path / "kept"
        assert sender.templates["notice"].fields == {"thing1": "text"}
    finally:
        await app.close()
