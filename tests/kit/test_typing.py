"""Typed the way elders type: 二 / 第三个 / ３ / "1." pick a choice; a screen's name typed
alone (集市, 我的预约) goes there from the menu or any choice, never from a typed answer."""

from __future__ import annotations

import pytest

from tests import factories, walk
from tests.factories import Chat
from tests.walk import all_paths, state_of


@pytest.fixture
async def db(demo_db):
    return demo_db


async def resident(db, clock, conversation, translator) -> Chat:
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    return chat


async def test_menu_choices_by_chinese_ordinal_and_fullwidth_numbers(
    db, clock, conversation, translator
):
    chat = await resident(db, clock, conversation, translator)
    for typed, number, entry, flow in [
        ("二", 2, "menu-mine", "mine"),
        ("第三个", 3, "menu-events", "events"),
        ("３", 3, "menu-events", "events"),
        ("1.", 1, "menu-facilities", "facilities"),
        ("（2）", 2, "menu-mine", "mine"),
    ]:
        await chat.send("菜单")
        # The menu's order is the features' (kit.feature.MenuEntry.order): check, not assume.
        assert chat.number_of(entry) == str(number), typed
        await chat.send(typed)
        assert (await state_of(db, "u1"))[0] == flow, (typed, chat.render())


async def test_a_chinese_number_past_the_choices_gets_the_hint(db, clock, conversation, translator):
    chat = await resident(db, clock, conversation, translator)
    await chat.send("九十九")
    assert chat.keys()[0] == "hint-pick-number"
    assert await state_of(db, "u1") == (None, None)


@pytest.mark.parametrize(
    ("word", "flow", "title"),
    [
        ("预约", "reserve", "可以预约的场地"),
        ("现在开放", "facilities", "现在开放"),
        ("周末", "facilities", "本周末开放"),
        ("金点子", "proposals", None),
        ("集市", "market", None),
        ("我的预约", "mine", None),
        ("Open now", "facilities", "现在开放"),
        ("market", "market", None),
        ("my bookings", "mine", None),
    ],
)
async def test_keywords_at_the_menu(db, clock, conversation, translator, word, flow, title):
    chat = await resident(db, clock, conversation, translator)
    text = await chat.say(word)
    assert (await state_of(db, "u1"))[0] == flow, text
    if title is not None:
        assert (await state_of(db, "u1"))[1] in ("list", "place")
        assert title in text


async def test_a_keyword_leaves_a_flow_where_it_waits_for_a_choice(
    db, clock, conversation, translator
):
    chat = await resident(db, clock, conversation, translator)
    await chat.send(chat.number_of("menu-facilities"))
    assert await state_of(db, "u1") == ("facilities", "home")
    await chat.send("集市")
    assert (await state_of(db, "u1"))[0] == "market"
    await chat.send("我的预约")
    assert (await state_of(db, "u1"))[0] == "mine"


async def test_a_keyword_typed_as_an_answer_stays_the_answer(db, clock, conversation, translator):
    """A proposal titled 集市 is a title: the flow goes on to ask for the text."""
    path = all_paths()[("proposal_new", "title")]
    chat, states = await walk.reach(db, clock, conversation, translator, path)
    assert states[-1] == ("proposal_new", "title")
    await chat.send("集市")
    assert await state_of(db, chat.external_id) == ("proposal_new", "text")


async def test_a_headcount_is_still_a_number_not_a_choice(db, clock, conversation, translator):
    """On a step that asks how many, 第二个 is not the second button."""
    path = all_paths()[("request", "headcount")]
    chat, states = await walk.reach(db, clock, conversation, translator, path)
    assert states[-1] == ("request", "headcount")
    await chat.send("第二个")
    assert await state_of(db, chat.external_id) == ("request", "headcount")
