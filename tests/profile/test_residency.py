"""Residency (户): joining a 社区 is confirmed by a household code, a building's QR code or
staff; only confirmed residents support, report or apply; moving is limited and takes back
supports and reports; a household shares a facility's quota."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from linli.handlers.kit.config import CoreConfig
from linli.handlers.market import service as market
from linli.handlers.profile import residency
from linli.handlers.proposals import service as proposals
from linli.storage.models import Proposal
from tests import factories
from tests.facilities.paths import DANCE
from tests.factories import SIGN_UP, Chat, linli
from tests.walk import press


async def _residency(db, external_id: str):
    async with db.uow() as uow:
        user = await uow.users.by_external("console", external_id)
        return user, await uow.residency.of(user.id), await residency.is_confirmed(uow, user)


async def _signed_up(conversation, translator, external_id: str) -> Chat:
    chat = Chat(conversation, translator, external_id)
    for what in SIGN_UP:
        await chat.send(what)
    return chat


async def _idea(db, clock, title="楼道装灯", community="xinhuashe", threshold=5) -> int:
    author = await factories.user(db, clock, f"author-{title}", community_code=community)
    async with db.uow() as uow:
        (await uow.communities.by_code(community)).proposal_threshold = threshold
        idea = await proposals.submit(
            uow,
            await uow.users.get(author.id),
            title=title,
            description="说明",
            category="环境",
            level="小区",
            now=clock.now(),
        )
        await uow.commit()
        return idea.id


async def _open_idea(chat: Chat, title: str) -> None:
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-proposals"))
    await chat.send(chat.number_of("proposals-all"))
    await chat.send(chat.number_named(title))


async def _proposal(db, proposal_id) -> Proposal:
    async with db.uow() as uow:
        return await uow.session.get(Proposal, proposal_id)


async def test_a_household_code_confirms_a_new_resident(db, clock, conversation, translator):
    await factories.demo(db, clock)
    chat = await _signed_up(conversation, translator, "new")
    user, row, confirmed = await _residency(db, "new")
    assert (row.status, confirmed) == ("pending", False)
    for what in ["menu-profile", "profile-household-code"]:
        await press(chat, what)
    text = await chat.say("xhs-2301")  # as people type it: lower case, a dash
    assert "residency-confirmed" in chat.keys()
    assert "1号楼 2单元 301" in text
    user, row, confirmed = await _residency(db, "new")
    assert (row.status, row.confirmed_via, confirmed) == ("confirmed", "code", True)
    async with db.uow() as uow:
        assert (await residency.household_key(uow, user)) == f"household:{row.household_id}"
        entries = await uow.audit.recent(user.community_id, 5)
        assert [e.action for e in entries] == ["residency.confirm"]


async def test_a_code_of_digits_alone_is_read_as_the_code_not_as_a_choice(
    db, clock, conversation, translator
):
    """Staff may make a household's code its room number: typed, 2301 (or ２３０１) is
    that code, not "pick 1 to 1" (the screen's one button is 请工作人员确认)."""
    await factories.demo(db, clock)
    code = await factories.household_code(db, clock, label="2号楼 2301", code="2301")
    chat = await _signed_up(conversation, translator, "new")
    for what in ["menu-profile", "profile-household-code"]:
        await press(chat, what)
    # Typed in a Chinese keyboard's full-width mode, as many do.
    await chat.say(code.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"}))
    assert "residency-confirmed" in chat.keys(), chat.keys()
    # The screen's button still answers to its number.
    other = await _signed_up(conversation, translator, "other")
    for what in ["menu-profile", "profile-household-code"]:
        await press(other, what)
    await other.say("1")
    assert "residency-asked-staff" in other.keys(), other.keys()


async def test_a_bad_or_expired_code_is_refused_politely_and_changes_nothing(
    db, clock, conversation, translator
):
    await factories.demo(db, clock)
    short = await factories.household_code(db, clock, label="2号楼 101", days=1)
    chat = await _signed_up(conversation, translator, "new")
    for what in ["menu-profile", "profile-household-code"]:
        await press(chat, what)
    await chat.say("NOPE1234")
    assert "residency-code-invalid" in chat.keys()
    await chat.say("'; DROP TABLE users; --")
    assert "residency-code-invalid" in chat.keys()
    clock.advance(days=2)
    await chat.say(short)
    assert "residency-code-expired" in chat.keys()
    _, row, confirmed = await _residency(db, "new")
    assert (row.status, row.household_id, confirmed) == ("pending", None, False)
    async with db.uow() as uow:
        assert (await uow.residency.code(short)).uses == 0
    # A used-up code says so too, and the second person stays unconfirmed.
    once = await factories.household_code(db, clock, label="2号楼 102", uses=1)
    await chat.say(once)
    assert "residency-confirmed" in chat.keys()
    other = await _signed_up(conversation, translator, "other")
    await other.say(factories.join_line(once))
    assert "residency-code-used-up" in other.keys()
    assert (await _residency(db, "other"))[2] is False


async def test_a_buildings_qr_code_confirms_through_the_start_parameter(
    db, clock, conversation, translator
):
    await factories.demo(db, clock)
    code = await factories.household_code(db, clock, "qixingyuan", "5号楼 2单元 202", uses=3)
    # Scanning the QR code (WeChat scene) or a t.me link (Telegram) is `/start join-CODE`,
    # for someone who never wrote before.
    chat = Chat(conversation, translator, "scanner")
    await chat.say(factories.join_line(code))
    # (the privacy notice first: the code is remembered and used once they agree)
    assert "consent-notice" in chat.keys()
    await chat.say(factories.AGREE)
    assert "residency-confirmed" in chat.keys()
    user, row, confirmed = await _residency(db, "scanner")
    async with db.uow() as uow:
        community = await uow.communities.get(user.community_id)
    assert community.code == "qixingyuan"
    assert (row.confirmed_via, confirmed) == ("qr", True)
    await chat.say(factories.join_line(code))  # scanned twice: no second use
    async with db.uow() as uow:
        assert (await uow.residency.code(code)).uses == 1
    # A torn or forged code: said politely, and the newcomer is where they were (nowhere).
    lost = Chat(conversation, translator, "lost")
    await lost.say("/start join-NOPE9999")
    await lost.say(factories.AGREE)
    assert "residency-code-invalid" in lost.keys()
    user, row, confirmed = await _residency(db, "lost")
    assert (user.community_id, row, confirmed) == (None, None, False)


async def test_staff_see_who_waits_and_approve_or_refuse(db, clock, conversation, translator):
    await factories.demo(db, clock)
    await factories.staff(db, clock, "boss", "xinhuashe")
    await _signed_up(conversation, translator, "a")
    await _signed_up(conversation, translator, "b")
    staff = Chat(conversation, translator, "boss")
    await staff.send("")
    await press(staff, "menu-staff")
    assert "staff-residents-waiting" in staff.keys()
    assert "2" in staff.render()
    await press(staff, "staff-residents")
    assert "residents-title" in staff.keys()
    await staff.send("1")
    await press(staff, "residents-approve")
    assert "residents-approved" in staff.keys()
    await press(staff, "menu-staff")
    await press(staff, "staff-residents")
    await staff.send("1")
    await press(staff, "residents-refuse")
    _, a_row, a_ok = await _residency(db, "a")
    _, b_row, b_ok = await _residency(db, "b")
    assert (a_row.status, a_row.confirmed_via, a_ok) == ("confirmed", "staff", True)
    assert (b_row.status, b_ok) == ("refused", False)
    await press(staff, "menu-staff")
    assert "staff-residents-waiting" not in staff.keys()
    async with db.uow() as uow:
        told = [m.body["messages"][0]["key"] for m in await uow.outbox.for_user(a_row.user_id)]
    assert "residency-approved" in told


async def test_staff_of_another_community_cannot_approve(db, clock, conversation, translator):
    await factories.demo(db, clock)
    await factories.staff(db, clock, "farboss", "qixingyuan")
    newbie = await factories.waiting(db, clock, "newbie", "xinhuashe")
    far = Chat(conversation, translator, "farboss")
    await far.send("")
    await press(far, "menu-staff")
    assert "staff-residents-waiting" not in far.keys()
    await press(far, "staff-residents")
    assert "residents-none" in far.keys()
    # A forged press naming the 新华社 resident: shown as gone, and approving is refused.
    await far.send(payload=await far.forge("residents", "list", newbie.id))
    assert "residents-gone" in far.keys()
    await far.send(payload=await far.forge("residents", "resident", "approve"))
    assert "error-not-allowed" in far.keys()
    assert (await _residency(db, "newbie"))[2] is False


async def test_the_unconfirmed_cannot_support_report_or_apply(db, clock, conversation, translator):
    await factories.demo(db, clock)
    idea = await _idea(db, clock)
    boss = await factories.staff(db, clock, "boss", "xinhuashe")
    async with db.uow() as uow:
        await market.create_market(
            uow,
            by=await uow.users.get(boss.id),
            community=await uow.communities.by_code("xinhuashe"),
            day=dt.date(2026, 11, 29),
            opens=dt.time(8),
            closes=dt.time(12),
            place="广场",
            stalls={"蔬菜水果": 2, "理发": 1},
            deadline=clock.now() + dt.timedelta(days=3),
            fee=Decimal(5),
            pledge_percent=5,
            mode="first",
            now=clock.now(),
            config=CoreConfig(),
        )
        await uow.commit()
    chat = await _signed_up(conversation, translator, "new")
    await _open_idea(chat, "楼道装灯")
    await press(chat, "proposal-support")
    assert "residency-needed" in chat.keys()
    await press(chat, "proposal-report")
    assert "residency-needed" in chat.keys()
    shown = await _proposal(db, idea)
    assert (shown.supports, shown.reports) == (0, 0)
    await chat.send("菜单")
    for what in ["menu-market", "#1", "market-apply"]:
        await press(chat, what)
    assert "residency-needed" in chat.keys()
    # Browsing and booking stay open: the menu and the idea are still there.
    await _open_idea(chat, "楼道装灯")
    assert "proposal-support-count" in chat.keys()


async def test_moving_is_limited_and_takes_back_supports_and_reports(
    db, clock, conversation, translator
):
    await factories.demo(db, clock)
    supported = await _idea(db, clock, "楼道装灯")
    reported = await _idea(db, clock, "东门停车")
    # Two neighbours report it; the mover's report makes three and hides it.
    for n in range(2):
        await factories.user(db, clock, f"r{n}", community_code="xinhuashe")
        other = Chat(conversation, translator, f"r{n}")
        await other.send("")
        await _open_idea(other, "东门停车")
        await press(other, "proposal-report")
    await factories.user(db, clock, "mover", community_code="xinhuashe")
    chat = Chat(conversation, translator, "mover")
    await chat.send("")
    await _open_idea(chat, "楼道装灯")
    await press(chat, "proposal-support")
    await _open_idea(chat, "东门停车")
    await press(chat, "proposal-report")
    assert (await _proposal(db, reported)).hidden is True
    assert (await _proposal(db, supported)).supports == 1

    await chat.send("菜单")
    for what in ["menu-profile", "profile-change-community", "=七星园"]:
        await press(chat, what)
    assert "residency-moved" in chat.keys()
    back = await _proposal(db, supported)
    shown = await _proposal(db, reported)
    assert (back.supports, shown.reports, shown.hidden) == (0, 2, False)
    _, row, confirmed = await _residency(db, "mover")
    assert (row.status, confirmed) == ("pending", False)

    # Moving again within the limit: refused, nothing changes.
    clock.advance(days=10)
    await chat.send("菜单")
    for what in ["menu-profile", "profile-change-community", "=新华社"]:
        await press(chat, what)
    assert "residency-change-too-soon" in chat.keys()
    user, _, _ = await _residency(db, "mover")
    async with db.uow() as uow:
        assert (await uow.communities.get(user.community_id)).code == "qixingyuan"
    clock.advance(days=21)
    await chat.send("菜单")
    for what in ["menu-profile", "profile-change-community", "=新华社"]:
        await press(chat, what)
    assert "residency-moved" in chat.keys()


async def test_a_household_shares_a_facilitys_quota(db, clock, conversation, translator):
    await factories.demo(db, clock)
    async with db.uow() as uow:
        home = await uow.communities.by_code("xinhuashe")
        dance = next(f for f in await uow.facilities.serving(home.id) if f.name == "舞蹈房")
        dance.max_upcoming, dance.max_upcoming_per_household = 2, 1
        await uow.commit()
    mum = await factories.user(db, clock, "mum", community_code="xinhuashe")
    son = await factories.user(db, clock, "son", community_code="xinhuashe")
    await factories.confirm(db, clock, son, same_home_as=mum)
    neighbour = await factories.user(db, clock, "nb", community_code="xinhuashe")

    async def book(who: str, *then: str) -> list[str]:
        chat = Chat(conversation, translator, who)
        for what in ["", *DANCE, "facility-book", *then]:
            await press(chat, what)
        return chat.keys()

    booking = ("#1", "#1", "booking-confirm")
    assert "booking-done" in await book("mum", *booking)
    # Said as soon as 预约 is pressed on the card, before any day is offered.
    assert await book("son") == ["booking-quota-household"]
    assert "booking-done" in await book("nb", *booking)  # another household: its own quota
    async with db.uow() as uow:
        keys = {await residency.household_key(uow, await uow.users.get(p.id)) for p in (mum, son)}
        assert len(keys) == 1 and keys.pop().startswith("household:")
        alone = await residency.household_key(uow, await uow.users.get(neighbour.id))
        assert alone == f"user:{neighbour.id}"


async def test_the_command_line_makes_a_code_and_its_qr_text(db, db_url, clock):
    await factories.places(db)
    made = linli(
        "residents", "invite", "--community", "xinhuashe", "--building", "3号楼",
        "--unit", "2单元", "--room", "301", url=db_url,
    )  # fmt: skip
    assert "3号楼 2单元 301" in made.stdout
    code = made.stdout.split("：", 1)[1].split("（", 1)[0].strip()
    shown = linli(
        "residents", "qr", "--code", code.lower(), url=db_url,
        env={"LINLI_TELEGRAM_BOT_USERNAME": "linli_demo_bot"},
    )  # fmt: skip
    assert f"https://t.me/linli_demo_bot?start=join-{code}" in shown.stdout
    plain = linli("residents", "qr", "--code", code, url=db_url)
    assert f"join-{code}" in plain.stdout and "t.me" not in plain.stdout
    missing = linli("residents", "qr", "--code", "NOSUCH", url=db_url, check=False)
    assert missing.returncode == 1
