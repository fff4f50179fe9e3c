"""Staff act for the community of their role, not the one they live in; with several
roles they switch in one tap, and a role taken back is never acted on."""

from __future__ import annotations

from sqlalchemy import select

from linli.handlers.proposals import service as proposals
from linli.storage.models import InviteCode, MarketDay
from tests import factories
from tests.factories import Chat, linli
from tests.market.paths import NEW_MARKET
from tests.notices.paths import NEW_EVENT

NEW_MARKET_FROM_DESK = NEW_MARKET[1:]  # the presses after menu-staff


async def _press(chat: Chat, presses: list[str]) -> None:
    for what in presses:
        if what.startswith("!"):
            await chat.send(what[1:])
        elif what.startswith("="):
            await chat.send(chat.number_named(what[1:]))
        else:
            await chat.send(chat.number_of(what))


async def _desk(chat: Chat) -> None:
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-staff"))


async def _community_ids(db) -> dict[str, int]:
    async with db.uow() as uow:
        return {
            code: (await uow.communities.by_code(code)).id
            for code in ("xinhuashe", "qixingyuan", "wufangyuan")
        }


async def _an_idea_waiting_for_a_meeting(db, clock) -> None:
    """A 七星园 resident's idea, supported, so it waits for staff to set a meeting."""
    author = await factories.user(db, clock, "bob", community_code="qixingyuan")
    fan = await factories.user(db, clock, "fan", community_code="qixingyuan")
    async with db.uow() as uow:
        (await uow.communities.by_code("qixingyuan")).proposal_threshold = 1
        idea = await proposals.submit(
            uow,
            await uow.users.get(author.id),
            title="七星园装长椅",
            description="广场没有座椅",
            category="文体",
            level="小区",
            now=clock.now(),
        )
        await proposals.support(uow, await uow.users.get(fan.id), idea.id, clock.now())
        await uow.commit()


async def test_staff_of_qixingyuan_living_in_xinhuashe_act_for_qixingyuan(
    db, clock, conversation, translator
):
    await factories.demo(db, clock)
    carol = await factories.user(db, clock, "carol", community_code="xinhuashe")
    await factories._grant_staff(db, clock, carol, "qixingyuan")
    await _an_idea_waiting_for_a_meeting(db, clock)
    ids = await _community_ids(db)
    chat = Chat(conversation, translator, "carol")
    await chat.send("")
    assert "新华社社区" in chat.render()  # her own menu is where she lives

    await _desk(chat)
    assert "正在管理：七星园社区" in chat.render()
    assert not any(b.label.key == "staff-switch" for b in chat.last.buttons)

    # The market she makes is 七星园's, and she finds it again from the desk.
    await _press(chat, NEW_MARKET_FROM_DESK)
    await chat.send(chat.number_of("market-create"))
    async with db.uow() as uow:
        made = list(await uow.session.scalars(select(MarketDay)))
    assert [m.community_id for m in made] == [ids["qixingyuan"]]
    await _desk(chat)
    await chat.send(chat.number_of("staff-market"))
    shown = chat.render()
    listed = f"{made[0].day:%m-%d}"  # the one day format: 12-06 周日
    assert "正在管理：七星园社区" in shown and listed in shown
    await chat.send(chat.number_named(listed))
    assert {"market-attendance", "market-figures"} <= {b.label.key for b in chat.last.buttons}

    # 七星园's 金点子 with the staff buttons, and no 附议 (she does not live there).
    await _desk(chat)
    await chat.send(chat.number_of("staff-proposals"))
    assert "正在管理：七星园社区" in chat.render()
    assert "proposals-new" not in {b.label.key for b in chat.last.buttons}
    await chat.send(chat.number_of("proposals-all"))
    await chat.send(chat.number_named("七星园装长椅"))
    pressable = {b.label.key for b in chat.last.buttons}
    assert "proposal-do-meeting" in pressable and "proposal-support" not in pressable

    # 七星园's fund, with the staff buttons.
    await _desk(chat)
    await chat.send(chat.number_of("staff-fund"))
    assert "正在管理：七星园社区" in chat.render()
    assert "fund-add-income" in {b.label.key for b in chat.last.buttons}

    # 七星园's 活动: the event she makes there, with its list of who is coming.
    await _desk(chat)
    await _press(chat, NEW_EVENT[1:])
    await chat.send(chat.number_of("event-create"))
    await _desk(chat)
    await chat.send(chat.number_of("staff-events"))
    assert "正在管理：七星园社区" in chat.render()
    await chat.send(chat.number_named("义诊"))
    pressable = {b.label.key for b in chat.last.buttons}
    assert "event-attendees" in pressable and "event-join" not in pressable

    # Her own screens stay 新华社's, without staff buttons there.
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-proposals"))
    assert "staff-acting" not in chat.keys()
    await chat.send(chat.number_of("proposals-all"))
    assert "七星园装长椅" not in chat.render()
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-market"))
    await chat.send(chat.number_of("market-fund"))
    assert "fund-add-income" not in {b.label.key for b in chat.last.buttons}

    # A resident of 七星园 sees her market.
    bob = Chat(conversation, translator, "bob")
    await bob.send("")
    await bob.send(bob.number_of("menu-market"))
    assert listed in bob.render()


async def test_staff_of_two_communities_switch_in_one_tap_and_it_is_kept(
    db, clock, conversation, translator
):
    await factories.demo(db, clock)
    await factories.staff(db, clock, "dave", "xinhuashe", "wufangyuan")
    ids = await _community_ids(db)
    chat = Chat(conversation, translator, "dave")
    await chat.send("")
    await chat.send(chat.number_of("menu-staff"))
    assert "正在管理：新华社社区" in chat.render()
    await chat.send(chat.number_named("切换到五芳园社区"))
    assert "已切换，现在管理五芳园社区。" in chat.render()
    assert "正在管理：五芳园社区" in chat.render()
    assert "切换到新华社社区" in chat.render()

    # Kept for next time, and every tool acts for it.
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-staff"))
    assert "正在管理：五芳园社区" in chat.render()
    await chat.send(chat.number_of("staff-make-invite"))
    await chat.send(chat.number_of("role-staff"))
    await chat.send(chat.number_of("menu-staff"))
    await chat.send(chat.number_of("staff-people"))
    assert "正在管理：五芳园社区" in chat.render()
    async with db.uow() as uow:
        made = list(await uow.session.scalars(select(InviteCode.community_id)))
    assert made == [ids["wufangyuan"]]
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-staff"))
    await chat.send(chat.number_of("staff-audit"))
    shown = chat.render()
    assert "正在管理：五芳园社区" in shown and "生成邀请码" in shown


async def test_a_role_taken_back_mid_flow_is_refused_not_moved_elsewhere(
    db, clock, conversation, translator, db_url
):
    await factories.demo(db, clock)
    await factories.staff(db, clock, "dave", "xinhuashe", "wufangyuan")
    chat = Chat(conversation, translator, "dave")
    await chat.send("")
    await chat.send(chat.number_of("menu-staff"))
    await chat.send(chat.number_named("切换到五芳园社区"))
    await _press(chat, NEW_MARKET_FROM_DESK)
    assert "market-create" in {b.label.key for b in chat.last.buttons}

    linli("staff", "revoke", "--community", "wufangyuan", "--user", "console:dave", url=db_url)
    await chat.send(chat.number_of("market-create"))
    assert "error-not-allowed" in chat.keys()
    async with db.uow() as uow:
        assert list(await uow.session.scalars(select(MarketDay))) == []

    # The desk falls back to the community he is still staff of, with nothing to switch to.
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-staff"))
    assert "正在管理：新华社社区" in chat.render()
    assert "切换到" not in chat.render()
