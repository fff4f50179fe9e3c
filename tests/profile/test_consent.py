"""The privacy notice comes before anything personal is kept: a newcomer sees who runs the
service, what is kept, why and how long, and says yes (同意, or its number) or no; a new
version of the notice asks again. Staff-registered residents (channel "offline") are exempt."""

from __future__ import annotations

import dataclasses

from linli.bot.app import core_config
from linli.bot.config import load_settings
from linli.handlers.kit.config import CoreConfig, PrivacyNotice
from linli.handlers.kit.request import Request
from linli.handlers.wiring import build_conversation
from tests import factories
from tests.factories import AGREE, NOTICE_START, Chat

NAME = "王秀英"


class Named(Chat):
    """A chat whose channel sends the user's nickname with every message (as Telegram does)."""

    async def send(self, text: str = "", payload: str | None = None):
        self.last = await self.conversation.handle(
            Request(
                channel=self.channel,
                external_id=self.external_id,
                text=text,
                payload=payload,
                display_name=NAME,
                locale_hint=self.locale_hint,
            )
        )
        return self.last


async def _me(db, external_id: str = "u1", channel: str = "console"):
    async with db.uow() as uow:
        user = await uow.users.by_external(channel, external_id)
        state = await uow.conversations.get(user.id) if user is not None else None
        return user, state


async def test_notice_first_and_nothing_personal_kept_before_yes(
    db, clock, conversation, translator
):
    await factories.places(db)
    chat = Named(conversation, translator, "u1")
    await chat.send("/start")
    assert chat.keys()[0] == NOTICE_START and "consent-ask" in chat.keys()
    text = chat.render()
    # Who runs it, what is kept, why, how long (the retention settings), whom to ask.
    for said in ("居民委员会", "昵称", "为了给您办事", "7天", "30天", "3年", "联系居委会"):
        assert said in text, said
    # Menu words, commands and other flows' buttons all lead back to the notice.
    for word in ("菜单", "/profile", "/join ABCDEFGH", "随便说点什么"):
        await chat.send(word)
        assert NOTICE_START in chat.keys(), word
    await chat.send(payload="go|profile")
    assert NOTICE_START in chat.keys()
    user, _state = await _me(db)
    assert (user.display_name, user.community_id, user.consent_version) == (None, None, None)
    async with db.uow() as uow:
        assert await uow.roles.active_for(user.id) == []

    clock.advance(seconds=30)
    await chat.send(AGREE)
    assert chat.keys()[0] == "consent-thanks" and "onboarding-pick-community" in chat.keys()
    user, _state = await _me(db)
    assert user.consent_version == CoreConfig().privacy.version
    assert user.consented_at == clock.now()
    assert user.display_name == NAME  # kept from the yes on


async def test_the_number_of_the_button_agrees(db, clock, conversation, translator):
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    await chat.send(chat.number_of("consent-agree"))
    assert "onboarding-pick-community" in chat.keys()
    assert (await _me(db))[0].consent_version == "2026-12"


async def test_no_forgets_a_newcomer_and_any_message_brings_the_notice_back(
    db, clock, conversation, translator
):
    chat = Named(conversation, translator, "u1")
    await chat.send("")
    await chat.send(chat.number_of("consent-refuse"))
    assert chat.keys() == ["consent-refused"]
    assert "没有记下您的任何信息" in chat.render()
    assert not chat.last.buttons
    user, state = await _me(db)
    assert user is None and state is None  # not even the channel's id is kept
    await chat.send("你好")
    assert chat.keys()[0] == NOTICE_START
    await chat.send("不同意")  # typed works as well as the number
    assert chat.keys() == ["consent-refused"]


async def test_a_new_version_asks_again(db, clock, translator):
    await factories.demo(db, clock)
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    newer = dataclasses.replace(CoreConfig(), privacy=PrivacyNotice(version="2027-06"))
    conversation = build_conversation(db, clock, newer)
    chat = Chat(conversation, translator, "u1")
    await chat.send("菜单")
    assert chat.keys()[:2] == ["consent-updated", NOTICE_START]
    # No keeps what they had, and serves nothing until they agree.
    await chat.send("2")
    assert chat.keys() == ["consent-refused-kept"]
    user, _state = await _me(db)
    assert user.community_id is not None and user.consent_version == "2026-12"
    await chat.send("菜单")
    assert NOTICE_START in chat.keys()
    await chat.send(AGREE)
    assert "menu-title" in chat.keys()
    assert (await _me(db))[0].consent_version == "2027-06"
    # The same users under the old notice are not asked (it is their version).
    again = Chat(build_conversation(db, clock, CoreConfig()), translator, "u2")
    await factories.user(db, clock, "u2", community_code="xinhuashe")
    await again.send("菜单")
    assert "menu-title" in again.keys()


async def test_operator_link_and_retention_come_from_the_settings(db, clock, translator):
    settings = load_settings(
        privacy_notice_version="2027-01",
        privacy_notice_url="https://linli.example/privacy",
        privacy_operator="新华社社区居民委员会",
        retention_conversation_days=9,
        retention_audit_years=5,
    )
    config = core_config(settings)
    assert config.privacy.version == "2027-01"
    chat = Chat(build_conversation(db, clock, config), translator, "u1")
    await chat.send("")
    text = chat.render()
    for said in (
        "新华社社区居民委员会",
        "https://linli.example/privacy",
        "9天",
        "5年",
        "2027-01",
    ):
        assert said in text, said


async def test_the_notice_in_english_and_switching_language(db, clock, conversation, translator):
    chat = Chat(conversation, translator, "u1", locale_hint="en-US")
    await chat.send("")
    text = chat.render()
    assert "Who runs it" in text and "How long" in text and "I agree" in text
    await chat.send("agree")
    assert "onboarding-pick-community" in chat.keys()

    other = Chat(conversation, translator, "u2")
    await other.send("")
    assert "谁在管" in other.render()
    await other.send(other.number_of("onboarding-switch-language"))
    assert "Who runs it" in other.render()
    user, _state = await _me(db, "u2")
    assert user.locale == "en" and user.consent_version is None


async def test_a_place_code_is_chosen_once_agreed(db, clock, conversation, translator):
    await factories.places(db)
    chat = Chat(conversation, translator, "u1")
    await chat.send("/start place:xinhuashe")
    assert chat.keys()[0] == NOTICE_START
    assert (await _me(db))[0].community_id is None
    await chat.send(AGREE)
    assert "profile-community-set" in chat.keys() and "menu-title" in chat.keys()


async def test_a_stale_or_forged_press_on_the_notice_does_nothing(
    db, clock, conversation, translator
):
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    old = chat.last.buttons[0].payload
    await chat.send("随便")
    assert chat.keys()[0] == "consent-hint"
    await chat.send(payload=old)  # 同意 from an older screen
    assert chat.keys()[0] == "hint-stale-button"
    await chat.send("99")
    assert chat.keys()[0] == "hint-pick-number"
    assert (await _me(db))[0].consent_version is None


async def test_residents_registered_by_staff_are_not_asked(db, clock, conversation, translator):
    await factories.places(db)
    await factories.user(
        db, clock, "p1", channel="offline", community_code="xinhuashe", consented=False
    )
    chat = Chat(conversation, translator, "p1", channel="offline")
    await chat.send("菜单")
    assert "menu-title" in chat.keys()


async def test_the_one_question_for_a_phone_says_why(db, clock, conversation, translator):
    """A phone is asked only when applying for a market stall, and the question says why."""
    from tests.walk import all_paths, reach

    await factories.demo(db, clock)
    walk = all_paths()[("market", "phone")]
    chat, states = await reach(db, clock, conversation, translator, walk)
    assert states[-1] == ("market", "phone")
    assert chat.keys() == ["privacy-phone-why", "market-ask-phone"]
    assert "为什么要手机号" in chat.render()
