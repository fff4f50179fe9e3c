"""我的数据 through the conversation: see everything kept, take it as a file (a one-time
link on WeChat), correct it, erase the account — figures, the audit log and the fund stay
whole, the person's name, phone and words go, nobody else's data moves. And the same
from the command line, for staff handling a request in person."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from linli.bot.channels.export_link import ExportLinks, redacted
from linli.handlers.booking import service as booking
from linli.handlers.booking import timetable
from linli.handlers.fund import service as fund
from linli.handlers.kit.config import CoreConfig
from linli.handlers.market import service as market
from linli.handlers.proposals import service as proposals
from linli.handlers.wiring import build_conversation
from linli.storage import fund_chain
from linli.storage.models import (
    AuditEntry,
    Base,
    Booking,
    ConversationState,
    ExportLink,
    LedgerEntry,
    Notice,
    OutboxMessage,
    ProposalSupport,
    StallApplication,
    User,
)
from tests import factories
from tests.factories import Chat, linli

CONFIG = CoreConfig()
ZONE = CONFIG.zone
ALICE_NAME, ALICE_PHONE, ALICE_STALL = "张阿姨", "13812345678", "阿姨的手工包子"
BOB_NAME, BOB_PHONE = "李大爷", "13900001111"
PUBLIC = "https://bot.example.org"
NOTICE = "明天上午九点到十一点停水，请提前储水。"


def local(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=ZONE).astimezone(dt.UTC)


async def _named(db, person: User, name: str) -> None:
    async with db.uow() as uow:
        (await uow.users.get(person.id)).display_name = name
        await uow.commit()


@pytest.fixture
async def world(db, clock, tmp_path):
    """alice (张阿姨) holds the one place of 11-25 that bob waits for, applied for a market
    stall with her phone and supports bob's proposal; two staff keep a fund with a gift
    and a signed spending."""
    clock.set(local(23, 10))
    await factories.places(db)
    facility_id = await factories.facility(db, clock, tmp_path, capacity=1)
    boss = await factories.staff(db, clock, "boss", "xinhuashe")
    second = await factories.staff(db, clock, "second", "xinhuashe")
    alice = await factories.user(db, clock, "alice", community_code="xinhuashe")
    bob = await factories.user(db, clock, "bob", community_code="xinhuashe")
    await _named(db, alice, ALICE_NAME)
    await _named(db, bob, BOB_NAME)
    await _named(db, second, "李主任")
    async with db.uow() as uow:
        facility = await uow.facilities.get(facility_id)
        slot = (await timetable.day_slots(uow, facility, dt.date(2026, 11, 25), clock.now(), ZONE))[
            0
        ]
        await uow.commit()
    async with db.uow() as uow:
        get = uow.users.get
        community = await uow.communities.by_code("xinhuashe")
        await booking.book(uow, await get(alice.id), facility_id, slot.id, clock.now(), CONFIG)
        await booking.join_waitlist(
            uow, await get(bob.id), facility_id, slot.id, clock.now(), CONFIG
        )
        made = await market.create_market(
            uow,
            by=await get(boss.id),
            community=community,
            day=dt.date(2026, 11, 29),
            opens=dt.time(8),
            closes=dt.time(12),
            place="社区广场",
            stalls={"小吃": 3},
            deadline=local(27, 18),
            fee=Decimal("10"),
            pledge_percent=5,
            mode="first",
            now=clock.now(),
            config=CONFIG,
        )
        (category,) = await market.categories(uow, made.id)
        for person, stall, phone in (
            (alice, ALICE_STALL, ALICE_PHONE),
            (bob, "大爷修鞋", BOB_PHONE),
        ):
            await market.apply(
                uow, await get(person.id), made.id, category.id,
                stall_name=stall, goods="自己做的", phone=phone, now=clock.now(), config=CONFIG,
            )  # fmt: skip
        idea = await proposals.submit(
            uow, await get(bob.id), title="楼下加个长椅", description="老人走累了能坐一坐",
            category="其他", level="小区", now=clock.now(),
        )  # fmt: skip
        await proposals.support(uow, await get(alice.id), idea.id, clock.now())
        await fund.add_entry(
            uow, await get(boss.id), community.id, kind="income", source="donation",
            amount=Decimal("500"), purpose="居民捐赠", day=dt.date(2026, 11, 20),
            now=clock.now(),
        )  # fmt: skip
        request = await fund.propose_spending(
            uow, await get(boss.id), community.id, amount=Decimal("200"),
            purpose="买长椅", day=dt.date(2026, 11, 21), now=clock.now(),
        )  # fmt: skip
        await fund.approve(uow, await get(second.id), request.id, clock.now())
        notice = Notice(
            community_id=community.id, author_id=boss.id, text=NOTICE, topic="general",
            audience="community", send_at=clock.now(), status="sent", created_at=clock.now(),
        )  # fmt: skip
        uow.session.add(notice)
        await uow.flush()
        for person in (alice, bob):
            await uow.outbox.enqueue(
                user_id=person.id, kind="notice", body={"messages": [f"to {person.id}"]},
                due_at=clock.now(), now=clock.now(), notice_id=notice.id,
            )  # fmt: skip
        await uow.commit()
    return {
        "alice": alice, "bob": bob, "boss": boss, "second": second,
        "slot": slot, "community": community, "market": made,
    }  # fmt: skip


async def _my_data(chat: Chat) -> None:
    await chat.send("")
    await chat.send(chat.number_of("menu-profile"))
    await chat.send(chat.number_of("mydata-menu"))


async def _pages(chat: Chat) -> str:
    """Every page of 查看我的数据, rendered."""
    shown = [chat.render()]
    while any(b.label.key == "nav-next-page" for b in chat.last.buttons):
        await chat.send(chat.number_of("nav-next-page"))
        shown.append(chat.render())
    return "\n".join(shown)


async def _everything(db) -> str:
    """Every row of every table, as text: to look for what must be gone."""
    out = []
    async with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for row in await conn.execute(select(table)):
                out.append(f"{table.name}: {tuple(row)!r}")
    return "\n".join(out)


async def _figures(db, community_id: int) -> dict:
    async with db.uow() as uow:
        s = uow.session
        lines = await uow.fund.lines(community_id)
        return {
            "bookings": await s.scalar(select(func.count()).select_from(Booking)),
            "applications": await s.scalar(select(func.count()).select_from(StallApplication)),
            "supports": await s.scalar(select(func.count()).select_from(ProposalSupport)),
            "pushes": await s.scalar(select(func.count()).select_from(OutboxMessage)),
            "ledger": [(e.id, e.amount, e.purpose, e.approved_by, e.hash) for e in lines],
            "chain": fund_chain.first_break(lines),
            "audit": [
                (a.id, a.actor, a.action, a.target)
                for a in await s.scalars(select(AuditEntry).order_by(AuditEntry.id))
            ],
        }


async def test_see_everything_kept_in_short_paged_sections(db, world, conversation, translator):
    chat = Chat(conversation, translator, "alice")
    await _my_data(chat)
    await chat.send(chat.number_of("mydata-see"))
    shown = await _pages(chat)
    for expected in (
        "【个人资料】共1条",
        f"名字：{ALICE_NAME}",
        "社区：新华社",
        "【预约】共1条",
        "琴房 · 2026-11-25 08:00 · booked",
        "【我支持的金点子】共1条",
        f"{ALICE_STALL} · 自己做的 · 电话{ALICE_PHONE}",
        "【正在进行的对话】共1条",
        "mydata/see",
        "【收到的通知】共1条",
        NOTICE[:20],
    ):
        assert expected in shown, expected
    assert BOB_NAME not in shown and BOB_PHONE not in shown  # only her own
    assert max(len(line) for line in shown.splitlines()) <= 60  # short lines


async def test_export_is_a_json_file_and_a_readable_table(db, world, conversation, translator):
    chat = Chat(conversation, translator, "alice")
    await _my_data(chat)
    await chat.send(chat.number_of("mydata-export"))
    file = chat.last.attachment
    assert file.filename == "my-data-2026-11-23.json" and file.content_type == "application/json"
    document = json.loads(file.data)
    data = document["data"]
    assert document["format"] == "linli-my-data/1"
    assert data["profile"][0]["display_name"] == ALICE_NAME
    assert data["bookings"][0]["facility"] == "琴房"
    assert data["market_applications"][0]["phone"] == ALICE_PHONE
    assert len(data["supports"]) == 1 and data["proposals"] == []
    assert BOB_NAME not in file.data.decode() and BOB_PHONE not in file.data.decode()
    assert "【预约】共1条" in chat.render()
    await chat.send(chat.number_of("mydata-summary-file"))
    table = chat.last.attachment
    rows = list(csv.reader(io.StringIO(translator.file(table, "zh-CN").decode("utf-8-sig"))))
    assert rows[0] == ["类别", "内容"]
    assert [
        "集市摊位申请",
        f"2026-11-29 · {ALICE_STALL} · 自己做的 · 电话{ALICE_PHONE} · approved",
    ] in rows


def _wechat(db, clock, public: str | None):
    return build_conversation(db, clock, replace(CONFIG, export_link_base=public))


async def _link(db, clock, translator, who: str) -> str:
    chat = Chat(_wechat(db, clock, PUBLIC), translator, who, channel="wechat")
    await _my_data(chat)
    await chat.send(chat.number_of("mydata-export"))
    assert chat.last.attachment is None and "微信不能发送文件" in chat.render()
    await chat.send(chat.number_of("mydata-get-link"))
    (url,) = [w for w in chat.render().split() if w.startswith(PUBLIC)]
    return url.removeprefix(PUBLIC)


async def _wechat_user(db, clock, external_id: str, name: str) -> User:
    person = await factories.user(
        db, clock, external_id, community_code="xinhuashe", channel="wechat"
    )
    await _named(db, person, name)
    return person


@pytest.fixture
async def web_client(db, clock, translator):
    server = web.Application()
    ExportLinks(db, clock, translator, "zh-CN", ZONE).add_routes(server)
    client = TestClient(TestServer(server))
    await client.start_server()
    yield client
    await client.close()


async def test_wechat_gets_text_pages_and_a_one_time_link(db, world, clock, translator, web_client):
    await _wechat_user(db, clock, "o-carol", "王奶奶")
    await _wechat_user(db, clock, "o-dave", "赵爷爷")
    path = await _link(db, clock, translator, "o-carol")
    assert re.fullmatch(r"/export/[A-Za-z0-9_-]{43}", path)  # the random token, nothing else
    page = await web_client.get(path)  # what a link preview fetches: the link stays good
    assert page.status == 200 and "下载我的数据" in await page.text()
    assert page.headers["Cache-Control"] == "no-store"
    got = await web_client.post(path)
    assert got.status == 200
    assert "attachment" in got.headers["Content-Disposition"]
    document = json.loads(await got.read())
    assert document["data"]["profile"][0]["display_name"] == "王奶奶"
    assert "赵爷爷" not in json.dumps(document, ensure_ascii=False)
    again = await web_client.post(path)  # used once: gone for anyone
    assert again.status == 404 and "已失效" in await again.text()
    assert (await web_client.get(path)).status == 404
    assert redacted(path) == "/export/…"
    async with db.uow() as uow:
        actions = [a.action for a in await uow.audit.recent(world["community"].id, 5)]
    assert {"privacy.link", "privacy.export"} <= set(actions)


async def test_a_link_expires_after_a_day(db, world, clock, translator, web_client):
    await _wechat_user(db, clock, "o-carol", "王奶奶")
    path = await _link(db, clock, translator, "o-carol")
    clock.advance(hours=24, seconds=1)
    gone = await web_client.post(path)
    assert gone.status == 404 and "王奶奶" not in await gone.text()


async def test_one_link_opens_only_its_owners_data(db, world, clock, translator, web_client):
    await _wechat_user(db, clock, "o-carol", "王奶奶")
    await _wechat_user(db, clock, "o-dave", "赵爷爷")
    carols = await _link(db, clock, translator, "o-carol")
    daves = await _link(db, clock, translator, "o-dave")
    got = json.loads(await (await web_client.post(daves)).read())
    assert got["data"]["profile"][0]["display_name"] == "赵爷爷"
    forged = carols[:-4] + ("AAAA" if not carols.endswith("AAAA") else "BBBB")
    assert (await web_client.post(forged)).status == 404
    assert (await web_client.post("/export/" + "x" * 500)).status == 404
    got = json.loads(await (await web_client.post(carols)).read())  # still hers, still good
    assert got["data"]["profile"][0]["display_name"] == "王奶奶"


async def test_without_a_public_address_wechat_gets_no_link(db, world, clock, translator):
    await _wechat_user(db, clock, "o-carol", "王奶奶")
    chat = Chat(_wechat(db, clock, None), translator, "o-carol", channel="wechat")
    await _my_data(chat)
    await chat.send(chat.number_of("mydata-export"))
    assert "mydata-get-link" not in [b.label.key for b in chat.last.buttons]
    await chat.send(chat.number_of("mydata-see"))
    assert "名字：王奶奶" in await _pages(chat)
    async with db.uow() as uow:
        assert await uow.session.scalar(select(func.count()).select_from(ExportLink)) == 0


async def test_correct_leads_to_the_edit_flows(db, world, conversation, translator):
    chat = Chat(conversation, translator, "alice")
    await _my_data(chat)
    await chat.send(chat.number_of("mydata-correct"))
    assert "mydata-correct-intro" in chat.keys()
    await chat.send(chat.number_of("profile-change-language"))
    await chat.send(chat.number_named("English"))
    async with db.uow() as uow:
        assert (await uow.users.get(world["alice"].id)).locale == "en"
    await _my_data(chat)
    await chat.send(chat.number_of("mydata-correct"))
    await chat.send(chat.number_of("profile-change-building"))
    assert "profile-pick-compound" in chat.keys()


async def test_erase_asks_once_then_keeps_figures_and_the_fund(
    db, world, clock, conversation, translator
):
    alice, bob = world["alice"], world["bob"]
    community_id = world["community"].id
    before = await _figures(db, community_id)
    async with db.uow() as uow:
        bob_before = await uow.privacy.export(bob.id)
    chat = Chat(conversation, translator, "alice")
    await _my_data(chat)
    await chat.send(chat.number_of("mydata-erase"))
    assert "确定删除吗？" in chat.render() and "1个还没到的预约会取消" in chat.render()
    await chat.send("不")  # anything but yes changes nothing
    assert "确定删除吗？" in chat.render()
    await chat.send(chat.number_of("mydata-erase-yes"))
    assert "您的账号已删除，1个预约已取消" in chat.render() and chat.last.buttons == []

    after = await _figures(db, community_id)
    assert after["chain"] is None and after["ledger"] == before["ledger"]
    for kept in ("bookings", "applications", "supports"):
        assert after[kept] == before[kept], kept
    assert after["pushes"] == before["pushes"] + 1  # none gone; bob's offer came
    assert after["audit"][: len(before["audit"])] == before["audit"]  # appended to only
    assert after["audit"][-1][1:] == (f"user:{alice.id}", "privacy.erase", f"user:{alice.id}")
    dump = await _everything(db)
    for gone in (ALICE_NAME, ALICE_PHONE, ALICE_STALL, "console', 'alice'"):
        assert gone not in dump, gone
    async with db.uow() as uow:
        erased = await uow.users.get(alice.id)
        assert (erased.external_id, erased.display_name) == (f"erased:{alice.id}", None)
        assert await uow.session.get(ConversationState, alice.id) is None
        pushes = await uow.outbox.for_user(alice.id)
        assert pushes and all(m.body == {} and m.status != "pending" for m in pushes)
        held = await uow.session.scalar(select(Booking).where(Booking.user_id == alice.id))
        assert (held.status, held.cancel_reason) == ("cancelled", "account-erased")
        # bob waited for her place: it is offered to him now
        assert "waitlist-offer" in [m.kind for m in await uow.outbox.for_user(bob.id)]
        bob_after = await uow.privacy.export(bob.id)
    bob_after["waitlist"][0]["status"] = bob_before["waitlist"][0]["status"]  # the offer
    assert bob_after == bob_before  # nobody else's data moved
    # Writing again starts afresh, as a new person: the notice first.
    await chat.send("")
    assert factories.NOTICE_START in chat.keys()
    async with db.uow() as uow:
        fresh = await uow.users.by_external("console", "alice")
        assert fresh.id != alice.id


async def test_a_stale_yes_from_an_older_screen_erases_nothing(db, world, conversation, translator):
    chat = Chat(conversation, translator, "alice")
    await _my_data(chat)
    await chat.send(chat.number_of("mydata-erase"))
    yes = next(b.payload for b in chat.last.buttons if b.label.key == "mydata-erase-yes")
    await chat.send("")  # the same screen again: the older button is stale
    await chat.send(payload=yes)
    async with db.uow() as uow:
        assert (await uow.users.get(world["alice"].id)).display_name == ALICE_NAME


async def test_staff_export_and_erase_from_the_command_line(db, db_url, world, clock, tmp_path):
    out = tmp_path / "alice.json"
    done = linli("privacy", "export", "--user", "console:alice", "--out", str(out), url=db_url,
                 clock=clock)  # fmt: skip
    assert str(out) in done.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["data"]["profile"][0]["display_name"] == ALICE_NAME
    printed = linli("privacy", "export", "--user", "console:bob", url=db_url, clock=clock)
    assert json.loads(printed.stdout)["data"]["profile"][0]["display_name"] == BOB_NAME

    refused = linli("privacy", "erase", "--user", "console:alice", url=db_url, clock=clock,
                    check=False)  # fmt: skip
    assert refused.returncode == 2 and "--yes" in refused.stderr
    unknown = linli("privacy", "erase", "--user", "console:nobody", "--yes", url=db_url,
                    clock=clock, check=False)  # fmt: skip
    assert unknown.returncode == 1 and "console:nobody" in unknown.stderr

    before = await _figures(db, world["community"].id)
    done = linli("privacy", "erase", "--user", "console:second", "--yes", url=db_url, clock=clock)
    assert "已删除" in done.stdout
    after = await _figures(db, world["community"].id)
    # A staff member's signature is part of the public, hashed ledger: it stays, whole.
    assert after["chain"] is None and after["ledger"] == before["ledger"]
    assert [a[1:] for a in after["audit"][-1:]] == [
        ("cli", "privacy.erase", f"user:{world['second'].id}")
    ]
    async with db.uow() as uow:
        second = await uow.users.get(world["second"].id)
        assert second.display_name is None and await uow.roles.active_for(second.id) == []
        again = await uow.users.by_external("console", "second")
    assert again is None
    gone = linli("privacy", "export", "--user", "console:second", url=db_url, clock=clock,
                 check=False)  # fmt: skip
    assert gone.returncode == 1
    exports = [a for a in after["audit"] if a[2] == "privacy.export"]
    assert [a[1] for a in exports] == ["cli", "cli"]


async def test_the_ledger_line_hashes_are_untouched(db, world):
    async with db.uow() as uow:
        lines = list(await uow.session.scalars(select(LedgerEntry).order_by(LedgerEntry.id)))
    assert [fund_chain.hash_of(e) == e.hash for e in lines] == [True, True]
