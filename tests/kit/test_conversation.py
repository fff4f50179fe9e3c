"""The engine: numbers choose, 返回/取消/菜单 work from every step, nothing is silent."""

from __future__ import annotations

import pytest

from handlers.kit import payload as codec
from tests import factories
from tests.factories import Chat

# How to reach every step of every flow from the main menu: (who, presses). A press is a
# label key (`menu-profile`) or, prefixed with "=", text inside a button's label.
PATHS: dict[tuple[str, str], tuple[str, list[str]]] = {
    ("onboarding", "community"): ("newcomer", []),
    ("profile", "home"): ("resident", ["menu-profile"]),
    ("profile", "community"): ("resident", ["menu-profile", "profile-change-community"]),
    ("profile", "compound"): ("resident", ["menu-profile", "profile-change-building"]),
    ("profile", "building"): ("resident", ["menu-profile", "profile-change-building", "=宿舍"]),
    ("profile", "lang"): ("resident", ["menu-profile", "profile-change-language"]),
    ("profile", "invite"): ("resident", ["menu-profile", "profile-enter-invite"]),
    ("language", "lang"): ("resident", ["/lang"]),
    ("staff", "home"): ("staff", ["menu-staff"]),
    ("staff", "invite_role"): ("staff", ["menu-staff", "staff-make-invite"]),
    ("staff", "invite_unit"): ("staff", ["menu-staff", "staff-make-invite", "role-operator"]),
    ("facilities", "list"): ("resident", ["menu-facilities"]),
    ("facilities", "card"): ("resident", ["menu-facilities", "=健身广场"]),
}


async def state_of(db, external_id: str):
    async with db.uow() as uow:
        user = await uow.users.by_external("console", external_id)
        state = await uow.conversations.get(user.id)
        return state.flow, state.step


async def reach(db, clock, conversation, translator, flow: str, step: str) -> Chat:
    who, presses = PATHS[(flow, step)]
    await factories.demo(db, clock)
    if who == "resident":
        await factories.user(db, clock, "u1", community_code="xinhuashe")
    elif who == "staff":
        await factories.staff(db, clock, "u1", "xinhuashe")
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    for press in presses:
        if press.startswith("/"):
            await chat.send(press)
        elif press.startswith("="):
            await chat.send(chat.number_named(press[1:]))
        else:
            await chat.send(chat.number_of(press))
    assert await state_of(db, "u1") == (flow, step), chat.render()
    return chat


def test_every_step_of_every_flow_has_a_path(conversation):
    steps = {(f.name, s) for f in conversation.flows.values() for s in f.steps}
    assert steps == set(PATHS)


@pytest.mark.parametrize("flow_step", sorted(PATHS), ids=lambda fs: ".".join(fs))
@pytest.mark.parametrize("word", ["取消", "cancel", "菜单", "menu"])
async def test_cancel_and_menu_leave_any_step(db, clock, conversation, translator, flow_step, word):
    chat = await reach(db, clock, conversation, translator, *flow_step)
    await chat.send(word)
    if flow_step[0] == "onboarding":
        # Nobody skips choosing a community: the question comes back.
        assert await state_of(db, "u1") == ("onboarding", "community")
        assert "onboarding-pick-community" in chat.keys()
    else:
        assert await state_of(db, "u1") == (None, None)
        assert "menu-title" in chat.keys()


@pytest.mark.parametrize("flow_step", sorted(PATHS), ids=lambda fs: ".".join(fs))
async def test_back_returns_to_the_previous_step(db, clock, conversation, translator, flow_step):
    chat = await reach(db, clock, conversation, translator, *flow_step)
    flow, _step = flow_step
    _who, presses = PATHS[flow_step]
    in_flow_before = [p for p in PATHS if p[0] == flow and PATHS[p][1] == presses[:-1]]
    await chat.send("返回")
    if in_flow_before:
        assert await state_of(db, "u1") == in_flow_before[0]
    elif flow == "onboarding":
        assert await state_of(db, "u1") == ("onboarding", "community")
    else:
        assert await state_of(db, "u1") == (None, None)
        assert "menu-title" in chat.keys()


@pytest.mark.parametrize(
    "flow_step", [fs for fs in sorted(PATHS) if fs[0] != "onboarding"], ids=lambda fs: ".".join(fs)
)
async def test_the_cancel_button_is_offered_and_works_by_number(
    db, clock, conversation, translator, flow_step
):
    chat = await reach(db, clock, conversation, translator, *flow_step)
    await chat.send(chat.number_of("nav-cancel"))
    assert await state_of(db, "u1") == (None, None)
    assert chat.keys()[0] == "nav-cancelled"


async def test_typing_a_number_presses_that_button(db, clock, conversation, translator):
    await factories.demo(db, clock)
    chat = Chat(conversation, translator, "u1")
    reply = await chat.send("")
    second = reply.buttons[1]
    by_number = await chat.send("2")
    assert "profile-community-set" in chat.keys()
    # Full-width digits from a Chinese keyboard work the same.
    chat2 = Chat(conversation, translator, "u2")
    await chat2.send("")
    await chat2.send("２")
    assert chat2.render(chat2.last).splitlines()[0] == chat.render(by_number).splitlines()[0]
    assert codec.decode(second.payload)[0] == "c"


async def test_a_number_out_of_range_gets_a_hint_and_the_same_question(
    db, clock, conversation, translator
):
    await factories.demo(db, clock)
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    await chat.send("99")
    assert chat.keys()[0] == "hint-pick-number"
    assert "onboarding-pick-community" in chat.keys()
    assert await state_of(db, "u1") == ("onboarding", "community")


async def test_nonsense_gets_a_hint_and_the_menu(db, clock, conversation, translator):
    await factories.demo(db, clock)
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "u1")
    for nonsense in ["asdf", "？？？", "/nosuchcommand", "😀", "x" * 5000]:
        await chat.send(nonsense)
        assert chat.keys()[0] == "hint-unknown"
        assert "menu-title" in chat.keys()
        assert chat.last.buttons


async def test_a_forged_or_stale_payload_changes_nothing(db, clock, conversation, translator):
    await factories.demo(db, clock)
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
    await factories.demo(db, clock)
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "u1")
    await chat.send(payload="go|staff")
    assert "error-not-allowed" in chat.keys()
    assert await state_of(db, "u1") == (None, None)


async def test_a_flow_left_too_long_expires(db, clock, conversation, translator, config):
    await factories.demo(db, clock)
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
    await factories.demo(db, clock)
    english = Chat(conversation, translator, "tg1", channel="telegram", locale_hint="en-US")
    reply = await english.send("/start")
    assert reply.locale == "en"
    assert "Welcome" in english.render()
    other = Chat(conversation, translator, "tg2", channel="telegram", locale_hint="fr")
    assert (await other.send("/start")).locale == "zh-CN"


async def test_language_switch_on_the_first_screen(db, clock, conversation, translator):
    await factories.demo(db, clock)
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    await chat.send(chat.number_of("onboarding-switch-language"))
    assert chat.last.locale == "en"
    assert "Which community" in chat.render()
