"""One resident across Telegram and WeChat: linking by a one-time code, through the chat."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.bot.outbox import OutboxDispatcher
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.notify import push
from linli.handlers.kit.text import t
from linli.handlers.proposals import service as proposals
from linli.storage.models import ProposalSupport, RoleGrant
from tests import factories
from tests.factories import Chat

ZONE = CoreConfig().zone
DANCE = ["menu-facilities", "facilities-all", "=舞蹈房"]


def local(year, month, day, hour, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=ZONE).astimezone(dt.UTC)


async def press(chat: Chat, *presses: str) -> None:
    for item in presses:
        if item.startswith("#"):
            await chat.send(item[1:])
        elif item.startswith("="):
            await chat.send(chat.number_named(item[1:]))
        elif item.startswith(("!", "/")):
            await chat.send(item.removeprefix("!"))
        else:
            await chat.send(chat.number_of(item))


def shown_code(chat: Chat) -> str:
    """The code in the last reply, as a person would copy it ("123 456")."""
    (message,) = [m for m in chat.last.messages if m.key == "link-code"]
    return message.args["code"]


async def link_accounts(
    db, clock, conversation, translator, first: str = "u1", other: str = "t-u1"
) -> tuple[Chat, Chat]:
    """The console resident `first` links a Telegram account `other` (newer) to theirs."""
    mine = Chat(conversation, translator, first)
    theirs = Chat(conversation, translator, other, channel="telegram")
    clock.advance(minutes=1)
    await theirs.send("")
    await theirs.send(factories.AGREE)
    await mine.send("/link")
    await theirs.send(f"/link {shown_code(mine)}")
    assert theirs.keys()[0] == "link-linked"
    return mine, theirs


@pytest.fixture
async def two_apps(db, clock, conversation, translator):
    """The same person on Telegram (older, a resident of 新华社) and on WeChat (new)."""
    clock.set(local(2026, 11, 23, 10))  # Monday 10:00
    await factories.demo(db, clock)
    await factories.user(db, clock, "t1", channel="telegram", community_code="xinhuashe")
    clock.advance(minutes=5)
    tg = Chat(conversation, translator, "t1", channel="telegram")
    wx = Chat(conversation, translator, "w1", channel="wechat")
    await tg.send("")
    await wx.send("")
    # A new account hears the privacy notice first, and may link once it agreed.
    assert factories.NOTICE_START in wx.keys()
    await wx.send(factories.AGREE)
    assert wx.keys()[-1].startswith("onboarding")
    return tg, wx


async def _account(db, channel: str, external_id: str):
    async with db.uow() as uow:
        return await uow.users.account(channel, external_id)


async def _pushes(db, account_id: int) -> list[str]:
    async with db.uow() as uow:
        return [m.body["messages"][0]["key"] for m in await uow.outbox.for_user(account_id)]


async def test_a_code_typed_on_the_other_app_links_the_two(db, clock, two_apps):
    tg, wx = two_apps
    await press(tg, "menu-profile", "profile-link")
    assert tg.keys() == ["link-intro"]
    await press(tg, "link-get-code")
    assert tg.keys()[0] == "link-code" and "/link " in tg.render()
    code = shown_code(tg)
    # The new WeChat account types it before choosing any community: it gets the person's.
    await wx.send(f"/link {code}")
    assert wx.keys()[0] == "link-linked" and "Telegram" in wx.render()
    assert "menu-profile" in [b.label.key for b in wx.last.buttons]  # the menu, not sign-up
    telegram = await _account(db, "telegram", "t1")
    async with db.uow() as uow:
        assert (await uow.users.by_external("wechat", "w1")).id == telegram.id
    assert "link-linked-other" in await _pushes(db, telegram.id)
    # Both profiles now say so, each naming the other app.
    await press(wx, "menu-profile", "profile-link")
    assert wx.keys() == ["link-status"] and "Telegram" in wx.render()
    await press(tg, "menu-profile", "profile-link")
    assert "微信" in tg.render()


async def test_the_profile_entry_takes_the_code_too(db, clock, two_apps):
    tg, wx = two_apps
    await tg.send("/link")
    code = shown_code(tg).replace(" ", "")
    await press(wx, "#1", "!跳过")  # WeChat signs up on its own first (新华社)
    await press(wx, "menu-profile", "profile-link", "link-enter-code", f"!{code}")
    assert wx.keys()[0] == "link-linked"


async def test_wrong_expired_own_and_used_codes_are_refused_politely(db, clock, two_apps):
    tg, wx = two_apps
    await tg.send("/link")
    code = shown_code(tg)
    await tg.send(f"/link {code}")
    assert "link-own-code" in tg.keys()
    await press(wx, "/link 12ab")
    assert "link-code-format" in wx.keys()
    wrong = f"{(int(code.replace(' ', '')) + 1) % 1_000_000:06d}"
    await wx.send(f"/link {wrong}")
    assert "link-code-wrong" in wx.keys()
    clock.advance(minutes=11)  # ten minutes, and the code is gone
    await wx.send(f"/link {code}")
    assert "link-code-wrong" in wx.keys()
    # A new code replaces the old one; once used it is spent, even for a third account.
    await tg.send("/link")
    fresh = shown_code(tg)
    await wx.send(f"/link {fresh}")
    assert wx.keys()[0] == "link-linked"
    third = Chat(wx.conversation, wx.translator, "c9")
    await third.send("")
    await third.send(factories.AGREE)
    await third.send(f"/link {fresh}")
    assert "link-code-wrong" in third.keys()
    async with db.uow() as uow:
        assert (await uow.users.by_external("console", "c9")).linked_to is None


async def test_guessing_stops_after_five_wrong_codes_an_hour(db, clock, two_apps):
    tg, wx = two_apps
    await tg.send("/link")
    code = shown_code(tg).replace(" ", "")
    wrong = [f"{(int(code) + n) % 1_000_000:06d}" for n in range(1, 6)]
    for guess in wrong[:4]:
        await wx.send(f"/link {guess}")
        assert "link-code-wrong" in wx.keys()
    await wx.send(f"/link {wrong[4]}")
    assert "link-too-many" in wx.keys()
    # Even the right code waits now: nobody can try a sixth.
    await wx.send(f"/link {code}")
    assert "link-too-many" in wx.keys()
    async with db.uow() as uow:
        assert (await uow.users.account("wechat", "w1")).linked_to is None
    clock.advance(hours=1, minutes=1)
    await tg.send("/link")
    await wx.send(f"/link {shown_code(tg)}")
    assert wx.keys()[0] == "link-linked"


async def test_a_booking_made_on_one_app_is_seen_on_the_other(db, clock, two_apps):
    tg, wx = two_apps
    await press(wx, "#1", "!跳过")
    await press(wx, *DANCE, "facility-book", "#1", "#1", "booking-confirm")
    before = wx.last.messages[0].args["code"]
    await tg.send("/link")
    await wx.send(f"/link {shown_code(tg)}")
    await press(tg, "menu-mine")
    assert "18:00 舞蹈房" in tg.render()
    await press(tg, "#1")
    assert f"预约码：{before}" in tg.render()
    # A booking made on Telegram now shows on WeChat too.
    await press(tg, "!菜单", *DANCE, "facility-book", "#2", "#1", "booking-confirm")
    assert tg.keys()[0] == "booking-done"
    after = tg.last.messages[0].args["code"]
    await press(wx, "menu-mine")
    assert wx.render().count("舞蹈房") == 2
    async with db.uow() as uow:
        person = await uow.users.by_external("wechat", "w1")
        booked = await uow.booking.upcoming_for(person.id, clock.now())
        assert {b.code for b in booked} == {before, after}


async def test_two_supports_of_one_idea_become_one(db, clock, two_apps):
    tg, wx = two_apps
    await press(wx, "#1", "!跳过")
    author = await factories.user(db, clock, "author", community_code="xinhuashe")
    async with db.uow() as uow:
        wechat = await uow.users.account("wechat", "w1")
    await factories.confirm(db, clock, wechat, label="1号楼 101")  # only residents support
    async with db.uow() as uow:
        idea = await proposals.submit(
            uow,
            await uow.users.get(author.id),
            title="楼下装个休息长椅",
            description="老人走累了没地方坐。",
            category=proposals.CATEGORIES[0],
            level=proposals.LEVELS[0],
            now=clock.now(),
        )
        for who in ("telegram:t1", "wechat:w1"):
            channel, _, external = who.partition(":")
            await proposals.support(
                uow, await uow.users.account(channel, external), idea.id, clock.now()
            )
        await uow.commit()
    await tg.send("/link")
    await wx.send(f"/link {shown_code(tg)}")
    async with db.uow() as uow:
        proposal = await uow.proposals.get(idea.id)
        rows = await uow.session.scalars(
            ProposalSupport.__table__.select().where(ProposalSupport.proposal_id == idea.id)
        )
        assert proposal.supports == 1 and len(list(rows)) == 1


async def test_roles_carry_over(db, clock, two_apps):
    tg, wx = two_apps
    await press(wx, "#1", "!跳过")
    wechat = await _account(db, "wechat", "w1")
    async with db.uow() as uow:
        place = await uow.communities.by_code("xinhuashe")
        uow.roles.add(RoleGrant(user_id=wechat.id, community_id=place.id, role="staff",
                                granted_by="test", created_at=clock.now()))  # fmt: skip
        await uow.commit()
    await tg.send("")
    assert "menu-staff" not in [b.label.key for b in tg.last.buttons]
    await tg.send("/link")
    await wx.send(f"/link {shown_code(tg)}")
    await tg.send("")
    assert "menu-staff" in [b.label.key for b in tg.last.buttons]
    await wx.send("")
    assert "menu-staff" in [b.label.key for b in wx.last.buttons]
    async with db.uow() as uow:
        telegram = await uow.users.account("telegram", "t1")
        assert [g.role for g in await uow.roles.active_for(telegram.id)] == ["staff"]
        assert await uow.roles.active_for(wechat.id) == []


class Recording:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send(self, user, reply, kind="") -> None:
        self.sent.append((user.external_id, reply.messages[0].key))


async def test_pushes_go_to_the_app_the_resident_chose(db, clock, two_apps):
    tg, wx = two_apps
    await tg.send("/link")
    await wx.send(f"/link {shown_code(tg)}")
    telegram = await _account(db, "telegram", "t1")
    wechat = await _account(db, "wechat", "w1")
    senders = {"telegram": Recording(), "wechat": Recording()}
    dispatcher = OutboxDispatcher(db, clock, senders)
    await dispatcher.drain()
    later = clock.now() + dt.timedelta(hours=1)

    async def tell(key: str, due_at=None) -> None:
        async with db.uow() as uow:
            await push(uow, telegram.id, t(key), kind="test", now=clock.now(), due_at=due_at,
                       urgent=True)  # fmt: skip
            await uow.commit()

    await tell("nav-back")
    await tell("nav-cancel", due_at=later)  # waiting when the choice changes
    await dispatcher.drain()
    assert senders["telegram"].sent[-1] == ("t1", "nav-back")
    # Chosen on WeChat: what is still to come goes there too.
    await press(wx, "menu-profile", "profile-link")
    assert "Telegram" in wx.render()
    await press(wx, "=微信")
    assert wx.keys()[0] == "link-push-set"
    await tell("nav-menu")
    clock.set(later)
    await dispatcher.drain()
    assert ("w1", "nav-cancel") in senders["wechat"].sent
    assert ("w1", "nav-menu") in senders["wechat"].sent
    assert ("t1", "nav-menu") not in senders["telegram"].sent
    assert {m for m in await _pushes(db, wechat.id)} >= {"nav-cancel", "nav-menu"}
    # And back to Telegram, from Telegram.
    await press(tg, "menu-profile", "profile-link", "=Telegram")
    await tell("nav-back")
    await dispatcher.drain()
    assert senders["telegram"].sent[-1] == ("t1", "nav-back")


@pytest.mark.parametrize("side", ["wechat", "telegram"])
async def test_unlinking_from_either_side_tells_both(db, clock, two_apps, side):
    tg, wx = two_apps
    await tg.send("/link")
    await wx.send(f"/link {shown_code(tg)}")
    await press(tg, *DANCE, "facility-book", "#1", "#1", "booking-confirm")
    telegram = await _account(db, "telegram", "t1")
    wechat = await _account(db, "wechat", "w1")
    chat, other = (wx, telegram) if side == "wechat" else (tg, wechat)
    await press(chat, "menu-profile", "profile-link", "link-unlink")
    assert chat.keys() == ["link-unlink-confirm"]
    await press(chat, "link-unlink-no")
    assert chat.keys()[0] == "link-unlink-kept"
    await press(chat, "menu-profile", "profile-link", "link-unlink", "link-unlink-yes")
    assert chat.keys()[0] == "link-unlinked"
    assert "link-unlinked-other" in await _pushes(db, other.id)
    async with db.uow() as uow:
        assert (await uow.users.by_external("wechat", "w1")).id == wechat.id
        # The booking stays with the person's (older) account; WeChat starts afresh.
        assert len(await uow.booking.upcoming_for(telegram.id, clock.now())) == 1
        fresh = await uow.users.account("wechat", "w1")
        assert fresh.community_id is None and fresh.linked_to is None
    async with db.uow() as uow:
        place = await uow.communities.by_code("xinhuashe")
        actions = [e.action for e in await uow.audit.recent(place.id)]
        assert actions[:2] == ["account.unlink", "account.link"]
    await wx.send("")
    # The account on its own again knows nothing of the person: the notice, then onboarding.
    assert factories.NOTICE_START in wx.keys()
    await wx.send(factories.AGREE)
    assert wx.keys()[-1].startswith("onboarding")
    await press(tg, "menu-mine")
    assert "舞蹈房" in tg.render()


async def test_an_account_links_once_and_not_on_the_same_app(db, clock, two_apps):
    tg, wx = two_apps
    await tg.send("/link")
    await wx.send(f"/link {shown_code(tg)}")
    await wx.send("/link")
    assert "link-already-linked" in wx.keys()
    # A second Telegram account cannot take a code from the first.
    other_tg = Chat(tg.conversation, tg.translator, "t2", channel="telegram")
    await other_tg.send("")
    await other_tg.send(factories.AGREE)
    await other_tg.send("/link")
    await tg.send(f"/link {shown_code(other_tg)}")
    assert "link-already-linked" in tg.keys()
    lone = Chat(tg.conversation, tg.translator, "t3", channel="telegram")
    await lone.send("")
    await lone.send(factories.AGREE)
    await lone.send("/link")
    await other_tg.send(f"/link {shown_code(lone)}")
    assert "link-same-channel" in other_tg.keys()


async def test_the_same_slot_booked_on_both_apps_keeps_one_place(db, clock, two_apps):
    tg, wx = two_apps
    await press(wx, "#1", "!跳过")
    for chat in (tg, wx):
        await press(chat, *DANCE, "facility-book", "#1", "#1", "booking-confirm")
        assert chat.keys()[0] == "booking-done"
    telegram = await _account(db, "telegram", "t1")
    async with db.uow() as uow:
        (kept,) = await uow.booking.upcoming_for(telegram.id, clock.now())
        taken = (await uow.booking.slot(kept.slot_id)).taken
    await tg.send("/link")
    await wx.send(f"/link {shown_code(tg)}")
    async with db.uow() as uow:
        assert [b.id for b in await uow.booking.upcoming_for(telegram.id, clock.now())] == [kept.id]
        assert (await uow.booking.slot(kept.slot_id)).taken == taken - 1  # the place is free


def test_every_column_pointing_at_a_user_is_moved_or_kept_on_purpose():
    from linli.storage.repos.link import PER_ACCOUNT, moved_columns, person_columns

    moved = {f"{table.name}.{column}" for table, column in moved_columns()}
    assert {
        "bookings.user_id",
        "waitlist.user_id",
        "proposals.author_id",
        "proposal_supports.user_id",
        "stall_applications.user_id",
        "facility_requests.user_id",
        "role_grants.user_id",
        "event_signups.user_id",
    } <= moved
    assert not moved & PER_ACCOUNT
    assert {"conversation_states.user_id", "outbox.user_id"} <= PER_ACCOUNT
    assert {"community_id", "building_id", "locale", "quiet_start"} <= set(person_columns())
    assert "external_id" not in person_columns()


async def test_deleting_my_account_on_one_app_erases_the_person_on_both(db, clock, two_apps):
    tg, wx = two_apps
    await press(wx, "#1", "!跳过")
    await tg.send("/link")
    await wx.send(f"/link {shown_code(tg)}")
    async with db.uow() as uow:
        ids = [
            (await uow.users.account(c, x)).id for c, x in (("telegram", "t1"), ("wechat", "w1"))
        ]
    await press(wx, "menu-profile", "mydata-menu", "mydata-erase", "mydata-erase-yes")
    async with db.uow() as uow:
        telegram, wechat = [await uow.users.get(i) for i in ids]
        for account in (telegram, wechat):
            assert account.external_id.startswith("erased:")
            assert (account.display_name, account.consent_version) == (None, None)
        assert await uow.residency.of(telegram.id) is None
    # Either app writing again is a newcomer, asked for consent first.
    await tg.send("")
    assert factories.NOTICE_START in tg.keys()
