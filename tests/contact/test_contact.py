"""联系居委会: residents read how to reach their office; only its staff change it."""

from __future__ import annotations

from tests import factories
from tests.factories import Chat


async def _open(chat: Chat) -> str:
    await chat.send("菜单")
    return await chat.say(chat.number_of("menu-contact"))


async def test_staff_fill_in_the_card_and_residents_read_it(db, clock, conversation, translator):
    await factories.places(db)
    await factories.user(db, clock, "ma", community_code="xinhuashe")
    await factories.staff(db, clock, "boss", "xinhuashe")
    resident, boss = Chat(conversation, translator, "ma"), Chat(conversation, translator, "boss")
    await resident.send("")
    await boss.send("")

    assert "新华社社区居委会还没有填写联系方式" in await _open(resident)
    assert "改地址" not in resident.render()

    await _open(boss)
    await boss.send(boss.number_named("改地址"))
    assert "最多60个字" in boss.render()
    shown = await boss.say("新华社区服务中心 2 楼 203 室")
    assert "地址已保存" in shown and "新华社区服务中心 2 楼 203 室" in shown
    await boss.send(boss.number_named("改电话"))
    assert "只能有数字" in await boss.say("请打我手机")  # refused, asked again
    await boss.say("0531-88888888 转 2")
    await boss.send(boss.number_named("改办公时间"))
    await boss.say("周一至周五 8:30-17:30")

    card = await _open(resident)
    assert "地址：新华社区服务中心 2 楼 203 室" in card
    assert "办公时间：周一至周五 8:30-17:30" in card
    assert "电话：0531-88888888 转 2" in card
    async with db.uow() as uow:
        here = await uow.communities.by_code("xinhuashe")
        recent = await uow.audit.recent(here.id, limit=20)
    entries = [e for e in recent if e.action == "contact.change"]
    assert [e.details["field"] for e in entries] == ["hours", "phone", "address"]
    assert entries[1].details == {"field": "phone", "before": None, "after": "0531-88888888 转 2"}

    # "无" clears one item; the others stay.
    await _open(boss)
    await boss.send(boss.number_named("改电话"))
    await boss.say("无")
    card = await _open(resident)
    assert "电话：未填写" in card and "地址：新华社区服务中心" in card


async def test_bad_values_change_nothing(db, clock, conversation, translator):
    await factories.places(db)
    await factories.staff(db, clock, "boss", "xinhuashe")
    boss = Chat(conversation, translator, "boss")
    await boss.send("")
    await _open(boss)
    await boss.send(boss.number_named("改地址"))
    assert "请输入1到60个字" in await boss.say("长" * 61)
    assert "请输入新的地址" in await boss.say("   ")  # nothing typed: asked again
    async with db.uow() as uow:
        here = await uow.communities.by_code("xinhuashe")
        assert await uow.contact.of(here.id) is None


async def test_a_resident_cannot_change_it_even_with_a_forged_button(
    db, clock, conversation, translator
):
    await factories.places(db)
    await factories.user(db, clock, "ma", community_code="xinhuashe")
    chat = Chat(conversation, translator, "ma")
    await chat.send("")
    await _open(chat)
    await chat.send(payload=await chat.forge("contact", "card", "address"))
    assert chat.keys() == ["hint-use-buttons", "contact-none"]
    await chat.send("新地址")
    async with db.uow() as uow:
        here = await uow.communities.by_code("xinhuashe")
        assert await uow.contact.of(here.id) is None
        assert not [e for e in await uow.audit.recent(here.id) if e.action == "contact.change"]


async def test_staff_of_another_community_change_theirs_from_the_desk(
    db, clock, conversation, translator
):
    """Staff of 七星园 living in 新华社: their own card has no buttons; from the staff desk
    they change 七星园's, never 新华社's."""
    await factories.places(db)
    await factories.staff(db, clock, "qi", "qixingyuan")
    async with db.uow() as uow:
        person = await uow.users.by_external("console", "qi")
        person.community_id = (await uow.communities.by_code("xinhuashe")).id
        await uow.commit()
    chat = Chat(conversation, translator, "qi")
    await chat.send("")
    assert "新华社社区居委会还没有" in await _open(chat)
    assert not any("改" in chat.translator.render(b.label, "zh-CN") for b in chat.last.buttons)
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-staff"))
    shown = await chat.say(chat.number_of("staff-contact"))
    assert "正在管理：七星园" in shown
    await chat.send(chat.number_named("改地址"))
    await chat.say("七星园南门物业楼 1 楼")
    async with db.uow() as uow:
        qi = await uow.communities.by_code("qixingyuan")
        xin = await uow.communities.by_code("xinhuashe")
        assert (await uow.contact.of(qi.id)).address == "七星园南门物业楼 1 楼"
        assert await uow.contact.of(xin.id) is None


async def test_the_card_in_english(db, clock, conversation, translator):
    await factories.places(db)
    await factories.staff(db, clock, "boss", "xinhuashe")
    await factories.user(db, clock, "tom", community_code="xinhuashe", locale="en")
    boss, tom = Chat(conversation, translator, "boss"), Chat(conversation, translator, "tom")
    await boss.send("")
    await tom.send("")
    await _open(boss)
    await boss.send(boss.number_named("改电话"))
    await boss.say("0531-88888888")
    card = await _open(tom)
    assert "Phone: 0531-88888888" in card and "Address: not given" in card
