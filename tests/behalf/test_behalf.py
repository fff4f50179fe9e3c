"""代办: staff register a resident without a smartphone and act for them through the
ordinary flows; consent, community and role are checked on every message; everything done
is in the audit log as 代办; the resident is told, and pushes to no channel are marked."""

from __future__ import annotations

import json

from sqlalchemy import select

from linli.handlers.kit import payload as codec
from linli.handlers.proposals import service as proposals
from linli.storage.models import (
    AuditEntry,
    BehalfConsent,
    Booking,
    OfflineResident,
    OutboxMessage,
    ProposalSupport,
)
from tests import factories
from tests.factories import Chat, linli
from tests.walk import press

DESK = ["menu-staff", "staff-behalf"]
BOOK = ["menu-facilities", "facilities-all", "=琴房", "facility-book", "#1", "#1"]
SUPPORT = ["menu-proposals", "proposals-all", "#1", "proposal-support"]


async def _walk(chat: Chat, presses: list[str]) -> None:
    for what in presses:
        await press(chat, what)


async def _staff(db, clock, translator, conversation, name: str, code: str, shown: str) -> Chat:
    person = await factories.staff(db, clock, name, code)
    async with db.uow() as uow:
        (await uow.users.get(person.id)).display_name = shown
        await uow.commit()
    chat = Chat(conversation, translator, name)
    await chat.send("")
    return chat


async def _state(db, external_id: str):
    async with db.uow() as uow:
        user = await uow.users.by_external("console", external_id)
        return await uow.conversations.get(user.id)


async def _audit(db, action: str) -> list[AuditEntry]:
    async with db.uow() as uow:
        rows = await uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
        return list(rows)


async def _act_for(chat: Chat, words: str, name: str) -> None:
    await chat.send("菜单")
    await _walk(chat, [*DESK, "behalf-act", f"!{words}", f"={name}"])


async def test_staff_register_a_resident_and_book_and_support_for_her(
    db, clock, conversation, translator, tmp_path
):
    await factories.places(db)
    await factories.facility(db, clock, tmp_path, name="琴房", capacity=1)
    author = await factories.user(db, clock, "author", community_code="xinhuashe")
    async with db.uow() as uow:
        await proposals.submit(
            uow,
            await uow.users.get(author.id),
            title="楼道装灯",
            description="三号楼楼道太黑",
            category="安全",
            level="楼院",
            now=clock.now(),
        )
        await uow.commit()
    boss = await _staff(db, clock, translator, conversation, "boss", "xinhuashe", "李主任")

    # Registered at the desk: name, room, the phone she agreed to give, how she agreed.
    await _walk(boss, [*DESK, "behalf-register", "!王奶奶", "!3栋2单元401"])
    assert "居民同意时才填写" in boss.render()  # why a phone is asked for
    assert "只能有数字" in await boss.say("问她儿子")  # refused, asked again
    await boss.send("138 0000 1111")
    await _walk(boss, ["behalf-how-in-person"])
    assert "电话：138 0000 1111" in boss.render() and "同意方式：本人在场" in boss.render()
    await _walk(boss, ["behalf-confirm-yes"])
    assert boss.keys()[0] == "behalf-registered"
    async with db.uow() as uow:
        (row,) = await uow.behalf.search(
            (await uow.communities.by_code("xinhuashe")).id, "王", limit=5
        )
        resident = await uow.users.get(row.user_id)
        (consent,) = await uow.behalf.consents(resident.id)
    assert resident.channel == "offline" and resident.display_name == "王奶奶"
    assert (row.room, row.phone) == ("3栋2单元401", "138 0000 1111")
    boss_id = (await _state(db, "boss")).user_id
    assert (consent.how, consent.recorded_by, consent.withdrawn_at) == ("in_person", boss_id, None)
    assert consent.given_at == clock.now() and consent.scope

    # Registered once only: the same name and room again is refused.
    await boss.send("菜单")
    await _walk(boss, [*DESK, "behalf-register", "!王奶奶", "!3栋2单元401", "!跳过"])
    await _walk(boss, ["behalf-how-phone", "behalf-confirm-yes"])
    assert boss.keys()[0] == "behalf-already"
    async with db.uow() as uow:
        assert await uow.behalf.count((await uow.communities.by_code("xinhuashe")).id) == 1

    # Acting for her: the banner on every screen, the resident's menu without staff tools.
    await _act_for(boss, "3栋", "王奶奶")
    shown = boss.render()
    assert "【正在为王奶奶代办】" in shown and "现在开始为王奶奶代办" in shown
    assert "menu-staff" not in [b.label.key for b in boss.last.buttons]
    assert (await _state(db, "boss")).acting_for == resident.id

    await _walk(boss, BOOK)
    assert "【正在为王奶奶代办】" in boss.render()
    await _walk(boss, ["booking-confirm"])
    assert "booking-done" in boss.keys() and "【正在为王奶奶代办】" in boss.render()

    await boss.send("菜单")
    await _walk(boss, SUPPORT)
    assert "proposal-supported" in boss.keys() and "【正在为王奶奶代办】" in boss.render()

    async with db.uow() as uow:
        booking = await uow.session.scalar(select(Booking))
        support = await uow.session.scalar(select(ProposalSupport))
        pushes = list(
            await uow.session.scalars(
                select(OutboxMessage).where(OutboxMessage.user_id == resident.id)
            )
        )
    assert booking.user_id == resident.id and support.user_id == resident.id

    # In the audit log as 代办: the staff member did it, for her.
    acts = await _audit(db, "behalf.act")
    assert [e.actor for e in acts] == [f"user:{boss_id}"] * 2
    assert {e.target for e in acts} == {f"user:{resident.id}"}
    assert all(e.details["behalf"] and e.details["subject"] == f"user:{resident.id}" for e in acts)
    tables = [{w["table"] for w in e.details["writes"]} for e in acts]
    assert "bookings" in tables[0] and "proposal_supports" in tables[1]
    assert [e.action for e in await _audit(db, "behalf.register")] == ["behalf.register"]
    assert (await _audit(db, "behalf.register"))[0].details["phone"] is True  # not the phone

    # She is told, but she has no app: nothing is tried, each push is marked no_channel.
    told = [p for p in pushes if p.kind == "behalf"]
    assert len(told) == 2 and pushes and {p.status for p in pushes} == {"no_channel"}
    keys = [m["key"] for m in told[0].body["messages"]]
    assert keys == ["behalf-told", "behalf-did-book"]
    assert told[0].body["messages"][0]["args"]["staff"]["args"]["text"] == "李主任"

    # 结束代办: back to self, the staff desk again, no banner.
    await boss.send(boss.number_of("behalf-end"))
    assert boss.keys()[0] == "behalf-ended" and "正在为" not in boss.render()
    assert "menu-staff" in [b.label.key for b in boss.last.buttons]
    assert (await _state(db, "boss")).acting_for is None
    assert len(await _audit(db, "behalf.end")) == 1


async def test_acting_stops_when_consent_is_withdrawn(db, clock, conversation, translator):
    await factories.places(db)
    await factories.offline_resident(db, clock, "xinhuashe", "王奶奶", "3栋2单元401")
    boss = await _staff(db, clock, translator, conversation, "boss", "xinhuashe", "李主任")
    other = await _staff(db, clock, translator, conversation, "zhang", "xinhuashe", "张干事")
    await _act_for(boss, "王", "王奶奶")
    assert "【正在为王奶奶代办】" in boss.render()

    # Another staff member records that she withdrew her consent.
    await _walk(other, [*DESK, "behalf-withdraw", "!王奶奶", "=王奶奶", "behalf-withdraw-yes"])
    assert other.keys()[0] == "behalf-withdrawn"

    # The next message of the one acting ends it, whatever it was.
    await boss.send("菜单")
    assert boss.keys()[0] == "behalf-no-consent" and "正在为" not in boss.render()
    assert (await _state(db, "boss")).acting_for is None
    # And acting for her again is refused.
    await _act_for(boss, "王", "王奶奶")
    assert "behalf-no-consent" in boss.keys()
    assert (await _state(db, "boss")).acting_for is None
    assert len(await _audit(db, "behalf.withdraw")) == 1
    assert len(await _audit(db, "behalf.start")) == 1


async def test_staff_of_another_community_and_residents_cannot_act(
    db, clock, conversation, translator
):
    await factories.places(db)
    wang = await factories.offline_resident(db, clock, "xinhuashe", "王奶奶", "3栋2单元401")
    outsider = await _staff(db, clock, translator, conversation, "qi", "qixingyuan", "七星园")
    # Their search sees only their own community's residents.
    await _walk(outsider, [*DESK, "behalf-act", "!王奶奶"])
    assert outsider.keys() == ["behalf-none-found", "behalf-ask-find"]
    await factories.offline_resident(db, clock, "qixingyuan", "王大爷", "1栋101")
    await outsider.send("王")
    assert "王大爷" in outsider.render() and "王奶奶" not in outsider.render()
    # A forged (or stale) button naming her is refused and changes nothing.
    await outsider.send(payload=await outsider.forge("behalf", "pick", wang.id))
    assert outsider.keys()[0] == "error-not-allowed"
    assert (await _state(db, "qi")).acting_for is None
    assert await _audit(db, "behalf.start") == []

    # A resident has no desk: neither the menu button nor a forged one opens it.
    await factories.user(db, clock, "ma", community_code="xinhuashe")
    ma = Chat(conversation, translator, "ma")
    await ma.send("")
    await ma.send(payload=codec.encode("go", "behalf"))
    assert "error-not-allowed" in ma.keys()
    await ma.send(payload=await ma.forge("behalf", "pick", wang.id))
    assert (await _state(db, "ma")).acting_for is None
    await ma.send(payload=codec.encode("do", "behalf-end"))
    assert (await _state(db, "ma")).acting_for is None
    assert await _audit(db, "behalf.start") == []


async def test_while_acting_only_what_behalf_covers(db, clock, conversation, translator):
    await factories.places(db)
    await factories.offline_resident(db, clock, "xinhuashe", "王奶奶", "3栋2单元401")
    boss = await _staff(db, clock, translator, conversation, "boss", "xinhuashe", "李主任")
    await _act_for(boss, "401", "王奶奶")
    # Her profile and the staff desk are not for acting: refused politely.
    for flow in ("profile", "staff", "proposal_new"):
        await boss.send(payload=codec.encode("go", flow))
        assert boss.keys()[:2] == ["behalf-banner", "hint-not-while-acting"], flow
    await boss.send("/lang en")
    assert "hint-not-while-acting" in boss.keys()
    async with db.uow() as uow:
        here = await uow.communities.by_code("xinhuashe")
        (wang,) = await uow.behalf.search(here.id, "王", 5)
        assert (await uow.users.get(wang.user_id)).locale == "zh-CN"
    # Her role taken back, the staff member's next message ends acting.
    async with db.uow() as uow:
        boss_user = await uow.users.by_external("console", "boss")
        for grant in await uow.roles.active_for(boss_user.id):
            grant.revoked_at = clock.now()
        await uow.commit()
    await boss.send("菜单")
    assert boss.keys()[0] == "behalf-ended-refused"
    assert (await _state(db, "boss")).acting_for is None


async def test_acting_ends_by_itself_when_the_desk_is_left(db, clock, conversation, translator):
    await factories.places(db)
    await factories.offline_resident(db, clock, "xinhuashe", "王奶奶", "3栋2单元401")
    boss = await _staff(db, clock, translator, conversation, "boss", "xinhuashe", "李主任")
    await _act_for(boss, "王", "王奶奶")
    clock.advance(minutes=20)
    await boss.send("菜单")
    assert boss.keys()[0] == "behalf-banner"  # still acting: 20 minutes is not idle
    clock.advance(minutes=31)
    await boss.send("菜单")
    assert boss.keys()[0] == "behalf-ended-idle" and "正在为" not in boss.render()
    assert (await _state(db, "boss")).acting_for is None


async def test_staff_apply_for_a_market_stall_for_her(db, clock, conversation, translator):
    from tests.market.paths import MARKET, _market

    await factories.places(db)
    await _market(db, clock)  # made by boss, staff of 新华社
    wang = await factories.offline_resident(db, clock, "xinhuashe", "王奶奶", "3栋2单元401")
    boss = Chat(conversation, translator, "boss")
    await boss.send("")
    await _act_for(boss, "王", "王奶奶")
    await boss.send("菜单")
    await _walk(boss, [*MARKET, "market-send"])
    assert "market-applied" in boss.keys() and "【正在为王奶奶代办】" in boss.render()
    (act,) = await _audit(db, "behalf.act")
    assert act.target == f"user:{wang.id}" and act.details["behalf"]
    assert "stall_applications" in {w["table"] for w in act.details["writes"]}
    async with db.uow() as uow:
        told = [p for p in await uow.outbox.for_user(wang.id) if p.kind == "behalf"]
    assert [m["key"] for m in told[0].body["messages"]] == ["behalf-told", "behalf-did-apply"]
    assert told[0].status == "no_channel"


async def test_a_desk_registered_resident_is_confirmed_exported_and_erased(db, db_url, clock):
    await factories.places(db)
    grandma = await factories.offline_resident(db, clock, "xinhuashe", "王奶奶", "3栋2单元401")
    async with db.uow() as uow:
        row = await uow.residency.of(grandma.id)
        home = await uow.residency.household_named(row.community_id, "3栋2单元401")
    # Staff saw where she lives: confirmed in that household, so she may support and apply.
    assert (row.status, row.confirmed_via, row.household_id) == ("confirmed", "staff", home.id)
    who = f"offline:{grandma.external_id}"
    shown = linli("privacy", "export", "--user", who, url=db_url, clock=clock)
    data = json.loads(shown.stdout)["data"]
    assert [(r["name"], r["room"]) for r in data["registered_at_desk"]] == [
        ("王奶奶", "3栋2单元401")
    ]
    assert [c["how"] for c in data["behalf_consents"]] == ["in_person"]
    assert data["residency"][0]["household"] == "3栋2单元401"
    linli("privacy", "erase", "--user", who, "--yes", url=db_url, clock=clock)
    async with db.uow() as uow:
        assert await uow.session.get(OfflineResident, grandma.id) is None
        assert await uow.residency.of(grandma.id) is None
        # The record of the consent staff acted under stays; it names staff only.
        consents = await uow.session.scalars(
            select(BehalfConsent).where(BehalfConsent.resident_id == grandma.id)
        )
        assert len(list(consents)) == 1
