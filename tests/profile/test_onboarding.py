"""Sign-up asks for the 小区/楼栋 (a notice to a 楼栋 reaches only those who set it), and
one number skips it."""

from __future__ import annotations

from linli.storage.models import Community
from tests import factories
from tests.factories import Chat


async def _me(db, external_id: str = "u1"):
    async with db.uow() as uow:
        user = await uow.users.by_external("console", external_id)
        building = await uow.communities.get(user.building_id) if user.building_id else None
        return user, building


async def _signed_up_to(db, clock, conversation, translator, community: str) -> Chat:
    await factories.places(db)
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    await chat.send(factories.AGREE)
    await chat.send(chat.number_named(community))
    return chat


async def test_sign_up_asks_for_the_compound_and_building(db, clock, conversation, translator):
    chat = await _signed_up_to(db, clock, conversation, translator, "新华社")
    assert chat.keys()[:2] == ["profile-community-set", "onboarding-ask-place"]
    assert chat.last.buttons[-1].label.key == "onboarding-skip"  # one number skips it
    await chat.send(chat.number_named("宿舍"))
    assert "profile-pick-building" in chat.keys()
    await chat.send(chat.number_named("2号楼"))
    assert chat.keys()[0] == "profile-building-set" and "menu-title" in chat.keys()
    _user, building = await _me(db)
    assert building.code == "xinhuashe-dorm-2"


async def test_one_number_skips_it(db, clock, conversation, translator):
    chat = await _signed_up_to(db, clock, conversation, translator, "新华社")
    await chat.send(chat.number_of("onboarding-skip"))
    assert chat.keys()[0] == "onboarding-place-skipped" and "menu-title" in chat.keys()
    user, building = await _me(db)
    assert user.community_id is not None and building is None


async def test_skipping_the_building_keeps_the_compound(db, clock, conversation, translator):
    chat = await _signed_up_to(db, clock, conversation, translator, "新华社")
    await chat.send(chat.number_named("鲁谷苑"))
    await chat.send("跳过")
    assert chat.keys()[0] == "profile-building-set" and "menu-title" in chat.keys()
    _user, building = await _me(db)
    assert building.code == "xinhuashe-luguyuan"


async def test_not_asked_where_the_community_has_no_places(db, clock, conversation, translator):
    async with db.uow() as uow:
        uow.communities.add(Community(code="bare", name="新建社区", kind="community"))
        await uow.commit()
    chat = await _signed_up_to(db, clock, conversation, translator, "新建社区")
    assert chat.keys()[0] == "profile-community-set" and "menu-title" in chat.keys()
    assert "onboarding-ask-place" not in chat.keys()
