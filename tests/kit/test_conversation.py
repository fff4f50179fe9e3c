"""The engine: numbers choose, 返回/取消/菜单 work from every step, nothing is silent."""

from __future__ import annotations

import copy
import re

import pytest

from linli.handlers.kit import payload as codec
from linli.handlers.kit.text import t
from tests import factories, walk
from tests.factories import Chat
from tests.walk import all_paths, state_of


@pytest.fixture
async def db(demo_db):
    """The engine's paths need no second backend: SQLite, with the demo loaded once a session."""
    return demo_db


PATHS = all_paths()


async def reach(db, clock, conversation, translator, flow: str, step: str):
    """Walk to a step from the feature's table; it must end up exactly there."""
    chat, states = await walk.reach(db, clock, conversation, translator, PATHS[(flow, step)])
    assert states[-1] == (flow, step), chat.render()
    return chat, states


def test_every_step_of_every_flow_has_a_path(conversation):
    steps = {(f.name, s) for f in conversation.flows.values() for s in f.steps}
    assert steps == set(PATHS)


async def snapshot(db, external_id: str) -> dict:
    """The user's conversation state, to come back to the same step without walking again."""
    async with db.uow() as uow:
        user = await uow.users.by_external("console", external_id)
        state = await uow.conversations.get(user.id)
        return {column: copy.deepcopy(getattr(state, column)) for column in STATE_COLUMNS}


async def restore(db, chat: Chat, saved: dict, reached) -> None:
    async with db.uow() as uow:
        user = await uow.users.by_external("console", chat.external_id)
        state = await uow.conversations.get(user.id)
        for column, value in saved.items():
            setattr(state, column, copy.deepcopy(value))
        await uow.commit()
    chat.last = reached


DOUBLE_COLON = re.compile(r"[:：]\s*[:：]")
STATE_COLUMNS = ("flow", "step", "data", "history", "options", "expires_at", "updated_at")


# Flows entered with Switch(back=True): 返回 on their first step is the screen they were
# chosen on (a facility's card, the 预约场地 list), not the menu.
BACK_ACROSS = {"book": ("facilities", "reserve"), "request": ("facilities",)}


@pytest.mark.parametrize("flow_step", sorted(PATHS), ids=lambda fs: ".".join(fs))
async def test_every_way_out_of_every_step(db, clock, conversation, translator, flow_step):
    """取消, menu, 返回 and the numbered cancel button, each tried from the same step."""
    chat, states = await reach(db, clock, conversation, translator, *flow_step)
    flow, step = flow_step
    reached, saved = chat.last, await snapshot(db, "u1")
    # Every screen of the demo walk, in Chinese: no "：：" where a label's colon meets a
    # message's own (issue 17 point 15).
    assert not DOUBLE_COLON.search(chat.render()), chat.render()

    # Nobody gets past the privacy notice without an answer to it.
    if flow == "consent":
        for word in ("取消", "menu", "返回"):
            await restore(db, chat, saved, reached)
            await chat.send(word)
            assert await state_of(db, "u1") == ("consent", "notice"), word
            assert "consent-notice" in chat.keys() and "consent-hint" in chat.keys(), word
        return
    # Nobody skips choosing a community; the 小区/楼栋 after it may be left like any step.
    no_community = flow == "onboarding" and step == "community"
    for word in ("取消", "menu"):
        await restore(db, chat, saved, reached)
        await chat.send(word)
        if no_community:
            # The question comes back.
            assert await state_of(db, "u1") == ("onboarding", "community"), word
            assert "onboarding-pick-community" in chat.keys(), word
        else:
            assert await state_of(db, "u1") == (None, None), word
            assert "menu-title" in chat.keys(), word
            if word == "取消":
                # Leaving is not cancelling: the answer says nothing was cancelled.
                assert chat.keys()[0] == "nav-cancelled-word"
                assert "已取消" not in chat.render()

    await restore(db, chat, saved, reached)
    await chat.send("返回")
    if no_community:
        assert await state_of(db, "u1") == ("onboarding", "community")
    elif len(states) > 1 and states[-2][0] in (flow, *BACK_ACROSS.get(flow, ())):
        assert await state_of(db, "u1") == states[-2]
    else:  # the first step of a flow: back leaves it
        assert await state_of(db, "u1") == (None, None)
        assert "menu-title" in chat.keys()

    if flow == "onboarding":
        return  # no cancel button before a community is chosen
    await restore(db, chat, saved, reached)
    if conversation.flows[flow].steps[step].numbers_choose:
        await chat.send(chat.number_of("nav-cancel"))
    else:  # digits answer this step (a headcount): the button is tapped instead
        cancel = chat.last.buttons[int(chat.number_of("nav-cancel")) - 1]
        await chat.send(payload=cancel.payload)
    assert await state_of(db, "u1") == (None, None)
    assert chat.keys()[0] == "nav-cancelled"
    # The way out shares no word with an action on the screen it left (取消这个预约).
    way_out = translator.render(t("nav-cancel"), "zh-CN")
    assert "取消" not in way_out and "取消" not in translator.render(t("nav-cancelled"), "zh-CN")
    for button in reached.buttons:
        if button.label.key != "nav-cancel":
            assert way_out not in translator.render(button.label, "zh-CN")


async def test_every_word_for_cancel_and_menu_works(db, clock, conversation, translator):
    chat, _states = await reach(db, clock, conversation, translator, "profile", "lang")
    reached, saved = chat.last, await snapshot(db, "u1")
    for word in [
        "取消",
        "不办了",
        "cancel",
        "退出",
        "菜单",
        "menu",
        "/start",
        "主菜单",
        "回主菜单",
    ]:
        await restore(db, chat, saved, reached)
        await chat.send(word)
        assert await state_of(db, "u1") == (None, None), word
        assert "menu-title" in chat.keys(), word


async def test_typing_a_number_presses_that_button(db, clock, conversation, translator):
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    reply = await chat.send("1")  # the privacy notice's 同意
    second = reply.buttons[1]
    by_number = await chat.send("2")
    assert "profile-community-set" in chat.keys()
    # Full-width digits from a Chinese keyboard work the same.
    chat2 = Chat(conversation, translator, "u2")
    await chat2.send("")
    await chat2.send("１")
    await chat2.send("２")
    assert chat2.render(chat2.last).splitlines()[0] == chat.render(by_number).splitlines()[0]
    assert codec.decode(second.payload)[0] == "c"


async def test_a_number_out_of_range_gets_a_hint_and_the_same_question(
    db, clock, conversation, translator
):
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    await chat.send(factories.AGREE)
    await chat.send("99")
    assert chat.keys()[0] == "hint-pick-number"
    assert "onboarding-pick-community" in chat.keys()
    assert await state_of(db, "u1") == ("onboarding", "community")


async def test_nonsense_gets_a_hint_and_the_menu(db, clock, conversation, translator):
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "u1")
    for nonsense in ["asdf", "？？？", "/nosuchcommand", "😀", "x" * 5000]:
        await chat.send(nonsense)
        assert chat.keys()[0] == "hint-unknown"
        assert "menu-title" in chat.keys()
        assert chat.last.buttons


async def test_a_forged_or_stale_payload_changes_nothing(db, clock, conversation, translator):
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    await chat.send(chat.number_of("menu-profile"))
    # A button of the language step pressed while on the profile card.
    await chat.send(payload=codec.encode("c", "profile", "lang", "en"))
    assert chat.keys()[0] == "hint-stale-button"
    assert await state_of(db, "u1") == ("profile", "home")
    await chat.send(payload="go|nosuchflow")
    assert chat.keys()[0] == "hint-stale-button"
    async with db.uow() as uow:
        assert (await uow.users.by_external("console", "u1")).locale == "zh-CN"


async def test_a_resident_cannot_open_staff_tools_by_payload(db, clock, conversation, translator):
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "u1")
    await chat.send(payload="go|staff")
    assert "error-not-allowed" in chat.keys()
    assert await state_of(db, "u1") == (None, None)


async def test_a_flow_left_too_long_expires(db, clock, conversation, translator, config):
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    await chat.send(chat.number_of("menu-profile"))
    clock.advance(seconds=config.conversation_ttl.total_seconds() - 60)
    await chat.send("")  # still there just before the deadline
    assert await state_of(db, "u1") == ("profile", "home")
    clock.advance(seconds=config.conversation_ttl.total_seconds() + 1)
    await chat.send("1")
    assert chat.keys()[0] == "conversation-expired"
    assert await state_of(db, "u1") == (None, None)


async def test_a_new_user_starts_in_their_apps_language(db, clock, conversation, translator):
    english = Chat(conversation, translator, "tg1", channel="telegram", locale_hint="en-US")
    reply = await english.send("/start")
    assert reply.locale == "en"
    assert "Welcome" in english.render()
    other = Chat(conversation, translator, "tg2", channel="telegram", locale_hint="fr")
    assert (await other.send("/start")).locale == "zh-CN"


async def test_language_switch_on_the_first_screen(db, clock, conversation, translator):
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    await chat.send(factories.AGREE)
    await chat.send(chat.number_of("onboarding-switch-language"))
    assert chat.last.locale == "en"
    assert "Which community" in chat.render()
